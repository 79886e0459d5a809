"""Trigger lexicons (German and English)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extraction.triggers import find_triggers, lexicon


def _types(text: str, lang: str) -> list[tuple[str, str | None, str]]:
    return [(h.type, h.cameo_root, h.text) for h in find_triggers(text, lang)]


def test_german_separable_verbs_mark_the_verb() -> None:
    assert _types("Die Minister wiesen diese Forderungen geschlossen zurück.", "de") == [
        ("reject", "12", "wiesen")
    ]
    assert ("demand", "10", "forderte") in _types("Er forderte Russland auf, abzuziehen.", "de")


def test_german_case_separates_nouns_from_verbs() -> None:
    assert _types("in den nächsten Tagen", "de") == []
    assert _types("Die Kommission wird tagen.", "de") == [("meeting", "04", "tagen")]
    assert _types("Das Treffen in Wien", "de") == [("meeting", "04", "Treffen")]


def test_english_triggers() -> None:
    assert _types("Police arrested 40 protesters.", "en") == [
        ("arrest", "17", "arrested"),
        ("protest", "14", "protesters"),
    ]
    assert _types("On March 3 they met.", "en") == [("meeting", "04", "met")]
    assert _types("Thousands march in Riga.", "en") == [("protest", "14", "march")]


def test_every_type_has_a_cameo_root_or_none() -> None:
    for lang in ("de", "en"):
        rules = lexicon(lang)
        assert len({r.type for r in rules}) >= 30
        for rule in rules:
            assert rule.cameo_root is None or (
                len(rule.cameo_root) == 2 and rule.cameo_root.isdigit()
            )


def test_fire_is_an_accident_but_not_gunfire_a_fire_chief_or_criticism() -> None:
    def types(text: str) -> list[tuple[str, str]]:
        return [(h.type, h.text) for h in find_triggers(text, "en")]

    assert types("A huge fire at a plastics plant forced residents to flee.") == [
        ("accident", "fire")
    ]
    assert ("accident", "fire") not in types("Gunmen opened fire on the crowd.")
    assert types("The minister came under fire from critics.") == []
    assert types("Fire chief Dave Fields spoke to reporters.") == []
    assert types("firefighters were fighting the blaze") == [("accident", "blaze")]


def test_more_english_and_german_triggers() -> None:
    def types(text: str, lang: str) -> list[str]:
        return [h.type for h in find_triggers(text, lang)]

    assert types("A suicide bomber struck the market.", "en")[:1] == ["attack"]
    assert types("Police raided the house.", "en") == ["arrest"]
    assert types("Obama took office on Tuesday.", "en") == ["appointment"]
    assert types("The government collapsed.", "en") == []
    assert types("Das Gebäude ist eingestürzt.", "de") == ["accident"]
    assert types("Er trat sein Amt als Kanzler am Montag an.", "de") == ["appointment"]
    assert "protest" in types("Tausende Demonstranten gingen auf die Straße.", "de")


def test_the_dispatch_by_first_characters_misses_no_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rule is tried only at words that start with characters its pattern can start
    with; on the seed and gold texts that finds exactly what trying every rule at every
    word finds."""
    from pipeline.extraction import triggers
    from pipeline.extraction.speed import seed_texts
    from pipeline.extraction.text import sentences

    gold = Path(__file__).resolve().parents[1] / "gold" / "wikinews"
    texts = {
        lang: [
            s.text
            for b in [
                *seed_texts(lang),
                *(
                    json.loads(f.read_text("utf-8"))["article"]["body"]
                    for f in gold.glob(f"*/{lang}-*.json")
                ),
            ]
            for s in sentences(b)
        ]
        for lang in ("de", "en")
    }
    dispatched = {lang: [find_triggers(t, lang) for t in texts[lang]] for lang in texts}
    assert len(triggers._dispatch("de").by_three) > 100  # the rules split by three letters
    monkeypatch.setattr(triggers, "_prefixes", lambda regex, flags, n=2: None)
    every_rule = {lang: triggers._dispatch.__wrapped__(lang) for lang in texts}
    assert every_rule["de"].by_three == {}  # no dispatch: every rule at every word
    assert every_rule["de"].by_two == {}
    monkeypatch.setattr(triggers, "_dispatch", lambda lang: every_rule[lang])
    for lang, sents in texts.items():
        assert sum(map(len, dispatched[lang])) > 50
        assert [find_triggers(t, lang) for t in sents] == dispatched[lang]


def test_german_compounds_end_in_their_trigger_noun() -> None:
    assert _types("Die EU droht mit einem Fischimportverbot.", "de") == [
        ("threaten", "13", "droht"),
        ("sanction", "16", "Fischimportverbot"),
    ]
    assert _types("Nach dem Raketenbeschuss der Stadt", "de") == [
        ("military_attack", "19", "Raketenbeschuss")
    ]
    assert _types("Die Vorstandssitzung am Montag", "de") == [("meeting", "04", "Vorstandssitzung")]
    # a head that makes another word, a visit to the cinema, a noun too short to be a compound
    assert _types("Die Auswahl war groß, der Kinobesuch teuer.", "de") == []
    assert _types("Die Wahl", "de") == [("election", None, "Wahl")]
    # English has no such compounds
    assert _types("The Fischimportverbot", "en") == []


