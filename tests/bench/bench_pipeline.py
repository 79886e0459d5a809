"""`make bench`: pipeline throughput and latency against a raw Kafka → ES copy
measured in the same run, with the same clients, bulk settings and index design.

Needs the local stack (`make up`). Prints a table and writes JSON to
bench-results/. Every figure is a ratio to the baseline or an absolute figure
with its unit; nothing here asserts a target: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.clients import elasticsearch_client, elasticsearch_options  # noqa: E402
from pipeline.feed.producer import ArticleProducer  # noqa: E402
from pipeline.feed.synthetic import variants  # noqa: E402
from pipeline.indexing.bulk import BulkWriter  # noqa: E402
from pipeline.indexing.wait import count_present  # noqa: E402
from pipeline.ingest import Limits, accept  # noqa: E402
from pipeline.models.enriched import DetectedLanguage, EnrichedArticle, ExtractorInfo  # noqa: E402
from pipeline.provision import ensure_index, ensure_topics  # noqa: E402
from pipeline.settings import Settings, load_settings  # noqa: E402
from tests.integration.workers import Worker, newsflow, pipeline_env  # noqa: E402

# tables stay readable when the output goes to a file or a CI log (80 columns by default)
console = Console(highlight=False, width=max(shutil.get_terminal_size((120, 24)).columns, 110))


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def proc_cpu_seconds(pid: int) -> float:
    """user+system CPU seconds of a process and its children that were waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def wait_count(
    es: Any,
    alias: str,
    ids: list[str],
    target: int,
    timeout: float,
    on_progress: Callable[[int], None] | None = None,
) -> float:
    """Seconds until `target` of ids are searchable (refreshing as Kibana would not)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        es.indices.refresh(index=alias)
        found = count_present(es, alias, ids)
        if on_progress:
            on_progress(found)
        if found >= target:
            return time.monotonic() - start
        time.sleep(0.2)
    raise TimeoutError(f"only some of {target} documents indexed within {timeout}s")


def make_articles(count: int, run: str) -> list[tuple[str, bytes]]:
    limits = Limits()
    out = []
    for data in variants(ROOT / "seeds", count, run=run):
        article = accept(json.dumps(data).encode(), limits)
        assert article.id is not None
        out.append((article.id, article.model_dump_json(exclude_none=True).encode()))
    return out


def produce(settings: Settings, topic: str, articles: list[tuple[str, bytes]]) -> float:
    producer = ArticleProducer(settings, topic)
    started = time.monotonic()
    futures = [producer.send(key, value) for key, value in articles]
    producer.flush()
    for f in futures:
        f.get(timeout=30)
    producer.close()
    return time.monotonic() - started


# --------------------------------------------------------------------------- baseline


async def baseline_copy(
    settings: Settings, topic: str, alias: str, expected: int, batch_size: int, within: float
) -> dict[str, float]:
    """Consume raw JSON with aiokafka (Faust's client) and bulk-index it with the
    pipeline's BulkWriter into an index of the same template: no validation,
    no enrichment. Returns seconds from the first message to the last accepted
    bulk and the CPU seconds this process spent."""
    from aiokafka import AIOKafkaConsumer
    from elasticsearch import AsyncElasticsearch

    es = AsyncElasticsearch(settings.es_hosts, **elasticsearch_options(settings))
    writer = BulkWriter(es, alias)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.bootstrap_list,
        group_id=f"bench-baseline-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    cpu0 = time.process_time()
    first: float | None = None
    done = 0
    now = datetime.now(UTC)
    try:
        while done < expected:
            batch = await consumer.getmany(timeout_ms=int(within * 1000), max_records=batch_size)
            records = [r for rs in batch.values() for r in rs]
            if not records:
                continue
            first = first or time.monotonic()
            docs = []
            for r in records:
                data = json.loads(r.value)
                docs.append(
                    EnrichedArticle(
                        id=data["id"],
                        body=data["body"],
                        title=data.get("title"),
                        language=DetectedLanguage(
                            code=data.get("language", "und"), confidence=1.0, source="given"
                        ),
                        extractor=ExtractorInfo(name="baseline-copy", version="0"),
                        ingested_at=now,
                        version=r.timestamp,
                    )
                )
            outcome = await writer.write(docs)
            done += outcome.indexed + outcome.already_current
            await consumer.commit()
        elapsed = time.monotonic() - (first or time.monotonic())
    finally:
        await consumer.stop()
        await es.close()
    return {"seconds": elapsed, "cpu_seconds": time.process_time() - cpu0}


# --------------------------------------------------------------------------- scenarios


def run_throughput(settings: Settings, n: int, workers: int, tmp: Path) -> dict[str, Any]:
    es = elasticsearch_client(settings)
    run = uuid.uuid4().hex[:8]
    results: dict[str, Any] = {"articles": n, "workers": workers}

    # baseline: its own topic and alias, same template and bulk settings
    base = settings.model_copy(
        update={"topic_prefix": f"bench{run}b.", "index_alias": f"bench{run}b-news-articles"}
    )
    ensure_topics(base)
    ensure_index(base, es)
    articles = make_articles(n, f"b{run}")
    payload = sum(len(v) for _, v in articles)
    results["payload_mb"] = payload / 1e6
    console.print(f"baseline: producing {n} articles ({payload / 1e6:.1f} MB) ...")
    produce(base, f"{base.topic_prefix}articles.raw", articles)
    copy = asyncio.run(
        baseline_copy(
            base,
            f"{base.topic_prefix}articles.raw",
            base.index_alias,
            n,
            settings.index_batch_size,
            settings.index_batch_seconds,
        )
    )
    results["baseline_seconds"] = copy["seconds"]
    results["baseline_articles_per_s"] = n / copy["seconds"]
    results["baseline_cpu_s_per_1000"] = copy["cpu_seconds"] / n * 1000

    # the pipeline: real worker processes, fed after they are ready; once with
    # the full extractor, once with statistical NER off (gazetteer and rules)
    for label, extra in (
        ("pipeline", {}),
        ("light", {"NEWSFLOW_NER_MODEL_DE": "off", "NEWSFLOW_NER_MODEL_EN": "off"}),
    ):
        run_id = f"{run}{label[0]}"
        measured = _pipeline_run(settings, es, n, workers, tmp, run_id, extra)
        results[f"{label}_seconds"] = measured["seconds"]
        results[f"{label}_articles_per_s"] = n / measured["seconds"]
        results[f"{label}_mb_per_s"] = payload / 1e6 / measured["seconds"]
        results[f"{label}_cpu_s_per_1000"] = measured["cpu_seconds"] / n * 1000
        results[f"{label}_ratio"] = (
            results[f"{label}_articles_per_s"] / results["baseline_articles_per_s"]
        )
    results["baseline_mb_per_s"] = payload / 1e6 / copy["seconds"]
    results["throughput_ratio"] = results["pipeline_ratio"]
    _cleanup(settings, es, [base.topic_prefix], [base.index_alias])
    es.close()
    return results


def _pipeline_run(
    settings: Settings,
    es: Any,
    n: int,
    workers: int,
    tmp: Path,
    run: str,
    extra_env: dict[str, str],
) -> dict[str, float]:
    prefix = f"bench{run}."
    alias = f"bench{run}-news-articles"
    env = pipeline_env(prefix, alias, tmp, **extra_env)
    pipe = settings.model_copy(update={"topic_prefix": prefix, "index_alias": alias})
    setup = newsflow(env, "setup")
    assert setup.returncode == 0, setup.stderr
    procs = [Worker(env, tmp, f"bench-{run}-w{i}").start() for i in range(workers)]
    try:
        for w in procs:
            w.wait_ready(120)
        time.sleep(2)  # let the group settle after the last join
        cpu0 = {w.proc.pid: proc_cpu_seconds(w.proc.pid) for w in procs if w.proc}
        articles = make_articles(n, run)
        console.print(
            f"{run}: producing {n} articles to {workers} worker(s) "
            f"{' '.join(f'{k}={v}' for k, v in extra_env.items())}..."
        )
        start = time.monotonic()
        produce(pipe, f"{prefix}articles.raw", articles)
        wait_count(es, alias, [k for k, _ in articles], n, timeout=max(600, n))
        elapsed = time.monotonic() - start
        cpu = sum(proc_cpu_seconds(pid) - c for pid, c in cpu0.items())
    finally:
        for w in procs:
            w.stop()
    _cleanup(settings, es, [prefix], [alias])
    return {"seconds": elapsed, "cpu_seconds": cpu}


def run_latency(settings: Settings, count: int, rate: float, tmp: Path) -> dict[str, Any]:
    """publish → searchable, one article at a time at `rate`/s, index refresh 1s."""
    es = elasticsearch_client(settings)
    run = uuid.uuid4().hex[:8]
    prefix, alias = f"lat{run}.", f"lat{run}-news-articles"
    env = pipeline_env(prefix, alias, tmp, NEWSFLOW_INDEX_REFRESH_INTERVAL="1s")
    pipe = settings.model_copy(update={"topic_prefix": prefix, "index_alias": alias})
    assert newsflow(env, "setup").returncode == 0
    refresh = es.indices.get_settings(index=alias)
    interval = next(iter(refresh.body.values()))["settings"]["index"]["refresh_interval"]
    worker = Worker(env, tmp, "lat-w").start()
    latencies: list[float] = []
    try:
        worker.wait_ready(120)
        time.sleep(2)
        articles = make_articles(count, f"l{run}")
        producer = ArticleProducer(pipe, f"{prefix}articles.raw", linger_ms=0)
        sent: dict[str, float] = {}
        pending: set[str] = set()
        next_send = time.monotonic()
        i = 0
        deadline = time.monotonic() + count / rate + 60
        while (i < len(articles) or pending) and time.monotonic() < deadline:
            now = time.monotonic()
            if i < len(articles) and now >= next_send:
                key, value = articles[i]
                producer.send(key, value)
                producer.flush()
                sent[key] = time.monotonic()
                pending.add(key)
                i += 1
                next_send += 1 / rate
            if pending:
                hits = es.search(
                    index=alias,
                    query={"ids": {"values": list(pending)}},
                    size=len(pending),
                    source=False,
                )["hits"]["hits"]
                seen = time.monotonic()
                for h in hits:
                    if h["_id"] in pending:
                        pending.discard(h["_id"])
                        latencies.append(seen - sent[h["_id"]])
            time.sleep(0.02)
        producer.close()
    finally:
        worker.stop()
    _cleanup(settings, es, [prefix], [alias])
    es.close()
    return {
        "articles": count,
        "rate_per_s": rate,
        "refresh_interval": interval,
        "measured": len(latencies),
        "p50_s": percentile(latencies, 0.5),
        "p99_s": percentile(latencies, 0.99),
        "max_s": max(latencies) if latencies else float("nan"),
        "mean_s": statistics.fmean(latencies) if latencies else float("nan"),
    }


def _cleanup(settings: Settings, es: Any, prefixes: list[str], aliases: list[str]) -> None:
    from kafka import KafkaAdminClient

    from pipeline.clients import kafka_python_config

    admin = KafkaAdminClient(**kafka_python_config(settings))
    topics = [t for t in admin.list_topics() if any(t.startswith(p) for p in prefixes)]
    if topics:
        admin.delete_topics(topics, raise_errors=False)
    admin.close()
    for alias in aliases:
        es.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
        es.options(ignore_status=404).indices.delete_index_template(name=f"{alias}-template")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=2000,
        help="articles for the throughput run (default 2000, ~2 min on 2 cores)",
    )
    parser.add_argument("--workers", type=int, default=1, help="pipeline worker processes")
    parser.add_argument("--latency-articles", type=int, default=100)
    parser.add_argument(
        "--latency-rate",
        type=float,
        default=2.0,
        help="articles per second (keep below the throughput, default 2)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["throughput", "latency", "extraction", "alerts"],
    )
    args = parser.parse_args()
    settings = load_settings()
    tmp = args.out / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    if "throughput" not in args.skip:
        report["throughput"] = run_throughput(settings, args.articles, args.workers, tmp)
    if "latency" not in args.skip:
        report["latency"] = run_latency(settings, args.latency_articles, args.latency_rate, tmp)
    if "extraction" not in args.skip:
        report["extraction"] = run_extraction_speed()
    if "alerts" not in args.skip:
        report["alerts"] = run_alert_bench(settings, tmp)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print_report(report)
    console.print(f"\nwritten to {path}")
    return 0


def run_extraction_speed() -> dict[str, Any]:
    try:
        from pipeline.extraction import speed
    except ImportError:
        return {"skipped": "pipeline.extraction.speed is not available"}
    return speed.measure(ROOT / "seeds")  # type: ignore[no-any-return]


def run_alert_bench(settings: Settings, tmp: Path) -> dict[str, Any]:
    try:
        from tests.bench import bench_alerts
    except ImportError:
        return {"skipped": "alerts are not built yet"}
    return bench_alerts.run(settings, tmp)  # type: ignore[no-any-return]


def print_report(report: dict[str, Any]) -> None:
    if "throughput" in report:
        t = report["throughput"]
        table = Table(
            title=f"Throughput: {t['articles']} articles, {t['payload_mb']:.1f} MB, "
            f"{t['workers']} worker(s)"
        )
        for col in ("", "articles/s", "MB/s", "CPU s / 1000 articles", "seconds"):
            table.add_column(col, justify="right")
        table.add_row(
            "raw Kafka → ES copy (baseline)",
            f"{t['baseline_articles_per_s']:.1f}",
            f"{t['baseline_mb_per_s']:.2f}",
            f"{t['baseline_cpu_s_per_1000']:.1f}",
            f"{t['baseline_seconds']:.1f}",
        )
        table.add_row(
            "pipeline (validate + enrich + index)",
            f"{t['pipeline_articles_per_s']:.1f}",
            f"{t['pipeline_mb_per_s']:.2f}",
            f"{t['pipeline_cpu_s_per_1000']:.1f}",
            f"{t['pipeline_seconds']:.1f}",
        )
        table.add_row("ratio pipeline / baseline", f"{t['throughput_ratio']:.2f}", "", "", "")
        if "light_articles_per_s" in t:
            table.add_row(
                "pipeline, NER off (gazetteer + rules)",
                f"{t['light_articles_per_s']:.1f}",
                f"{t['light_mb_per_s']:.2f}",
                f"{t['light_cpu_s_per_1000']:.1f}",
                f"{t['light_seconds']:.1f}",
            )
            table.add_row("ratio light / baseline", f"{t['light_ratio']:.2f}", "", "", "")
        console.print(table)
    if "latency" in report:
        lat = report["latency"]
        table = Table(
            title=f"Publish → searchable: {lat['measured']} articles at "
            f"{lat['rate_per_s']:.0f}/s, refresh_interval {lat['refresh_interval']}"
        )
        for col in ("p50 s", "p99 s", "max s", "p99 / refresh interval"):
            table.add_column(col, justify="right")
        refresh_s = float(str(lat["refresh_interval"]).rstrip("s"))
        table.add_row(
            f"{lat['p50_s']:.3f}",
            f"{lat['p99_s']:.3f}",
            f"{lat['max_s']:.3f}",
            f"{lat['p99_s'] / refresh_s:.2f}",
        )
        console.print(table)
    if "extraction" in report:
        _print_extraction(report["extraction"])
    if "alerts" in report:
        _print_alerts(report["alerts"])


def _print_extraction(section: dict[str, Any]) -> None:
    table = Table(title="Enrichment speed per backend (CPU of one core, seeds/ texts)")
    for col in ("language", "backend", "words", "words/s per core", "bare nlp.pipe words/s"):
        table.add_column(col, justify="right")
    table.add_column("ratio to bare pipe (goal ≥ 0.85)", justify="right")
    for r in section.get("results", []):
        bare = r.get("bare_pipe_words_per_second")
        ratio = r.get("ratio_to_bare_pipe")
        table.add_row(
            r["language"],
            r["backend"],
            str(r["words"]),
            f"{r['words_per_second_per_core']:,.0f}",
            "-" if bare is None else f"{bare:,.0f}",
            "-" if ratio is None else f"{ratio:.2f}",
        )
    console.print(table)
    scaling = section.get("scaling", [])
    if scaling:
        table = Table(title="Rule layers on hostile text: growth of time with 8 × the length")
        for col in ("shape", "characters", "CPU s", "growth (1.0 = linear, 8.0 = quadratic)"):
            table.add_column(col, justify="right")
        for r in scaling:
            table.add_row(
                r["shape"], f"{r['chars']:,}", f"{r['seconds']:.4f}", f"{r['growth']:.2f}"
            )
        console.print(table)


def _print_alerts(section: dict[str, Any]) -> None:
    table = Table(title="Alerts: latency")
    for col in ("path", "n", "p50 s", "p99 s"):
        table.add_column(col, justify="right")
    for key, label in (
        ("raw_round_trip", "raw Kafka produce → consume"),
        ("publish_to_alert", "publish → alert (worker)"),
    ):
        if key in section:
            row = section[key]
            table.add_row(label, str(row["n"]), f"{row['p50_s']:.3f}", f"{row['p99_s']:.3f}")
    console.print(table)
    if section.get("matching"):
        match = Table(title="Alerts: matching cost per article (µs)")
        for col in ("subscriptions", "indexed", "full scan", "matches per article"):
            match.add_column(col, justify="right")
        for row in section["matching"]:
            full = row.get("full_scan_us_per_article")
            match.add_row(
                f"{row['subscriptions']:,}",
                f"{row['indexed_us_per_article']:.0f}",
                "not run" if full is None else f"{full:.0f}",
                f"{row['matches_per_article']:.2f}",
            )
        console.print(match)


if __name__ == "__main__":
    sys.exit(main())
