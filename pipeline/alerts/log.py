"""The alert topics as the record of what was sent.

An alert counts as sent once Kafka acknowledged it on its topic; the worker
commits the article's offset only after that. After a crash or a rebalance,
a worker first reads the alert topics up to their end, so an article replayed
from an uncommitted offset finds its alert already there and is not alerted
twice, and no alert is lost, without Kafka transactions.
"""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger(__name__)


class AlertLog:
    """Alert ids already on the alert topics (read_committed)."""

    def __init__(self, bootstrap: list[str], security: dict[str, Any]) -> None:
        self._bootstrap = bootstrap
        self._security = security
        self._consumer: Any = None
        self._positions: dict[Any, int] = {}
        self.sent: set[str] = set()

    async def start(self) -> None:
        from aiokafka import AIOKafkaConsumer

        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=None,
            enable_auto_commit=False,
            isolation_level="read_committed",
            **self._security,
        )
        await self._consumer.start()

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()

    async def _behind(self, tps: list[Any], ends: dict[Any, int]) -> bool:
        for tp in tps:
            if await self._consumer.position(tp) < ends[tp]:
                return True
        return False

    async def catch_up(self, topics: list[str]) -> int:
        """Read the given alert topics up to their current end; returns new ids."""
        from aiokafka import TopicPartition

        consumer = self._consumer
        await consumer._client.force_metadata_update()
        tps = [
            TopicPartition(t, p)
            for t in topics
            for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        if not tps:
            return 0
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, self._positions.get(tp, 0))
        ends = await consumer.end_offsets(tps)
        before = len(self.sent)
        while await self._behind(tps, ends):
            batch = await consumer.getmany(timeout_ms=500)
            for tp, records in batch.items():
                for record in records:
                    try:
                        self.sent.add(json.loads(record.value)["id"])
                    except (ValueError, KeyError, TypeError):
                        log.warning("unreadable record on %s@%d", tp.topic, record.offset)
        for tp in tps:
            self._positions[tp] = await consumer.position(tp)
        added = len(self.sent) - before
        if added:
            log.info("alert log: %d alert(s) already sent on %d topic(s)", added, len(topics))
        return added
