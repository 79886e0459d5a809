"""Events: types, actors, location, date and status from sentences."""

from __future__ import annotations

from datetime import datetime

from pipeline.extraction.extractor import Extractor
from pipeline.models.enriched import Event

FRIDAY = datetime.fromisoformat("2022-01-07T15:00:00+01:00")
_extractor = Extractor(backends=[])


def _events(body: str, lang: str = "de", extractor: Extractor = _extractor) -> list[Event]:
    events = extractor.extract(body, language=lang, published_at=FRIDAY).events
    for ev in events:
        assert body[ev.trigger.start : ev.trigger.end] == ev.trigger.text
    return [e for e in events if e.type != "statement"]


def test_one_sentence_with_three_planned_meetings() -> None:
    body = (
        "Russland ist bereit zu bilateralen Gesprächen mit der US-Regierung in Genf am Montag "
        "und zu einem Treffen der OSZE in Wien am Donnerstag."
    )
    talks, meeting = _events(body)
    assert (talks.type, talks.cameo_root, talks.date, talks.status) == (
        "talks",
        "04",
        "2022-01-10",
        "planned",
    )
    assert talks.location is not None
    assert talks.location.name == "Genf"
    assert {"Vereinigte Staaten", "Russland"} <= {a.name for a in talks.actors}
    assert (meeting.type, meeting.date, meeting.location.name if meeting.location else None) == (
        "meeting",
        "2022-01-13",
        "Wien",
    )
    assert meeting.actors[0].name == "OSZE"


def test_past_event_with_a_year_and_the_publication_day_as_default() -> None:
    (annex,) = _events(
        "2014 hatte Russland die zur Ukraine gehörende Halbinsel Krim besetzt und annektiert."
    )
    assert (annex.type, annex.cameo_root, annex.date, annex.date_precision, annex.status) == (
        "annexation",
        "19",
        "2014",
        "year",
        "past",
    )
    (reject,) = _events("Die Außenminister der NATO wiesen diese Forderungen geschlossen zurück.")
    assert (reject.type, reject.date, reject.status) == ("reject", "2022-01-07", "past")
    assert reject.actors[0].name == "NATO"


def test_status_planned_ongoing_past() -> None:
    (call,) = _events(
        "Macron kündigte an, in den nächsten Tagen mit dem russischen Präsidenten "
        "Putin telefonieren zu wollen."
    )
    assert (call.type, call.status, call.date) == ("phone_call", "planned", None)
    assert {"Emmanuel Macron", "Wladimir Putin"} <= {a.name for a in call.actors}
    (visit,) = _events(
        "Von der Leyen ist zu Besuch in Paris beim französischen Präsidenten Emmanuel Macron."
    )
    assert (visit.type, visit.status, visit.date) == ("visit", "ongoing", "2022-01-07")
    assert visit.location is not None
    assert visit.location.name == "Paris"


def test_hedged_and_negated_triggers_are_dropped() -> None:
    assert _events("Die Ukraine und die NATO befürchten einen Angriff der russischen Armee.") == []
    assert _events("Sollte Russland erneut einmarschieren, werde dies teuer.") == []
    assert _events("Die EU-Staaten haben sich noch nicht auf Sanktionen geeinigt.") == []


def test_capital_as_subject_is_the_government_and_headings_are_skipped() -> None:
    body = "NATO-Russland-Rat wird tagen\n\nWashington verlangt Zusagen von den Europäern."
    (demand,) = _events(body)
    assert demand.type == "demand"
    assert "Vereinigte Staaten" in {a.name for a in demand.actors}


def test_repeated_mentions_are_merged() -> None:
    body = (
        'Die Truppen marschieren auf. "Der Truppenaufmarsch geht weiter", sagte Stoltenberg. '
        "Russland setzt den Truppenaufmarsch an der Grenze fort."
    )
    assert len([e for e in _events(body) if e.type == "troop_buildup"]) == 1


def test_english_events_with_relative_dates() -> None:
    body = (
        "Russian and American negotiators will meet in Geneva next Monday. "
        "Police arrested 40 protesters in Riga last Saturday."
    )
    found = {e.type: e for e in _events(body, "en", Extractor())}
    assert found["meeting"].date == "2022-01-10"
    assert found["meeting"].status == "planned"
    assert found["arrest"].date == "2022-01-01"
    assert found["arrest"].status == "past"
    assert found["arrest"].location is not None


