"""The worker's HTTP endpoints: /health and /metrics, plus the consumer-lag gauge."""

from __future__ import annotations

import json
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest


def register(app: Any, ctx: Any) -> None:
    @app.page("/health")
    async def health(self: Any, request: Any) -> Any:
        consumer = app.consumer if app.conf else None
        assigned = (
            sorted(f"{tp.topic}[{tp.partition}]" for tp in consumer.assignment())
            if consumer is not None
            else []
        )
        body = {
            "status": "ok",
            "app": app.conf.id,
            "assigned": assigned,
            "rebalancing": bool(app.rebalancing),
        }
        return self.text(json.dumps(body), content_type="application/json")

    @app.page("/metrics")
    async def metrics(self: Any, request: Any) -> Any:
        return self.bytes(
            generate_latest(ctx.metrics.registry), content_type=CONTENT_TYPE_LATEST.split(";")[0]
        )

    @app.timer(interval=5.0)
    async def update_lag() -> None:
        consumer = app.consumer
        committed = getattr(consumer, "_committed_offset", {})
        for tp in consumer.assignment():
            end = consumer.highwater(tp)
            if end is None:
                continue
            done = committed.get(tp)
            ctx.metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(
                max(0, end - (done or 0))
            )
