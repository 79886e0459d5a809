"""Sending a dead letter from inside an agent (shared by every agent)."""

from __future__ import annotations

import logging
from typing import Any

from pipeline.deadletters import dead_letter
from pipeline.models.deadletter import Stage

log = logging.getLogger(__name__)


async def send_dead_letter(
    ctx: Any,
    message: Any,
    original: bytes | None,
    *,
    stage: Stage,
    error: str,
    error_type: str,
    field: str | None = None,
    article_id: str | None = None,
) -> None:
    """Put the message, its origin and the reason on the DLQ; count it."""
    letter = dead_letter(
        stage=stage,
        error=error,
        error_type=error_type,
        field=field,
        article_id=article_id,
        original=original,
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
    )
    log.warning(
        "dead letter from %s[%d]@%d (%s): %s",
        message.topic,
        message.partition,
        message.offset,
        stage,
        error,
    )
    await ctx.dlq_topic.send(key=message.key, value=letter.model_dump_json().encode())
    ctx.metrics.dead_letters.labels(stage, error_type).inc()
