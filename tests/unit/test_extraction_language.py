"""Language identification (py3langid, offline)."""

from __future__ import annotations

from pipeline.extraction.extractor import Extractor
from pipeline.extraction.language import detect_language


def test_detects_german_and_english() -> None:
    de, p_de = detect_language("Die Außenminister der NATO haben am Freitag in Brüssel beraten.")
    en, p_en = detect_language("The foreign ministers met in Brussels on Friday to prepare talks.")
    assert (de, en) == ("de", "en")
    assert p_de > 0.9
    assert p_en > 0.9


def test_no_letters_is_undetermined() -> None:
    assert detect_language("12 34 !!")[0] == "und"


def test_given_language_wins_over_the_model() -> None:
    extractor = Extractor(backends=[])
    detected = extractor.detect("The talks in Geneva went on for hours.", None, "de")
    assert (detected.code, detected.source) == ("de", "given")
    detected = extractor.detect("The talks in Geneva went on for hours and hours.", None, None)
    assert (detected.code, detected.source) == ("en", "detected")
