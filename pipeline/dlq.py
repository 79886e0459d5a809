"""Reading and replaying dead letters."""

from __future__ import annotations

from typing import Any

from pipeline.clients import kafka_python_config
from pipeline.deadletters import original_bytes
from pipeline.models.deadletter import DeadLetter
from pipeline.settings import Settings
from pipeline.topics import topic_names


def _all_letters(settings: Settings) -> list[tuple[int, DeadLetter]]:
    from kafka import KafkaConsumer, TopicPartition

    topic = topic_names(settings).dlq
    consumer = KafkaConsumer(
        **kafka_python_config(settings), enable_auto_commit=False, consumer_timeout_ms=2000
    )
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return []
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        letters: list[tuple[int, DeadLetter]] = []
        remaining = {tp for tp in tps if ends[tp] > consumer.position(tp)}
        while remaining:
            batch = consumer.poll(timeout_ms=2000)
            if not batch:
                break
            for tp, records in batch.items():
                for record in records:
                    try:
                        letters.append(
                            (record.offset, DeadLetter.model_validate_json(record.value))
                        )
                    except ValueError:
                        continue
                if consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
        letters.sort(key=lambda item: item[1].failed_at)
        return letters
    finally:
        consumer.close()


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
