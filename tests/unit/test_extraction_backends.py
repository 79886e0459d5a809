"""Choosing NER backends from the settings."""

from __future__ import annotations


def test_ner_model_off_means_gazetteer_only() -> None:
    """NEWSFLOW_NER_MODEL_<LANG>=off switches the statistical model off for that language."""
    from pipeline.extraction.extractor import Extractor
    from pipeline.extraction.ner.spacy_backend import resolve_model
    from pipeline.settings import Settings

    assert resolve_model("en", "off") is None
    settings = Settings(_env_file=None, ner_model_de="off", ner_model_en="off")  # type: ignore[call-arg]
    assert Extractor.from_settings(settings).name == "newsflow-extractor[gazetteer]"
