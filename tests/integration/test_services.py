"""Round trips through the real Kafka and the real Elasticsearch."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from typing import Any

from pipeline.clients import kafka_python_config
from pipeline.settings import Settings


def _produce(settings: Settings, topic: str, records: list[tuple[bytes, bytes]]) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(**kafka_python_config(settings), acks="all", enable_idempotence=True)
    try:
        for key, value in records:
            producer.send(topic, key=key, value=value)
        producer.flush(timeout=30)
    finally:
        producer.close()


def test_kafka_python_to_aiokafka(settings: Settings, topic_factory: Callable[..., str]) -> None:
    """What kafka-python (the feeder) writes, aiokafka (Faust's client) reads back, in order."""
    from aiokafka import AIOKafkaConsumer

    topic = topic_factory(partitions=1)
    sent = [(f"k{i}".encode(), json.dumps({"n": i}).encode()) for i in range(50)]
    _produce(settings, topic, sent)

    async def consume() -> list[tuple[bytes, bytes]]:
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=settings.bootstrap_list,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        got: list[tuple[bytes, bytes]] = []
        try:
            async with asyncio.timeout(30):
                while len(got) < len(sent):
                    batch = await consumer.getmany(timeout_ms=1000)
                    for records in batch.values():
                        got.extend((r.key, r.value) for r in records)
        finally:
            await consumer.stop()
        return got

    assert asyncio.run(consume()) == sent


def test_elasticsearch_index_and_search(es: Any, index_factory: Callable[..., str]) -> None:
    """A document indexed with an explicit id is found by a full-text search."""
    index = index_factory(mappings={"properties": {"body": {"type": "text"}}})
    es.index(
        index=index,
        id="a1",
        document={"body": "NATO-Außenminister beraten über Russland"},
        refresh="wait_for",
    )
    hits = es.search(index=index, query={"match": {"body": "russland"}})["hits"]
    assert hits["total"]["value"] == 1
    assert hits["hits"][0]["_id"] == "a1"


def test_kafka_to_elasticsearch_round_trip(
    settings: Settings,
    es: Any,
    topic_factory: Callable[..., str],
    index_factory: Callable[..., str],
) -> None:
    """Produce through Kafka, consume, bulk-index, search: every record arrives exactly once."""
    from elasticsearch.helpers import bulk
    from kafka import KafkaConsumer

    topic = topic_factory(partitions=3)
    index = index_factory(
        mappings={"properties": {"title": {"type": "text"}, "n": {"type": "integer"}}}
    )
    run = uuid.uuid4().hex
    docs = [{"id": f"{run}-{i}", "title": f"Meldung {i} aus Brüssel", "n": i} for i in range(30)]
    _produce(settings, topic, [(d["id"].encode(), json.dumps(d).encode()) for d in docs])

    consumer = KafkaConsumer(
        topic,
        **kafka_python_config(settings),
        auto_offset_reset="earliest",
        consumer_timeout_ms=10_000,
    )
    received = []
    try:
        for message in consumer:
            received.append(json.loads(message.value))
            if len(received) == len(docs):
                break
    finally:
        consumer.close()
    assert len(received) == len(docs)

    # indexed twice on purpose: deterministic ids make the second pass a no-op in count
    for _ in range(2):
        ok, errors = bulk(es, ({"_index": index, "_id": d["id"], "_source": d} for d in received))
        assert ok == len(docs)
        assert errors == []
    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == len(docs)
    hits = es.search(index=index, query={"match": {"title": "brüssel"}}, size=100)["hits"]
    assert sorted(h["_source"]["n"] for h in hits["hits"]) == list(range(30))


def test_doctor_reports_both_services(settings: Settings, kafka_admin: Any, es: Any) -> None:
    """`newsflow doctor --json` finds Kafka and Elasticsearch with their versions and modules."""
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "doctor", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    by_name = {c["name"]: c for c in report["checks"]}
    assert report["ok"] is True
    assert by_name["Kafka"]["brokers"] >= 1
    version = es.nodes.info(metric="plugins")["nodes"].popitem()[1]["version"]
    assert by_name["Elasticsearch"]["version"] == version
    assert by_name["Elasticsearch"]["modules"]  # every cluster has some


def test_doctor_names_the_wrong_port(tmp_path: Any) -> None:
    """With nothing on the configured ports, doctor says so and exits 1."""
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    env = {
        "NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free}",
        "NEWSFLOW_ES_URL": f"http://127.0.0.1:{free}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert f"nothing listens on 127.0.0.1:{free}" in result.stdout
    assert "make up" in result.stdout
