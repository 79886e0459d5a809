"""Alerts against the real Kafka and real worker processes."""

from __future__ import annotations

import json
import signal
from typing import Any

from tests.integration.harness import Pipeline
from tests.integration.workers import ROOT, newsflow, wait_for

SEED_ID = "dw-2022-01-07-nato-russia-talks"


def _tail(pipeline: Pipeline, name: str, timeout: float = 4) -> list[dict[str, Any]]:
    result = newsflow(
        pipeline.env,
        "alerts",
        "tail",
        name,
        "--from-beginning",
        "--json",
        "--timeout",
        str(timeout),
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _other_articles() -> str:
    others = [
        {
            "id": "quake-1",
            "language": "en",
            "published_at": "2023-02-06T08:00:00+00:00",
            "body": "A strong earthquake struck southern Turkey on Monday, officials said.",
        },
        {
            "id": "markets-1",
            "language": "de",
            "published_at": "2022-01-07T09:00:00+01:00",
            "body": "Die Börse in Frankfurt schloss am Freitag leicht im Plus.",
        },
    ]
    return "\n".join(json.dumps(a) for a in others)


def test_one_alert_per_matching_article_across_refeeds_and_restarts(pipeline: Pipeline) -> None:
    """add → feed matching and non-matching → exactly one alert; kill -9 and restart,
    feed again → still one; remove → no more alerts."""
    added = newsflow(
        pipeline.env,
        "alerts",
        "add",
        "stoltenberg-russland",
        "--query",
        "Stoltenberg AND Russland",
        "--description",
        "test",
    )
    assert added.returncode == 0, added.stdout + added.stderr
    assert f"{pipeline.prefix}alerts.stoltenberg-russland" in added.stdout
    other = newsflow(
        pipeline.env, "alerts", "add", "quakes", "--query", "event:earthquake AND location:Japan"
    )
    assert other.returncode == 0, other.stderr
    listed = newsflow(pipeline.env, "alerts", "list", "--json")
    assert {json.loads(line)["name"] for line in listed.stdout.splitlines()} == {
        "stoltenberg-russland",
        "quakes",
    }

    worker = pipeline.worker("w1")
    worker.wait_ready()
    assert pipeline.feed(str(ROOT / "seeds")).returncode == 0
    assert pipeline.feed("-", stdin=_other_articles()).returncode == 0
    alerts = wait_for(lambda: _tail(pipeline, "stoltenberg-russland"), 60, "an alert")
    assert [a["article_id"] for a in alerts] == [SEED_ID]
    alert = alerts[0]
    assert alert["subscription"] == "stoltenberg-russland"
    assert alert["title"] == "NATO bereitet Gespräche mit Russland vor"
    assert {"Stoltenberg", "Russland"} <= set(alert["matched"]["terms"])
    assert _tail(pipeline, "quakes", timeout=2) == []

    # a crash and a re-feed must not double the alert
    worker.kill(signal.SIGKILL)
    second = pipeline.worker("w2")
    second.wait_ready()
    assert pipeline.feed(str(ROOT / "seeds" / "000_3e02e4c290777d29.txt")).returncode == 0
    wait_for(
        lambda: pipeline.records(f"{pipeline.prefix}articles.enriched") >= 30,
        60,
        "re-fed article enriched",
    )
    wait_for(lambda: not pipeline.lag(), 60, "alerts agent caught up")
    again = _tail(pipeline, "stoltenberg-russland")
    assert [a["article_id"] for a in again] == [SEED_ID]
    assert again[0]["id"] == alert["id"]

    # removed: a new matching article gives no alert
    removed = newsflow(pipeline.env, "alerts", "remove", "stoltenberg-russland")
    assert removed.returncode == 0, removed.stderr
    fresh = {
        "id": "after-removal",
        "language": "de",
        "body": "Stoltenberg sprach erneut über Russland und die Ukraine.",
    }
    wait_for(lambda: "stoltenberg-russland" not in json.dumps(second.health()), 1, "noop")
    import time

    time.sleep(2)  # the workers follow the subscriptions topic every 0.5 s
    assert pipeline.feed("-", stdin=json.dumps(fresh)).returncode == 0
    wait_for(lambda: pipeline.count_indexed("after-removal"), 60, "new article processed")
    wait_for(lambda: not pipeline.lag(), 60, "caught up")
    assert [a["article_id"] for a in _tail(pipeline, "stoltenberg-russland")] == [SEED_ID]


def test_invalid_query_is_rejected_and_nothing_stored(pipeline: Pipeline) -> None:
    """A query that does not parse or names an unknown field: exit 2, a message, nothing stored."""
    bad = newsflow(pipeline.env, "alerts", "add", "broken", "--query", "entity:NATO AND (")
    assert bad.returncode == 2
    assert "cannot parse the query" in bad.stderr
    unknown = newsflow(pipeline.env, "alerts", "add", "broken", "--query", "entitty:NATO")
    assert unknown.returncode == 2
    assert "unknown field 'entitty'" in unknown.stderr
    listed = newsflow(pipeline.env, "alerts", "list", "--json")
    assert listed.returncode == 0
    assert listed.stdout.strip() == ""
