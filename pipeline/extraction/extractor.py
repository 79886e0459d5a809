"""The extractor: language, entities and events for one article. Pure: no Kafka,
no Elasticsearch; models are loaded once per process.

This is the contract the enrich agent relies on:
``Extractor().extract(body, title=..., language=..., published_at=...)``
returns an :class:`ExtractionResult` whose offsets index into ``body``.

Pieces: ``language`` (py3langid), ``ner`` backends (gazetteer rules always,
spaCy where a pipeline for the language is installed), ``linking``,
``events`` (``triggers`` + ``dates``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from datetime import datetime

from pipeline import __version__
from pipeline.errors import ConfigError
from pipeline.extraction.events import extract_events
from pipeline.extraction.gazetteer import Gazetteer, default_gazetteer
from pipeline.extraction.language import detect_language
from pipeline.extraction.linking import Linked, link
from pipeline.extraction.ner.base import NerBackend, NerSpan
from pipeline.extraction.ner.gazetteer_backend import GazetteerBackend
from pipeline.extraction.text import furniture_spans, sentences
from pipeline.models.enriched import DetectedLanguage, Entity, Event, ExtractorInfo
from pipeline.settings import Settings

SUPPORTED = ("de", "en")


@dataclasses.dataclass(frozen=True)
class ExtractionResult:
    language: DetectedLanguage
    entities: list[Entity]
    events: list[Event]
    timings_ms: dict[str, float]


def default_backends(models: dict[str, str] | None = None) -> list[NerBackend]:
    """Every statistical backend that is installed (spaCy pipelines), best first;
    ``models`` names a spaCy package or path per language instead of the best
    installed one."""
    backends: list[NerBackend] = []
    try:
        from pipeline.extraction.ner.spacy_backend import SpacyBackend
    except ImportError:  # spaCy not installed: gazetteer only, unless a model was asked for
        named = {lang: m for lang, m in (models or {}).items() if m and m != "off"}
        if named:
            raise ConfigError(
                f"NER models {named} are configured but spaCy is not installed; install "
                "it (`pip install spacy`) or set NEWSFLOW_NER_MODEL_* to 'off'"
            ) from None
        return backends
    spacy_backend = SpacyBackend(models)
    if spacy_backend.models:
        backends.append(spacy_backend)
    return backends


class Extractor:
    """Language identification, entities with linking, and events."""

    name = "newsflow-extractor"
    version = __version__

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        backends: Sequence[NerBackend] | None = None,
    ) -> None:
        self._gazetteer = gazetteer or default_gazetteer()
        self._rules = GazetteerBackend(self._gazetteer)
        self._backends = list(default_backends() if backends is None else backends)
        models = []
        for backend in self._backends:
            for lang, model in getattr(backend, "models", {}).items():
                models.append(f"{lang}={model.rsplit('/', 1)[-1]}")
        self.name = f"newsflow-extractor[{','.join(['gazetteer', *models])}]"

    @classmethod
    def from_settings(cls, settings: Settings) -> Extractor:
        """The extractor with the NER models the settings name (if any)."""
        models = {
            lang: name
            for lang, name in (("de", settings.ner_model_de), ("en", settings.ner_model_en))
            if name
        }
        return cls(backends=default_backends(models or None))

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name=self.name, version=self.version)

    def backend_for(self, lang: str) -> NerBackend | None:
        return next((b for b in self._backends if b.supports(lang)), None)

    def detect(self, body: str, title: str | None, language: str | None) -> DetectedLanguage:
        """The feeder's language when it gives one (it wins anyway, so the model is not
        asked: that saves a seventh of the work per article), else the model's."""
        if language:
            return DetectedLanguage(code=language, confidence=1.0, source="given")
        code, confidence = detect_language(f"{title or ''}\n{body}")
        return DetectedLanguage(code=code, confidence=confidence, source="detected")

    def extract(
        self,
        body: str,
        *,
        title: str | None = None,
        language: str | None = None,
        published_at: datetime | None = None,
    ) -> ExtractionResult:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        detected = self.detect(body, title, language)
        lang = detected.code if detected.code in SUPPORTED else "en"
        t1 = time.perf_counter()
        timings["language"] = round((t1 - t0) * 1000, 3)

        model_spans = self._model_spans(body, lang)
        t2 = time.perf_counter()
        timings["ner_model"] = round((t2 - t1) * 1000, 3)

        entities, events = self._rest(
            body, lang, detected.code in SUPPORTED, model_spans, published_at, timings
        )
        return ExtractionResult(detected, entities, events, timings)

    def extract_many(
        self, bodies: Sequence[str], *, language: str, published_at: datetime | None = None
    ) -> list[ExtractionResult]:
        """Many bodies of one known language, NER batched (``nlp.pipe``); for benchmarks."""
        detected = DetectedLanguage(code=language, confidence=1.0, source="given")
        backend = self.backend_for(language)
        all_spans = (
            backend.spans_many(bodies, language) if backend is not None else [[] for _ in bodies]
        )
        out = []
        for body, spans in zip(bodies, all_spans, strict=True):
            timings: dict[str, float] = {}
            entities, events = self._rest(body, language, True, spans, published_at, timings)
            out.append(ExtractionResult(detected, entities, events, timings))
        return out

    def linked(self, body: str, language: str) -> Linked:
        """Entities and every linked mention of ``body`` in a known language (model,
        gazetteers and rules together); what mention-level NER scoring needs."""
        model_spans = self._model_spans(body, language)
        return self._link(body, language, model_spans, furniture_spans(body))

    def _model_spans(self, body: str, lang: str) -> list[NerSpan]:
        backend = self.backend_for(lang)
        return backend.spans(body, lang) if backend is not None else []

    def _link(
        self, body: str, lang: str, model_spans: list[NerSpan], excluded: list[tuple[int, int]]
    ) -> Linked:
        gaz_spans = self._rules.spans(body, lang)
        return link(body, lang, self._gazetteer, gaz_spans, model_spans, excluded)

    def _rest(
        self,
        body: str,
        lang: str,
        with_events: bool,
        model_spans: list[NerSpan],
        published_at: datetime | None,
        timings: dict[str, float],
    ) -> tuple[list[Entity], list[Event]]:
        t0 = time.perf_counter()
        excluded = furniture_spans(body)
        linked = self._link(body, lang, model_spans, excluded)
        t1 = time.perf_counter()
        timings["entities"] = round((t1 - t0) * 1000, 3)
        events: list[Event] = []
        if with_events:
            published = published_at.date() if published_at is not None else None
            events = extract_events(body, lang, sentences(body), linked, published, excluded)
        timings["events"] = round((time.perf_counter() - t1) * 1000, 3)
        return linked.entities, events
