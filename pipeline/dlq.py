"""Reading and replaying dead letters."""

from __future__ import annotations

from typing import Any

from pipeline.clients import kafka_python_config, read_to_end
from pipeline.deadletters import original_bytes
from pipeline.models.deadletter import DeadLetter
from pipeline.settings import Settings
from pipeline.topics import topic_names


def _all_letters(settings: Settings) -> list[tuple[int, DeadLetter]]:
    letters: list[tuple[int, DeadLetter]] = []
    for record in read_to_end(settings, topic_names(settings).dlq):
        try:
            letters.append((record.offset, DeadLetter.model_validate_json(record.value)))
        except ValueError:
            continue
    letters.sort(key=lambda item: item[1].failed_at)
    return letters


def read_dead_letters(settings: Settings, *, limit: int = 20) -> list[tuple[int, DeadLetter]]:
    return _all_letters(settings)[-limit:]


def replay(
    settings: Settings,
    *,
    stage: str | None = None,
    error_type: str | None = None,
    dry_run: bool = False,
) -> int:
    from kafka import KafkaProducer

    letters = [
        letter
        for _, letter in _all_letters(settings)
        if (stage is None or letter.stage == stage)
        and (error_type is None or letter.error_type == error_type)
    ]
    if dry_run or not letters:
        return len(letters)
    producer: Any = KafkaProducer(
        **kafka_python_config(settings), acks="all", enable_idempotence=True
    )
    try:
        for letter in letters:
            key = letter.source_key.encode() if letter.source_key is not None else None
            producer.send(letter.source_topic, key=key, value=original_bytes(letter))
        producer.flush(timeout=60)
    finally:
        producer.close()
    return len(letters)
