"""Text helpers shared by the extraction modules: tokens, sentences, page furniture
and the name normalisation used for matching. Pure functions, no models."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterator

TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)

# sentence ends: . ! ? (optionally followed by a closing quote) then space and an
# upper-case letter, digit or opening quote
_SENT_END = re.compile(r"(?<=[.!?])[\"”“'»«]?\s+(?=[\"„“'»«(]?[A-ZÄÖÜ0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Prof|Mr|Mrs|Ms|St|Nr|Abs|Art|bzw|ca|vgl|z\.B|u\.a|d\.h|etc|Jr|Sr|Gen|Col|Lt|"
    r"Sen|Rep|Gov|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Okt|Nov|Dec|Dez|No|Inc|Corp|Ltd|li|re|"
    r"U\.S|U\.N|U\.K)|\b[A-Z])\.$"
)
_FINAL = re.compile(r"[.!?:][\"”“'»«)]*\s*$")


@dataclasses.dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    heading: bool  # a line without final punctuation: heading, caption, furniture


def sentences(body: str) -> list[Sentence]:
    """Split ``body`` into sentences with offsets; paragraphs (lines) never join."""
    out: list[Sentence] = []
    paragraphs = [p for p in re.finditer(r"[^\n]+", body) if p.group(0).strip()]
    for k, para in enumerate(paragraphs):
        text = para.group(0)
        # a heading introduces text: a last line without final punctuation is a body cut
        # short ("… struck the South"), not a heading
        last = k == len(paragraphs) - 1 and k > 0
        heading = _FINAL.search(text) is None and not (last and len(text.split()) >= 8)
        pos = 0
        for m in _SENT_END.finditer(text):
            # abbreviations and ordinals are short: only the end of the sentence so far is
            # looked at (a line of a thousand "am 3. Mai" must not be read a thousand times)
            window = text[max(pos, m.start() - 64) : m.start()]
            tail = window.rstrip("\"”“'»«")
            # (\b still sees before where the search starts)
            if _ABBREV.search(tail, max(0, len(tail) - 8)) or _is_ordinal(window, text, m.end()):
                continue
            _add(out, para.start() + pos, text[pos : m.start()], heading)
            pos = m.end()
        _add(out, para.start() + pos, text[pos:], heading)
    return out


# German ordinals end in a full stop: "am 25. Mai", "zum 7. Landtag", "ab 6. Juni"
_ORDINAL_AFTER_WORD = re.compile(
    r"\b(?:[Aa]m|[Zz]um|[Zz]ur|[Vv]om|[Aa]b|[Bb]is|[Ss]eit|[Dd]e[mnrs]|[Dd]ie|[Dd]as|[Ii]m|"
    r"[Bb]eim|[Ff]ür|[Ee]ine?[mnrs]?)\s+\d{1,3}\.$"
)
_ORDINAL_NUMBER = re.compile(r"(?<![\d.,])\d{1,2}\.$")
_MONTH_NEXT = re.compile(
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember|January|February|March|May|June|July|October|December|Jan|Feb|Mär|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Okt|Oct|Nov|Dez|Dec)\b"
)


def _is_ordinal(candidate: str, text: str, next_start: int) -> bool:
    """True when ``candidate`` ends in an ordinal number rather than a sentence."""
    end = candidate.rstrip()
    if not (end.endswith(".") and end[-2:-1].isdigit()):
        return False  # both patterns end in a number and its full stop
    if _ORDINAL_AFTER_WORD.search(end):
        return True
    return bool(_ORDINAL_NUMBER.search(end) and _MONTH_NEXT.match(text, next_start))


# characters: a longer "sentence" (a list, a table, a text without full stops) is cut at a
# space before this length, so that the work per sentence stays bounded
LONGEST_SENTENCE = 1000


def _add(out: list[Sentence], start: int, text: str, heading: bool) -> None:
    stripped = text.strip()
    if not stripped:
        return
    s = start + len(text) - len(text.lstrip())
    while len(stripped) > LONGEST_SENTENCE:
        cut = stripped.rfind(" ", LONGEST_SENTENCE // 2, LONGEST_SENTENCE)
        piece = stripped[: cut if cut != -1 else LONGEST_SENTENCE].rstrip()
        out.append(Sentence(s, s + len(piece), piece, heading))
        rest = stripped[len(piece) :]
        s += len(piece) + len(rest) - len(rest.lstrip())
        stripped = rest.lstrip()
    out.append(Sentence(s, s + len(stripped), stripped, heading))


# page furniture: (pattern, whole_line) — whole_line masks the full paragraph
_FURNITURE: list[tuple[re.Pattern[str], bool]] = [
    (
        re.compile(
            r"^\s*(?:Video|Audio)\s+(?:ansehen|anhören|abspielen)\s+\d{1,2}:\d{2}(?::\d{2})?"
        ),
        False,
    ),
    (re.compile(r"^\s*(?:Watch|Play)\s+(?:video|audio)\s+\d{1,2}:\d{2}", re.I), False),
    (re.compile(r"^\s*(?:Anzeige|Werbung|Advertisement|Sponsored|Gesponsert|ANZEIGE)\b.*$"), True),
    (
        re.compile(
            r"^\s*(?:Mehr zum Thema|Lesen Sie auch|Lesen Sie mehr|Auch interessant|Weiterlesen|"
            r"Read more|Read also|Related|See also|More on this|Also read|Das könnte Sie auch "
            r"interessieren)\b.*$",
            re.I,
        ),
        True,
    ),
    (re.compile(r"^\s*(?:Bild|Foto|Fotos|Photo|Image|Quelle|Source|Copyright)\s*:.*$"), True),
    (re.compile(r"^\s*©.*$"), True),
    (
        re.compile(
            r"^\s*(?:Facebook|Twitter|WhatsApp|E-Mail|Email|LinkedIn|Teilen|Share|Drucken|Print"
            r"|Permalink|Xing|Pinterest|Telegram|Messenger)(?:\s*[|·,/]?\s*(?:Facebook|Twitter|"
            r"WhatsApp|E-Mail|Email|LinkedIn|Teilen|Share|Drucken|Print|Permalink|Xing|Pinterest|"
            r"Telegram|Messenger))*\s*$",
            re.I,
        ),
        True,
    ),
    (re.compile(r"\((?:Foto|Bild|Photo|Image)\s*:[^)]*\)"), False),
    (
        re.compile(
            r"\b(?:picture[- ]alliance|Getty Images|imago images|IMAGO|AP Photo|dpa-Bildfunk)"
            r"(?:/[\w .-]+)*"
        ),
        False,
    ),
]


def furniture_spans(body: str) -> list[tuple[int, int]]:
    """Character spans of page furniture (video captions, ads, share bars, credits)."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", body):
        line = para.group(0)
        for pattern, whole in _FURNITURE:
            for m in pattern.finditer(line):
                if whole:
                    spans.append((para.start(), para.end()))
                else:
                    spans.append((para.start() + m.start(), para.start() + m.end()))
    spans.sort()
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _joins(c: str) -> bool:
    """A character that continues a word: what ``[\\w-]`` matches."""
    return c.isalnum() or c in "_-"