def test_a_german_ordinal_does_not_end_the_sentence_and_keeps_its_date() -> None:
    (meeting,) = _events(
        "Am 25. Mai 2016 hatte die CDU in Merseburg in einer Sitzung beschlossen, "
        "die Kosten zu tragen."
    )
    assert (meeting.type, meeting.date, meeting.date_precision) == ("meeting", "2016-05-25", "day")


def test_a_court_verdict_is_not_criticism() -> None:
    assert _events("Pommerenke wurde in Schaffhausen wegen Raubes verurteilt.") == []
    (criticism,) = _events("Die NATO verurteilte den russischen Truppenaufmarsch scharf.")[:1]
    assert criticism.type == "criticize"


def test_an_election_named_with_an_adjective_is_still_an_election() -> None:
    """'der Bayerischen Landtagswahl' may be tagged as a name; its head is the event."""
    body = "Die CSU hat bei der Landtagswahl 2008 in Bayern die absolute Mehrheit verpasst."
    (election,) = _events(body)
    assert (election.type, election.date) == ("election", "2008")


def test_hedged_and_particle_doch_do_not_hide_a_negation() -> None:
    assert _events("Schüssel wird vermutlich zurücktreten.") == []
    assert _events("Der Rücktritt hat nun doch nicht stattgefunden.") == []
    (resignation,) = _events("Die Partei teilte mit, dass Wilhelm Molterer den Vorsitz abgibt.")
    assert resignation.type == "resignation"
    assert "Wilhelm Molterer" in {a.name for a in resignation.actors}


def test_a_decade_is_not_the_publication_day() -> None:
    (attack,) = _events("Ende der 1950er Jahre verübte die Gruppe einen Anschlag in Bonn.")
    assert attack.type == "attack"
    assert attack.date is None


def test_undated_statements_of_different_speakers_stay_apart() -> None:
    body = (
        "Darüber berichtete der Norddeutsche Rundfunk. "
        "Das Landesverwaltungsamt erklärte auf eine Anfrage der Linken, alles sei rechtens."
    )
    events = _extractor.extract(body, language="de", published_at=FRIDAY).events
    speakers = [{a.name for a in e.actors} for e in events if e.type == "statement"]
    assert len(speakers) == 2, speakers
    assert "Landesverwaltungsamt" in speakers[1]


def test_a_date_behind_after_belongs_to_the_other_event() -> None:
    body = (
        "Martin Winterkorn von Volkswagen trat gestern zurück. "
        "Der Rücktritt erfolgte, nachdem Winterkorn sich am Sonntag entschuldigt hatte."
    )
    events = _events(body)
    assert [(e.type, e.date) for e in events] == [("resignation", "2022-01-06")]


def test_the_cut_off_last_line_of_a_body_is_text_not_a_heading() -> None:
    body = (
        "Zwei schwere Erdbeben im Südpazifik\n\n"
        "Am vergangenen Montag erschütterten zwei Erdbeben der Stärke 6 die Küste von Papua und"
    )
    (quake,) = _events(body)
    assert (quake.type, quake.date) == ("earthquake", "2022-01-03")


def test_a_second_mention_of_the_election_is_the_same_election() -> None:
    body = (
        "Die CSU hat bei der Landtagswahl 2008 in Bayern die absolute Mehrheit verpasst. "
        "Profiteure der Wahl sind hingegen die Freien Wähler."
    )
    elections = [e for e in _events(body) if e.type == "election"]
    assert [e.date for e in elections] == ["2008"]


def test_he_or_she_is_the_person_named_before() -> None:
    body = (
        "Heinrich Pommerenke wurde 1959 in Hornberg verhaftet. Die Polizei ermittelte lange. "
        "Ende der 1950er Jahre verübte er mehrere Anschläge in Serie."
    )
    (attack,) = [e for e in _events(body) if e.type == "attack"]
    assert [a.name for a in attack.actors] == ["Heinrich Pommerenke"]


def test_the_next_sentence_told_with_it_dates_the_event() -> None:
    body = (
        "A huge fire at a plastics plant forced residents of Windsor to flee their homes. "
        "It started early yesterday afternoon."
    )
    (fire,) = _events(body, "en")
    assert (fire.type, fire.date) == ("accident", "2022-01-06")


