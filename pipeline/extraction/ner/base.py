"""The NER interface: a backend turns text into typed spans with offsets."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal, Protocol

from pipeline.extraction.gazetteer import GazetteerEntry

SpanLabel = Literal["PER", "ORG", "LOC", "MISC", "NORP"]


@dataclasses.dataclass(frozen=True)
class NerSpan:
    """One mention found by a backend; ``entry`` is set when it is already linked."""

    start: int
    end: int
    text: str
    label: SpanLabel
    source: str
    entry: GazetteerEntry | None = None


class NerBackend(Protocol):
    """Anything that finds entity spans in text of a language."""

    name: str

    def supports(self, lang: str) -> bool: ...

    def spans(self, text: str, lang: str) -> list[NerSpan]: ...

    def spans_many(self, texts: Sequence[str], lang: str) -> list[list[NerSpan]]: ...
