"""articles.raw → (validate, normalise, detect language, extract) → articles.enriched,
or → articles.dlq with the reason. Never crashes on input."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from pipeline.agents.deadletter import send_dead_letter
from pipeline.enrich import enrich_article
from pipeline.ingest import Limits, RejectedRecord, accept

log = logging.getLogger(__name__)


def register(app: Any, ctx: Any) -> Any:
    limits = Limits.from_settings(ctx.settings)

    @app.agent(ctx.raw_topic, name="enrich", concurrency=1)
    async def enrich(stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            ctx.metrics.messages_in.labels("enrich").inc()
            raw: bytes | None = event.value
            try:
                article = accept(raw, limits)
            except RejectedRecord as exc:
                await send_dead_letter(
                    ctx,
                    message,
                    raw,
                    stage="ingest",
                    error=exc.reason,
                    error_type=exc.error_type,
                    field=exc.field,
                    article_id=exc.article_id,
                )
                continue
            timestamp = message.timestamp or time.time()
            started = time.perf_counter()
            try:
                enriched = enrich_article(
                    article,
                    ctx.extractor,
                    version=int(timestamp * 1000),
                    ingested_at=datetime.now(UTC),
                )
            except Exception as exc:
                log.exception("enrichment failed for article %s", article.id)
                await send_dead_letter(
                    ctx,
                    message,
                    raw,
                    stage="enrich",
                    error=f"the extractor failed on this article: {type(exc).__name__}: {exc}",
                    error_type="extractor_error",
                    article_id=article.id,
                )
                continue
            ctx.metrics.enrich_seconds.observe(time.perf_counter() - started)
            await ctx.enriched_topic.send(
                key=enriched.id.encode(), value=enriched.model_dump_json().encode()
            )
            ctx.metrics.messages_out.labels("enrich").inc()

    return enrich
