"""articles.enriched → Elasticsearch, in bulk, idempotent; offsets are acknowledged
only after Elasticsearch accepted the batch."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pydantic import ValidationError

from pipeline.agents.deadletter import send_dead_letter
from pipeline.models.enriched import EnrichedArticle

log = logging.getLogger(__name__)


def register(app: Any, ctx: Any) -> Any:
    batch_size = ctx.settings.index_batch_size
    within = ctx.settings.index_batch_seconds

    @app.agent(ctx.enriched_topic, name="index", concurrency=1)
    async def index(stream: Any) -> None:
        async for events in stream.take_events(batch_size, within=within):
            articles: list[EnrichedArticle] = []
            source_event: dict[int, Any] = {}
            for event in events:
                ctx.metrics.messages_in.labels("index").inc()
                try:
                    article = EnrichedArticle.model_validate_json(event.value)
                    articles.append(article)
                    source_event[id(article)] = event
                except ValidationError as exc:
                    await send_dead_letter(
                        ctx,
                        event.message,
                        event.value,
                        stage="index",
                        error=f"not an EnrichedArticle: {exc.errors()[0]['msg']}",
                        error_type="invalid_enriched",
                    )
            if not articles:
                continue
            try:
                with ctx.metrics.bulk_latency.time():
                    outcome = await ctx.writer.write(articles)
            except asyncio.CancelledError:
                # stopping mid-retry: Faust acknowledges a take() batch when the
                # generator closes, so put the batch back on the topic first —
                # the index is idempotent, a second copy costs nothing
                await _requeue(ctx, articles)
                raise
            ctx.metrics.bulk_docs.labels("indexed").inc(outcome.indexed)
            ctx.metrics.bulk_docs.labels("already_current").inc(outcome.already_current)
            ctx.metrics.messages_out.labels("index").inc(outcome.indexed + outcome.already_current)
            for article, reason in outcome.failures:
                ctx.metrics.bulk_docs.labels("rejected").inc()
                source = source_event[id(article)]
                await send_dead_letter(
                    ctx,
                    source.message,
                    source.value,
                    stage="index",
                    error=reason,
                    error_type="index_rejected",
                    article_id=article.id,
                )

    return index


async def _requeue(ctx: Any, articles: list[EnrichedArticle]) -> None:
    try:
        for article in articles:
            await ctx.enriched_topic.send(
                key=article.id.encode(), value=article.model_dump_json().encode()
            )
        await asyncio.wait_for(ctx.app.producer.flush(), timeout=10)
        log.warning(
            "stopped during a bulk write: %d articles put back on %s",
            len(articles),
            ctx.enriched_topic.get_topic_name(),
        )
    except Exception:
        log.exception(
            "could not put %d articles back; they will be re-read if the offsets "
            "were not committed",
            len(articles),
        )
