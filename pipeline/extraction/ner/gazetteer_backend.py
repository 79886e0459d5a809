"""The offline default NER backend: gazetteer matches plus a few German rules
(people after a role noun, hyphenated institutions built on a known name)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extraction.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    default_gazetteer,
    first_names,
    german_common_nouns,
    german_noun,
)
from pipeline.extraction.ner.base import NerSpan
from pipeline.extraction.text import slug

_ROLE_DE = (
    r"(?:Präsident(?:in|en)?|Staatspräsident(?:in|en)?|Vizepräsident(?:in|en)?|Kanzler(?:in)?|"
    r"Bundeskanzler(?:in)?|\w*[Mm]inister(?:in)?|Regierungschef(?:in)?|Staatschef(?:in)?|"
    r"Generalsekretär(?:in|s)?|Sprecher(?:in)?|Botschafter(?:in)?|Bürgermeister(?:in)?|"
    r"Oppositionsführer(?:in)?|Senator(?:in)?|Gouverneur(?:in)?|Außenbeauftragte[rn]?|"
    r"Kommissar(?:in)?|Parteichef(?:in)?|Kremlchef|Kremlsprecher|Premier(?:in)?|König(?:in)?|"
    r"Papst|Generalstabschef|Oberbefehlshaber|Abgeordnete[rn]?|Vorsitzende[rn]?|Fraktionschef(?:in)?|"
    r"Chefdiplomat(?:in|en)?|Unterhändler(?:in)?|Ministerpräsident(?:in|en)?|Premierminister(?:in)?|"
    # people named by their trade, also in compounds: "die Grünen-Politikerin Ricarda Lang",
    # "Vorstandschef Oliver Blume", "der Oppositionspolitiker Alexej Nawalny"
    r"\w*[Pp]olitiker(?:in)?|\w*[Cc]hef(?:in)?|\w*[Aa]ktivist(?:in)?|\w*[Jj]ournalist(?:in)?|"
    r"\w*[Aa]nwalt|\w*[Aa]nwältin|[Rr]ichter(?:in)?|\w*[Tt]rainer(?:in)?|[Ss]chauspieler(?:in)?|"
    r"[Ss]änger(?:in)?|[Aa]utor(?:in)?|[Uu]nternehmer(?:in)?|\w*[Mm]illiardär(?:in)?|Kardinal|"
    r"\w*[Bb]ischof|\w*[Bb]ischöfin)"
)
_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàíóúçğşčćšžł'’]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúçğşčćšžł'’]+)*"
_ROLE_NAME_DE = re.compile(
    rf"\b{_ROLE_DE},?\s+(?P<name>{_NAME_WORD}(?:\s+(?:von\s+der\s+|de\s+|van\s+|al-)?{_NAME_WORD}){{0,2}})"
)
_NOT_NAME = frozenset(
    [
        "Der",
        "Die",
        "Das",
        "Den",
        "Dem",
        "Des",
        "Ein",
        "Eine",
        "Einen",
        "Am",
        "Im",
        "In",
        "Und",
        "Oder",
        "Aber",
        "Auch",
        "Mit",
        "Von",
        "Vom",
        "Zum",
        "Zur",
        "Bei",
        "Für",
        "Nach",
        "Auf",
        "Aus",
        "Als",
        "Wie",
        "Es",
        "Er",
        "Sie",
        "Wir",
        "Ihr",
        "Man",
        "Hat",
        "Haben",
        "Ist",
        "Sind",
        "War",
        "Wird",
        "Werden",
        "Hatte",
        "Noch",
        "Nicht",
        "Heute",
        "Gestern",
        "Morgen",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
        "Regierung",
        "Land",
        "Staat",
        "Volk",
        "Partei",
        "Amt",
        "Ministerium",
        "Außenministerium",
        "Seite",
        "Lage",
        "Gespräche",
        "Gespräch",
        "Treffen",
        "Besuch",
    ]
)
_INSTITUTION_HEADS = (
    "Rat",
    "Kommission",
    "Ausschuss",
    "Gericht",
    "Parlament",
    "Behörde",
    "Agentur",
    "Versammlung",
    "Council",
    "Commission",
    "Committee",
)
_GENITIVE = re.compile(r"(?:es|s)$")
_SHIP = re.compile(
    r"\b(?:USS|HMS|HMAS|HMCS|HMNZS|INS|RMS|MV|MS|SS)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b"
)
# a Titlecase word right before a name, not starting a sentence: "National Security Council",
# "Russian Security Council" are not the UN Security Council
_TITLE_WORD_BEFORE = re.compile(r"(?<![\w-])(?P<word>[A-Z][a-z]+) $")


def _inside_longer_name(text: str, start: int, surface: str, label: str) -> bool:
    """A curated organisation of several words read as the tail of a longer name."""
    if label != "ORG" or " " not in surface or surface.isupper():
        return False
    before = _TITLE_WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    return before.group("word") not in _SENTENCE_STARTERS


_SENTENCE_STARTERS = frozenset(
    ["The", "A", "An", "This", "That", "Die", "Der", "Das", "Den", "Dem", "Des", "Ein", "Eine"]
)
# German authorities: a federal or state prefix, or a known field, and an authority noun
_AUTHORITY = re.compile(
    r"(?<![\w-])(?:(?:Bundes|Landes)[a-zäöüß]*(?:amt|ministerium|anwaltschaft|gericht|"
    r"gerichtshof|rechnungshof|behörde|agentur|zentrale|bank)|"
    r"(?:Innen|Außen|Finanz|Justiz|Verteidigungs|Wirtschafts|Gesundheits|Umwelt|Verkehrs|"
    r"Arbeits|Sozial|Familien|Bildungs|Kultus|Agrar|Landwirtschafts|Entwicklungs)ministerium|"
    r"(?:Landrats|Kriminal|Verwaltungs|Ordnungs|Gesundheits|Jugend|Finanz|Zoll|Einwohnermelde|"
    r"Standes|Arbeits|Sozial|Versorgungs|Kataster)amt)(?:e?s)?(?![\w-])"
)
# a dateline: a town (capitalised words), its country in brackets or after a comma, then a
# date or a dash
_DATELINE_TOWN = re.compile(
    r"\s*(?P<town>[A-ZÄÖÜÀ-Þ][\w’'.-]+(?: [A-ZÄÖÜÀ-Þ][\w’'.-]+){0,2})"
    r"(?: \([^()\n]{2,40}\)|, [A-ZÄÖÜÀ-Þ][\w .'-]{1,40}?)"
    r"(?:, ?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4}))?"
    r"\s*[–—]\s"
)
# places named by their kind and their name: "Flughafen Brüssel-Zaventem", "U-Bahn-Station
# Maelbeek/Maalbeek", "des Hauptbahnhofs Köln", "Flughafen Karlsruhe/Baden-Baden"
_FACILITY = re.compile(
    r"(?<![\w-])(?P<kind>Flughafen|Flugplatz|Militärflugplatz|Luftwaffenstützpunkt|Hauptbahnhof|"
    r"Bahnhof|U-Bahn-Station|S-Bahn-Station|U-Bahnhof|S-Bahnhof|Kernkraftwerk|Atomkraftwerk|"
    r"Kraftwerk|Stadion)(?:e?s)?\s+"
    r"(?P<name>[A-ZÄÖÜ][\w]+(?:-[A-ZÄÖÜ][\w]+)*(?:/[A-ZÄÖÜ][\w]+(?:-[A-ZÄÖÜ][\w]+)*)?)(?![\w-])"
)
# "die Stadt Ras Lanuf", "in der Provinz Nangarhar": capitalised words after a place noun
_NAMED_PLACE = re.compile(
    r"(?<![\w-])(?:Stadt|Hauptstadt|Hafenstadt|Grenzstadt|Kleinstadt|Ortschaft|Dorf|Provinz|"
    r"Region|Gemeinde)\s+(?P<name>[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+){0,2})(?![\w-])"
)
_GENITIVE_AUTHORITY = re.compile(
    r"(?:(?<=amt)|(?<=rium)|(?<=haft)|(?<=icht)|(?<=hof)|(?<=rde)|(?<=tur)|(?<=ale)|(?<=ank))e?s$"
)
_COURT_WITH_SEAT = re.compile(
    r"(?<![\w-])(?P<court>(?:Land|Amts|Oberlandes|Verwaltungs|Oberverwaltungs|Sozial|"
    r"Landessozial|Arbeits|Landesarbeits|Finanz|Verfassungs|Schwur)gericht(?:e?s)?)"
    r"\s+(?P<seat>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?![\w-])"
)


class GazetteerBackend:
    """Gazetteer hits (already linked) and rule spans; no statistical model."""

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def supports(self, lang: str) -> bool:
        return lang in ("de", "en")

    def spans(self, text: str, lang: str) -> list[NerSpan]:
        out = [
            NerSpan(h.start, h.end, h.text, h.entry.type, "gazetteer", h.entry)
            for h in self.gazetteer.find(text, lang)
            if not _inside_longer_name(text, h.start, h.text, h.entry.type)
        ]
        if lang == "en":
            out.extend(self.ships(text))
            out.extend(self.given_names(text, "en"))
        out.extend(self.compound_institutions(text, lang))
        out.extend(self.dateline_place(text, lang))
        if lang == "de":
            out.extend(self.role_names(text))
            out.extend(self.public_institutions(text))
            out.extend(self.places_by_kind(text))
            out.extend(self.given_names(text))
            out.extend(self.acronyms(text))
            out.extend(self.places_after_prepositions(text))
        return out

    def spans_many(self, texts: Sequence[str], lang: str) -> list[list[NerSpan]]:
        return [self.spans(t, lang) for t in texts]

    def compound_institutions(self, text: str, lang: str) -> list[NerSpan]:
        """NATO-Ukraine-Kommission: a hyphen compound of known names ending in an institution."""
        out: list[NerSpan] = []
        for m in _JOINED_TOKEN.finditer(text):
            word = m.group(0)
            parts = word.split("-")
            if len(parts) < 2 or not word[0].isupper():
                continue
            head = parts[-1]
            base = head
            if head not in _INSTITUTION_HEADS:
                base = _GENITIVE.sub("", head)
                if base not in _INSTITUTION_HEADS:
                    continue
            if self.gazetteer.lookup(word, lang) is not None:
                continue  # curated (EU-Kommission)
            if not any(self.gazetteer.lookup(p, lang) for p in parts[:-1]):
                continue
            canonical = "-".join([*parts[:-1], base])
            entry = GazetteerEntry(
                f"nf:ORG:{slug(canonical)}", canonical, canonical, "ORG", None, kind="rule"
            )
            out.append(NerSpan(m.start(), m.end(), word, "ORG", "rule", entry))
        return out

    def role_names(self, text: str) -> list[NerSpan]:
        """People named right after a role noun: 'Außenminister Dymetro Kuleba'."""
        out: list[NerSpan] = []
        for m in _ROLE_NAME_DE.finditer(text):
            words = m.group("name").split()
            while words and words[-1] in _NOT_NAME:
                words.pop()
            if not words or words[0] in _NOT_NAME:
                continue
            name = " ".join(words)
            if self.gazetteer.lookup(words[0], "de") is not None and len(words) == 1:
                continue  # "Präsident Russlands"
            entry = self.gazetteer.lookup(name, "de")
            if entry is not None and entry.type != "PER":
                continue
            start = m.start("name")
            out.append(NerSpan(start, start + len(name), name, "PER", "rule", entry))
        return out

    def dateline_place(self, text: str, lang: str) -> list[NerSpan]:
        """The town a dateline names first ("Karatschi (Pakistan), 20.10.2007 – …",
        "BRASÍLIA, Brazil – …") is a place, known or not."""
        m = _DATELINE_TOWN.match(text)
        if m is None:
            return []
        name = m.group("town")
        found = self.gazetteer.lookup(name, lang)
        if found is not None:
            return []  # the gazetteer finds it anyway
        if name.isupper():
            name = name.title()  # "BRASÍLIA"
        entry = GazetteerEntry(f"nf:LOC:{slug(name)}", name, name, "LOC", None, kind="city")
        return [NerSpan(m.start("town"), m.end("town"), m.group("town"), "LOC", "rule", entry)]

    def ships(self, text: str) -> list[NerSpan]:
        """Named ships: 'USS Cole', 'HMS Queen Elizabeth'."""
        out: list[NerSpan] = []
        for m in _SHIP.finditer(text):
            name = m.group(0)
            entry = self.gazetteer.lookup(name, "en") or GazetteerEntry(
                f"nf:MISC:{slug(name)}", name, name, "MISC", None, kind="rule"
            )
            out.append(NerSpan(m.start(), m.end(), name, "MISC", "rule", entry))
        return out

    def public_institutions(self, text: str) -> list[NerSpan]:
        """German authorities named by their compound: 'das Landesverwaltungsamt',
        'Bundeskriminalamtes', 'Innenministerium'; courts with their seat: 'Landgericht
        Freiburg', 'Oberlandesgericht München'."""
        out: list[NerSpan] = []
        for m in _COURT_WITH_SEAT.finditer(text):
            seat = m.group("seat")
            if self.gazetteer.lookup(seat, "de") is None and seat in german_common_nouns():
                continue
            court = _GENITIVE.sub("", m.group("court"))
            name = f"{court} {seat}"
            entry = self.gazetteer.lookup(name, "de") or GazetteerEntry(
                f"nf:ORG:{slug(name)}", name, name, "ORG", None, kind="rule"
            )
            out.append(NerSpan(m.start(), m.end(), m.group(0), "ORG", "rule", entry))
        for m in _AUTHORITY.finditer(text):
            word = m.group(0)
            base = _GENITIVE_AUTHORITY.sub("", word)
            entry = self.gazetteer.lookup(base, "de") or GazetteerEntry(
                f"nf:ORG:{slug(base)}", base, base, "ORG", None, kind="rule"
            )
            out.append(NerSpan(m.start(), m.end(), word, "ORG", "rule", entry))
        return out

    def places_by_kind(self, text: str) -> list[NerSpan]:
        """German places named by their kind: 'Flughafen Brüssel-Zaventem' (the kind is part
        of the name), 'die Stadt Ras Lanuf' (it is not)."""
        out: list[NerSpan] = []
        nouns = german_common_nouns()
        for m in _FACILITY.finditer(text):
            name = m.group("name")
            if name in nouns or name in _NOT_NAME:
                continue  # "am Flughafen Samstag früh"
            canonical = f"{m.group('kind')} {name}"
            entry = self.gazetteer.lookup(canonical, "de") or GazetteerEntry(
                f"nf:LOC:{slug(canonical)}", canonical, canonical, "LOC", None, kind="place"
            )
            out.append(NerSpan(m.start(), m.end(), m.group(0), "LOC", "rule", entry))
        for m in _NAMED_PLACE.finditer(text):
            words = m.group("name").split()
            while words and (words[-1] in nouns or words[-1] in _NOT_NAME):
                words.pop()  # "die Stadt Kiew Montag", "der Stadt Bonn Bürger"
            if not words or (len(words) == 1 and self.gazetteer.lookup(words[0], "de")):
                continue  # one known name is found by the gazetteer anyway
            name = " ".join(words)
            start = m.start("name")
            found = self.gazetteer.lookup(name, "de")
            out.append(NerSpan(start, start + len(name), name, "LOC", "rule", found))
        return out

    def given_names(self, text: str, lang: str = "de") -> list[NerSpan]:
        """'Frank Bannert', 'Leif-Erik Holm': a known given name and capitalised surname(s).
        In English (where the model misses some: "Jan Egeland") one surname word, and no
        given name that is also an English word or a month ("Roman Catholic", "May Day")."""
        names = first_names()
        nouns = german_common_nouns()
        out: list[NerSpan] = []
        for token in _CAPITAL_WORD.finditer(text):
            if token.group(0) not in names:
                continue
            m = _GIVEN_NAME.match(text, token.start())
            if m is None:
                continue
            given = m.group("given")
            surname = m.group("surname")
            if lang == "en":
                if given in _ENGLISH_WORD_NAMES:
                    continue
                # "Luiz Fernando Furlan", but "Hans Reiser Convicted"
                words = surname.split()
                surname = " ".join(w for w in words[:2] if not w.endswith(("ed", "ing")))
            last = surname.split()[-1]
            known = self.gazetteer.lookup(last, lang)
            if last in nouns or last in _NOT_NAME or (known is not None and known.type != "PER"):
                continue
            place = self.gazetteer.lookup(f"{given} {surname.split()[0]}", lang)
            if place is not None and place.type != "PER":
                continue  # "Abu Dhabi Media"
            end = m.start("surname") + len(surname)
            name = text[m.start() : end]
            out.append(
                NerSpan(m.start(), end, name, "PER", "rule", self.gazetteer.lookup(name, lang))
            )
        return out

    def places_after_prepositions(self, text: str) -> list[NerSpan]:
        """'in Butscha', 'nach Schaffhausen': a capitalised word after a locative preposition
        that is no common noun (measured on MobIE test: 45 of 53 such words are places)."""
        out: list[NerSpan] = []
        for m in _PLACE_AFTER_PREP.finditer(text):
            word = m.group("place")
            if (
                german_noun(word, compounds=True)  # "bei Angriffen", "nach Polizeiangaben"
                or word.lower() in _FREQUENT_PREP_NOUNS
                or word in _NOT_NAME
                or _NOUN_SUFFIX.search(word)
                or self.gazetteer.lookup(word, "de") is not None
            ):
                continue
            out.append(NerSpan(m.start("place"), m.end("place"), word, "LOC", "rule"))
        return out

    def acronyms(self, text: str) -> list[NerSpan]:
        """Unknown all-capital words (ÖVP, NDR, DDR) as organisations, with their expansion
        when one stands right before them in brackets."""
        out: list[NerSpan] = []
        counts: dict[str, int] = {}
        for m in _ALLCAPS.finditer(text):
            counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        for m in _ALLCAPS.finditer(text):
            word = m.group(0)
            if word in _NOT_ORG or self.gazetteer.lookup(word, "de") is not None:
                continue
            if len(word) == 2 and counts[word] < 2:
                continue  # a lone two-letter word in capitals is too often something else
            out.append(NerSpan(m.start(), m.end(), word, "ORG", "rule"))
        for m in _EXPANSION_ACRONYM.finditer(text):
            # the phrase before the brackets, looked for only where brackets hold an acronym
            # (one pattern over the whole text tried up to seven words at every capital)
            window = max(0, m.start() - _EXPANSION_WINDOW)
            before = _EXPANSION_PHRASE.search(text, window, m.start())
            if before is None:
                continue
            phrase, acronym = before.group("phrase"), m.group("acr")
            words = phrase.split()
            # keep the shortest tail whose capitals spell the acronym
            for k in range(len(words) - 1, -1, -1):
                tail = " ".join(words[k:])
                if _spells(tail, acronym):
                    start = before.start("phrase") + len(" ".join(words[:k])) + (1 if k else 0)
                    out.append(NerSpan(start, start + len(tail), tail, "ORG", "rule"))
                    break
        return out