def test_more_trigger_words() -> None:
    assert _types("He was shot in the head.", "en") == [("attack", "18", "shot")]
    assert _types("Russia sent 300 troops to Syria.", "en") == [
        ("military_deployment", "15", "sent 300 troops")
    ]
    assert _types("Hamas fired two rockets at Israel.", "en")[0][:2] == ("military_attack", "19")
    assert _types("Trump slammed the decision.", "en") == [("criticize", "11", "slammed")]
    assert _types("Sie feuerten Raketen auf die Stadt.", "de") == [
        ("military_attack", "19", "feuerten")
    ]
    assert _types("Merkel traf am Montag in Paris ein.", "de") == [("visit", "04", "traf")]
    assert _types("Er erschoss zwei Polizisten.", "de") == [("attack", "18", "erschoss")]


def test_more_german_trigger_words() -> None:
    assert _types("Die Armee schickte 300 Soldaten nach Mali.", "de") == [
        ("military_deployment", "15", "schickte")
    ]
    assert _types("Die NATO prangerte die Lage an.", "de") == [("criticize", "11", "prangerte")]
    assert _types("Ein Haftbefehl wurde erlassen.", "de") == [("arrest", "17", "Haftbefehl")]
    assert _types("Das Boot kenterte vor Lampedusa.", "de") == [("accident", None, "kenterte")]
    assert _types("Bei Kämpfen starben 20 Menschen.", "de") == [
        ("military_attack", "19", "Kämpfen")
    ]


def test_criticism_told_as_a_judgement() -> None:
    assert ("criticize", "11", "called") in _types(
        "The minister called the decision unacceptable.", "en"
    )
    assert [t for t, _, _ in _types("She called her mother on Sunday.", "en")] == []
    assert ("criticize", "11", "deplored") in _types("France deplored the shelling.", "en")
    assert ("criticize", "11", "bezeichnete") in _types(
        "Der Minister bezeichnete den Angriff als völkerrechtswidrig.", "de"
    )
    assert ("criticize", "11", "zeigte sich empört") in _types(
        "Die Regierung zeigte sich empört über die Festnahme.", "de"
    )


def test_leaving_office_is_no_dismissal_of_claims() -> None:
    assert _types("The ministry dismissed the claims.", "en") == [("reject", "12", "dismissed")]
    assert ("resignation", None, "left office") in _types("He left office in May.", "en")
    assert ("appointment", None, "replaced by") not in _types("He was replaced by her.", "en")
    assert ("appointment", None, "was replaced by") in _types("He was replaced by her.", "en")


def test_an_election_that_made_someone_or_may_be_is_no_event() -> None:
    from pipeline.extraction.extractor import Extractor

    extractor = Extractor(backends=[])

    def types(body: str) -> list[str]:
        return [e.type for e in extractor.extract(body, language="en").events]

    assert "election" not in types("Despite the mandate of Puerto Rico's people who elected me.")
    assert "election" not in types("Thailand said it was inappropriate for royals to be elected.")
    assert "election" in types("The people of Thailand elected a new parliament on Sunday.")


def test_derailments_alerts_conquests_and_a_sign_that_is_a_thing() -> None:
    assert _types("Zwölf Waggons entgleisten.", "de") == [("accident", None, "entgleisten")]
    assert ("military_deployment", "15", "in Alarmbereitschaft") in _types(
        "Südkorea versetzte seine Armee in Alarmbereitschaft.", "de"
    )
    assert ("military_deployment", "15", "on high alert") in _types(
        "The army was put on high alert.", "en"
    )
    assert ("military_attack", "19", "recaptured") in _types(
        "The town was recaptured from the rebels in 2017.", "en"
    )
    assert _types("a large lighted sign with the number 75 on it", "en") == []
    assert _types("They will sign the treaty.", "en")[0][:2] == ("agreement", "05")


def test_jailing_and_blame_for_an_attack() -> None:
    assert ("arrest", "17", "jailed") in _types("Dissidents were jailed last year.", "en")
    assert ("criticize", "11", "attributed the bombing to") in _types(
        "The manager attributed the bombing to Houthi rebels.", "en"
    )
    assert ("criticize", "11", "machte") in _types(
        "Die Regierung machte die Rebellen für den Anschlag verantwortlich.", "de"
    )


def test_english_meetings_appeals_and_encouragement() -> None:
    assert _types("G7 was already scheduled to meet this weekend.", "en") == [
        ("meeting", "04", "meet")
    ]
    assert _types("She encouraged the CIA to release the files.", "en") == [
        ("appeal", "02", "encouraged")
    ]
    assert _types("She encouraged the plan.", "en") == []  # no one is asked to do anything
    assert _types("Reporters heard her calling for justice.", "en") == [
        ("appeal", "02", "calling for")
    ]


