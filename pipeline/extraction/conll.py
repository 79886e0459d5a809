"""Read CoNLL-style NER files and score NER predictions at mention level.

Three input formats are recognised (``detect_format``):

* ``germeval``: the GermEval 2014 TSV: ``index<TAB>token<TAB>outer<TAB>nested``,
  a ``#<TAB>URL<TAB>[date]`` line before each sentence, blank lines between
  sentences. Only the outer column (3) is used; U+00AD (soft hyphen) is
  removed from tokens.
* ``conll2003``: whitespace-separated ``token POS chunk NER`` (three or more
  columns, NER last), ``-DOCSTART-`` lines between documents.
* ``two_column``: ``token TAG`` (tab or space). A shared language prefix on
  every token (WikiANN's ``de:``) is removed. Lines such as the Europeana
  ``# file: ...`` page headers are treated as comments and break the sentence,
  while ``# O`` is a real token.

Labels are mapped onto PER/ORG/LOC/MISC by ``map_label`` (GermEval OTH -> MISC,
``*deriv`` -> MISC, ``*part`` -> O; MobIE person/organization*/location*;
everything else O), spans are extracted with the CoNLL convention (an ``I-X``
that does not continue an entity of type X starts a new one), and
``score_spans`` computes exact-match precision, recall and F1 overall and per
type. ``predict_spans`` runs a spaCy pipeline over pre-tokenised sentences so
that token boundaries match the gold. Nothing here writes files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline.extraction.scoring import Counts

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.extraction.extractor import Extractor

Format = Literal["germeval", "conll2003", "two_column"]
FORMATS: tuple[Format, ...] = ("germeval", "conll2003", "two_column")

#: The entity types Newsflow reports.
LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

SOFT_HYPHEN = "\u00ad"

#: A token-level tag: ``O`` or a prefix (B/I/E/S/L/U), a separator and a type.
_TAG_RE = re.compile(r"^(?:O|[BIESLU][-_.]\S+)$")
_PREFIX_RE = re.compile(r"^[a-z]{2,3}:")
_GERMEVAL_TOKEN_RE = re.compile(r"^\d+$")

Span = tuple[int, int, str]
"""An entity mention: token start, token end (exclusive), label."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: its tokens and their raw (unmapped) NER tags."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    doc_id: str | None = None

    def spans(self) -> list[Span]:
        """The outer entity mentions, labels mapped onto PER/ORG/LOC/MISC."""
        return extract_spans(self.tags)


# ---------------------------------------------------------------- reading


def is_tag(value: str) -> bool:
    """True when ``value`` looks like a BIO/BIOES tag (``O``, ``B-PER`` ...)."""
    return _TAG_RE.match(value) is not None


def detect_format(text: str) -> Format:
    """Guess the format of a CoNLL-style file from its first 200 non-blank lines.

    GermEval: a ``#<TAB>`` line, or every line ``integer<TAB>token<TAB>tag...``;
    CoNLL-2003: a ``-DOCSTART-`` line, or lines of three or more columns
    ending in a tag; two columns: ``token TAG`` lines. Raises ``ValueError``
    when no line looks like a token line.
    """
    lines = [line for line in text.splitlines() if line.strip()][:200]
    if any(line.startswith("#\t") for line in lines):
        return "germeval"
    if any(line.startswith("-DOCSTART-") for line in lines):
        return "conll2003"
    token_lines = [line for line in lines if not line.startswith("#")]
    if token_lines and all(
        len(f := line.split("\t")) >= 3 and _GERMEVAL_TOKEN_RE.match(f[0]) and is_tag(f[2].strip())
        for line in token_lines
    ):
        return "germeval"
    for line in token_lines:
        fields = line.split()
        if len(fields) >= 3 and is_tag(fields[-1]):
            return "conll2003"
        if len(fields) == 2 and is_tag(fields[-1]):
            return "two_column"
    raise ValueError("not a CoNLL/GermEval file: no token line with a tag in its first lines")


