"""The gazetteer: curated lists, countries, places, cities; German inflection."""

from __future__ import annotations

from pipeline.extraction.gazetteer import default_gazetteer


def _names(text: str, lang: str) -> list[tuple[str, str]]:
    return [(h.entry.canonical(lang), h.text) for h in default_gazetteer().find(text, lang)]


def test_german_inflection_maps_to_the_base_form() -> None:
    found = _names(
        "Die Sorgen Russlands und die Sitzung des NATO-Russland-Rates der Europäischen Union.", "de"
    )
    assert ("Russland", "Russlands") in found
    assert ("NATO-Russland-Rat", "NATO-Russland-Rates") in found
    assert ("Europäische Union", "Europäischen Union") in found


def test_acronym_and_expansion_are_one_entity() -> None:
    gaz = default_gazetteer()
    a = gaz.lookup("OSZE", "de")
    b = gaz.lookup("Organisation für Sicherheit und Zusammenarbeit in Europa", "de")
    assert a is not None
    assert a is b
    assert a.wikidata == "Q81299"


def test_short_acronyms_need_capitals() -> None:
    assert _names("Who said so? The WHO did.", "en") == [("World Health Organization", "WHO")]


def test_forms_are_scoped_by_language() -> None:
    assert ("Island", "Island") in _names("Island und Norwegen", "de")
    assert not [n for n in _names("Island of Rhodes", "en") if n[1] == "Island"]


def test_hyphen_compound_prefix_is_a_mention() -> None:
    found = _names("Die EU-Außenminister und die US-Regierung", "de")
    assert ("Europäische Union", "EU") in found
    assert ("Vereinigte Staaten", "US") in found


def test_countries_cities_and_places() -> None:
    found = dict(_names("Genf, Kiew, Wien, Kasachstan und die Halbinsel Krim", "de"))
    assert found == {
        "Genf": "Genf",
        "Kiew": "Kiew",
        "Wien": "Wien",
        "Kasachstan": "Kasachstan",
        "Krim": "Halbinsel Krim",
    }
    geneva = default_gazetteer().lookup("Geneva", "en")
    assert geneva is not None
    assert geneva.lat is not None
    assert geneva.canonical("de") == "Genf"


def test_common_words_are_not_cities() -> None:
    assert _names("Zum letzten Male: Essen und Halle.", "de") == []


def test_german_adjectives_of_names_inflect_in_every_gender() -> None:
    gazetteer = default_gazetteer()
    for text, name in (
        ("des Europäischen Parlaments", "Europäisches Parlament"),
        ("des Roten Kreuzes", "Rotes Kreuz"),
        ("beim Internationalen Währungsfonds", "Internationaler Währungsfonds"),
        ("des Auswärtigen Amts", "Auswärtiges Amt"),
        ("der Europäischen Union", "Europäische Union"),
    ):
        hits = gazetteer.find(text, "de")
        assert [h.entry.name_de for h in hits] == [name], text
    # a person's given name is no adjective: "Peter Müller" gives no "Pete Müller"
    from pipeline.extraction.gazetteer import Gazetteer, GazetteerEntry

    small = Gazetteer()
    small.add(
        "Peter Testmann",
        GazetteerEntry("nf:PER:x", "Peter Testmann", "Peter Testmann", "PER", None),
    )
    assert small.find("Pete Testmann kam.", "de") == []
