"""An isolated pipeline for integration tests: own topics, alias and consumer group."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from pipeline.clients import kafka_python_config, read_to_end
from pipeline.settings import Settings, load_settings
from tests.integration.workers import Worker, newsflow, pipeline_env


class Pipeline:
    """An isolated pipeline: own topics, alias and consumer group."""

    def __init__(self, tmp: Path) -> None:
        tag = uuid.uuid4().hex[:10]
        self.prefix = f"t{tag}."
        self.alias = f"t{tag}-news-articles"
        self.tmp = tmp
        self.env = pipeline_env(self.prefix, self.alias, tmp)
        self.settings: Settings = load_settings(
            topic_prefix=self.prefix, index_alias=self.alias, app_id=f"{self.prefix}newsflow"
        )
        self.workers: list[Worker] = []

    def setup(self) -> None:
        result = newsflow(self.env, "setup")
        assert result.returncode == 0, result.stdout + result.stderr

    def worker(self, name: str = "w1") -> Worker:
        w = Worker(self.env, self.tmp, name).start()
        self.workers.append(w)
        return w

    def feed(self, *args: str, stdin: str | None = None) -> Any:
        return newsflow(self.env, "feed", "-q", *args, stdin=stdin)

    def produce_raw(self, values: list[bytes]) -> None:
        from kafka import KafkaProducer

        producer = KafkaProducer(**kafka_python_config(self.settings), acks="all")
        for v in values:
            producer.send(f"{self.prefix}articles.raw", value=v)
        producer.flush(30)
        producer.close()

    def records(self, topic: str) -> int:
        """Committed records on a topic (read_committed: no transaction markers)."""
        return sum(1 for _ in read_to_end(self.settings, topic, isolation_level="read_committed"))

    def lag(self) -> dict[str, int]:
        result = newsflow(self.env, "status", "--json")
        assert result.returncode == 0, result.stderr
        return {k: v for k, v in json.loads(result.stdout)["lag"].items() if v}

    def count_indexed(self, article_id: str) -> bool:
        result = newsflow(self.env, "search", f'id:"{article_id}"', "--json")
        return result.returncode == 0 and json.loads(result.stdout)["total"] == 1

    def count(self, es: Any) -> int:
        es.indices.refresh(index=self.alias)
        return int(es.count(index=self.alias)["count"])

    def close(self, es: Any) -> None:
        for w in self.workers:
            w.stop()
        from kafka import KafkaAdminClient

        admin = KafkaAdminClient(**kafka_python_config(self.settings))
        topics = [t for t in admin.list_topics() if t.startswith(self.prefix)]
        if topics:
            admin.delete_topics(topics, raise_errors=False)
        admin.close()
        es.indices.delete(index=f"{self.alias}-v*", ignore_unavailable=True)
        es.options(ignore_status=404).indices.delete_index_template(name=f"{self.alias}-template")
