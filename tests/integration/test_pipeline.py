"""The pipeline end to end: real Kafka, real Elasticsearch, real worker processes."""

from __future__ import annotations

import json
import signal
import time
from typing import Any

import pytest

from pipeline.feed.synthetic import variants
from tests.integration.harness import Pipeline
from tests.integration.workers import ROOT, newsflow, wait_for


def _seed_count() -> int:
    lines = sum(
        1
        for f in (ROOT / "seeds").glob("*.jsonl")
        for line in f.read_text().splitlines()
        if line.strip()
    )
    return lines + len(list((ROOT / "seeds").glob("*.txt")))


def test_seed_article_searchable_with_entities_and_fed_twice_once(
    pipeline: Pipeline, es: Any
) -> None:
    """`newsflow feed seeds/` → the seed article is found by `newsflow search Stoltenberg`
    with its entities; feeding everything again leaves one document per article."""
    pipeline.worker().wait_ready()
    expected = _seed_count()
    fed = pipeline.feed(str(ROOT / "seeds"))
    assert fed.returncode == 0, fed.stdout + fed.stderr
    assert f"sent {expected} article(s)" in fed.stdout
    wait_for(lambda: pipeline.count(es) == expected, 90, "all seeds indexed")

    found = newsflow(pipeline.env, "search", "Stoltenberg", "--json")
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["total"] >= 1
    hit = next(h for h in result["hits"] if h["id"] == "dw-2022-01-07-nato-russia-talks")
    names = {e["name"] for e in hit["entities"]}
    assert "NATO" in names
    assert any("Stoltenberg" in n for n in names)
    assert hit["published_at"].startswith("2022-01-07")

    again = pipeline.feed(str(ROOT / "seeds"))
    assert again.returncode == 0
    # the second round must be fully processed before counting: wait until the
    # enriched topic holds both rounds (committed records, not transaction
    # markers), then until the index agent has nothing left to do
    wait_for(
        lambda: pipeline.records(f"{pipeline.prefix}articles.enriched") == 2 * expected,
        90,
        "second round enriched",
    )
    wait_for(lambda: not pipeline.lag(), 60, "index agent caught up")
    status = json.loads(newsflow(pipeline.env, "status", "--json").stdout)
    assert status["index"]["documents"] == expected
    assert pipeline.count(es) == expected


def test_garbage_goes_to_the_dlq_with_reasons_and_good_articles_are_indexed(
    pipeline: Pipeline, es: Any
) -> None:
    """Bad bytes from any Kafka client land in the DLQ with a reason; the rest is indexed."""
    pipeline.worker().wait_ready()
    good = [
        {
            "id": f"good-{i}",
            "body": f"Bundeskanzler Olaf Scholz reiste am Montag nach Paris {i}.",
            "published_at": "2022-01-10T09:00:00+01:00",
        }
        for i in range(3)
    ]
    pipeline.produce_raw(
        [
            json.dumps(good[0]).encode(),
            b"\xff\xfe\x00 not utf-8",
            b"this is not json",
            json.dumps({"title": "no body here"}).encode(),
            json.dumps(good[1]).encode(),
            json.dumps({"body": "x", "published_at": "2022-01-07T10:00:00"}).encode(),
            json.dumps(good[2]).encode(),
        ]
    )
    wait_for(lambda: pipeline.count(es) == 3, 60, "good articles indexed")
    listing = wait_for(
        lambda: (
            (r := newsflow(pipeline.env, "dlq", "list", "--json")).stdout.count("\n") >= 4
            and r.stdout
        ),
        60,
        "four dead letters",
    )
    letters = [json.loads(line) for line in listing.splitlines()]
    reasons = {letter["error_type"]: letter for letter in letters}
    assert set(reasons) == {"not_utf8", "invalid_json", "invalid_field"} or len(letters) == 4
    assert "not UTF-8" in reasons["not_utf8"]["error"]
    assert reasons["not_utf8"]["original_base64"]
    assert "not JSON" in reasons["invalid_json"]["error"]
    fields = {letter["field"] for letter in letters if letter["error_type"] == "invalid_field"}
    assert fields == {"body", "published_at"}
    assert all(letter["stage"] == "ingest" for letter in letters)
    assert all(letter["source_topic"] == f"{pipeline.prefix}articles.raw" for letter in letters)
    status = json.loads(newsflow(pipeline.env, "status", "--json").stdout)
    assert status["dlq_count"] == 4
    assert status["topics"]["dlq"] == f"{pipeline.prefix}articles.dlq"
    metrics = pipeline.workers[0].metrics()
    assert 'newsflow_dead_letters_total{reason="invalid_json",stage="ingest"} 1.0' in metrics

    # replay: the four are still bad, so they come back as four new dead letters; a second
    # replay sends only those new ones, a third sends nothing
    first = newsflow(pipeline.env, "dlq", "replay")
    assert first.returncode == 0, first.stderr
    assert "replayed 4 dead letter(s)" in first.stdout
    wait_for(
        lambda: json.loads(newsflow(pipeline.env, "status", "--json").stdout)["dlq_count"] == 8,
        60,
        "replayed letters back in the DLQ",
    )
    second = newsflow(pipeline.env, "dlq", "replay", "--stage", "ingest")
    assert "replayed 4 dead letter(s); skipped 4 replayed before" in second.stdout, second.stdout
    wait_for(
        lambda: json.loads(newsflow(pipeline.env, "status", "--json").stdout)["dlq_count"] == 12,
        60,
        "second replay back in the DLQ",
    )
    third = newsflow(pipeline.env, "dlq", "replay", "--dry-run")
    assert "would replay 4 dead letter(s); skipped 8" in third.stdout, third.stdout
    status = json.loads(newsflow(pipeline.env, "status", "--json").stdout)
    assert (status["dlq_replayed"], status["dlq_not_replayed"]) == (8, 4)
    listing = newsflow(pipeline.env, "dlq", "list", "-n", "12").stdout
    assert listing.count("(replayed)") == 8
    assert pipeline.count(es) == 3  # nothing good was indexed twice