# given names that are also English words or months ("Roman Catholic", "May Day")
_ENGLISH_WORD_NAMES = frozenset((
    "Roman", "Christian", "May", "June", "April", "August", "Will", "Bill", "Grace", "Hope",
    "Faith", "Joy", "Rose", "Frank", "Mark", "Victor", "Summer", "Sunny", "Guy", "Pat", "Sandy",
    "Dawn", "Ivy", "Holly",
))  # fmt: skip
_GIVEN_NAME = re.compile(
    rf"\b(?P<given>[A-ZÄÖÜ][a-zäöüéèç]+(?:-[A-ZÄÖÜ][a-zäöüéèç]+)?)\s+"
    rf"(?P<surname>(?:(?:von|van|de|der|den|zu|al)\s+)*{_NAME_WORD}(?:\s+(?!und\b){_NAME_WORD})?)"
    rf"(?!\w)"
)
_PLACE_AFTER_PREP = re.compile(
    r"\b(?:in|nach|aus|bei)\s+(?P<place>[A-ZÄÖÜ][a-zäöüß]{2,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
    r"(?![\w-]|\s+[A-ZÄÖÜ])"
)
_FREQUENT_PREP_NOUNS = frozenset(
    [
        "gefahr",
        "not",
        "eile",
        "kürze",
        "anspruch",
        "zukunft",
        "richtung",
        "teilen",
        "sachen",
        "bezug",
        "betracht",
        "anbetracht",
        "hinblick",
        "summe",
        "zahlen",
        "worten",
        "bildern",
        "haft",
        "kraft",
        "frage",
        "ruhe",
        "höhe",
        "form",
        "folge",
        "arbeit",
        "betrieb",
        "urlaub",
        "rente",
        "quarantäne",
        "gewahrsam",
        "verbindung",
        "erwartung",
        "hoffnung",
        "sicht",
        "kontakt",
        "panik",
        "schwierigkeiten",
        "gefangenschaft",
        "deckung",
        "flammen",
        "trümmern",
        "massen",
        "scharen",
        "strömen",
    ]
)
_NOUN_SUFFIX = re.compile(
    r"(?:ung|heit|keit|schaft|tion|tät|ismus|nis|tum|ment|enz|anz|ik|ie|ei|age|ur|ler|ner|"
    r"ling|chen|lein|ität|sion|werk|haus|zeit|land|stelle|amt|platz|straße|weg|haft|ern|geld|"
    r"kraft|gang|zug|fall|lage|ruhe|sorge|folge|frage|form|höhe|mode|kauf)$"
)
# the tokens of TOKEN_RE that join words with - or ' (only they can be compounds) ...
_JOINED_TOKEN = re.compile(r"(?<!\w)(?<!\w[-'’])\w+(?:[-'’]\w+)+")
# ... and the first hyphen part of tokens that start with a capital letter
_CAPITAL_WORD = re.compile(r"(?<!\w)(?<!\w[-'’])[A-ZÀ-ÖØ-Þ][\w'’]*")
_ALLCAPS = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{2,5}(?![\w-])")
_NOT_ORG = frozenset(
    [
        "EUR",
        "USD",
        "CHF",
        "GBP",
        "JPY",
        "KM",
        "PS",
        "KW",
        "MW",
        "GW",
        "CO",
        "AG",
        "SE",
        "UTC",
        "MEZ",
        "MESZ",
        "ID",
        "TV",
        "PC",
        "OK",
        "DNA",
        "HIV",
        "AIDS",
        "COVID",
        "PDF",
        "CEO",
        "CFO",
        "FAQ",
        "PR",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "XX",
        "AM",
        "PM",
        "GMBH",
        "KG",
        "OHG",
        "DAX",
        "NATO",
        "USA",
        "US",
        "UK",
        "EU",
        "UN",
        "SMS",
        "WLAN",
        "GPS",
        "LKW",
        "PKW",
        "ICE",
        "IC",
        "RE",
        "RB",
        "SUV",
        "CD",
        "DVD",
        "MP",
        "ABC",
        "ZDF",
        "ARD",
        "ISBN",
        "PMID",
        "PLZ",
        "KB",
        "MB",
        "GB",
        "TB",
        "GNU",
        "HTML",
        "URL",
        "USB",
        "CPU",
        "GPU",
        "KI",
        "AI",
        "IT",
        "EDV",
        "BIP",
        "GDP",
        "NEU",
        "TOP",
        "LIVE",
        "NEWS",
        "VIDEO",
        "FOTO",
    ]
)
_EXPANSION_ACRONYM = re.compile(r"\((?P<acr>[A-ZÄÖÜ][A-ZÄÖÜa-z]{1,5})\)")
_EXPANSION_PHRASE = re.compile(
    r"(?P<phrase>(?:[A-ZÄÖÜ][\w-]*\s+(?:(?:für|und|der|des|von|in|of|and|for|the)\s+)*){1,7})$"
)
_EXPANSION_WINDOW = 300  # characters: seven long words and their joining words


def _spells(phrase: str, acronym: str) -> bool:
    """NDR ← Norddeutschen Rundfunks: the acronym's letters in order, starting with the first."""
    letters = iter(phrase.lower())
    return phrase[:1] == acronym[:1] and all(c in letters for c in acronym.lower())
