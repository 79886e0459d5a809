"""Reading CoNLL/GermEval files, label mapping, span extraction, scoring, and
the shipped German NER model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.extraction.conll import (
    Evaluation,
    Sentence,
    detect_format,
    extract_spans,
    format_report,
    map_label,
    map_tags,
    parse_conll,
    predict_spans,
    read_conll,
    score_spans,
    spans_to_tags,
)

MODEL_DIR = Path(__file__).resolve().parents[2] / "pipeline" / "extraction" / "models"
DE_MODEL = MODEL_DIR / "de_newsflow_ner"

GERMEVAL = (
    "#\thttp://example.org/a\t[2024-01-02]\n"
    "1\tDie\tO\tO\n"
    "2\tBundes\u00adregierung\tB-ORG\tO\n"
    "3\tin\tO\tO\n"
    "4\tBerlin\tB-LOC\tO\n"
    "5\tlobt\tO\tO\n"
    "6\tdeutsche\tB-LOCderiv\tO\n"
    "7\tBerlin-Fans\tB-LOCpart\tO\n"
    "8\t.\tO\tO\n"
    "\n"
    "#\thttp://example.org/b\t[2024-01-03]\n"
    "1\tDer\tO\tO\n"
    "2\tFilm\tO\tO\n"
    "3\tDas\tB-OTH\tO\n"
    "4\tBoot\tI-OTH\tO\n"
    "5\tvon\tO\tO\n"
    "6\tWolfgang\tB-PER\tO\n"
    "7\tPetersen\tI-PER\tO\n"
    "\n"
)

CONLL2003 = (
    "-DOCSTART- -123- O O\n"
    "\n"
    "Stau\tNN\tI-NN\tB-trigger\n"
    "auf\tAPPR\tI-AP\tO\n"
    "der\tART\tI-AR\tO\n"
    "A9\tNE\tI-NE\tB-location-route\n"
    "bei\tAPPR\tI-AP\tO\n"
    "München\tNE\tI-NE\tB-location-city\n"
    "\n"
    "-DOCSTART- -456- O O\n"
    "\n"
    "#DeutscheBahn NE I-NE B-organization-company\n"
    "meldet VVFIN I-VV O\n"
    "um APPR I-AP O\n"
    "8:15 CARD I-CA B-time\n"
    "Hans NE I-NE B-person\n"
    "Meier NE I-NE I-person\n"
)

TWO_COLUMN = (
    "# file:\t\tF_SBB_0001\n"
    "# sbb url:\thttp://example.org/page\n"
    "Kaiser O\n"
    "Wilhelm B-PER\n"
    "reiste I-PER\n"
    "nach O\n"
    "# O\n"
    "Wien I-LOC\n"
    "# file:\t\tF_SBB_0002\n"
    "Deutsche Bank B-ORG\n"
)

WIKIANN = "de:Angela\tB-PER\nde:Merkel\tI-PER\n\nde:in\tO\nde:Bonn\tB-LOC\n"


def test_detects_the_three_formats() -> None:
    assert detect_format(GERMEVAL) == "germeval"
    assert detect_format(CONLL2003) == "conll2003"
    assert detect_format(TWO_COLUMN) == "two_column"
    assert detect_format(WIKIANN) == "two_column"


def test_detect_rejects_text_without_tags() -> None:
    with pytest.raises(ValueError, match="not a CoNLL"):
        detect_format("just some words\nand more words here\n")


def test_parses_germeval_outer_column_and_strips_soft_hyphens() -> None:
    sentences = parse_conll(GERMEVAL)
    assert len(sentences) == 2
    first = sentences[0]
    assert first.doc_id == "http://example.org/a"
    assert first.words[1] == "Bundesregierung"
    assert first.tags == ("O", "B-ORG", "O", "B-LOC", "O", "B-LOCderiv", "B-LOCpart", "O")
    assert first.spans() == [(1, 2, "ORG"), (3, 4, "LOC"), (5, 6, "MISC")]
    assert sentences[1].spans() == [(2, 4, "MISC"), (5, 7, "PER")]


def test_parses_conll2003_with_documents() -> None:
    sentences = parse_conll(CONLL2003)
    assert [s.doc_id for s in sentences] == ["123", "456"]
    assert sentences[0].words == ("Stau", "auf", "der", "A9", "bei", "München")
    # trigger -> O, location-route and location-city -> LOC
    assert sentences[0].spans() == [(3, 4, "LOC"), (5, 6, "LOC")]
    # a token starting with '#' is a token, not a comment; time -> O
    assert sentences[1].words[0] == "#DeutscheBahn"
    assert sentences[1].spans() == [(0, 1, "ORG"), (4, 6, "PER")]


def test_parses_two_columns_with_page_headers_and_hash_tokens() -> None:
    sentences = parse_conll(TWO_COLUMN)
    assert len(sentences) == 2  # the second '# file:' header breaks the text
    assert sentences[0].words == ("Kaiser", "Wilhelm", "reiste", "nach", "#", "Wien")
    # I-X after O or another type starts a new mention (CoNLL convention)
    assert sentences[0].spans() == [(1, 3, "PER"), (5, 6, "LOC")]
    assert sentences[1].words == ("Deutsche Bank",)
    assert sentences[1].spans() == [(0, 1, "ORG")]


def test_strips_a_language_prefix_shared_by_all_tokens() -> None:
    sentences = parse_conll(WIKIANN)
    assert sentences[0].words == ("Angela", "Merkel")
    assert sentences[1].spans() == [(1, 2, "LOC")]


def test_read_conll_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text(GERMEVAL, encoding="utf-8")
    assert read_conll(path) == parse_conll(GERMEVAL)
    assert read_conll(path, "germeval")[1].words[-1] == "Petersen"


def test_malformed_conll2003_line_is_reported_with_its_number() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse_conll("-DOCSTART- -1- O O\nonly two\n", "conll2003")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PER", "PER"),
        ("ORG", "ORG"),
        ("LOC", "LOC"),
        ("OTH", "MISC"),
        ("MISC", "MISC"),
        ("LOCderiv", "MISC"),
        ("PERderiv", "MISC"),
        ("OTHderiv", "MISC"),
        ("LOCpart", None),
        ("ORGpart", None),
        ("person", "PER"),
        ("organization", "ORG"),
        ("organization-company", "ORG"),
        ("location", "LOC"),
        ("location-stop", "LOC"),
        ("location-street", "LOC"),
        ("org-position", None),
        ("date", None),
        ("trigger", None),
        ("PEr", "PER"),
    ],
)
def test_map_label(raw: str, expected: str | None) -> None:
    assert map_label(raw) == expected


def test_map_tags_keeps_prefixes_and_drops_unknown_types() -> None:
    assert map_tags(["B-OTH", "I-OTH", "B-ORGpart", "I_ORG", "B-date", "O", "junk"]) == [
        "B-MISC",
        "I-MISC",
        "O",
        "I-ORG",
        "O",
        "O",
        "O",
    ]


def test_extract_spans_conll_conventions() -> None:
    tags = ["B-PER", "I-PER", "B-PER", "I-LOC", "O", "I-ORG", "I-ORG", "B-LOC"]
    assert extract_spans(tags) == [
        (0, 2, "PER"),
        (2, 3, "PER"),  # B after the same type starts a new mention
        (3, 4, "LOC"),  # I of another type starts a new mention
        (5, 7, "ORG"),  # I after O starts a mention
        (7, 8, "LOC"),  # a mention at the end is closed
    ]


def test_extract_spans_bioes() -> None:
    assert extract_spans(["S-PER", "B-LOC", "E-LOC", "O"]) == [(0, 1, "PER"), (1, 3, "LOC")]


def test_spans_to_tags_round_trip() -> None:
    spans = [(0, 2, "PER"), (3, 4, "LOC")]
    tags = spans_to_tags(5, spans)
    assert tags == ["B-PER", "I-PER", "O", "B-LOC", "O"]
    assert extract_spans(tags) == spans
    with pytest.raises(ValueError, match="outside"):
        spans_to_tags(2, [(1, 3, "PER")])


def test_perfect_prediction_scores_one() -> None:
    gold = [s.spans() for s in parse_conll(GERMEVAL)]
    evaluation = score_spans(gold, gold)
    assert evaluation.overall.precision == 1.0
    assert evaluation.overall.recall == 1.0
    assert evaluation.overall.f1 == 1.0
    assert set(evaluation.per_type) == {"ORG", "LOC", "MISC", "PER"}
    assert all(s.f1 == 1.0 for s in evaluation.per_type.values())


def test_partial_prediction_scores_by_hand() -> None:
    gold = [
        [(0, 2, "PER"), (3, 4, "LOC"), (5, 6, "ORG")],
        [(1, 2, "LOC")],
    ]
    predicted = [
        # right PER; LOC with the wrong type (counts as fp MISC and fn LOC);
        # ORG with the wrong boundary (fp ORG and fn ORG)
        [(0, 2, "PER"), (3, 4, "MISC"), (5, 7, "ORG")],
        # right LOC plus a spurious PER
        [(1, 2, "LOC"), (4, 5, "PER")],
    ]
    evaluation = score_spans(gold, predicted)
    # tp = 2 (PER, LOC in sentence 2), fp = 3 (MISC, ORG 5-7, PER 4-5), fn = 2 (LOC 3-4, ORG 5-6)
    overall = evaluation.overall
    assert (overall.tp, overall.fp, overall.fn) == (2, 3, 2)
    assert overall.precision == pytest.approx(2 / 5)
    assert overall.recall == pytest.approx(2 / 4)
    assert overall.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)  # 4/9
    per = evaluation.per_type
    assert (per["PER"].tp, per["PER"].fp, per["PER"].fn) == (1, 1, 0)
    assert per["PER"].precision == pytest.approx(0.5)
    assert per["PER"].recall == pytest.approx(1.0)
    assert per["PER"].f1 == pytest.approx(2 / 3)
    assert (per["LOC"].tp, per["LOC"].fp, per["LOC"].fn) == (1, 0, 1)
    assert per["LOC"].f1 == pytest.approx(2 / 3)
    assert (per["ORG"].tp, per["ORG"].fp, per["ORG"].fn) == (0, 1, 1)
    assert per["ORG"].f1 == 0.0
    assert (per["MISC"].tp, per["MISC"].fp, per["MISC"].fn) == (0, 1, 0)
    assert per["MISC"].precision == 0.0
    report = format_report(evaluation)
    assert "overall" in report
    assert "0.4444" in report


def test_scoring_edge_cases() -> None:
    empty = score_spans([[], []], [[], []])
    assert isinstance(empty, Evaluation)
    assert (empty.overall.precision, empty.overall.recall, empty.overall.f1) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="2 gold sentences but 1 predicted"):
        score_spans([[], []], [[]])


def test_sentence_is_hashable_value() -> None:
    a = Sentence(("Berlin",), ("B-LOC",))
    assert a == Sentence(("Berlin",), ("B-LOC",))
    assert a.spans() == [(0, 1, "LOC")]


@pytest.fixture(scope="module")
def de_nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    if not (DE_MODEL / "meta.json").is_file():
        pytest.fail(f"the shipped model is missing: {DE_MODEL}")
    return spacy.load(DE_MODEL)


def test_shipped_model_finds_people_and_places(de_nlp: Any) -> None:
    doc = de_nlp("Am Montag traf Angela Merkel in Berlin den Bürgermeister von Hamburg.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Angela Merkel", "PER") in ents
    assert ("Berlin", "LOC") in ents
    assert set(de_nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}


def test_predict_spans_keeps_gold_tokens(de_nlp: Any) -> None:
    words = ["Gestern", "sprach", "Angela", "Merkel", "in", "Berlin", "."]
    [spans] = predict_spans(de_nlp, [words])
    assert (2, 4, "PER") in spans
    assert (5, 6, "LOC") in spans
    assert predict_spans(de_nlp, []) == []


def test_whole_extractor_mentions_as_token_spans() -> None:
    """The extractor's mentions line up with the gold tokens; adjectives count as MISC."""
    from pipeline.extraction.conll import extractor_spans
    from pipeline.extraction.extractor import Extractor

    words = [
        "Die",
        "russische",
        "Regierung",
        "und",
        "die",
        "NATO",
        "trafen",
        "sich",
        "in",
        "Brüssel",
        ".",
    ]
    spans = extractor_spans(Extractor(backends=[]), words, "de")
    assert (1, 2, "MISC") in spans  # russische
    assert (5, 6, "ORG") in spans  # NATO
    assert (9, 10, "LOC") in spans  # Brüssel