def test_background_events_are_not_dated_to_the_publication_day() -> None:
    """An earlier event the text tells as background (pluperfect, a German relative clause
    in the perfect) has no day unless the text gives one; the sentence's other date is
    not its date, and the news of the day still is."""
    deploy = next(
        e
        for e in _events(
            "Die Außenminister der NATO haben am Freitag auch über die Unruhen in Kasachstan "
            "gesprochen, wohin Russland Truppen entsandt hat."
        )
        if e.type == "military_deployment"
    )
    assert (deploy.date, deploy.status) == (None, "past")
    (complaint,) = _events("Josep Borrell hatte Russland kritisiert.")
    assert complaint.date is None
    (fled,) = _events("Russia said the rebels had attacked the town.", "en")
    assert (fled.type, fled.date) == ("attack", None)
    (attack,) = _events("Russia said the rebels attacked the town.", "en")
    assert (attack.type, attack.date) == ("attack", "2022-01-07")
    said = (
        Extractor(backends=[])
        .extract(
            "India said the companies had been asked to stop.", language="en", published_at=FRIDAY
        )
        .events
    )
    assert [(e.type, e.date) for e in said] == [("statement", "2022-01-07")]


def _kinds(body: str, lang: str = "de") -> list[str]:
    return [e.type for e in _events(body, lang)]


def test_what_looks_like_an_event_but_is_none() -> None:
    # a crime named as a charge
    assert _kinds("Pinochet was indicted on nine counts of kidnapping.", "en") == []
    assert _kinds("Russia accused Ukraine of attacks on its soldiers.", "en") == ["criticize"]
    assert _kinds("A man in Berlin was charged with kidnapping.", "en") == []
    # a treaty only mentioned; one signed
    assert _kinds("Germany remains a party to the treaty with Iran.", "en") == []
    assert _kinds("Germany and France signed a treaty on Monday.", "en") == ["agreement"]
    # idioms: met with applause, a press conference, a shot that hit, a decision made
    assert _kinds("Merkel was met with applause in Paris.", "en") == []
    assert _kinds("Putin spoke at a press conference in Moscow.", "en") == []
    assert _kinds("Der Schütze habe 14 Menschen in Denver tödlich getroffen.") == []
    assert _kinds("Die NATO hat eine Entscheidung getroffen.") == []
    assert _kinds("Die Außenminister der NATO haben sich in Wien getroffen.") == ["meeting"]
    # "alleged" speaks of what follows it, not of the event before it
    assert _kinds("The EU sanctioned Iran over alleged plots.", "en") == ["sanction"]
    assert _kinds("Russia denied the alleged attack.", "en") == []


def test_new_trigger_words() -> None:
    assert _kinds("Germany banned Iran's airline on Monday.", "en") == ["sanction"]
    assert _kinds("Die Polizei in Berlin nahm den Verdächtigen am Montag fest.") == ["arrest"]
    assert _kinds("In Berlin eröffnete der Mann das Feuer auf die Polizei.") == ["attack"]
    assert _kinds("In London gab es wieder Krawalle.") == ["protest"]


def test_a_definite_noun_is_the_event_told_before() -> None:
    (arrest,) = _events(
        "Police arrested Augusto Pinochet. "
        "Officials say the arrest order was delivered to his home in Santiago on Wednesday.",
        "en",
    )
    # one arrest, with the day and place the second mention gives
    assert (arrest.date, arrest.location.name if arrest.location else None) == (
        "2022-01-05",
        "Santiago",
    )
    # a definite first mention is an event of its own
    assert _kinds("The attack on Kyiv was condemned by Germany.", "en") == ["attack", "criticize"]


def test_a_state_that_protests_criticizes() -> None:
    assert _kinds("France and Britain have protested against Iran.", "en") == ["criticize"]
    assert _kinds("Thousands of people in France protested against the law.", "en") == ["protest"]


def test_a_story_goes_on_with_its_day_and_its_dateline_place() -> None:
    body = (
        "Berlin (Deutschland), 07.01.2022 – Am Dienstag meldete ein Passant der Polizei einen "
        "Wagen. Als der Fahrer kontrolliert werden sollte, eröffnete er das Feuer.\n\n"
        "Russland hat Truppen entsandt."
    )
    attack, deployment = _events(body)
    assert (attack.type, attack.date, attack.location.name if attack.location else None) == (
        "attack",
        "2022-01-04",  # the Tuesday of the paragraph, not the publication day
        "Berlin",  # the dateline's place
    )
    # another paragraph, and the perfect: the news of the day
    assert (deployment.type, deployment.date) == ("military_deployment", "2022-01-07")


