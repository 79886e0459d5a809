"""Building dead letters (pure)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from pipeline.models.deadletter import DeadLetter, Stage


def dead_letter(
    *,
    stage: Stage,
    error: str,
    error_type: str,
    original: bytes | None,
    topic: str,
    partition: int,
    offset: int,
    key: bytes | None = None,
    field: str | None = None,
    article_id: str | None = None,
) -> DeadLetter:
    """A DeadLetter that keeps the original message: as text when it is UTF-8,
    else base64, so `newsflow dlq replay` can send it again unchanged."""
    text: str | None = None
    b64: str | None = None
    if original is not None:
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError:
            b64 = base64.b64encode(original).decode("ascii")
    key_text = None
    if key is not None:
        key_text = key.decode("utf-8", errors="replace")
    return DeadLetter(
        stage=stage,
        error=error,
        error_type=error_type,
        field=field,
        article_id=article_id,
        source_topic=topic,
        source_partition=partition,
        source_offset=offset,
        source_key=key_text,
        original_text=text,
        original_base64=b64,
        failed_at=datetime.now(UTC),
    )


def original_bytes(letter: DeadLetter) -> bytes | None:
    if letter.original_text is not None:
        return letter.original_text.encode("utf-8")
    if letter.original_base64 is not None:
        return base64.b64decode(letter.original_base64)
    return None