def _feed_variants(pipeline: Pipeline, count: int, run: str) -> set[str]:
    articles = list(variants(ROOT / "seeds", count, run=run))
    fed = pipeline.feed("-", stdin="\n".join(json.dumps(a) for a in articles))
    assert fed.returncode == 0, fed.stdout + fed.stderr
    return {a["id"] for a in articles}


def _indexed_ids(es: Any, alias: str) -> list[str]:
    es.indices.refresh(index=alias)
    ids: list[str] = []
    response = es.search(
        index=alias, query={"match_all": {}}, size=1000, source=False, sort=["_doc"]
    )
    ids.extend(h["_id"] for h in response["hits"]["hits"])
    return ids


@pytest.mark.slow
def test_worker_killed_mid_stream_loses_and_doubles_nothing(pipeline: Pipeline, es: Any) -> None:
    """SIGKILL a worker while it works through a backlog, start a new one: N in, N indexed."""
    n = 400
    ids = _feed_variants(pipeline, n, "kill")
    first = pipeline.worker("w1")
    wait_for(lambda: pipeline.count(es) >= 20, 120, "indexing under way", interval=0.1)
    first.kill(signal.SIGKILL)
    partial = pipeline.count(es)
    assert partial < n, "the worker finished before it could be killed; raise n"
    second = pipeline.worker("w2")
    second.wait_ready()
    wait_for(lambda: pipeline.count(es) == n, 180, f"all {n} indexed after the restart")
    time.sleep(3)  # anything replayed late would show up now
    indexed = _indexed_ids(es, pipeline.alias)
    assert len(indexed) == n
    assert set(indexed) == ids


@pytest.mark.slow
def test_elasticsearch_outage_loses_nothing(pipeline: Pipeline, es: Any, settings: Any) -> None:
    """Stop Elasticsearch while articles arrive, start it again: everything is indexed once."""
    import subprocess
    import sys

    stack = [sys.executable, str(ROOT / "deploy/local/stack.py")]
    state = subprocess.run([*stack, "status"], capture_output=True, text=True, check=False)
    if "pid=None" in state.stdout.split("Elasticsearch", 1)[-1]:
        pytest.skip("this Elasticsearch was not started by deploy/local/stack.py")
    worker = pipeline.worker()
    worker.wait_ready()
    first = _feed_variants(pipeline, 50, "before")
    wait_for(lambda: pipeline.count(es) == 50, 60, "first batch indexed")
    subprocess.run([*stack, "stop", "elasticsearch"], check=True, capture_output=True)
    try:
        second = _feed_variants(pipeline, 100, "during")
        time.sleep(8)  # the worker retries against a dead cluster meanwhile
        assert worker.proc is not None
        assert worker.proc.poll() is None, "the worker must survive the outage"
    finally:
        subprocess.run(
            [*stack, "start", "elasticsearch"], check=True, capture_output=True, timeout=300
        )
    es.cluster.health(wait_for_status="yellow", timeout="60s")
    wait_for(lambda: pipeline.count(es) == 150, 120, "all 150 indexed after the outage")
    assert set(_indexed_ids(es, pipeline.alias)) == first | second
    assert "newsflow_bulk_retries_total" in worker.metrics()


def test_feed_wait_waits_for_the_new_version_of_a_re_fed_article(
    pipeline: Pipeline, es: Any
) -> None:
    """`feed --wait` returns once the version just sent is searchable, not because an older
    copy of the same article (same URL, same id) is already in the index."""
    pipeline.worker().wait_ready()
    url = "https://example.org/news/wait-for-the-new-version"
    for round_, word in enumerate(("Erstfassung", "Neufassung")):
        article = {
            "url": url,
            "title": f"Fassung {round_}",
            "language": "de",
            "body": f"Die {word} des Artikels über die NATO in Brüssel. " * 5,
        }
        fed = pipeline.feed("-", "--wait", "60", stdin=json.dumps(article) + "\n")
        assert fed.returncode == 0, fed.stdout + fed.stderr
        assert "searchable: 1/1" in fed.stdout
        # right after --wait returns, a search sees this round's text
        found = es.search(index=pipeline.alias, query={"match": {"body": word}})
        assert found["hits"]["total"]["value"] == 1, (word, found["hits"])
    assert pipeline.count(es) == 1