def test_an_election_without_actors_takes_the_people_of_the_next_sentence() -> None:
    (election,) = _events(
        "The opposition candidate claimed victory in the presidential elections. "
        "Vladimir Putin thanked his voters.",
        "en",
    )
    assert "Vladimir Putin" in [a.name for a in election.actors]


def test_signing_alone_and_recent_vague_past() -> None:
    assert _kinds("Barack Obama signed an executive order on Guantanamo.", "en") == []
    assert _kinds("The motion, signed by Barack Obama, was filed.", "en") == []
    (criticism,) = _events("Germany recently condemned Russia.", "en")
    assert criticism.date is None  # earlier than the day, but when is not said
    (arrest,) = _events("In Berlin wurden in den letzten Nächten 300 Personen festgenommen.")
    assert arrest.date is None


def test_a_town_is_where_not_who() -> None:
    # a country adjective before an election noun places it, and the people stand
    (election,) = _events("Vladimir Putin won the Russian presidential election.", "en")
    assert election.location is not None
    assert election.location.name == "Russia"
    assert [a.name for a in election.actors] == ["Vladimir Putin"]
    # only a town: no actor (the people of the sentence before act)
    (attack,) = _events(
        "Die NATO schickte Soldaten nach Berlin. Ein Mann aus Potsdam eröffnete das Feuer.",
        "de",
    )[-1:]
    assert [a.name for a in attack.actors] == ["NATO"]


def test_deep_in_a_story_a_lone_participant_is_background() -> None:
    lead = "Russland hat am Montag in Wien Gespräche mit der NATO geführt. "
    filler = "Das Wetter war gut. Die Stadt war voll. "
    body = lead + filler + "Frankreich verhängte Sanktionen."
    assert "sanction" not in _kinds(body)  # fifth sentence, one actor
    assert "sanction" in _kinds("Frankreich verhängte Sanktionen.")  # the lead: news
    # but it still adds to the event told before: the talks get no second event
    assert _kinds(lead + filler + "Die Gespräche mit Russland sollen weitergehen.") == ["talks"]


def test_events_without_a_place_take_the_scene_of_the_story_lead() -> None:
    body = (
        "Bei einem Anschlag in Kabul starben zwölf Menschen. Die NATO verurteilte die Tat. "
        "Russland drohte der Regierung."
    )
    attack, _, threat = _events(body)
    assert attack.actors == []  # who condemned it afterwards did not do it
    assert threat.type == "threaten"
    assert threat.location is not None
    assert threat.location.name == "Kabul"


def test_dates_and_places_from_the_shape_of_the_sentence() -> None:
    # a day opening the sentence dates its event, not a date told further on
    protest, rally = _events(
        "On Friday, thousands of protesters marched in Berlin, weeks after the rally of June 2.",
        "en",
    )
    assert (protest.date, rally.date) == ("2022-01-07", "2021-06-02")
    # "on the 30th"; a planned visit does not take a past date told about a place
    body = "The visit will take Vladimir Putin to Berlin, which hosted the summit on March 3, 2001."
    visit, summit = _events(body, "en")
    assert (visit.type, visit.date, summit.date) == ("visit", None, "2001-03-03")
    (rally,) = _events("Thousands of people protested in Berlin on the 5th.", "en")
    assert rally.date == "2022-01-05"
    # "bei" opens a sentence too, and compass directions place an event
    (crash,) = _events("Bei Kiew ist ein Flugzeug abgestürzt.")
    assert crash.location is not None
    assert crash.location.name == "Kiew"
    (entry,) = _events("A Russian submarine entered territorial waters southwest of Japan.", "en")
    assert entry.type == "military_deployment"
    assert entry.location is not None
    assert entry.location.name == "Japan"


def test_protesters_clashing_with_police_protest() -> None:
    assert _kinds("Protesters clashed with police in Berlin.", "en") == ["protest"]
    assert _kinds("Russian troops clashed with Ukraine's army.", "en") == ["military_attack"]