def parse_conll(text: str, fmt: Format | None = None) -> list[Sentence]:
    """Parse the text of a CoNLL/GermEval file into sentences.

    ``fmt`` is one of ``FORMATS``; ``None`` detects it. Empty sentences are
    dropped. Raises ``ValueError`` for an unknown format or a malformed
    GermEval/CoNLL-2003 line.
    """
    fmt = fmt or detect_format(text)
    if fmt == "germeval":
        return _parse_germeval(text)
    if fmt == "conll2003":
        return _parse_columns(text, min_fields=3)
    if fmt == "two_column":
        return _strip_language_prefix(_parse_columns(text, min_fields=2))
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def read_conll(path: str | Path, fmt: Format | None = None) -> list[Sentence]:
    """Read a CoNLL/GermEval file (UTF-8) into sentences; see ``parse_conll``."""
    return parse_conll(Path(path).read_text(encoding="utf-8"), fmt)


class _SentenceCollector:
    """Collects token/tag lines into sentences; a blank line or a header ends one."""

    def __init__(self) -> None:
        self.sentences: list[Sentence] = []
        self.doc_id: str | None = None
        self._words: list[str] = []
        self._tags: list[str] = []

    def add(self, word: str, tag: str) -> None:
        self._words.append(word)
        self._tags.append(tag)

    def flush(self) -> None:
        if self._words:
            self.sentences.append(Sentence(tuple(self._words), tuple(self._tags), self.doc_id))
        self._words.clear()
        self._tags.clear()


def _parse_germeval(text: str) -> list[Sentence]:
    out = _SentenceCollector()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            out.flush()
            continue
        fields = line.split("\t")
        if fields[0] == "#":
            out.flush()
            out.doc_id = fields[1].strip() if len(fields) > 1 and fields[1].strip() else None
            continue
        if len(fields) < 3 or not _GERMEVAL_TOKEN_RE.match(fields[0]):
            raise ValueError(f"line {lineno}: expected 'index<TAB>token<TAB>tag...', got {line!r}")
        out.add(fields[1].replace(SOFT_HYPHEN, "") or fields[1], fields[2].strip() or "O")
    out.flush()
    return out.sentences


def _parse_columns(text: str, *, min_fields: int) -> list[Sentence]:
    out = _SentenceCollector()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        fields = line.split()
        if not fields:
            out.flush()
            continue
        if fields[0] == "-DOCSTART-":
            out.flush()
            out.doc_id = fields[1].strip("-") if len(fields) > 1 else None
            continue
        if line.startswith("#") and not is_tag(fields[-1]):
            # a comment / page header such as '# file:  F_SBB_...'
            out.flush()
            continue
        if min_fields >= 3:
            if len(fields) < 3 or not is_tag(fields[-1]):
                raise ValueError(f"line {lineno}: expected 'token ... TAG', got {line!r}")
            out.add(fields[0], fields[-1])
            continue
        # two columns; tolerate tokens that contain spaces and lines without a tag
        if len(fields) >= 2 and is_tag(fields[-1]):
            out.add(" ".join(fields[:-1]), fields[-1])
        else:
            out.add(" ".join(fields), "O")
    out.flush()
    return out.sentences


def _strip_language_prefix(sentences: list[Sentence]) -> list[Sentence]:
    """Remove a prefix like ``de:`` when every token of the file carries it."""
    words = [w for s in sentences for w in s.words]
    if not words:
        return sentences
    first = _PREFIX_RE.match(words[0])
    if first is None:
        return sentences
    prefix = first.group(0)
    if not all(w.startswith(prefix) and len(w) > len(prefix) for w in words):
        return sentences
    return [Sentence(tuple(w[len(prefix) :] for w in s.words), s.tags, s.doc_id) for s in sentences]


# ---------------------------------------------------------------- labels and spans


