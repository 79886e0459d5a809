"""Topic names. Every name carries the configured prefix."""

from __future__ import annotations

import dataclasses

from pipeline.settings import Settings


@dataclasses.dataclass(frozen=True)
class TopicNames:
    prefix: str

    @property
    def raw(self) -> str:
        """What feeders write: JSON articles (any Kafka client may write here)."""
        return f"{self.prefix}articles.raw"

    @property
    def enriched(self) -> str:
        """EnrichedArticle JSON, keyed by article id."""
        return f"{self.prefix}articles.enriched"

    @property
    def dlq(self) -> str:
        """DeadLetter JSON: what was rejected, by which stage, and why."""
        return f"{self.prefix}articles.dlq"

    @property
    def dlq_replayed(self) -> str:
        """Compacted: which dead letters were replayed, keyed "partition:offset"."""
        return f"{self.prefix}articles.dlq.replayed"

    @property
    def subscriptions(self) -> str:
        """Compacted: alert subscriptions, keyed by name (a tombstone removes one)."""
        return f"{self.prefix}alerts.subscriptions"

    def alerts(self, subscription: str) -> str:
        """Alerts of one subscription, keyed by article id."""
        return f"{self.prefix}alerts.{subscription}"

    def as_dict(self) -> dict[str, str]:
        return {
            "raw": self.raw,
            "enriched": self.enriched,
            "dlq": self.dlq,
            "dlq_replayed": self.dlq_replayed,
            "subscriptions": self.subscriptions,
        }


def topic_names(settings: Settings) -> TopicNames:
    return TopicNames(settings.topic_prefix)
