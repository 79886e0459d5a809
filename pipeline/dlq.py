"""Reading and replaying dead letters.

A replay sends dead letters back to the topic they came from, unchanged, and
records each one on the compacted topic ``articles.dlq.replayed`` (key
``partition:offset``), so that the next replay does not send them again: a
letter that is still bad comes back as a new dead letter, which a later
replay may send once more after the next fix.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

from pipeline.clients import kafka_python_config, read_to_end
from pipeline.deadletters import original_bytes
from pipeline.models.deadletter import DeadLetter
from pipeline.settings import Settings
from pipeline.topics import topic_names


@dataclasses.dataclass(frozen=True)
class StoredLetter:
    partition: int
    offset: int
    letter: DeadLetter
    replayed: bool

    @property
    def key(self) -> str:
        return _letter_key(self.partition, self.offset)


def _letter_key(partition: int, offset: int) -> str:
    """A dead letter's key on the replay bookkeeping topic."""
    return f"{partition}:{offset}"


@dataclasses.dataclass
class ReplayResult:
    replayed: int = 0
    already_replayed: int = 0  # matching letters skipped because an earlier replay sent them


def replayed_keys(settings: Settings) -> set[str]:
    """``partition:offset`` of every dead letter a replay has sent (tombstones remove)."""
    keys: set[str] = set()
    for record in read_to_end(settings, topic_names(settings).dlq_replayed):
        if record.key is None:
            continue
        key = record.key.decode("utf-8", "replace")
        if record.value is None:
            keys.discard(key)
        else:
            keys.add(key)
    return keys


def all_letters(settings: Settings) -> list[StoredLetter]:
    """Every readable dead letter, oldest first, with whether it was replayed."""
    done = replayed_keys(settings)
    letters: list[StoredLetter] = []
    for record in read_to_end(settings, topic_names(settings).dlq):
        try:
            letter = DeadLetter.model_validate_json(record.value)
        except ValueError:
            continue
        replayed = _letter_key(record.partition, record.offset) in done
        letters.append(StoredLetter(record.partition, record.offset, letter, replayed))
    letters.sort(key=lambda item: item.letter.failed_at)
    return letters


def read_dead_letters(settings: Settings, *, limit: int = 20) -> list[StoredLetter]:
    return all_letters(settings)[-limit:]


def replay(
    settings: Settings,
    *,
    stage: str | None = None,
    error_type: str | None = None,
    again: bool = False,
    dry_run: bool = False,
) -> ReplayResult:
    """Send the matching dead letters back; those replayed before only with ``again``."""
    from kafka import KafkaProducer

    from pipeline.provision import ensure_topics

    result = ReplayResult()
    chosen: list[StoredLetter] = []
    for stored in all_letters(settings):
        letter = stored.letter
        if (stage is not None and letter.stage != stage) or (
            error_type is not None and letter.error_type != error_type
        ):
            continue
        if stored.replayed and not again:
            result.already_replayed += 1
            continue
        chosen.append(stored)
    result.replayed = len(chosen)
    if dry_run or not chosen:
        return result
    ensure_topics(settings)  # the bookkeeping topic, for stacks set up before it existed
    names = topic_names(settings)
    producer: Any = KafkaProducer(
        **kafka_python_config(settings), acks="all", enable_idempotence=True
    )
    try:
        for stored in chosen:
            letter = stored.letter
            key = letter.source_key.encode() if letter.source_key is not None else None
            producer.send(letter.source_topic, key=key, value=original_bytes(letter))
        producer.flush(timeout=60)
        # only after every letter is on its way back: a crash in between replays again
        # (at least once) rather than losing one
        now = datetime.now(UTC).isoformat()
        for stored in chosen:
            mark = {"replayed_at": now, "to": stored.letter.source_topic}
            producer.send(
                names.dlq_replayed, key=stored.key.encode(), value=json.dumps(mark).encode()
            )
        producer.flush(timeout=60)
    finally:
        producer.close()
    return result
