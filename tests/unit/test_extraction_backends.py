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


def test_a_named_model_that_is_not_installed_is_an_error_not_a_silent_fallback() -> None:
    """A typo in NEWSFLOW_NER_MODEL_DE must not quietly switch German NER off."""
    import pytest

    from pipeline.errors import ConfigError
    from pipeline.extraction.extractor import Extractor
    from pipeline.settings import Settings

    settings = Settings(_env_file=None, ner_model_de="de_core_news_xx_missing")  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match=r"de_core_news_xx_missing.*NEWSFLOW_NER_MODEL_DE"):
        Extractor.from_settings(settings)


def test_enrich_cli_names_the_missing_model(tmp_path: object) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(
        main,
        ["enrich", "-", "--language", "en"],
        input="The ministers met in London.",
        env={"NEWSFLOW_NER_MODEL_EN": "/nonexistent/model"},
    )
    assert result.exit_code == 1
    assert "/nonexistent/model" in result.output
    assert "Traceback" not in result.output
