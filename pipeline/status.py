"""`newsflow status`: topics, lag, dead letters, the index."""

from __future__ import annotations

import time
from typing import Any

from pipeline.clients import kafka_python_config
from pipeline.settings import Settings
from pipeline.topics import topic_names


def kafka_status(settings: Settings) -> dict[str, Any]:
    from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

    names = topic_names(settings)
    config = kafka_python_config(settings)
    admin = KafkaAdminClient(**config)
    # read_committed: end offsets are the last stable offsets, so transaction
    # markers do not count as lag
    consumer = KafkaConsumer(**config, enable_auto_commit=False, isolation_level="read_committed")
    try:
        existing = set(admin.list_topics())
        topics: dict[str, Any] = {}
        end_of: dict[Any, int] = {}
        for role, name in names.as_dict().items():
            if name not in existing:
                topics[role] = {"name": name, "exists": False}
                continue
            parts = consumer.partitions_for_topic(name) or set()
            tps = [TopicPartition(name, p) for p in sorted(parts)]
            ends = consumer.end_offsets(tps)
            end_of.update(ends)
            begins = consumer.beginning_offsets(tps)
            topics[role] = {
                "name": name,
                "exists": True,
                "partitions": len(tps),
                "end_offsets": {str(tp.partition): ends[tp] for tp in tps},
                "messages": sum(ends[tp] - begins[tp] for tp in tps),
            }
        group = settings.app_id
        lag: dict[str, int] = {}
        try:
            committed = admin.list_group_offsets({group: None}).get(group, {})
        except Exception:  # noqa: BLE001 - a group that never committed has no offsets
            committed = {}
        for tp, meta in committed.items():
            if tp.topic in (names.raw, names.enriched) and tp in end_of:
                end = end_of[tp]
                offset = int(getattr(meta, "offset", meta))
                lag[tp.topic] = lag.get(tp.topic, 0) + records_between(config, tp, offset, end)
        dlq = topics.get("dlq", {})
        replayed = 0
        if topics.get("dlq_replayed", {}).get("exists"):
            from pipeline.dlq import replayed_keys

            replayed = len(replayed_keys(settings))
        count = int(dlq.get("messages", 0))
        return {
            "topics": {role: info["name"] for role, info in topics.items()},
            "topic_details": topics,
            "consumer_group": group,
            "lag": lag,
            "dlq_count": count,
            "dlq_replayed": replayed,
            # replay bookkeeping may outlive letters past the DLQ's retention: never below 0
            "dlq_not_replayed": max(count - replayed, 0),
        }
    finally:
        consumer.close()
        admin.close()


def records_between(
    config: dict[str, Any], tp: Any, start: int, end: int, exact_below: int = 1000
) -> int:
    """Records in [start, end) a read_committed consumer would still get.

    When a producer writes with transactions, the offsets include transaction
    markers, which are not records: a consumer that has read everything stays
    one offset short of the end. Small gaps are counted exactly; large ones are
    reported as the offset difference.
    """
    from kafka import KafkaConsumer

    gap = end - start
    if gap <= 0:
        return 0
    if gap > exact_below:
        return gap
    reader = KafkaConsumer(**config, enable_auto_commit=False, isolation_level="read_committed")
    try:
        reader.assign([tp])
        reader.seek(tp, start)
        count = 0
        deadline = time.monotonic() + 5
        while reader.position(tp) < end and time.monotonic() < deadline:
            for records in reader.poll(timeout_ms=500).values():
                count += sum(1 for r in records if r.offset < end)
        return count
    finally:
        reader.close()


def index_status(settings: Settings, es: Any) -> dict[str, Any]:
    alias = settings.index_alias
    if not es.indices.exists_alias(name=alias):
        return {"alias": alias, "exists": False, "documents": 0, "indices": []}
    indices = sorted(es.indices.get_alias(name=alias).body)
    count = es.count(index=alias)["count"]
    return {"alias": alias, "exists": True, "documents": count, "indices": indices}