def test_a_scene_setting_sentence_dates_the_story_and_its_place_beats_the_dateline() -> None:
    body = (
        "Berlin (Deutschland), 07.01.2022 – In Kiew fand eine Hochzeitsfeier am 3. Januar ein "
        "blutiges Ende. Dabei wurde ein Anschlag verübt."
    )
    (attack,) = _events(body)
    assert attack.date == "2022-01-03"  # the day of the sentence that set the scene
    assert attack.location is not None
    assert attack.location.name == "Kiew"  # the scene of the lead, not the dateline
    # an election with no candidate named nearby: the country votes
    (election,) = _events("In Rumänien hat heute die Parlamentswahl begonnen.")
    assert [a.name for a in election.actors] == ["Rumänien"]
    # a person "überfallen" is attacked, a country invaded
    assert _kinds("Die Taliban haben die Schülerin in Kabul überfallen.") == ["attack"]


def test_a_merged_mention_brings_its_actors() -> None:
    body = (
        "Protesters clashed with police in Ottawa on Tuesday. "
        "Thousands of people marched against Vladimir Putin in Ottawa on Tuesday."
    )
    (protest,) = _events(body, "en")
    assert "Vladimir Putin" in [a.name for a in protest.actors]


def test_a_demand_made_of_the_public_is_no_demand() -> None:
    assert _kinds("In Rumänien sind 18 Millionen Staatsbürger aufgefordert, zu wählen.") == []
    assert (
        _kinds("Die Polizei in München hat die Bevölkerung aufgefordert, Fotos zu löschen.") == []
    )
    assert _kinds("Die NATO forderte Russland auf, die Truppen abzuziehen.") == ["demand"]


def test_the_blast_of_a_bombing_is_the_bombing() -> None:
    body = (
        "Bei einem Anschlag in Kabul starben zwölf Menschen. "
        "Durch die Explosion wurden acht Autos zerstört."
    )
    assert _kinds(body) == ["attack"]


def test_a_subject_before_a_verb_is_no_definite_mention() -> None:
    body = "Iran accused Germany of spying on Monday. The French government accused Iran of lying."
    criticisms = [e for e in _events(body, "en") if e.type == "criticize"]
    # who accused comes first
    assert [([a.name for a in c.actors], c.date) for c in criticisms] == [
        (["Iran", "Germany"], "2022-01-03"),
        (["France", "Iran"], "2022-01-07"),
    ]


def test_a_later_mention_names_the_day_of_an_event_dated_by_week() -> None:
    body = (
        "A Chinese submarine entered Japanese territorial waters last month. "
        "The intrusion occurred on 10 December, officials in Japan said."
    )
    (entry,) = [e for e in _events(body, "en") if e.type == "military_deployment"]
    assert (entry.date, entry.date_precision) == ("2021-12-10", "day")
    # a date that is only the publication day does not refine a dated event
    (election,) = _events("Die CSU hat die Landtagswahl 2008 verloren. Die Wahl war ein Debakel.")
    assert election.date == "2008"


def test_the_country_and_the_group_are_the_ones_named_before() -> None:
    body = "NATO met Russia in Geneva on Monday. The country threatened to leave the talks."
    threat = next(e for e in _events(body, "en") if e.type == "threaten")
    assert [a.name for a in threat.actors] == ["Russia"]  # not NATO, named first before
    body = "NATO met Russia in Geneva on Monday. The organisation warned of a war."
    threat = next(e for e in _events(body, "en") if e.type == "threaten")
    assert [a.name for a in threat.actors] == ["NATO"]


def test_a_day_ahead_from_a_later_mention_makes_the_event_planned() -> None:
    body = (
        "Die NATO hat Gespräche mit Russland vorbereitet. "
        "Die Gespräche finden am kommenden Mittwoch in Brüssel statt."
    )
    talks = next(e for e in _events(body) if e.type == "talks")
    assert (talks.date, talks.status) == ("2022-01-12", "planned")


def test_a_time_of_day_after_before_keeps_the_date_its_own() -> None:
    body = "The NATO chief announced his resignation shortly before midnight Wednesday in a video."
    (resignation,) = _events(body, "en")
    assert (resignation.type, resignation.date) == ("resignation", "2022-01-05")
    # a date behind "after" still belongs to the other event
    body = (
        "Russia announced the resignation of its envoy to China after it was criticised on "
        "Wednesday."
    )
    resignation, criticism = _events(body, "en")
    assert (resignation.date, criticism.date) == ("2022-01-07", "2022-01-05")


