"""Gold scoring arithmetic (shared/gold/README.md rules) on a tiny hand-made gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extraction.evaluate import (
    Counts,
    evaluate,
    resolve_article_file,
    score_entities,
    score_events,
)
from pipeline.extraction.extractor import ExtractionResult
from pipeline.models.enriched import DetectedLanguage, Entity, EntityRef, Event, Mention, Span

GOLD = Path(__file__).parent / "data" / "extraction_tiny.gold.json"


def _entity(name: str, etype: str = "LOC", qid: str | None = None, *forms: str) -> Entity:
    mentions = [Mention(text=f, start=0, end=len(f)) for f in (name, *forms)]
    return Entity(
        id=qid or f"nf:{etype}:{name.lower()}",
        name=name,
        type=etype,  # type: ignore[arg-type]
        wikidata=qid,
        mentions=mentions,
        count=len(mentions),
    )


def _event(
    etype: str, cameo: str | None, actors: list[str], date: str | None, location: str | None = None
) -> Event:
    return Event(
        type=etype,
        cameo_root=cameo,
        trigger=Span(text="x", start=0, end=1),
        actors=[EntityRef(id=f"nf:{a}", name=a, type="LOC") for a in actors],
        location=EntityRef(id="nf:loc", name=location, type="LOC") if location else None,
        date=date,
        sentence="x",
    )


def _gold() -> dict[str, Any]:
    value: dict[str, Any] = json.loads(GOLD.read_text("utf-8"))
    return value


def test_counts_arithmetic() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_entity_rules() -> None:
    reported = [
        _entity("North Atlantic Treaty Organization", "ORG", "Q7184"),  # by QID
        _entity("Russia", "LOC"),  # by alias
        _entity("Wiens", "LOC", None, "Vienna"),  # by a surface form
        _entity("Tester", "PER"),  # alias; wrong type for the typed variant
        _entity("Russland", "LOC"),  # a second report of a matched entity: ignored
        _entity("Rom", "LOC"),  # forbidden
        _entity("Madrid", "LOC"),  # matches nothing
    ]
    counts, missed, spurious = score_entities(reported, _gold())
    assert (counts.tp, counts.fp, counts.fn) == (4, 2, 1)
    assert missed == ["Kiew"]
    assert spurious == ["Rom (forbidden)", "Madrid"]
    typed, _, _ = score_entities(reported, _gold(), typed=True)
    assert (typed.tp, typed.fp, typed.fn) == (3, 3, 2)


def test_event_rules() -> None:
    entities = [_entity("Russland")]
    reported = [
        _event("talks", "04", ["Russia"], "2022-01-11", "Wien"),  # same root, location agrees
        _event("meeting", "04", ["Russland"], "2022-01-12"),  # the exact date wins e1
        _event("statement", "01", ["Russland"], None),  # statements are neutral
        _event("protest", "14", [], "2021-05-01"),  # e2 has neither date nor place
        _event("arrest", "17", ["Russland"], None),  # spurious
    ]
    counts, right, matched, missed, spurious, _misdated, status = score_events(
        reported, entities, _gold()
    )
    # the better-dated report wins e1; the talks report is then spurious
    assert (counts.tp, counts.fp, counts.fn) == (2, 2, 0)
    assert (right, matched) == (1, 2)
    assert status == 1  # all reports say "past": right for e2, not for the planned e1
    assert missed == []
    assert len(spurious) == 2


def test_event_needs_a_matching_actor() -> None:
    reported = [_event("meeting", "04", ["Frankreich"], "2022-01-12", "Wien")]
    counts, *_ = score_events(reported, [], _gold())
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 2)


def test_evaluate_runs_an_extractor_and_reports_per_language() -> None:
    def fake(body: str, **_: Any) -> ExtractionResult:
        return ExtractionResult(
            DetectedLanguage(code="de", confidence=1.0, source="given"),
            [_entity("NATO", "ORG", "Q7184")],
            [],
            {},
        )

    summary = evaluate([GOLD], fake).summary()
    overall = summary["overall"]["entities"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (1, 0, 4)
    assert summary["languages"]["de"]["events"]["fn"] == 2
    assert summary["overall"]["event_dates_exact"] is None


def test_the_real_extractor_on_the_tiny_gold() -> None:
    from pipeline.extraction.extractor import Extractor

    summary = evaluate([GOLD], Extractor(backends=[]).extract).summary()["overall"]
    assert summary["entities"]["fp"] == 0  # the ad's "Rom" is furniture
    assert summary["entities"]["tp"] == 4
    assert summary["events"]["tp"] >= 1


def test_article_files_resolve_against_parents(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("x")
    gold = tmp_path / "shared" / "gold" / "a.gold.json"
    gold.parent.mkdir(parents=True)
    assert resolve_article_file(gold, "seeds/a.txt") == tmp_path / "seeds" / "a.txt"
    with pytest.raises(FileNotFoundError):
        resolve_article_file(gold, "seeds/missing.txt")
