"""EnrichedArticle: an article with its language, entities and events."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
DatePrecision = Literal["day", "month", "year"]
EventStatus = Literal["past", "ongoing", "planned"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """A piece of the article text with its character offsets in the body."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Mention(Span):
    """One occurrence of an entity in the text."""


class GeoPoint(_Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Entity(_Model):
    """A named entity: one canonical name for all its surface forms."""

    id: str = Field(description="Wikidata QID where known, else a stable 'nf:' id")
    name: str = Field(description="canonical name")
    type: EntityType
    wikidata: str | None = Field(None, pattern=r"^Q[0-9]+$")
    mentions: list[Mention] = Field(default_factory=list)
    count: int = Field(0, ge=0, description="number of mentions")
    geo: GeoPoint | None = Field(None, description="for places")
    confidence: float = Field(1.0, ge=0, le=1)


class EntityRef(_Model):
    """An entity as an event actor or location."""

    id: str
    name: str
    type: EntityType
    geo: GeoPoint | None = None


class Event(_Model):
    """Who did what to whom, where and when."""

    type: str = Field(description="a type of the event taxonomy, e.g. meeting")
    cameo_root: str | None = Field(None, pattern=r"^[0-9]{2}$")
    trigger: Span
    actors: list[EntityRef] = Field(default_factory=list)
    location: EntityRef | None = None
    date: str | None = Field(None, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
    date_precision: DatePrecision | None = None
    status: EventStatus = "past"
    sentence: str
    confidence: float = Field(0.5, ge=0, le=1)


class DetectedLanguage(_Model):
    code: str = Field(description="ISO 639-1")
    confidence: float = Field(ge=0, le=1)
    source: Literal["given", "detected"]


class ExtractorInfo(_Model):
    name: str
    version: str


class EnrichedArticle(_Model):
    """The article as indexed and matched: input fields plus enrichment."""

    id: str
    url: str | None = None
    title: str | None = None
    body: str
    published_at: AwareDatetime | None = None
    source: str | None = None
    authors: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    content_type: Literal["text", "html"] = "text"
    metadata: dict[str, object] = Field(default_factory=dict)
    language: DetectedLanguage
    entities: list[Entity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    extractor: ExtractorInfo
    timings_ms: dict[str, float] = Field(default_factory=dict)
    ingested_at: datetime = Field(description="when the worker accepted the raw message")
    version: int = Field(
        ge=0,
        description="monotonic per article (the raw message timestamp in ms); "
        "used as the external version in Elasticsearch",
    )
