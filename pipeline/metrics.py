"""Prometheus metrics of one worker (one registry per app, so tests can build many)."""

from __future__ import annotations

import dataclasses

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


@dataclasses.dataclass(frozen=True)
class PipelineMetrics:
    registry: CollectorRegistry
    messages_in: Counter
    messages_out: Counter
    dead_letters: Counter
    bulk_latency: Histogram
    bulk_retries: Counter
    bulk_docs: Counter
    consumer_lag: Gauge
    enrich_seconds: Histogram
    alert_match_seconds: Histogram
    alerts: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> PipelineMetrics:
        reg = registry or CollectorRegistry()
        return cls(
            registry=reg,
            messages_in=Counter(
                "newsflow_messages_in_total", "messages consumed, by agent", ["agent"], registry=reg
            ),
            messages_out=Counter(
                "newsflow_messages_out_total",
                "messages produced or documents written, by agent",
                ["agent"],
                registry=reg,
            ),
            dead_letters=Counter(
                "newsflow_dead_letters_total",
                "messages sent to the DLQ",
                ["stage", "reason"],
                registry=reg,
            ),
            bulk_latency=Histogram(
                "newsflow_bulk_seconds",
                "bulk request latency incl. retries",
                buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
                registry=reg,
            ),
            bulk_retries=Counter(
                "newsflow_bulk_retries_total", "bulk retries, by reason", ["reason"], registry=reg
            ),
            bulk_docs=Counter(
                "newsflow_bulk_documents_total",
                "documents by bulk result",
                ["result"],
                registry=reg,
            ),
            consumer_lag=Gauge(
                "newsflow_consumer_lag",
                "end offset minus committed offset",
                ["topic", "partition"],
                registry=reg,
            ),
            enrich_seconds=Histogram(
                "newsflow_enrich_seconds",
                "extraction time per article",
                buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
                registry=reg,
            ),
            alert_match_seconds=Histogram(
                "newsflow_alert_match_seconds",
                "matching one article against all subscriptions",
                buckets=(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5),
                registry=reg,
            ),
            alerts=Counter("newsflow_alerts_total", "alerts by outcome", ["outcome"], registry=reg),
        )