def test_an_election_commission_is_no_election() -> None:
    body = "Thailand's election commission met with the United Nations on Monday."
    assert [e.type for e in _events(body, "en")] == ["meeting"]


def test_an_undated_happening_told_in_detail_takes_the_day_of_its_lead() -> None:
    body = (
        "Brüssel (Belgien) – Bei zwei Terroranschlägen am frühen Morgen des 4. Januar sind in "
        "Brüssel 35 Menschen getötet worden.\n\n"
        "Am Flughafen Zaventem explodierten gegen acht Uhr zwei Sprengsätze."
    )
    assert [(e.type, e.date) for e in _events(body)] == [("attack", "2022-01-04")] * 2
    # a meeting is not told in detail: another one keeps its own (default) day
    body = (
        "Am Montag trafen sich Russland und die Ukraine in Genf.\n\n"
        "Die NATO traf sich mit Japan in Brüssel."
    )
    assert [e.date for e in _events(body)] == ["2022-01-03", "2022-01-07"]


def test_a_visit_takes_place_where_it_goes() -> None:
    body = "Iran's president Mahmoud Ahmadinejad is visiting Pakistan and India this week."
    (visit,) = _events(body, "en")
    assert visit.type == "visit"
    assert visit.location is not None
    assert visit.location.name == "Pakistan"


def test_a_place_after_am_is_the_scene() -> None:
    body = "Am Flughafen Brüssel-Zaventem explodierten am Dienstag zwei Sprengsätze."
    (blast,) = _events(body)
    assert blast.location is not None
    assert blast.location.name == "Flughafen Brüssel-Zaventem"


def test_storms_with_names_of_their_own_are_two_storms() -> None:
    from tests.unit.test_extraction_linking import _FixedModel

    extractor = Extractor(backends=[_FixedModel("de", [("Dagmar", "PER"), ("Grant", "PER")])])
    body = (
        "Der Sturm Dagmar sorgte in Schweden und Norwegen für Stromausfälle. In Nordaustralien "
        "tobte Zyklon Grant.\n\nIn Schweden entschied die Bahn aufgrund des Sturms Dagmar, den "
        "Verkehr am Montag stillzulegen."
    )
    storms = [e for e in _events(body, extractor=extractor) if e.type == "storm"]
    assert [s.actors[0].name for s in storms] == ["Dagmar", "Grant"]
    assert storms[1].location is not None
    assert storms[1].location.name == "Australien"  # Nordaustralien


def test_an_event_ahead_with_its_day_is_news_deep_in_a_story() -> None:
    lead = "Russland kritisierte die Ukraine. Die NATO warnte Russland. Frankreich schwieg.\n\n"
    body = lead + "Die OSZE tagt am kommenden Mittwoch."
    assert ("meeting", "2022-01-12") in [(e.type, e.date) for e in _events(body)]
    body = lead + "Die OSZE tagte."  # a single participant, no day: colour
    assert "meeting" not in [e.type for e in _events(body)]


def test_leaving_office_and_successors() -> None:
    assert [
        e.type for e in _events("The president of France will be replaced by a general.", "en")
    ] == ["appointment"]
    body = "Der Innenminister Frankreichs kündigte seinen Rückzug aus der Regierung an."
    assert [e.type for e in _events(body)] == ["resignation"]


def test_a_town_named_as_one_is_the_scene() -> None:
    body = "Die Luftwaffe Libyens flog Luftangriffe gegen die Stadt Ras Lanuf."
    (strike,) = _events(body)
    assert strike.location is not None
    assert strike.location.name == "Ras Lanuf"
    body = "The mayor of the Polish city of Gdansk was stabbed on Sunday."
    (stabbing,) = _events(body, "en")
    assert stabbing.location is not None
    assert stabbing.location.name == "Gdansk"


def test_the_dateline_places_act_in_no_event() -> None:
    body = (
        "Canberra (Australien) / Stockholm (Schweden), 07.01.2022 – Russland kritisierte die NATO."
    )
    (criticism,) = _events(body)
    assert {a.name for a in criticism.actors} == {"Russland", "NATO"}