def word_occurrences(
    body: str, word: str, *, hyphen_after: bool = False, plural_s: bool = False
) -> Iterator[tuple[int, int]]:
    """(start, end) of each whole-word occurrence of ``word`` in ``body``, left to right and
    without overlap: what ``re.finditer(rf"(?<![\\w-]){re.escape(word)}(?:s)?(?![\\w-])",
    body)`` finds, where ``(?:s)?`` is there only with ``plural_s`` and a hyphen may follow
    with ``hyphen_after``. A name looked for in one article (a surname, an acronym) would
    otherwise compile a pattern of its own, and news brings new names all day."""
    if not word:
        return
    size = len(word)

    def ends(at: int) -> bool:  # no word character (or hyphen) continues the word at ``at``
        if at >= len(body):
            return True
        c = body[at]
        return not (c.isalnum() or c == "_" or (c == "-" and not hyphen_after))

    at = body.find(word)
    while at != -1:
        end = at + size
        if at == 0 or not _joins(body[at - 1]):
            if plural_s and body.startswith("s", end) and ends(end + 1):
                yield at, end + 1
                at = body.find(word, end + 1)
                continue
            if ends(end):
                yield at, end
                at = body.find(word, end)
                continue
        at = body.find(word, at + 1)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Matching form: NFKC, case-folded, diacritics removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ß", "ss").replace("’", "'")
    return " ".join(stripped.split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def word_count(text: str) -> int:
    return len(TOKEN_RE.findall(text))
