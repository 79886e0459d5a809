"""Linking: canonical entities, person names, acronyms, adjectives, page furniture."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extraction.extractor import Extractor
from pipeline.extraction.ner.base import NerSpan, SpanLabel
from pipeline.extraction.text import furniture_spans
from pipeline.models.enriched import Entity

_extractor = Extractor(backends=[])  # gazetteer and rules only: deterministic


def _entities(body: str, lang: str = "de", extractor: Extractor = _extractor) -> dict[str, Entity]:
    result = extractor.extract(body, language=lang)
    for e in result.entities:
        for m in e.mentions:
            assert body[m.start : m.end] == m.text
        assert e.count == len(e.mentions)
    return {e.name: e for e in result.entities}


def test_surface_forms_become_one_entity() -> None:
    found = _entities("Russland droht. Die Sorgen Russlands wachsen, sagte man in Moskau.")
    assert {m.text for m in found["Russland"].mentions} == {"Russland", "Russlands"}
    assert found["Russland"].id == "Q159"
    assert found["Moskau"].geo is not None


def test_later_surname_joins_the_full_name() -> None:
    found = _entities("Der Landrat Frank Bannertsen lud ein. Später sagte Bannertsen, er bleibe.")
    person = found["Frank Bannertsen"]
    assert person.type == "PER"
    assert [m.text for m in person.mentions] == ["Frank Bannertsen", "Bannertsen"]
    assert person.id.startswith("nf:PER:")


def test_english_given_names_find_people_the_model_misses() -> None:
    found = _entities(
        "On Monday, Jan Egeland, the UN's relief chief, spoke. Egeland said so.", "en"
    )
    assert [m.text for m in found["Jan Egeland"].mentions] == ["Jan Egeland", "Egeland"]
    found = _entities(
        "A court found Hans Reiser Convicted of murder, with Luiz Fernando Furlan.", "en"
    )
    assert {"Hans Reiser", "Luiz Fernando Furlan"} <= set(found)
    # a given name that is an English word, and a place that starts like a name
    found = _entities("The Roman Catholic church in Abu Dhabi Media City.", "en")
    assert not {"Roman Catholic", "Abu Dhabi Media"} & set(found)


def test_acronym_in_brackets_links_to_the_expansion() -> None:
    found = _entities(
        "Ein Bericht des Westdeutschen Senderverbunds (WSV) erschien. Der WSV schweigt."
    )
    (org,) = [e for e in found.values() if e.type == "ORG"]
    assert {m.text for m in org.mentions} == {"Westdeutschen Senderverbunds", "WSV"}


def test_a_party_or_agency_in_brackets_is_no_acronym_of_the_name_before() -> None:
    """'Hans Meier (SPD)' gives a person's party, 'Berlin (AFP)' the news agency: neither
    is another name of the person or the place."""
    found = _entities("Der Abgeordnete Hans Meier (SPD) sagte, die SPD sei dagegen.")
    assert [m.text for m in found["Hans Meier"].mentions] == ["Hans Meier"]
    assert [m.text for m in found["SPD"].mentions] == ["SPD", "SPD"]
    found = _entities("Berlin (AFP) Die Regierung in Berlin tagte.")
    assert [m.text for m in found["Berlin"].mentions] == ["Berlin", "Berlin"]
    found = _entities("Senator John Miller (D-NY) met the press.", "en")
    assert [m.text for m in found["John Miller"].mentions] == ["John Miller"]


def test_adjective_before_a_government_word_is_the_country() -> None:
    found = _entities("Die russische Regierung hatte einen Entwurf vorgelegt.")
    assert "Russland" in found
    assert found["Russland"].mentions[0].text == "russische"
    # without such a word an adjective alone does not create a country
    assert "Frankreich" not in _entities("Das französische Essen war gut.")
    # monarchs govern too
    found = _entities("Blinken met the Saudi crown prince in Riyadh.", "en")
    assert [m.text for m in found["Saudi Arabia"].mentions] == ["Saudi"]
    assert "Saudi-Arabien" in _entities("Der saudische Kronprinz empfing Scholz.")


def test_a_demonym_the_model_takes_for_a_place_is_the_country() -> None:
    """en_core_web_sm tags "Ukrainian" in "Ukrainian officials said" as a place (GPE)."""
    found = _entities("The attack failed, Ukrainian officials said.", "en", Extractor())
    assert "Ukrainian" not in found
    assert [m.text for m in found["Ukraine"].mentions] == ["Ukrainian"]


def test_english_demonyms_and_people_with_the_spacy_backend() -> None:
    extractor = Extractor()
    body = (
        "Jens Stoltenberg said Russian troops must leave. Later Stoltenberg met "
        "officials in Brussels."
    )
    found = _entities(body, "en", extractor)
    assert {m.text for m in found["Jens Stoltenberg"].mentions} == {
        "Jens Stoltenberg",
        "Stoltenberg",
    }
    assert "Russia" in found
    assert "Brussels" in found


def test_page_furniture_is_left_out() -> None:
    body = (
        "Video ansehen 01:07 Blinken und Baerbock warnen Russland\n\n"
        "Anzeige: Reisen nach Paris günstig buchen\n\nDie NATO tagt in Brüssel."
    )
    spans = furniture_spans(body)
    assert body[spans[0][0] : spans[0][1]] == "Video ansehen 01:07"
    found = _entities(body)
    assert "Paris" not in found
    assert {"Antony Blinken", "Annalena Baerbock", "NATO", "Brüssel"} <= set(found)
    assert not [e for e in found.values() if "Video" in e.name]


class _FixedModel:
    """A statistical backend stand-in that tags the given (text, label) pairs, as a model
    that makes exactly these mistakes would."""

    name = "fixed"

    def __init__(self, lang: str, tags: list[tuple[str, SpanLabel]]) -> None:
        self.models = {lang: "fixed"}
        self._tags = tags

    def supports(self, lang: str) -> bool:
        return lang in self.models

    def spans(self, text: str, lang: str) -> list[NerSpan]:
        out = []
        for surface, label in self._tags:
            i = text.index(surface)
            out.append(NerSpan(i, i + len(surface), surface, label, "fixed"))
        return out

    def spans_many(self, texts: Sequence[str], lang: str) -> list[list[NerSpan]]:
        return [self.spans(text, lang) for text in texts]


def _names_with_model(body: str, lang: str, tags: list[tuple[str, SpanLabel]]) -> set[str]:
    extractor = Extractor(backends=[_FixedModel(lang, tags)])
    return {e.name for e in extractor.extract(body, language=lang).entities}


def test_german_nouns_from_the_model_and_nicknames_in_quotes_are_cut() -> None:
    body = "Das Organ tagte. Als Nachfolger wird Josef „Sepp“ Pröll gehandelt."
    names = _names_with_model(body, "de", [("Organ", "ORG"), ("Josef „Sepp", "PER")])
    assert "Organ" not in names
    assert "Josef „Sepp" not in names
    assert not any("„" in n for n in names), names


def test_a_person_cut_before_the_last_name_is_completed() -> None:
    body = "It was owned by President Susilo Bambang Yudhoyono. Angela Merkel Tuesday."
    names = _names_with_model(body, "en", [("Susilo Bambang", "PER"), ("Angela Merkel", "PER")])
    assert "Susilo Bambang Yudhoyono" in names
    assert "Angela Merkel" in names  # a weekday is no surname


def test_dotted_acronyms_find_the_curated_entity() -> None:
    from pipeline.extraction.extractor import Extractor

    body = "The U.N. Security Council and the U.S. government met."
    entities = Extractor(backends=[]).extract(body, language="en").entities
    assert {"UN Security Council", "United States"} <= {e.name for e in entities}


def test_model_spans_are_cleaned_of_titles_open_brackets_and_completed_by_particles() -> None:
    names = _names_with_model(
        "Superintendent Graciano Mijares said the Organisation of Islamic Cooperation (OIC) "
        "and Muammar al-Gaddafi met in Jolo.",
        "en",
        [
            ("Superintendent Graciano Mijares", "PER"),
            ("Organisation of Islamic Cooperation (OIC", "ORG"),
            ("Muammar", "PER"),
        ],
    )
    assert {
        "Graciano Mijares",
        "Organisation of Islamic Cooperation",
        "Muammar al-Gaddafi",
    } <= names
    assert not {n for n in names if "(" in n or n.startswith("Superintendent")}


def test_the_long_name_of_the_islamic_state_is_not_iraq() -> None:
    names = set(_entities("Islamic State of Iraq and the Levant claimed the attack.", "en"))
    assert "Islamic State" in names
    assert "Iraq" not in names


def test_a_model_name_ending_in_a_function_word_is_cut() -> None:
    body = "Presidents Muhammadu Buhari of Nigeria and Patrice Talon of Benin signed it."
    names = _names_with_model(body, "en", [("Patrice Talon of", "ORG")])
    assert "Patrice Talon" in names
    assert "Patrice Talon of" not in names


def test_the_longer_of_two_overlapping_names_wins() -> None:
    # the role rule reads "Giorgos Andrea Papandreou"; the model only "Andrea Papandreou"
    body = (
        "Das Parlament hat Ministerpräsident Giorgos Andrea Papandreou das Vertrauen ausgesprochen."
    )
    names = _names_with_model(body, "de", [("Andrea Papandreou", "PER")])
    assert "Giorgos Andrea Papandreou" in names
    assert "Andrea Papandreou" not in names


def test_a_later_genitive_the_model_took_for_a_name_joins_the_person() -> None:
    body = (
        "Ministerpräsident Giorgos Andrea Papandreou sprach. Die Opposition fordert den "
        "Rücktritt Papandreous."
    )
    extractor = Extractor(backends=[_FixedModel("de", [("Papandreous", "PER")])])
    entities = {e.name: e for e in extractor.extract(body, language="de").entities}
    assert "Papandreous" not in entities
    person = entities["Giorgos Andrea Papandreou"]
    assert [m.text for m in person.mentions] == ["Giorgos Andrea Papandreou", "Papandreous"]


def test_places_named_by_their_kind_and_name() -> None:
    found = _entities(
        "Am Flughafen Brüssel-Zaventem und in der U-Bahn-Station Maelbeek/Maalbeek explodierten "
        "Bomben; der Betrieb des Hauptbahnhofs Köln ruht. Die Maschine flog vom Flugplatz "
        "Freiburg zum Flughafen Karlsruhe/Baden-Baden."
    )
    for name in (
        "Flughafen Brüssel-Zaventem",
        "U-Bahn-Station Maelbeek/Maalbeek",
        "Hauptbahnhof Köln",
        "Flugplatz Freiburg",
        "Flughafen Karlsruhe/Baden-Baden",
    ):
        assert found[name].type == "LOC", name


def test_an_english_possessive_is_no_part_of_the_name() -> None:
    found = _entities(
        "Iran's president met Puerto Rico's governor in St. John's, the People's Republic of "
        "China said.",
        "en",
    )
    assert [m.text for m in found["Iran"].mentions] == ["Iran"]
    assert [m.text for m in found["Puerto Rico"].mentions] == ["Puerto Rico"]
    assert [m.text for m in found["St. John's"].mentions] == ["St. John's"]
    assert [m.text for m in found["China"].mentions] == ["People's Republic of China"]


def test_a_place_named_as_a_town_is_one() -> None:
    found = _entities(
        "Die Luftwaffe griff die Stadt Ras Lanuf an; die Stadt Bonn Bürger schweigen."
    )
    assert found["Ras Lanuf"].type == "LOC"
    assert "Bonn Bürger" not in found


def test_inflected_german_nouns_from_the_model_are_no_names() -> None:
    body = "Das Fahrzeug kam von der Straße ab. Die Besitzer des Fahrzeugs sind unbekannt."
    assert "Fahrzeugs" not in _names_with_model(body, "de", [("Fahrzeugs", "ORG")])


def test_a_hyphenated_korean_given_name_stays_whole() -> None:
    body = "Der Machthaber Kim Jong-il ist tot, sagte Präsident Lee Myung-bak."
    names = _names_with_model(body, "de", [("Kim Jong", "PER"), ("Lee Myung", "PER")])
    assert {"Kim Jong-il", "Lee Myung-bak"} <= names
    body = "The Vladimir Putin-led government met."
    assert "Vladimir Putin" in _names_with_model(body, "en", [("Vladimir Putin", "PER")])


def test_the_town_of_a_dateline_is_a_place() -> None:
    body = "Karatschi (Pakistan), 20.10.2007 – Zwei Explosionen erschütterten die Stadt."
    assert found_type(_entities(body), "Karatschi") == "LOC"
    names = _names_with_model(body, "de", [("Karatschi (Pakistan)", "LOC")])
    assert {"Karatschi", "Pakistan"} <= names  # a town and its country, not one name
    assert "Die Regierung" not in _entities("Die Regierung (Berlin) sagte – nichts.")


def found_type(found: dict[str, Entity], name: str) -> str | None:
    return found[name].type if name in found else None


def test_a_region_named_by_one_or_two_compass_points_is_its_country() -> None:
    from pipeline.extraction.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    for word, country in (("Nordaustralien", "Q408"), ("Nordostsyrien", "Q858")):
        entry = gazetteer.lookup(word, "de")
        assert entry is not None, word
        assert entry.key == country, word
    assert gazetteer.lookup("Norden", "de") is None


def test_german_role_titles_the_model_takes_into_a_name_are_cut() -> None:
    body = "Premierminister Tom Thabane kehrte zurück. Innenminister Hans Wolter schwieg."
    tags: list[tuple[str, SpanLabel]] = [
        ("Premierminister Tom Thabane", "ORG"),
        ("Innenminister Hans Wolter", "PER"),
    ]
    names = _names_with_model(body, "de", tags)
    assert {"Tom Thabane", "Hans Wolter"} <= names
    assert not any("minister" in n for n in names), names


def test_a_name_cut_before_its_last_word_is_completed_before_quotes_and_lower_case() -> None:
    body = "Nach dem Anschlag auf „Charlie Hebdo“ kam es zu Protesten."
    assert "Charlie Hebdo" in _names_with_model(body, "de", [("Charlie", "PER")])
    body = "Der Anschlag auf Charlie Hebdo im Januar."
    assert "Charlie Hebdo" in _names_with_model(body, "de", [("Charlie", "PER")])
    # a German noun does not join: "Merkel Kanzlerin" is no surname
    body = "Dann wurde Angela Merkel Kanzlerin der Bundesrepublik."
    assert "Angela Merkel" in _names_with_model(body, "de", [("Angela Merkel", "PER")])


def test_german_compound_nouns_are_no_names_but_towns_ending_in_nouns_are() -> None:
    from pipeline.extraction.gazetteer import german_noun

    assert german_noun("Angriffen")  # inflected
    assert german_noun("Polizeiangaben", compounds=True)  # a noun head
    assert german_noun("Milliardenhöhe", compounds=True)
    assert not german_noun("Polizeiangaben")  # compounds only when asked
    assert not german_noun("Rosenheim", compounds=True)  # town heads
    assert not german_noun("Neustadt", compounds=True)
    body = "Nach Polizeiangaben kamen 2500 Menschen, bei Angriffen starben zehn in Rosenheim."
    names = _names_with_model(body, "de", [("Polizeiangaben", "LOC")])
    assert not {"Polizeiangaben", "Angriffen"} & names, names
    assert "Rosenheim" in names


def test_a_place_and_a_person_run_together_are_split_and_time_zones_are_no_names() -> None:
    body = "The Mayor of Koszalin Piotr Jedlinski spoke at 13:40 local time (0040 UTC)."
    names = _names_with_model(body, "en", [("Koszalin Piotr Jedlinski", "PER"), ("UTC", "ORG")])
    assert "Piotr Jedlinski" in names
    assert not {"Koszalin Piotr Jedlinski", "UTC"} & names, names
    # one person with two given names stays whole; a role before a name is no entity
    body = "Maria Fernanda Espinosa met German Chancellor Angela Merkel."
    tags: list[tuple[str, SpanLabel]] = [
        ("Maria Fernanda Espinosa", "PER"),
        ("German Chancellor Angela Merkel", "PER"),
    ]
    names = _names_with_model(body, "en", tags)
    assert "Maria Fernanda Espinosa" in names
    assert "Fernanda Espinosa" not in names


def test_word_occurrences_find_what_the_per_word_pattern_found() -> None:
    """Surnames and acronyms are looked for without a pattern per name; the finder must
    give exactly what the pattern gave, on every boundary case."""
    import re

    from pipeline.extraction.text import word_occurrences

    bodies = [
        "Merkel sagte, Merkels Plan sei Merkel-Politik; Angela Merkel, AMerkel, Merkelsche.",
        "Merkel_1 und 1Merkel, -Merkel und Merkel- und (Merkel) »Merkels« Merkelss Merkel",
        "NATO, NATO-Gipfel, der NATO-Rat, NATOs, xNATO, NATO_, NATÖ, „NATO“ NATONATO NATO",
        "Müller Müllers Müllers-Lüdenscheidt Müller\u00e9 Müller’s MüllerMüller Müller",
        "aa aaa aas aass a-a aa-s aa",
        "",
    ]
    words = ["Merkel", "NATO", "Müller", "aa", "a", "s", "Merkels"]
    for body in bodies:
        for word in words:
            for hyphen_after, plural_s in ((False, False), (False, True), (True, False)):
                s = "(?:s)?" if plural_s else ""
                after = r"(?![\w])" if hyphen_after else r"(?![\w-])"
                pattern = rf"(?<![\w-]){re.escape(word)}{s}{after}"
                expected = [m.span() for m in re.finditer(pattern, body)]
                found = list(
                    word_occurrences(body, word, hyphen_after=hyphen_after, plural_s=plural_s)
                )
                assert found == expected, (body, word, hyphen_after, plural_s)
    assert list(word_occurrences("any text", "")) == []


def test_a_compound_ending_in_an_event_noun_is_no_name() -> None:
    """The German model has taken "Militärmanöver" for a person; a name may end in a noun
    ("Bergmann") but not in an event's."""
    from pipeline.extraction.linking import link

    body = "China hält seit Montag Militärmanöver rund um Taiwan ab."
    model = [
        NerSpan(23, 37, "Militärmanöver", "PER", "spacy"),
        NerSpan(46, 52, "Taiwan", "LOC", "spacy"),
    ]
    gazetteer = _extractor._gazetteer
    linked = link(body, "de", gazetteer, _extractor._rules.spans(body, "de"), model, [])
    assert [e.name for e in linked.entities] == ["China", "Taiwan"]
    bergmann = [NerSpan(0, 8, "Bergmann", "PER", "spacy")]
    linked = link("Bergmann sagte nichts.", "de", gazetteer, [], bergmann, [])
    assert [e.name for e in linked.entities] == ["Bergmann"]
