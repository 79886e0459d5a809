"""Text helpers on hostile input: what scraped pages, lists and tickers send."""

from __future__ import annotations

from pipeline.extraction.extractor import Extractor
from pipeline.extraction.gazetteer import default_gazetteer
from pipeline.extraction.text import LONGEST_SENTENCE, sentences

_extractor = Extractor(backends=[])


def test_a_line_without_full_stops_is_cut_into_bounded_sentences() -> None:
    body = "Intro. " + "Merkel traf Putin in Moskau und " * 200 + "ging."
    found = sentences(body)
    assert len(found) > 6
    assert max(len(s.text) for s in found) <= LONGEST_SENTENCE
    assert all(body[s.start : s.end] == s.text for s in found)
    # nothing is lost: the sentences cover every word of the body, in order
    assert " ".join(s.text for s in found).split() == body.split()
    short = "Merkel traf Putin. Er reiste ab."
    assert [s.text for s in sentences(short)] == ["Merkel traf Putin.", "Er reiste ab."]


def test_ordinals_in_a_long_line_still_do_not_end_sentences() -> None:
    body = "Die Termine: " + "am 3. Mai 2020, " * 30 + "und am 4. Juni. Danach nicht mehr."
    found = sentences(body)
    assert [s.text for s in found][-1] == "Danach nicht mehr."
    assert all(not s.text.endswith(" 3.") for s in found)


def test_a_known_name_opens_a_long_hyphenated_run() -> None:
    hits = default_gazetteer().find("Der " + "NATO-" * 2_000 + "Gipfel tagte.", "de")
    assert hits
    assert (hits[0].entry.name_de, hits[0].text) == ("NATO", "NATO")


def test_hostile_shapes_give_entities_and_events_offsets_into_the_body() -> None:
    shapes = [
        " " * 5_000 + "Merkel (CDU) traf Putin in Moskau.",
        "Russland griff am Montag die Ukraine an und " * 100,
        "Die Organisation für Sicherheit und Zusammenarbeit in Europa (OSZE) " * 50,
    ]
    for body in shapes:
        result = _extractor.extract(body, language="de")
        for entity in result.entities:
            assert all(body[m.start : m.end] == m.text for m in entity.mentions)
        for event in result.events:
            assert body[event.trigger.start : event.trigger.end] == event.trigger.text
    names = {e.name for e in _extractor.extract(shapes[0], language="de").entities}
    assert {"Angela Merkel", "CDU", "Wladimir Putin", "Moskau"} <= names