def map_label(entity_type: str) -> str | None:
    """Map a corpus entity type onto PER/ORG/LOC/MISC; ``None`` means O.

    GermEval 2014: PER, ORG, LOC as they are, OTH -> MISC, ``*deriv`` (words
    derived from a name, *deutsche*) -> MISC, ``*part`` (words containing a
    name, *Troia-Ausstellung*) -> O. MobIE: person -> PER, organization and
    organization-company -> ORG, location and location-* -> LOC, every other
    type (date, trigger, org-position ...) -> O. Also accepted: MISC, PERSON,
    GPE. Case is ignored.
    """
    t = entity_type.strip().lower()
    label: str | None = _DIRECT_LABELS.get(t)
    if label is None and t and not t.endswith("part"):
        if t.endswith("deriv"):
            label = "MISC"
        elif t.startswith(("organization", "organisation")):
            label = "ORG"
        elif t.startswith("location"):
            label = "LOC"
    return label


_DIRECT_LABELS: dict[str, str] = {
    "per": "PER",
    "person": "PER",
    "pers": "PER",
    "org": "ORG",
    "loc": "LOC",
    "gpe": "LOC",
    "misc": "MISC",
    "oth": "MISC",
}


def split_tag(tag: str) -> tuple[str, str | None]:
    """Split a tag into its prefix and type: ``B-PER`` -> (``B``, ``PER``),
    ``O`` -> (``O``, None). Accepts ``-``, ``_`` and ``.`` as separators;
    anything that is not a tag counts as ``O``."""
    tag = tag.strip()
    if not is_tag(tag) or tag == "O":
        return "O", None
    return tag[0], tag[2:]


def map_tags(tags: Sequence[str]) -> list[str]:
    """Tags with their types mapped by ``map_label`` (unmapped types become O)."""
    out: list[str] = []
    for tag in tags:
        prefix, etype = split_tag(tag)
        label = map_label(etype) if etype is not None else None
        out.append("O" if label is None else f"{prefix}-{label}")
    return out


def extract_spans(tags: Sequence[str], *, mapped: bool = False) -> list[Span]:
    """The entity mentions in a tag sequence, as (start, end, label).

    ``B-X`` and ``S-X``/``U-X`` start a mention; ``I-X``/``E-X``/``L-X``
    continue a mention of type X and start one when there is none to continue
    (CoNLL convention). Types are mapped by ``map_label`` unless ``mapped``.
    """
    labels = list(tags) if mapped else map_tags(tags)
    spans: list[Span] = []
    start: int | None = None
    current: str | None = None
    for i, tag in enumerate(labels):
        prefix, label = split_tag(tag)
        continues = prefix in {"I", "E", "L"} and label == current and start is not None
        if not continues and start is not None and current is not None:
            spans.append((start, i, current))
            start, current = None, None
        if label is not None and not continues:
            start, current = i, label
        if prefix in {"E", "L", "S", "U"} and start is not None and current is not None:
            spans.append((start, i + 1, current))
            start, current = None, None
    if start is not None and current is not None:
        spans.append((start, len(labels), current))
    return spans


def spans_to_tags(n_tokens: int, spans: Iterable[Span]) -> list[str]:
    """BIO tags for ``n_tokens`` tokens from non-overlapping spans."""
    tags = ["O"] * n_tokens
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= n_tokens:
            raise ValueError(f"span {(start, end, label)} outside 0..{n_tokens}")
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


# ---------------------------------------------------------------- scoring


@dataclass
class Score(Counts):
    """Mention counts, with the number of gold mentions as support."""

    @property
    def support(self) -> int:
        """Number of gold mentions."""
        return self.tp + self.fn

    def as_dict(self) -> dict[str, float | int]:
        return {**super().as_dict(), "support": self.support}


@dataclass
class Evaluation:
    """Mention-level exact-match scores, overall and per type."""

    overall: Score = field(default_factory=Score)
    per_type: dict[str, Score] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": self.overall.as_dict(),
            "per_type": {k: v.as_dict() for k, v in sorted(self.per_type.items())},
        }


