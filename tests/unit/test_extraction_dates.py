"""Dates: relative expressions against the publication date, absolute ones via dateparser."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extraction.dates import find_dates, weekday_date

FRIDAY = date(2022, 1, 7)


def _first(text: str, lang: str, tense: str = "present") -> tuple[str, str]:
    found = find_dates(text, lang, FRIDAY, tense)
    assert found, text
    return found[0].value, found[0].precision


@pytest.mark.parametrize(
    ("text", "lang", "tense", "expected"),
    [
        ("am kommenden Mittwoch in Brüssel", "de", "future", ("2022-01-12", "day")),
        ("am kommenden Mittwoch in Brüssel", "de", "present", ("2022-01-12", "day")),
        ("in Genf am Montag", "de", "future", ("2022-01-10", "day")),
        ("hatte am Montag erklärt", "de", "past", ("2022-01-03", "day")),
        ("berichtete am Freitag", "de", "past", ("2022-01-07", "day")),
        ("vor zwei Jahren in Paris", "de", "past", ("2020", "year")),
        ("vor drei Tagen", "de", "past", ("2022-01-04", "day")),
        ("gestern", "de", "past", ("2022-01-06", "day")),
        ("2014 hatte Russland", "de", "past", ("2014", "year")),
        ("am 24. Februar 2022", "de", "past", ("2022-02-24", "day")),
        ("im März", "de", "future", ("2022-03", "month")),
        ("talks next week", "en", "future", ("2022-01", "month")),
        ("last Saturday", "en", "past", ("2022-01-01", "day")),
        ("on Tuesday", "en", "future", ("2022-01-11", "day")),
        ("yesterday", "en", "past", ("2022-01-06", "day")),
        ("des gestrigen Wahldebakels", "de", "past", ("2022-01-06", "day")),
        ("am heutigen Freitag", "de", "present", ("2022-01-07", "day")),
        ("the fire burned last night", "en", "past", ("2022-01-06", "day")),
        ("in the days of May 13 to May 18, 2008", "en", "future", ("2008-05", "month")),
        ("vom 13. bis 18. Mai 2008", "de", "past", ("2008-05", "month")),
        ("January 20, 2021", "en", "past", ("2021-01-20", "day")),
        ("on 3 March", "en", "future", ("2022-03-03", "day")),
        ("two years ago", "en", "past", ("2020", "year")),
        ("last year", "en", "past", ("2021", "year")),
        # a named month with last/next, or of last year: FRIDAY is 7 January 2022
        ("was murdered last October", "en", "past", ("2021-10", "month")),
        ("will open next March", "en", "future", ("2022-03", "month")),
        ("in October last year", "en", "past", ("2021-10", "month")),
        ("im vergangenen Dezember", "de", "past", ("2021-12", "month")),
        ("im Mai nächsten Jahres", "de", "future", ("2023-05", "month")),
        # a weekend is dated at its Saturday
        ("scheduled to meet this weekend", "en", "future", ("2022-01-08", "day")),
        ("protests last weekend", "en", "past", ("2022-01-01", "day")),
        ("am kommenden Wochenende", "de", "future", ("2022-01-08", "day")),
        ("am Wochenende demonstrierten", "de", "past", ("2022-01-01", "day")),
    ],
)
def test_expressions(text: str, lang: str, tense: str, expected: tuple[str, str]) -> None:
    assert _first(text, lang, tense) == expected


def test_weekday_directions() -> None:
    assert weekday_date(FRIDAY, 4, "next") == date(2022, 1, 14)
    assert weekday_date(FRIDAY, 4, "last") == date(2021, 12, 31)
    assert weekday_date(FRIDAY, 4, "future") == FRIDAY
    assert weekday_date(FRIDAY, 0, "past") == date(2022, 1, 3)


def test_no_publication_date_keeps_only_absolute_dates() -> None:
    found = find_dates("am Montag, dem 3. Januar 2022", "de", None)
    assert [(d.value, d.precision) for d in found] == [("2022-01-03", "day")]


def test_offsets_index_the_sentence() -> None:
    text = "Die Gespräche am kommenden Montag in Genf"
    (d,) = find_dates(text, "de", FRIDAY, "future")
    assert text[d.start : d.end] == d.text == "am kommenden Montag"
    assert d.relative


def test_this_month_is_the_month_of_publication() -> None:
    published = date(2019, 1, 23)
    for text, lang in (
        ("the European Union sanctioned Iran earlier in the month", "en"),
        ("earlier this month", "en"),
        ("Anfang des Monats", "de"),
        ("in diesem Monat", "de"),
    ):
        (found,) = find_dates(text, lang, published, "past")
        assert (found.value, found.precision, found.ahead) == ("2019-01", "month", False), text
    assert find_dates("in the month of ministers", "en", published) == []


def test_a_weekday_before_a_date_is_that_date_and_picks_its_year() -> None:
    published = date(2004, 12, 5)  # a Sunday
    # "was set to explode … on Monday, December 6": ahead although told in the past
    ((text, value),) = [
        (d.text, d.value)
        for d in find_dates(
            "set to explode on Monday, December 6, a holiday", "en", published, "past"
        )
    ]
    assert (text, value) == ("Monday, December 6", "2004-12-06")
    assert [d.value for d in find_dates("am Montag, den 6. Dezember", "de", published)] == [
        "2004-12-06"
    ]
    # a weekday followed by other numbers is still the weekday
    assert [d.value for d in find_dates("on Monday 20 people died", "en", published, "past")] == [
        "2004-11-29"
    ]


def test_a_weekday_with_its_time_of_day() -> None:
    from datetime import date

    from pipeline.extraction.dates import find_dates

    thursday = date(2007, 12, 20)
    (d,) = find_dates("entgleisten am Mittwochmorgen kurz nach 2 Uhr", "de", thursday, "past")
    assert (d.text, d.value, d.ahead) == ("am Mittwochmorgen", "2007-12-19", False)
    (d,) = find_dates("Am Montagabend explodierte eine Bombe.", "de", thursday, "past")
    assert d.value == "2007-12-17"
    (d,) = find_dates("Die Gespräche beginnen morgen.", "de", thursday, "present")
    assert (d.value, d.ahead) == ("2007-12-21", True)


def test_the_cheap_pre_check_misses_no_date_in_the_gold_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json
    from datetime import date
    from pathlib import Path

    from pipeline.extraction import dates
    from pipeline.extraction.text import sentences

    gold = Path(__file__).parents[1] / "gold" / "wikinews"
    cases = []
    for path in sorted(gold.glob("*/*.gold.json")):
        article = json.loads(path.read_text("utf-8"))["article"]
        cases += [(s.text, article["language"]) for s in sentences(article["body"])]
    published = date(2020, 1, 1)
    with_check = [dates.find_dates(t, lang, published, "past") for t, lang in cases]
    monkeypatch.setattr(dates, "_may_hold_a_date", lambda sentence: True)
    without = [dates.find_dates(t, lang, published, "past") for t, lang in cases]
    assert with_check == without
    assert sum(1 for found in with_check if found) > 300  # the texts do hold dates


def test_a_weekend_seen_from_its_own_sunday_is_that_weekend() -> None:
    sunday = date(2022, 1, 9)
    (this,) = find_dates("this weekend", "en", sunday, "present")
    assert this.value == "2022-01-08"
    (last,) = find_dates("last weekend", "en", sunday, "past")
    assert last.value == "2022-01-01"


def test_a_british_date_is_not_read_as_an_american_one_with_a_year_cut_in_two() -> None:
    """'3 March 2024' had been 'March 20' (of '2024')."""
    assert _first("The law came into force on 3 March 2024.", "en") == ("2024-03-03", "day")
    assert _first("It opened in March 2024.", "en") == ("2024-03", "month")
    assert _first("Talks ran from March 20 to 24.", "en") == ("2022-03", "month")


def test_since_a_weekday_lies_behind() -> None:
    assert _first("Seit Dienstag streiken die Piloten.", "de") == ("2022-01-04", "day")
    assert _first("Pilots have been on strike since Tuesday.", "en") == ("2022-01-04", "day")
    assert _first("Am Dienstag streiken die Piloten.", "de") == ("2022-01-11", "day")
