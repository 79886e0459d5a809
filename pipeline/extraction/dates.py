"""Dates of events: relative expressions resolved against the article's
publication date by a small rule layer, absolute dates parsed by dateparser.

``find_dates(sentence, lang, published, tense)`` returns every date expression
in a sentence with its offsets, ISO value (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``) and precision. ``tense`` ("past", "future" or "present")
decides bare weekdays: "am Montag" in a past-tense sentence is the last Monday,
otherwise the next one (or today when it is that weekday).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Literal

Precision = Literal["day", "month", "year"]

MONTHS_DE = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
]
MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS_DE = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {
    "einem": 1,
    "einer": 1,
    "ein": 1,
    "eine": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "zwanzig": 20,
    "twenty": 20,
    "dreißig": 30,
    "thirty": 30,
}

_M_DE = (
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember|Jan\.|Feb\.|Febr\.|Mär\.|Apr\.|Jun\.|Jul\.|Aug\.|Sep\.|Sept\.|Okt\.|Nov\.|Dez\.)"
)
_M_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sep\.|Sept\.|Oct\.|Nov\.|Dec\.)"
)
_WD_DE = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
_WD_EN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"


_AHEAD = re.compile(r"kommend|nächst|next|coming|(?<![a-z])morgen|tomorrow|^(?:in|In)\s(?!dies)")


@dataclasses.dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str
    precision: Precision
    relative: bool  # resolved against the publication date
    ahead: bool = False  # a relative date after the publication ("next week", "am Montag")


def _iso(d: date, precision: Precision) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _shift_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def weekday_date(published: date, weekday: int, direction: str) -> date:
    """The date of ``weekday`` (0 = Monday) relative to ``published``.

    direction: "next" (strictly after), "last" (strictly before), "future"
    (today or after), "past" (today or before).
    """
    delta = (weekday - published.weekday()) % 7
    if direction == "next":
        return published + timedelta(days=delta or 7)
    if direction == "future":
        return published + timedelta(days=delta)
    back = (published.weekday() - weekday) % 7
    if direction == "last":
        return published - timedelta(days=back or 7)
    return published - timedelta(days=back)


def _nearest_year(published: date, month: int, day: int = 1) -> int:
    """The year that puts month/day closest to the publication date."""
    best = published.year
    best_gap: int | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            gap = abs((date(year, month, day) - published).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


@functools.cache
def _dateparser() -> Any:
    import dateparser

    return dateparser


# month names of both languages and their three-letter abbreviations, plus the odd ones
_MONTH_NUMBERS = {
    **{name[:3]: i for months in (MONTHS_DE, MONTHS_EN) for i, name in enumerate(months, 1)},
    **{name: i for months in (MONTHS_DE, MONTHS_EN) for i, name in enumerate(months, 1)},
    "jänner": 1,
    "febr": 2,
    "sept": 9,
}
_WORDS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_LEAP_YEAR = 2000  # stands in for a missing year, so that 29 February parses


def _parse_simple(text: str) -> date | None:
    """'7. Januar 2022', 'January 7th, 2022', '7 March', '2022-01-07' without dateparser
    (which costs milliseconds a call); None when the text is anything else."""
    numbers = _DIGITS.findall(text)
    words = [w.lower() for w in _WORDS.findall(text) if w.lower() not in ("st", "nd", "rd", "th")]
    try:
        if not words and len(numbers) == 3 and len(numbers[0]) == 4:
            return date(int(numbers[0]), int(numbers[1]), int(numbers[2]))
        if len(words) != 1 or words[0] not in _MONTH_NUMBERS or not 1 <= len(numbers) <= 2:
            return None
        day = int(numbers[0])
        year = int(numbers[1]) if len(numbers) == 2 else _LEAP_YEAR
        if len(numbers) == 2 and len(numbers[1]) != 4:
            return None
        return date(year, _MONTH_NUMBERS[words[0]], day)
    except ValueError:
        return None


def parse_absolute(text: str, lang: str) -> date | None:
    """An absolute date string ('7. Januar 2022', 'January 7, 2022'); the common forms
    directly, anything else via dateparser. Without a year the year is 2000."""
    simple = _parse_simple(text)
    if simple is not None:
        return simple
    parsed = _dateparser().parse(
        text,
        languages=[lang if lang in ("de", "en") else "en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["month"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed is not None else None


@functools.cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    if lang == "de":
        raw = [
            # a span of days is dated at its month: "vom 13. bis 18. Mai 2008"
            (
                "range",
                rf"\b(?:vom\s+)?\d{{1,2}}\.\s?(?:{_M_DE}\s*)?(?:bis(?:\s+zum)?|-|–)\s*"
                rf"\d{{1,2}}\.\s?{_M_DE}(?:\s+\d{{4}})?",
            ),
            ("dmy", rf"\b(?:{_WD_DE},?\s+(?:den\s+)?)?\d{{1,2}}\.\s?{_M_DE}(?:\s+\d{{4}})?"),
            ("numeric", r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b"),
            ("iso", r"\b\d{4}-\d{2}-\d{2}\b"),
            ("edge_month", rf"\b(?:Anfang|Mitte|Ende)\s+{_M_DE}(?:\s+\d{{4}})?"),
            ("month_year", rf"\b{_M_DE}\s+\d{{4}}"),
            # "im vergangenen Oktober", "im Oktober vergangenen Jahres"
            (
                "named_month",
                rf"\b(?:(?:im|Im)\s+)?(?:vergangenen|letzten|vorigen|kommenden|nächsten)\s+"
                rf"{_M_DE}(?!\s+\d)|\b(?:(?:im|Im)\s+)?{_M_DE}\s+(?:des\s+)?(?:vergangenen|"
                rf"letzten|vorigen|kommenden|nächsten|diesen)\s+Jahres\b",
            ),
            ("month", rf"\b(?:im|seit|bis|ab|Im|Seit|Bis|Ab)\s+{_M_DE}(?!\s+\d)"),
            (
                "weekend",
                r"\b(?:(?:am|Am|an\s+diesem|An\s+diesem|übers|Übers)\s+)?(?:(?:kommenden|"
                r"nächsten|vergangenen|letzten|vorigen)\s+)?Wochenende\b|\b(?:dieses|nächstes|"
                r"kommendes|letztes|vergangenes)\s+Wochenende\b",
            ),
            (
                "weekday",
                rf"\b(?:(?:am|Am|an\s+diesem|An\s+diesem|diesen|kommenden|nächsten|seit|Seit|"
                rf"vergangenen|letzten|vorigen)\s+)?(?:(?:kommenden|nächsten|vergangenen|"
                rf"letzten|vorigen|jetzigen|diesem)\s+)?{_WD_DE}"
                # "am Montagabend", "Mittwochmorgen": the weekday with its time of day
                rf"(?:morgen|vormittag|mittag|nachmittag|abend|nacht|früh)?"
                rf"\b(?!,?\s+(?:den\s+)?\d{{1,2}}\.)",
            ),
            (
                "ago",
                rf"\b(?:vor|Vor)\s+{_NUM}\s+(?:Tag|Tagen|Woche|Wochen|Monat|Monaten|Jahr|Jahren)\b",
            ),
            (
                "in_n",
                rf"\b(?:in|In)\s+{_NUM}\s+(?:Tag|Tagen|Woche|Wochen|Monat|Monaten|Jahr|Jahren)\b",
            ),
            (
                "week",
                r"\b(?:(?:in\s+)?(?:der|dieser)\s+)?(?:kommenden|nächsten|vergangenen|letzten|"
                r"vorigen)\s+Woche\b|\b(?:nächste|kommende|vergangene|letzte|vorige)\s+Woche\b",
            ),
            ("this_week", r"\b(?:diese|dieser)\s+Woche\b"),
            (
                "monthrel",
                r"\b(?:im\s+)?(?:kommenden|nächsten|vergangenen|letzten|vorigen)\s+Monat\b"
                r"|\b(?:Anfang|Mitte|Ende)\s+(?:des|dieses)\s+Monats\b|\b(?:in\s+)?diesem\s+Monat\b",
            ),
            (
                "yearrel",
                r"\b(?:im\s+)?(?:kommenden|nächsten|vergangenen|letzten|vorigen)\s+Jahr\b"
                r"|\b(?:nächstes|kommendes|letztes|voriges|vergangenes)\s+Jahr\b"
                r"|\b(?:in\s+)?diesem\s+Jahr\b",
            ),
            (
                "day_word",
                r"\b(?:heute|gestern|vorgestern|morgen|übermorgen|Heute|Gestern|Vorgestern|"
                r"Übermorgen|(?:[Vv]or)?[Gg]estrige[mnrs]?|[Hh]eutige[mnrs]?|"
                r"(?:[Üü]ber)?[Mm]orgige[mnrs]?)\b(?!\s+(?:früh|Abend|Morgen|Nacht|Mittag)\w*\b)?",
            ),
            ("year", r"(?<![\d.,-])\b(?:19[4-9]\d|20[0-4]\d)\b(?![\d.,]\d|er\b|-\d)"),
        ]
    else:
        raw = [
            # "May 13 to May 18, 2008", "13-18 May": a span of days is dated at its month
            (
                "range",
                rf"\b{_M_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)\s*(?:-|–|to|through|until)\s*"
                rf"(?:{_M_EN}\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",
            ),
            (
                "range",
                rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+"
                rf"{_M_EN}(?:,?\s+\d{{4}})?",
            ),
            (
                "mdy",
                # (the day is no year's first two digits: "3 March 2024" is no March 20)
                rf"\b(?:{_WD_EN},?\s+)?{_M_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{{4}})?",
            ),
            # "on the 30th": a day of the month of publication (or of the month before)
            (
                "day_of_month",
                r"\b[Oo]n\s+the\s+\d{1,2}(?:st|nd|rd|th)\b(?!\s+(?:of|century|anniversary|floor|"
                r"day|time|place|round|birthday|year|minute|lap|amendment|hole|inning|stage)\b)",
            ),
            (
                "dmy",
                rf"\b(?:{_WD_EN},?\s+(?:the\s+)?)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M_EN}"
                rf"(?:,?\s+\d{{4}})?",
            ),
            ("iso", r"\b\d{4}-\d{2}-\d{2}\b"),
            ("edge_month", rf"\b(?:early|mid|late|end of)[- ]{_M_EN}(?:\s+\d{{4}})?"),
            ("month_year", rf"\b{_M_EN},?\s+\d{{4}}"),
            # "last October", "next March", "in October last year"
            (
                "named_month",
                rf"\b(?:last|next|this|past|coming|Last|Next|This)\s+{_M_EN}(?!\s+\d)"
                rf"|\b{_M_EN}\s+(?:of\s+)?(?:last|next|this)\s+year\b",
            ),
            ("month", rf"\b(?:in|since|until|by|from|In|Since)\s+{_M_EN}(?!\s+\d)"),
            (
                "weekend",
                r"\b(?:this|next|last|past|coming|the|This|Next|Last|The)\s+weekend\b",
            ),
            (
                "weekday",
                rf"\b(?:(?:on|On|this|This|next|Next|last|Last|coming|past|since|Since)\s+)?(?:(?:next|last|"
                rf"coming|past)\s+)?{_WD_EN}\b"
                rf"(?!,?\s+(?:{_M_EN}|the\s+\d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}(?:st|nd|rd|th)?\s+{_M_EN}))",
            ),
            ("ago", rf"\b{_NUM}\s+(?:day|days|week|weeks|month|months|year|years)\s+ago\b"),
            ("in_n", rf"\b(?:in|In)\s+{_NUM}\s+(?:day|days|week|weeks|month|months|year|years)\b"),
            ("week", r"\b(?:next|last|past|coming|Next|Last)\s+week\b"),
            ("this_week", r"\b(?:this|This)\s+week\b"),
            (
                "monthrel",
                r"\b(?:next|last|Next|Last)\s+month\b"
                r"|\b(?:earlier|later)\s+(?:in\s+)?(?:this|the)\s+month\b|\b[Tt]his\s+month\b",
            ),
            ("yearrel", r"\b(?:next|last|this|Next|Last|This)\s+year\b"),
            (
                "day_word",
                r"\b(?:today|yesterday|tomorrow|tonight|Today|Yesterday|Tomorrow|Tonight|"
                r"[Ll]ast night)\b",
            ),
            ("year", r"(?<![\d.,$€£-])\b(?:19[4-9]\d|20[0-4]\d)\b(?![\d.,]\d|s\b|-\d)"),
        ]
    return [(kind, re.compile(p)) for kind, p in raw]


# every date pattern needs a digit or one of these (lower-cased, as parts of words: the
# months and their abbreviations, weekdays, units, day words of both languages)
_DATE_WORDS = (
    "jan", "jän", "feb", "mär", "mar", "apr", "mai", "may", "jun", "jul", "aug", "sep", "okt",
    "oct", "nov", "dez", "dec", "tag", "mittwoch", "sonnabend", "woche", "monat", "jahr",
    "heute", "heutig", "gestern", "gestrig", "morgen", "morgig", "day", "week", "month", "year",
    "tomorrow", "tonight", "night",
)  # fmt: skip
_DIGIT = re.compile(r"\d")


def _may_hold_a_date(sentence: str) -> bool:
    """A cheap test that no date pattern can match when it fails (about half the sentences
    of news text fail it)."""
    if _DIGIT.search(sentence):
        return True
    low = sentence.lower()
    return any(word in low for word in _DATE_WORDS)


def find_dates(
    sentence: str, lang: str, published: date | None, tense: str = "present"
) -> list[DateMention]:
    """Date expressions in ``sentence`` with resolved values; without ``published`` only
    absolute ones."""
    if not _may_hold_a_date(sentence):
        return []  # most sentences: the patterns below need not be tried
    lang = lang if lang in ("de", "en") else "en"
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(lang):
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(kind, m.group(0), lang, published, tense)
            if resolved is None:
                continue
            value, precision, relative = resolved
            taken.append((m.start(), m.end()))
            ahead = (
                relative
                and published is not None
                and (
                    value > published.isoformat()[: len(value)]
                    or _AHEAD.search(m.group(0)) is not None
                )
            )
            found.append(
                DateMention(m.start(), m.end(), m.group(0), value, precision, relative, ahead)
            )
    found.sort(key=lambda d: d.start)
    return found


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


Resolved = tuple[str, Precision, bool] | None


def _resolve(kind: str, text: str, lang: str, published: date | None, tense: str) -> Resolved:
    if kind in ("dmy", "mdy", "numeric", "iso"):
        return _absolute_day(kind, text, lang, published, tense)
    if kind in ("month_year", "edge_month", "month", "range"):
        return _month(text, lang, published)
    if kind == "year":
        return text, "year", False
    if published is None:
        return None
    return _RELATIVE[kind](text.lower(), lang, published, tense)


def _on_weekday(day: date, weekday_words: str) -> date | None:
    """The date in the year of ``day`` or the one before or after that falls on the
    weekday named ("Montag, den 6. Dezember")."""
    wanted = _weekday_number(weekday_words.lower())
    for year in (day.year, day.year - 1, day.year + 1):
        try:
            candidate = date(year, day.month, day.day)
        except ValueError:  # 29 February of another year
            continue
        if candidate.weekday() == wanted:
            return candidate
    return None


def _absolute_day(kind: str, text: str, lang: str, published: date | None, tense: str) -> Resolved:
    if kind == "numeric":
        d_s, m_s, y_s = text.split(".")[:3]
        year = int(y_s) + (2000 if len(y_s) == 2 else 0)
        try:
            return date(year, int(m_s), int(d_s)).isoformat(), "day", False
        except ValueError:
            return None
    has_year = re.search(r"\d{4}", text) is not None
    weekday = re.match(rf"(?:{_WD_EN}|{_WD_DE}),?\s+(?:den\s+|the\s+)?", text)
    if weekday is not None:  # "Monday, December 6": the date; its weekday picks the year
        text = text[weekday.end() :]
    parsed = parse_absolute(text.replace("of ", ""), lang)
    if parsed is None:
        return None
    if has_year:
        return parsed.isoformat(), "day", False
    if published is None:
        return None
    parsed = parsed.replace(year=_nearest_year(published, parsed.month, parsed.day))
    on_weekday = _on_weekday(parsed, weekday.group(0)) if weekday is not None else None
    if on_weekday is not None:
        parsed = on_weekday
    elif tense == "past" and parsed > published:
        parsed = parsed.replace(year=parsed.year - 1)
    elif tense == "future" and parsed < published:
        parsed = parsed.replace(year=parsed.year + 1)
    return parsed.isoformat(), "day", True


def _month_number(low: str, lang: str) -> int | None:
    """1 … 12 for the first month named in the lower-cased ``low``, or None."""
    months = MONTHS_DE if lang == "de" else MONTHS_EN
    return next((i + 1 for i, name in enumerate(months) if name[:3] in low), None)


def _month(text: str, lang: str, published: date | None) -> Resolved:
    month = _month_number(text.lower(), lang)
    if month is None:
        return None
    year_m = re.search(r"\d{4}", text)
    if year_m:
        return f"{int(year_m.group(0)):04d}-{month:02d}", "month", False
    if published is None:
        return None
    return f"{_nearest_year(published, month):04d}-{month:02d}", "month", True


_PAST_WORDS = re.compile(r"vergangen|letzt|vorig|last|past")
_NEXT_WORDS = re.compile(r"kommend|nächst|next|coming")


def _weekday_number(low: str) -> int:
    """Monday 0 … Sunday 6 for the weekday named in the lower-cased ``low`` (either
    language)."""
    return next(
        (i for names in (WEEKDAYS_DE, WEEKDAYS_EN) for i, name in enumerate(names) if name in low),
        5,  # Sonnabend
    )


def _weekday(low: str, lang: str, published: date, tense: str) -> Resolved:
    wd = _weekday_number(low)
    if _NEXT_WORDS.search(low):
        direction = "next"
    elif _PAST_WORDS.search(low):
        direction = "last"
    elif low.startswith(("seit", "since")):
        direction = "past"  # "seit Dienstag": it began on the Tuesday behind (or today)
    else:  # a bare weekday (or "diesen", "this"): the tense decides
        direction = "past" if tense == "past" else "future"
    return weekday_date(published, wd, direction).isoformat(), "day", True


def _named_month(low: str, lang: str, published: date, tense: str) -> Resolved:
    """'last October' (the latest October before the month of publication), 'next March'
    (the first one after), 'this October' and 'im Oktober vergangenen Jahres'."""
    month = _month_number(low, lang)
    if month is None:
        return None
    if re.search(r"\b(?:year|jahres)\b", low):  # a month of the year before or after
        offset = -1 if _PAST_WORDS.search(low) else 0 if re.search(r"\bthis\b|dies", low) else 1
        year = published.year + offset
    elif _PAST_WORDS.search(low):
        year = published.year if month < published.month else published.year - 1
    elif _NEXT_WORDS.search(low):
        year = published.year if month > published.month else published.year + 1
    else:  # "this October": the one of the year of publication
        year = published.year
    return f"{year:04d}-{month:02d}", "month", True


def _weekend(low: str, lang: str, published: date, tense: str) -> Resolved:
    """A weekend is dated at its Saturday: 'last weekend' the one before the publication's
    week, 'next weekend' the one after; 'this weekend', 'am Wochenende' by the tense (the
    weekend of a Sunday's publication is that weekend)."""
    saturday = 5
    if _NEXT_WORDS.search(low):
        day = weekday_date(published, saturday, "next")
    elif _PAST_WORDS.search(low):
        back = weekday_date(published, saturday, "past")
        day = back - timedelta(days=7) if published.weekday() >= saturday else back
    elif published.weekday() == saturday + 1 or tense == "past":
        day = weekday_date(published, saturday, "past")
    else:
        day = weekday_date(published, saturday, "future")
    return day.isoformat(), "day", True


def _offset(low: str, lang: str, published: date, tense: str) -> Resolved:
    """'vor zwei Jahren', 'two years ago', 'in drei Tagen'."""
    parts = low.split()
    ago = parts[0] == "vor" or parts[-1] == "ago"
    if lang == "de" or not ago:
        number, unit = _count(parts[1]), parts[2]
    else:
        number, unit = _count(parts[0]), parts[1]
    sign = -1 if ago else 1
    if unit.startswith(("tag", "day")):
        return (published + timedelta(days=sign * number)).isoformat(), "day", True
    if unit.startswith(("woche", "week")):
        return _iso(published + timedelta(days=sign * 7 * number), "month"), "month", True
    if unit.startswith(("monat", "month")):
        return _iso(_shift_months(published, sign * number), "month"), "month", True
    return f"{published.year + sign * number:04d}", "year", True


def _week(low: str, lang: str, published: date, tense: str) -> Resolved:
    if re.search(r"\b(?:diese[r]?|this)\b", low):
        return _iso(published, "month"), "month", True
    monday = published - timedelta(days=published.weekday())
    d = monday - timedelta(days=7) if _PAST_WORDS.search(low) else monday + timedelta(days=7)
    return _iso(d, "month"), "month", True


def _month_relative(low: str, lang: str, published: date, tense: str) -> Resolved:
    if re.search(r"\b(?:this|the|diese[ms]|des)\b", low):  # "earlier this month"
        return _iso(published, "month"), "month", True
    months = -1 if _PAST_WORDS.search(low) else 1
    return _iso(_shift_months(published, months), "month"), "month", True


def _year_relative(low: str, lang: str, published: date, tense: str) -> Resolved:
    if _PAST_WORDS.search(low):
        return f"{published.year - 1:04d}", "year", True
    if re.search(r"diese|this", low):
        return f"{published.year:04d}", "year", True
    return f"{published.year + 1:04d}", "year", True


_DAY_OFFSETS = {
    "heute": 0,
    "today": 0,
    "tonight": 0,
    "gestern": -1,
    "yesterday": -1,
    "last night": -1,
    "vorgestern": -2,
    "morgen": 1,
    "tomorrow": 1,
    "übermorgen": 2,
}


# adjectives: "des gestrigen Wahldebakels", "am heutigen Montag"
_DAY_ADJECTIVES = (
    ("vorgestrig", -2),
    ("gestrig", -1),
    ("heutig", 0),
    ("übermorgig", 2),
    ("morgig", 1),
)


def _day_of_month(low: str, lang: str, published: date, tense: str) -> Resolved:
    day = int(re.sub(r"\D", "", low))
    month = published if day <= published.day or tense == "future" else _shift_months(published, -1)
    try:
        return month.replace(day=day).isoformat(), "day", True
    except ValueError:
        return None


def _day_word(low: str, lang: str, published: date, tense: str) -> Resolved:
    offset = _DAY_OFFSETS.get(low)
    if offset is None:
        offset = next((n for stem, n in _DAY_ADJECTIVES if low.startswith(stem)), 0)
    return (published + timedelta(days=offset)).isoformat(), "day", True


_RELATIVE: dict[str, Callable[[str, str, date, str], Resolved]] = {
    "weekday": _weekday,
    "weekend": _weekend,
    "named_month": _named_month,
    "ago": _offset,
    "in_n": _offset,
    "week": _week,
    "this_week": _week,
    "monthrel": _month_relative,
    "yearrel": _year_relative,
    "day_word": _day_word,
    "day_of_month": _day_of_month,
}