def score_spans(gold: Sequence[Iterable[Span]], predicted: Sequence[Iterable[Span]]) -> Evaluation:
    """Score predicted against gold mentions, sentence by sentence.

    A prediction is a true positive only when start, end and label all equal
    a gold mention of the same sentence (exact match). Per-type scores count
    a false positive under the predicted label and a false negative under the
    gold label. Raises ``ValueError`` if the two sequences differ in length.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    evaluation = Evaluation()
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        g = set(gold_spans)
        p = set(pred_spans)
        for span in g | p:
            label = span[2]
            typed = evaluation.per_type.setdefault(label, Score())
            if span in g and span in p:
                typed.tp += 1
                evaluation.overall.tp += 1
            elif span in p:
                typed.fp += 1
                evaluation.overall.fp += 1
            else:
                typed.fn += 1
                evaluation.overall.fn += 1
    return evaluation


def format_report(evaluation: Evaluation, title: str = "NER (mention-level, exact match)") -> str:
    """A plain-text table of the scores."""
    lines = [
        title,
        f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'tp':>7}{'fp':>7}{'fn':>7}",
    ]

    def row(name: str, s: Score) -> str:
        return (
            f"{name:<8}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}"
            f"{s.support:>7}{s.tp:>7}{s.fp:>7}{s.fn:>7}"
        )

    order = [t for t in LABELS if t in evaluation.per_type]
    order += sorted(t for t in evaluation.per_type if t not in LABELS)
    lines.extend(row(t, evaluation.per_type[t]) for t in order)
    lines.append(row("overall", evaluation.overall))
    return "\n".join(lines)


# ---------------------------------------------------------------- prediction


def predict_spans(
    nlp: Language, sentences: Iterable[Sequence[str]], *, batch_size: int = 256
) -> list[list[Span]]:
    """Run a spaCy pipeline over pre-tokenised sentences; return their mentions.

    Each sentence becomes ``Doc(nlp.vocab, words=...)`` and goes through the
    pipeline's components (the tokenizer is skipped), so token indices line up
    with the gold. Predicted labels are mapped by ``map_label``; mentions of
    types it does not know are dropped.
    """
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=list(words)) for words in sentences)
    result: list[list[Span]] = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        spans: list[Span] = []
        for ent in doc.ents:
            label = map_label(ent.label_)
            if label is not None:
                spans.append((ent.start, ent.end, label))
        result.append(spans)
    return result


def extractor_spans(extractor: Extractor, words: Sequence[str], language: str) -> list[Span]:
    """The whole extractor's mentions (model, gazetteers, rules, linking) of one
    pre-tokenised sentence as token spans. The words are joined with spaces; a mention
    counts when it covers whole tokens. A country adjective ('russische') is reported as
    MISC, the CoNLL and GermEval (*deriv) convention; everything else keeps its type."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    pos = 0
    for i, word in enumerate(words):
        starts[pos] = i
        ends[pos + len(word)] = i + 1
        pos += len(word) + 1
    text = " ".join(words)
    linked = extractor.linked(text, language)
    types = {e.id: e.type for e in linked.entities}
    spans: list[Span] = []
    for m in linked.mentions:
        start, end = starts.get(m.start), ends.get(m.end)
        label = "MISC" if m.adjective else types.get(m.key)
        if start is None or end is None or label is None or start >= end:
            continue
        spans.append((start, end, label))
    spans.sort()
    out: list[Span] = []
    for span in spans:  # outer mentions only, as in the gold
        if out and span[0] < out[-1][1]:
            if span[1] - span[0] > out[-1][1] - out[-1][0]:
                out[-1] = span
            continue
        out.append(span)
    return out


def evaluate_file_with_extractor(
    extractor: Extractor, path: str | Path, language: str, fmt: Format | None = None
) -> Evaluation:
    """Score the whole extractor (see ``extractor_spans``) on a CoNLL/GermEval file."""
    sentences = read_conll(path, fmt)
    predicted = [extractor_spans(extractor, s.words, language) for s in sentences]
    return score_spans([s.spans() for s in sentences], predicted)


def evaluate_file(nlp: Language, path: str | Path, fmt: Format | None = None) -> Evaluation:
    """Read a gold file and score ``nlp`` on it; see ``predict_spans``."""
    sentences = read_conll(path, fmt)
    predicted = predict_spans(nlp, [s.words for s in sentences])
    return score_spans([s.spans() for s in sentences], predicted)