def test_an_abbreviated_country_before_a_noun_is_no_scene() -> None:
    body = (
        "Japan's prime minister announced his resignation to the U.S. island territory on Monday."
    )
    assert [e.location for e in _events(body, "en")] == [None]
    body = "Protesters rallied against Russia in the U.S. on Monday."
    (protest,) = _events(body, "en")
    assert protest.location is not None
    assert protest.location.name == "United States"


def test_what_must_be_done_has_not_happened() -> None:
    body = "For the budget to pass, it must also be signed by President Trump and Russia."
    assert _events(body, "en") == []
    body = "Das Abkommen zwischen Russland und der Ukraine muss noch unterzeichnet werden."
    assert _events(body) == []


def test_a_bomb_that_went_off_is_a_bombing_and_a_toll_no_demand() -> None:
    body = (
        "In Minsk in Belarus explodierte am Montagabend eine Bombe. Der Anschlag forderte 13 Tote."
    )
    assert [(e.type, e.date) for e in _events(body)] == [("attack", "2022-01-03")]


def test_the_scene_is_in_the_trigger_clause_not_in_a_relative_clause_after_it() -> None:
    body = (
        "Nahe der pakistanischen Stadt Mehrabpur entgleisten am Mittwochmorgen zwölf Waggons "
        "eines Zuges, der von Karatschi auf dem Weg nach Lahore war."
    )
    (accident,) = _events(body)
    assert accident.type == "accident"
    assert accident.location is not None
    assert (accident.location.name, accident.date) == ("Mehrabpur", "2022-01-05")


def test_a_german_demand_by_one_speaker_is_news_deep_in_a_story() -> None:
    lead = "Russland kritisierte die Ukraine. Die NATO warnte Russland. Frankreich schwieg.\n\n"
    assert "demand" in [e.type for e in _events(lead + "Die OSZE verlangte eine Untersuchung.")]
    lead_en = "Russia criticised Ukraine. NATO warned Russia. France kept silent.\n\n"
    body = lead_en + "The OSCE demanded an inquiry."
    assert "demand" not in [e.type for e in _events(body, "en")]


def test_dates_are_cached_for_one_article_only() -> None:
    from pipeline.extraction.events import _dates_cached

    _events("Am Montag trafen sich Russland und die Ukraine in Genf.")
    _events("Die NATO traf sich am Dienstag mit Japan in Brüssel.")
    cached = _dates_cached.cache_info().currsize
    assert 0 < cached <= 1  # only the second article's sentence


def test_the_german_simple_past_is_past() -> None:
    (storm,) = _events("In Russland tobte ein Sturm mit 130 km/h über die Ukraine.")
    assert (storm.type, storm.status) == ("storm", "past")
    (storm,) = _events("In Russland wütet ein Sturm über der Ukraine.")
    assert storm.status == "ongoing"
    # an adjective in -te is no verb: "die erste Wahl"
    (election,) = _events("In Russland beginnt die erste Wahl in der Ukraine.")
    assert election.status == "ongoing"


def test_a_weekday_told_in_the_german_simple_past_lies_behind() -> None:
    # published on a Friday: "traf am Samstag" is the Saturday before, not the next one
    (storm,) = _events("Der Sturm traf am Samstag zuerst auf die Küste von Florida.")
    assert (storm.type, storm.date, storm.status) == ("storm", "2022-01-01", "past")
    (storm,) = _events("Der Sturm trifft am Samstag auf die Küste von Florida.")
    assert storm.date == "2022-01-08"


def test_a_forest_on_fire_is_a_wildfire() -> None:
    (fire,) = _events("The Amazon rainforest in Brazil is on fire.", "en")
    assert fire.type == "wildfire"
    (fire,) = _events("A fire destroyed a warehouse in Hamburg.", "en")
    assert fire.type == "accident"


def test_a_refusal_with_a_negation_is_an_event_made_as_it_is_told() -> None:
    (reject,) = _events('"I will never recognize this defeat," Viktor Yanukovich said.', "en")
    assert (reject.type, reject.status, reject.date) == ("reject", "past", "2022-01-07")
    assert [a.name for a in reject.actors] == ["Viktor Yanukovich"]