def test_meals_together_are_meetings_and_brawls_are_attacks() -> None:
    assert _types("Hu Jintao had lunch today with Lula.", "en") == [("meeting", "04", "lunch")]
    assert _types("They had lunch.", "en") == []  # with no one
    assert _types("a brawl at the end of the game", "en") == [("attack", "18", "brawl")]
    assert _types("Bei einer Schlägerei wurden zwei Männer verletzt.", "de") == [
        ("attack", "18", "Schlägerei")
    ]


def test_finite_trigger_patterns_are_read_as_strings() -> None:
    from re import _parser  # type: ignore[attr-defined]

    from pipeline.extraction.triggers import _finite_strings

    found = _finite_strings(_parser.parse("anschl(?:ag(?:s|es)?|äge[n]?)"))
    assert found is not None
    assert sorted(found) == ["anschlag", "anschlages", "anschlags", "anschläge", "anschlägen"]
    assert _finite_strings(_parser.parse("angriff\\w+")) is None  # endless: a pattern
    # compounds end in a head noun of the lexicon
    assert _types("Das Fischimportverbot gilt. Nach dem Raketenbeschuss flohen sie.", "de") == [
        ("sanction", "16", "Fischimportverbot"),
        ("military_attack", "19", "Raketenbeschuss"),
    ]


def test_a_quoted_label_for_something_is_criticism_unless_it_is_praise() -> None:
    assert _types('Officials described the move as "disappointing."', "en") == [
        ("criticize", "11", "described")
    ]
    assert _types('She called his admission a "political maneuver."', "en") == [
        ("criticize", "11", "called")
    ]
    assert _types('He called the plan a "historic step".', "en") == []
    assert ("criticize", "11", "nannte") in _types(
        "Musharraf nannte den Anschlag eine „Verschwörung gegen die Demokratie“.", "de"
    )
    assert _types("Er nannte den Plan einen „historischen Schritt“.", "de") == []


def test_refusals_said_with_a_negation_and_requests() -> None:
    assert _types("I will never recognize this defeat.", "en") == [
        ("reject", "12", "will never recognize")
    ]
    assert ("reject", "12", "will not take its 90 seats") in _types(
        "Renamo will not take its 90 seats in parliament.", "en"
    )
    assert _types("Die Opposition erkannte das Ergebnis nicht an.", "de") == [
        ("reject", "12", "erkannte")
    ]
    assert _types("Obama requested a suspension of the trials.", "en") == [
        ("appeal", "02", "requested")
    ]
    assert _types("She asked the court to release him.", "en") == [("appeal", "02", "asked")]
    assert _types("He asked about the case.", "en") == []


def test_taking_over_an_office_is_an_appointment() -> None:
    assert _types("Josef Pröll übernimmt vorerst den Parteivorsitz.", "de") == [
        ("appointment", None, "übernimmt")
    ]
    assert _types("Er übernahm die Verantwortung für den Unfall.", "de") == [
        ("accident", None, "Unfall")
    ]  # responsibility is no office


def test_military_and_counter_terrorism_operations_are_military_attacks() -> None:
    assert _types("He was killed in a United States counterterrorism operation.", "en") == [
        ("military_attack", "19", "counterterrorism operation")
    ]
    assert _types("The surgery was a complex operation.", "en") == []


def test_missiles_launched_in_an_attack_are_no_weapons_test() -> None:
    # (the event layer makes a missile attack a military one)
    assert _types("Russia launched a massive missile attack on Kyiv.", "en") == [
        ("attack", "18", "attack")
    ]
    assert _types("North Korea launched two ballistic missiles into the sea.", "en") == [
        ("weapons_test", "15", "launched two ballistic missiles")
    ]


def test_receiving_a_leader_is_a_meeting() -> None:
    assert _types("Der Papst empfing den argentinischen Präsidenten.", "de") == [
        ("meeting", "04", "empfing")
    ]
    assert _types("Sie haben die Nachricht empfangen.", "de") == []
    assert _types("Biden hosted Prime Minister Modi.", "en") == [("meeting", "04", "hosted")]
    assert _types("He received the award.", "en") == []


def test_german_verbs_split_around_the_clause() -> None:
    assert _types("Scholz will sich nächste Woche mit Selenskyj in Kiew treffen.", "de") == [
        ("meeting", "04", "treffen")
    ]
    assert _types("Am 24. Februar 2022 marschierte Russland in die Ukraine ein.", "de") == [
        ("invasion", "19", "marschierte")
    ]
    assert _types("Er hat sich betroffen gezeigt.", "de") == []
    assert _types("Die Truppen marschierten durch die Stadt.", "de") == []


def test_travel_ahead_is_a_visit() -> None:
    assert _types("President Biden will travel to Mexico City.", "en") == [
        ("visit", "04", "travel to")
    ]
    assert _types("Scholz travels to Washington.", "en") == [("visit", "04", "travels to")]
    assert _types("Travel to the region is difficult.", "en") == []
