"""The data contracts: every message on a Newsflow topic is one of these models."""

from pipeline.models.alert import Alert, AlertMatch
from pipeline.models.article import Article, ContentType
from pipeline.models.deadletter import DeadLetter
from pipeline.models.enriched import (
    DetectedLanguage,
    EnrichedArticle,
    Entity,
    EntityRef,
    Event,
    ExtractorInfo,
    GeoPoint,
    Mention,
    Span,
)
from pipeline.models.subscription import Subscription

__all__ = [
    "Alert",
    "AlertMatch",
    "Article",
    "ContentType",
    "DeadLetter",
    "DetectedLanguage",
    "EnrichedArticle",
    "Entity",
    "EntityRef",
    "Event",
    "ExtractorInfo",
    "GeoPoint",
    "Mention",
    "Span",
    "Subscription",
]
