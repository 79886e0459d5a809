"""Enrich: a validated Article → EnrichedArticle (pure, calls the extractor)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from pipeline.extraction.extractor import Extractor
from pipeline.models.article import Article
from pipeline.models.enriched import EnrichedArticle


def enrich_article(
    article: Article, extractor: Extractor, *, version: int, ingested_at: datetime | None = None
) -> EnrichedArticle:
    if article.id is None:
        raise ValueError("normalise() gives every article an id before enrichment")
    started = time.perf_counter()
    result = extractor.extract(
        article.body,
        title=article.title,
        language=article.language,
        published_at=article.published_at,
    )
    timings = {
        **result.timings_ms,
        "enrich_total": round((time.perf_counter() - started) * 1000, 3),
    }
    return EnrichedArticle(
        id=article.id,
        url=article.url,
        title=article.title,
        body=article.body,
        published_at=article.published_at,
        source=article.source,
        authors=article.authors,
        tags=article.tags,
        content_type=article.content_type,
        metadata=article.metadata,
        language=result.language,
        entities=result.entities,
        events=result.events,
        extractor=extractor.info,
        timings_ms=timings,
        ingested_at=ingested_at or datetime.now(UTC),
        version=version,
    )
