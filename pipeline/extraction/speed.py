"""Throughput of the extractor per backend, in words per second per core.

``benchmark()`` is what the project benchmark calls. For every backend it
runs the whole extractor (NER, linking, events, dates; language given, as the
pipeline's ingest stage detects it earlier) over the same texts and measures
CPU time of this process (one core). For a spaCy backend it also runs bare
``nlp.pipe`` of the same pipeline, with the same components enabled, over the
same texts and reports the ratio extractor / bare pipe (goal ≥ 0.85).

``scaling()`` checks that the rule layers stay linear in the length of hostile text (a
long run of spaces, a line without full stops, …): eight times the text should take about
eight times the time.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.extraction.text import word_count

if TYPE_CHECKING:
    from spacy.language import Language

_FALLBACK = {
    "de": "Die Außenminister der NATO haben am Freitag in Brüssel über die Lage in der Ukraine "
    "beraten. Generalsekretär Jens Stoltenberg sagte, Russland müsse seine Truppen abziehen. "
    "Am kommenden Mittwoch tagt der NATO-Russland-Rat, am Donnerstag trifft sich die OSZE in Wien.",
    "en": "NATO foreign ministers met in Brussels on Friday to discuss the situation in Ukraine. "
    "Secretary General Jens Stoltenberg said Russia must withdraw its troops. The NATO-Russia "
    "Council meets next Wednesday, and the OSCE holds talks in Vienna on Thursday.",
}


@dataclasses.dataclass(frozen=True)
class SpeedResult:
    backend: str
    language: str
    words: int
    seconds: float  # CPU seconds of this process
    words_per_second_per_core: float
    bare_pipe_words_per_second: float | None = None
    ratio_to_bare_pipe: float | None = None


def seed_texts(language: str, root: Path | None = None) -> list[str]:
    """Article bodies of ``language`` from ``seeds/`` (JSON Lines and .txt with sidecar)."""
    base = root or Path.cwd()
    seeds = next((p / "seeds" for p in [base, *base.parents] if (p / "seeds").is_dir()), None)
    texts: list[str] = []
    if seeds is None:
        return texts
    for path in sorted(seeds.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record.get("language") == language and record.get("body"):
                    texts.append(record["body"])
    for path in sorted(seeds.glob("*.txt")):
        side = path.with_suffix(".json")
        meta = json.loads(side.read_text("utf-8")) if side.is_file() else {}
        if meta.get("language") == language:
            texts.append(path.read_text("utf-8"))
    return texts


def _cpu(fn: Callable[[], object], repeat: int) -> float:
    """CPU seconds of ``repeat`` calls (after one warm-up call)."""
    fn()  # warm up: models and caches are loaded once per process
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return max(time.process_time() - start, 1e-9)


def _best(fn: Callable[[], object], rounds: int = 3) -> float:
    """CPU seconds of the fastest of ``rounds`` calls (after one warm-up call)."""
    fn()
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return max(best, 1e-9)


def _pipe(nlp: Language, bodies: Sequence[str]) -> None:
    for _ in nlp.pipe(bodies, batch_size=32):
        pass


def benchmark(
    texts: Sequence[str] | None = None,
    *,
    language: str = "en",
    repeat: int = 2,
    rounds: int = 3,
    backends: Sequence[str] = ("gazetteer", "spacy"),
) -> list[SpeedResult]:
    """Words per second per core of the extractor for each backend (see module doc)."""
    from pipeline.extraction.extractor import Extractor
    from pipeline.extraction.ner.spacy_backend import SpacyBackend, load_pipeline

    bodies = list(texts) if texts else (seed_texts(language) or [_FALLBACK[language]])
    words = sum(word_count(t) for t in bodies) * repeat
    results: list[SpeedResult] = []
    for name in backends:
        if name == "gazetteer":
            extractor = Extractor(backends=[])
            label = "gazetteer"
            nlp = None
        else:
            spacy_backend = SpacyBackend()
            if not spacy_backend.supports(language):
                continue
            extractor = Extractor(backends=[spacy_backend])
            model = spacy_backend.models[language]
            label = f"spacy:{model.rsplit('/', 1)[-1]}"
            nlp = load_pipeline(model)
        # rounds alternate extractor and bare pipe; the best round of each counts, so that
        # other work on a shared machine does not decide the ratio
        best = best_bare = float("inf")
        for _ in range(rounds):
            best = min(
                best, _cpu(partial(extractor.extract_many, bodies, language=language), repeat)
            )
            if nlp is not None:
                best_bare = min(best_bare, _cpu(partial(_pipe, nlp, bodies), repeat))
        bare_wps = round(words / best_bare, 1) if nlp is not None else None
        ratio = round(best_bare / best, 3) if nlp is not None else None
        results.append(
            SpeedResult(
                label, language, words, round(best, 4), round(words / best, 1), bare_wps, ratio
            )
        )
    return results


# shapes of text that news feeds do send (scraped pages, lists, tickers, tables) and that a
# careless pattern reads in quadratic time: the same text eight times as long must take
# about eight times as long
HOSTILE = {
    "run of spaces": " ",
    "one line without full stops": "Merkel traf Putin in Moskau und ",
    "run of German ordinals": "am 3. Mai 2020 ",
    "hyphenated run": "NATO-",
    "trigger nouns in one line": "Raketenangriffe ",
    "capitals in one line": "NATO UN EU OSZE ",
    "acronyms in brackets": "Die Organisation (ORG) ",
}


@dataclasses.dataclass(frozen=True)
class ScalingResult:
    shape: str
    chars: int
    seconds: float  # CPU seconds for the text at ``chars``
    growth: float  # (seconds at 8 × chars) / (8 × seconds at chars): 1.0 is linear


def scaling(chars: int = 2_500, factor: int = 8, language: str = "de") -> list[ScalingResult]:
    """How the rule layers' time grows with the length of hostile text (see HOSTILE)."""
    from pipeline.extraction.extractor import Extractor

    extractor = Extractor(backends=[])
    frame = ("Am Montag traf Merkel in Berlin ein. ", " Merkel (CDU) sagte, sie greife an.")
    results = []
    for shape, unit in HOSTILE.items():
        times = []
        for size in (chars, chars * factor):
            text = frame[0] + unit * (size // len(unit)) + frame[1]
            times.append(_best(partial(extractor.extract, text, language=language)))
        small, large = times
        growth = round(large / (factor * small), 2)
        results.append(ScalingResult(shape, chars, round(small, 4), growth))
    return results


def measure(seeds: Path | None = None) -> dict[str, object]:
    """The benchmark's entry point: every backend on the German and English seeds.

    Returns ``{"unit": …, "results": [SpeedResult as dict, …]}``; for spaCy backends
    ``ratio_to_bare_pipe`` is the extractor's throughput over bare ``nlp.pipe``.
    """
    root = seeds.parent if seeds is not None else None
    results: list[dict[str, object]] = []
    for lang in ("en", "de"):
        texts = seed_texts(lang, root) or [_FALLBACK[lang]]
        results.extend(dataclasses.asdict(r) for r in benchmark(texts, language=lang))
    return {
        "unit": "words per CPU second (one core); ratio = extractor / bare nlp.pipe",
        "results": results,
        "scaling": [dataclasses.asdict(r) for r in scaling()],
    }


def main() -> None:  # pragma: no cover - a convenience for `python -m`
    print(json.dumps(measure(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
