"""Validate records and produce them to the input topic with kafka-python."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from pipeline.clients import kafka_python_config
from pipeline.feed.sources import SourceRecord
from pipeline.ingest import Limits, RejectedRecord, normalise, validate_article
from pipeline.settings import Settings


@dataclasses.dataclass
class FeedSummary:
    sent: int = 0
    rejected: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    ids: list[str] = dataclasses.field(default_factory=list)
    bytes_sent: int = 0
    # article id → the record's Kafka timestamp (ms), the version the index will hold
    versions: dict[str, int] = dataclasses.field(default_factory=dict)


def prepare(record: SourceRecord, limits: Limits) -> tuple[str, bytes] | str:
    """(article id, JSON bytes) for a good record, else the reason in words."""
    if record.data is None:
        return record.error or "unreadable"
    try:
        article = normalise(validate_article(record.data, limits))
    except RejectedRecord as exc:
        return exc.reason
    assert article.id is not None  # noqa: S101 - normalise() always sets it
    return article.id, article.model_dump_json(exclude_none=True).encode()


class ArticleProducer:
    """An idempotent kafka-python producer keyed by article id."""

    def __init__(self, settings: Settings, topic: str, **overrides: Any) -> None:
        from kafka import KafkaProducer

        self.topic = topic
        options: dict[str, Any] = {
            **kafka_python_config(settings),
            "acks": "all",
            "enable_idempotence": True,
            "linger_ms": 10,
            "max_request_size": max(settings.max_message_bytes + 10_000, 1_048_576),
        }
        options.update(overrides)
        self._producer = KafkaProducer(**options)

    def send(self, key: str, value: bytes) -> Any:
        return self._producer.send(self.topic, key=key.encode(), value=value)

    def flush(self, timeout: float = 60) -> None:
        self._producer.flush(timeout=timeout)

    def close(self) -> None:
        self._producer.close(timeout=30)


def feed(
    records: Iterable[SourceRecord],
    producer: ArticleProducer,
    limits: Limits,
    *,
    on_record: Callable[[], None] | None = None,
) -> FeedSummary:
    summary = FeedSummary()
    pending: list[tuple[str, str, Any, int]] = []
    for record in records:
        prepared = prepare(record, limits)
        if isinstance(prepared, str):
            summary.rejected.append((record.origin, prepared))
        else:
            article_id, value = prepared
            pending.append(
                (record.origin, article_id, producer.send(article_id, value), len(value))
            )
        if on_record:
            on_record()
    producer.flush()
    for origin, article_id, future, size in pending:
        try:
            metadata = future.get(timeout=30)
        except Exception as exc:  # noqa: BLE001 - report every broker error per record
            summary.failed.append((origin, f"Kafka did not accept it: {exc}"))
            continue
        summary.sent += 1
        summary.bytes_sent += size
        summary.ids.append(article_id)
        timestamp = getattr(metadata, "timestamp", None)
        if isinstance(timestamp, int) and timestamp > 0:
            summary.versions[article_id] = max(timestamp, summary.versions.get(article_id, 0))
    return summary
