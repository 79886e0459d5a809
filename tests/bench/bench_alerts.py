"""Alert benchmark: publish → alert latency against a raw Kafka produce → consume
round trip in the same run, and matching cost per article as subscriptions grow."""

from __future__ import annotations

import json
import random
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.alerts.matcher import SubscriptionIndex
from pipeline.alerts.query import DocView, compile_query
from pipeline.clients import kafka_python_config
from pipeline.indexing.mapping import to_document
from pipeline.models.enriched import EnrichedArticle
from pipeline.models.subscription import Subscription
from pipeline.settings import Settings
from tests.bench.bench_pipeline import ROOT, _cleanup, console, make_articles, percentile
from tests.integration.workers import Worker, newsflow, pipeline_env


def _consumer(settings: Settings, topic: str) -> Any:
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        **kafka_python_config(settings),
        enable_auto_commit=False,
        isolation_level="read_committed",
        fetch_max_wait_ms=10,
    )
    for _ in range(50):
        parts = consumer.partitions_for_topic(topic)
        if parts:
            break
        time.sleep(0.1)
    tps = [TopicPartition(topic, p) for p in sorted(parts or [])]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    for tp in tps:
        consumer.position(tp)
    return consumer


def raw_round_trip(settings: Settings, count: int) -> list[float]:
    """kafka-python produce (acks=all) → consume: the floor any alert latency sits on."""
    from kafka import KafkaAdminClient, KafkaProducer
    from kafka.admin import NewTopic

    topic = f"bench-rt-{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(**kafka_python_config(settings))
    admin.create_topics([NewTopic(topic, 1, 1)])
    consumer = _consumer(settings, topic)
    producer = KafkaProducer(**kafka_python_config(settings), acks="all", linger_ms=0)
    latencies = []
    try:
        for i in range(count):
            sent = time.monotonic()
            producer.send(topic, value=str(i).encode()).get(timeout=10)
            got = False
            while not got:
                for records in consumer.poll(timeout_ms=1000).values():
                    got = got or any(r.value == str(i).encode() for r in records)
            latencies.append(time.monotonic() - sent)
    finally:
        producer.close()
        consumer.close()
        admin.delete_topics([topic], raise_errors=False)
        admin.close()
    return latencies


def alert_latency(settings: Settings, count: int, tmp: Path) -> list[float]:
    run = uuid.uuid4().hex[:8]
    prefix, alias = f"al{run}.", f"al{run}-news-articles"
    env = pipeline_env(prefix, alias, tmp)
    assert newsflow(env, "setup").returncode == 0
    added = newsflow(env, "alerts", "add", "bench", "--query", "Stoltenberg AND Russland")
    assert added.returncode == 0, added.stderr
    local = settings.model_copy(update={"topic_prefix": prefix, "index_alias": alias})
    worker = Worker(env, tmp, "alerts-w").start()
    latencies: list[float] = []
    try:
        worker.wait_ready(120)
        time.sleep(3)
        consumer = _consumer(local, f"{prefix}alerts.bench")
        from pipeline.feed.producer import ArticleProducer

        producer = ArticleProducer(local, f"{prefix}articles.raw", linger_ms=0)
        seed = json.loads(make_articles(1, f"s{run}")[0][1])
        seed_body = (ROOT / "seeds" / "000_3e02e4c290777d29.txt").read_text()
        for i in range(count):
            article = {**seed, "id": f"{run}-{i}", "body": seed_body, "language": "de"}
            sent = time.monotonic()
            producer.send(article["id"], json.dumps(article).encode())
            producer.flush()
            deadline = sent + 30
            got = False
            while not got and time.monotonic() < deadline:
                for records in consumer.poll(timeout_ms=200).values():
                    got = got or any(
                        json.loads(r.value)["article_id"] == article["id"] for r in records
                    )
            if got:
                latencies.append(time.monotonic() - sent)
        producer.close()
        consumer.close()
    finally:
        worker.stop()
        _cleanup(
            settings,
            __import__("pipeline.clients", fromlist=["x"]).elasticsearch_client(settings),
            [prefix],
            [alias],
        )
    return latencies


def matching_cost(sizes: tuple[int, ...] = (1, 100, 1000, 10000)) -> list[dict[str, Any]]:
    """Microseconds per article to find the matching subscriptions among N structured
    ones (entity:X AND event:Y), indexed vs evaluating every query."""
    from pipeline.extraction.extractor import Extractor
    from pipeline.feed.synthetic import load_seed_articles

    extractor = Extractor()
    articles: list[EnrichedArticle] = []
    for i, seed in enumerate(load_seed_articles(ROOT / "seeds")):
        result = extractor.extract(
            seed["body"], title=seed.get("title"), language=seed.get("language")
        )
        articles.append(
            EnrichedArticle(
                id=f"m{i}",
                title=seed.get("title"),
                body=seed["body"],
                language=result.language,
                entities=result.entities,
                events=result.events,
                extractor=extractor.info,
                ingested_at=datetime.now(UTC),
                version=1,
            )
        )
    vocabulary = sorted({e.name for a in articles for e in a.entities}) or ["NATO"]
    events = ["meeting", "statement", "protest", "attack", "election", "earthquake"]
    rng = random.Random(3)  # noqa: S311 - reproducible benchmark data
    rows = []
    for n in sizes:
        subs = []
        for i in range(n):
            # mostly names that no article has (as in a real deployment), some that do
            name = rng.choice(vocabulary) if rng.random() < 0.05 else f"Entity{i}"
            subs.append(
                Subscription(
                    name=f"s{i}",
                    created_at=datetime.now(UTC),
                    query=f'entity:"{name}" AND event:{rng.choice(events)}',
                )
            )
        index = SubscriptionIndex()
        for s in subs:
            index.put(s)
        reps = max(1, 2000 // len(articles))
        start = time.perf_counter()
        found = 0
        for _ in range(reps):
            for a in articles:
                found += len(index.match(a))
        indexed_us = (time.perf_counter() - start) / (reps * len(articles)) * 1e6
        naive_us = None
        if n <= 1000:
            compiled = [compile_query(s.query) for s in subs]
            start = time.perf_counter()
            naive_found = 0
            for a in articles:  # the document view is built per article, as in match()
                doc = DocView.from_document(to_document(a))
                naive_found += sum(1 for c in compiled if c.match(doc) is not None)
            naive_us = (time.perf_counter() - start) / len(articles) * 1e6
            assert naive_found * reps == found, "the index must find what a full scan finds"
        rows.append(
            {
                "subscriptions": n,
                "indexed_us_per_article": round(indexed_us, 1),
                "full_scan_us_per_article": round(naive_us, 1) if naive_us else None,
                "matches_per_article": round(found / (reps * len(articles)), 2),
            }
        )
    return rows


def run(settings: Settings, tmp: Path, count: int = 30) -> dict[str, Any]:
    console.print("alerts: raw Kafka round trip ...")
    raw = raw_round_trip(settings, count)
    console.print("alerts: publish → alert latency through a worker ...")
    alerts = alert_latency(settings, count, tmp)
    console.print("alerts: matching cost ...")
    cost = matching_cost()
    return {
        "raw_round_trip": {
            "p50_s": percentile(raw, 0.5),
            "p99_s": percentile(raw, 0.99),
            "n": len(raw),
        },
        "publish_to_alert": {
            "p50_s": percentile(alerts, 0.5),
            "p99_s": percentile(alerts, 0.99),
            "n": len(alerts),
            "sent": count,
        },
        "matching": cost,
    }
