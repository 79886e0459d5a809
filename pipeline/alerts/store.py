"""Subscriptions on a compacted Kafka topic, keyed by name; a tombstone removes one.

Why a compacted topic: it needs nothing but Kafka (alerts keep flowing while
Elasticsearch is down), every worker reads it from the beginning at start and
then follows it, so a change reaches every worker within a poll interval
without a restart, and compaction keeps only the latest version of each.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from pipeline.alerts.matcher import SubscriptionIndex
from pipeline.alerts.query import QueryError, compile_query
from pipeline.clients import aiokafka_security, kafka_python_config, read_to_end
from pipeline.models.subscription import Subscription
from pipeline.settings import Settings
from pipeline.topics import topic_names

log = logging.getLogger(__name__)


class SubscriptionError(ValueError):
    """A subscription that cannot be stored; the message says why."""


def new_subscription(name: str, query: str, description: str | None) -> Subscription:
    try:
        compile_query(query)
    except QueryError as exc:
        raise SubscriptionError(f"invalid query: {exc}") from None
    try:
        return Subscription(
            name=name, query=query, description=description, created_at=datetime.now(UTC)
        )
    except ValidationError:
        raise SubscriptionError(
            f"invalid name {name!r}: use lower-case letters, digits, '.', '_' and '-' "
            "(at most 100 characters, starting with a letter or digit)"
        ) from None


def read_subscriptions(settings: Settings) -> dict[str, Subscription]:
    """The current subscriptions: the compacted topic folded by key."""
    current: dict[str, Subscription] = {}
    for record in read_to_end(settings, topic_names(settings).subscriptions):
        name = record.key.decode() if record.key else ""
        if record.value is None:
            current.pop(name, None)
            continue
        try:
            current[name] = Subscription.model_validate_json(record.value)
        except ValidationError:
            log.warning("skipping an unreadable subscription record %r", name)
    return current


def write_subscription(settings: Settings, name: str, subscription: Subscription | None) -> None:
    """Store (or with None, remove) a subscription; waits for the broker's ack."""
    from kafka import KafkaProducer

    producer = KafkaProducer(**kafka_python_config(settings), acks="all", enable_idempotence=True)
    try:
        value = subscription.model_dump_json().encode() if subscription else None
        producer.send(topic_names(settings).subscriptions, key=name.encode(), value=value).get(
            timeout=30
        )
        producer.flush(timeout=30)
    finally:
        producer.close()


class SubscriptionFollower:
    """Reads the subscriptions topic from the beginning and keeps following it,
    keeping a SubscriptionIndex current. ``ready`` is set once the topic has been
    read up to where it ended at start."""

    def __init__(self, settings: Settings, index: SubscriptionIndex) -> None:
        self.settings = settings
        self.index = index
        self.ready = asyncio.Event()

    async def run(self) -> None:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        topic = topic_names(self.settings).subscriptions
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.bootstrap_list,
            enable_auto_commit=False,
            group_id=None,
            **aiokafka_security(self.settings),
        )
        await consumer.start()
        try:
            parts = await _partitions(consumer, topic)
            tps = [TopicPartition(topic, p) for p in sorted(parts)]
            if not tps:
                log.warning("subscriptions topic %s is missing: run `newsflow setup`", topic)
                self.ready.set()
                return
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            ends = await consumer.end_offsets(tps)
            caught_up = {tp for tp in tps if ends[tp] == 0}
            if len(caught_up) == len(tps):
                self.ready.set()
            while True:
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        self._apply(record)
                for tp in tps:
                    if tp not in caught_up and await consumer.position(tp) >= ends[tp]:
                        caught_up.add(tp)
                if not self.ready.is_set() and len(caught_up) == len(tps):
                    log.info("%d subscription(s) loaded", len(self.index))
                    self.ready.set()
        finally:
            await consumer.stop()

    def _apply(self, record: Any) -> None:
        name = record.key.decode() if record.key else ""
        if record.value is None:
            if name in self.index:
                log.info("subscription %s removed", name)
            self.index.remove(name)
            return
        try:
            subscription = Subscription.model_validate_json(record.value)
            self.index.put(subscription)
            log.info("subscription %s: %s", name, subscription.query)
        except (ValidationError, QueryError) as exc:
            log.warning("ignoring subscription %r: %s", name, exc)


async def _partitions(consumer: Any, topic: str) -> set[int]:
    for _ in range(20):
        parts = consumer.partitions_for_topic(topic)
        if parts:
            return set(parts)
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.1)
    return set()