def test_what_is_to_happen_is_planned_and_a_successor_is_appointed() -> None:
    body = (
        "Prime Minister Theresa May is to step down today, with Boris Johnson succeeding her "
        "as Prime Minister."
    )
    found = {e.type: e for e in _events(body, "en")}
    assert found["resignation"].status == "planned"
    assert found["appointment"].trigger.text == "succeeding"
    (impeached,) = _events(
        "On Wednesday, the House of Representatives impeached Donald Trump.", "en"
    )
    assert (impeached.type, impeached.date) == ("criticize", "2022-01-05")


def test_the_next_day_of_a_story_is_no_future_and_the_accused_is_no_accusation() -> None:
    body = (
        "After his arrest on Friday, he stayed in a police station before appearing in court "
        "on the next day."
    )
    (arrest,) = _events(body, "en")
    assert (arrest.type, arrest.date, arrest.status) == ("arrest", "2022-01-07", "past")
    found = _events("Police arrested the accused in the neighborhood of Leeds.", "en")
    assert [e.type for e in found] == ["arrest"]


def test_a_refusal_told_with_a_negation_rejects_but_a_negated_rejection_does_not() -> None:
    assert [e.type for e in _events("Die SPD erkannte das Ergebnis der Wahl nicht an.")] == [
        "reject"
    ]
    assert _events("Die SPD wies die Vorwürfe der CDU nicht zurück.") == []
    assert _events("Russia did not reject the proposal of Ukraine.", "en") == []


def test_an_agency_dateline_names_the_place_and_acts_in_no_event() -> None:
    """'Washington (AFP) - …': the agency and the dateline's towns are no actors; the first
    town is where the story happens when the sentence names no place."""
    (demand,) = _events(
        "Washington (AFP) - US-Präsident Joe Biden hat den israelischen Regierungschef "
        "Benjamin Netanjahu zu einer Waffenruhe aufgefordert."
    )
    assert demand.type == "demand"
    assert "Agence France-Presse" not in {a.name for a in demand.actors}
    assert "Joe Biden" in {a.name for a in demand.actors}
    assert demand.location is not None
    assert demand.location.name == "Washington"
    (attack,) = _events(
        "Kiew/Moskau (dpa) - Russland hat die Ukraine in der Nacht mit Drohnen angegriffen."
    )
    assert {a.name for a in attack.actors} == {"Russland", "Ukraine"}
    assert attack.location is not None
    assert attack.location.name == "Kiew"
    (agreement,) = _events(
        "LONDON, March 8 (Reuters) - Britain and France agreed on a new treaty.", "en"
    )
    assert {a.name for a in agreement.actors} == {"United Kingdom", "France"}


def test_who_acted_comes_first_in_events_with_a_direction() -> None:
    def first(body: str, lang: str = "de") -> list[str]:
        (event,) = [e for e in _events(body, lang) if e.type != "statement"]
        return [a.name for a in event.actors]

    assert first("Russland hat die Ukraine in der Nacht angegriffen.") == ["Russland", "Ukraine"]
    assert first("Russland griff am Montag die Ukraine an.") == ["Russland", "Ukraine"]
    assert first("Die Ukraine wurde von Russland angegriffen.") == ["Russland", "Ukraine"]
    assert first("Der Angriff Russlands auf die Ukraine dauert an.")[0] == "Russland"
    assert first("Russia attacked Ukraine on Monday.", "en") == ["Russia", "Ukraine"]
    assert first("Ukraine was attacked by Russia on Monday.", "en") == ["Russia", "Ukraine"]
    assert first("The EU imposed sanctions on Iran.", "en") == ["European Union", "Iran"]
    # an event without a direction keeps the nearest first: the OSZE's own meeting
    assert first("Russland kommt zu einem Treffen der OSZE in Wien.")[0] == "OSZE"


def test_the_end_of_a_span_does_not_date_the_event() -> None:
    (ban,) = _events("The Indian government banned exports of onions until March 31.", "en")
    assert (ban.type, ban.date) == ("sanction", "2022-01-07")
    (ban,) = _events("Indien verhängte am Montag ein Exportverbot bis zum 31. März.")
    assert (ban.type, ban.date) == ("sanction", "2022-01-03")


def test_what_is_feared_has_not_happened() -> None:
    assert _events("In Nahost wächst die Sorge vor einem Angriff Irans auf Israel.") == []
    assert _events("Die Angst vor einem Krieg zwischen Russland und der NATO wächst.") == []
    assert [e.type for e in _events("Russland griff am Montag die Ukraine an.")] == [
        "military_attack"
    ]
