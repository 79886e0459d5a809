"""Linking: surface forms become one canonical entity with a stable id.

* gazetteer hits are linked already (German inflection is handled there);
* model spans are looked up in the gazetteer (after dropping articles and
  possessives), else become new entities with an ``nf:TYPE:slug`` id;
* person names: a later "Stoltenberg" joins an earlier "Jens Stoltenberg";
* acronyms: "Organisation für … (OSZE)" makes every later OSZE the same entity;
* adjectives and demonyms ("die russische Regierung", "Russian troops") are
  mentions of the country; they create the country only next to a word for a
  government or an armed force (they are actors there);
* nothing inside page furniture is linked.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator

from pipeline.extraction.dates import WEEKDAYS_DE, WEEKDAYS_EN
from pipeline.extraction.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    first_names,
    german_common_nouns,
    german_noun,
)
from pipeline.extraction.ner.base import NerSpan
from pipeline.extraction.text import TOKEN_RE, fold, inside, slug, word_occurrences
from pipeline.extraction.triggers import compound_head
from pipeline.models.enriched import Entity, GeoPoint, Mention

_GOV_DE = (
    r"(?:Regierung|Präsident(?:en|in)?|Staatschef(?:s)?|Armee|Streitkräfte[n]?|Truppen|Militär[s]?|"
    r"Soldaten|Außenminister(?:in|s)?|Verteidigungsminister(?:in|s)?|Regierungschef(?:in|s)?|"
    r"Ministerpräsident(?:in|en)?|Premierminister(?:in|s)?|Behörden|Führung|Diplomat(?:en|in)?|"
    r"Botschafter(?:in|s)?|Botschaft|Parlament[s]?|Polizei|Marine|Luftwaffe|Seite|Delegation|"
    r"Unterhändler|Außenministerium[s]?|Verteidigungsministerium[s]?|Kanzler(?:in)?|Staatsführung|"
    r"Geheimdienst(?:e|es)?|Einheiten|Kräfte[n]?|Fallschirmjäger|Panzer|Raketen|Angriff\w*|"
    r"Luftangriff\w*|Kampfjets|Offensive|Invasion|Beschuss|\w*[Ww]ahl(?:en)?|Referendum[s]?|"
    r"König(?:in|s)?|Kronprinz(?:en)?|Emir[s]?|Monarch(?:en|in)?|Küstenwache|Staatsmedien)"
)
_GOV_EN = (
    r"(?:government|president|army|forces|troops|military|soldiers|officials|authorities|"
    r"foreign minister|defen[cs]e minister|prime minister|leader(?:s|ship)?|diplomats?|"
    r"ambassador|parliament|police|navy|air force|embassy|ministry|side|delegation|negotiators|"
    r"regime|administration|counterpart|warships|jets|missiles|units|intelligence|air ?strikes?|"
    r"attacks?|bombing|warplanes|aircraft|shelling|offensive|invasion|elections?|referendum|"
    r"king|queen|crown prince|emir|monarch|coast ?guard|state media)"
)

_GOV_PATTERNS = {
    "de": re.compile(rf"\W*(?:\w+\W+)?{_GOV_DE}\b"),
    "en": re.compile(rf"\W*(?:\w+\W+)?{_GOV_EN}\b", re.I),
}
_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:village|town|city|region|province|district|Dorf|Stadt|Ort|Region|Provinz|Gemeinde)"
    r"(?:\s+of)?|\b(?:in|near|nahe|bei|im)\s+(?:the\s+)?(?:southern|northern|eastern|western|"
    r"border\s+)?)\s*$"
)
_DROP_PREFIX = re.compile(r"^(?:the|The|der|die|das|den|dem|des)\s+")
_DROP_SUFFIX = re.compile(r"(?:'s|’s|'|\s+(?:of|and|the|for|von|und|der|des|die))$")  # 'Talon of'
_ACRONYM = re.compile(r"(?<!\s)\s*\(([A-ZÄÖÜ][A-ZÄÖÜa-z0-9-]{1,6})\)")
_PER_NOISE = re.compile(r"[\d@#/]")
_TITLES = re.compile(
    r"^(?:(?:President|Prime Minister|Minister|Foreign Minister|General|Gen\.|Dr\.?|Mr\.?|Mrs\.?|"
    r"Ms\.?|Sir|Senator|Sen\.|Governor|Gov\.|King|Queen|Pope|Chancellor|Secretary|"
    r"Secretary-General|Secretary General|Judge|Justice|Colonel|Col\.|Captain|Capt\.|"
    r"Präsident(?:in)?|Kanzler(?:in)?|[A-ZÄÖÜ]?[a-zäöü]*[Mm]inister(?:in)?|Herr|Frau|"
    r"Ministerpräsident(?:in)?|Staatspräsident(?:in)?|Vizepräsident(?:in)?|Premier(?:in)?|"
    r"Regierungschef(?:in)?|Staatschef(?:in)?|Oppositionsführer(?:in)?|Parteichef(?:in)?|"
    r"König(?:in)?|Papst|Botschafter(?:in)?|Gouverneur(?:in)?|Senator(?:in)?|"
    r"Bundeskanzler(?:in)?|Generalsekretär(?:in)?|Superintendent|Inspector|Chief|Commander|"
    r"Lieutenant|Lt\.|Sergeant|Sgt\.|Detective|Commissioner|Mayor|Bishop|Archbishop|Cardinal|"
    r"Reverend|Rev\.|Sheikh|Prince|Princess|Prof\.|Bürgermeister(?:in)?|"
    r"Oberbürgermeister(?:in)?|Bischof|Erzbischof|Kardinal|Pfarrer(?:in)?|Professor(?:in)?|"
    r"Polizeisprecher(?:in)?)\s+)+"
)
_PARTICLES = frozenset(
    {
        "von",
        "van",
        "der",
        "de",
        "den",
        "del",
        "la",
        "le",
        "al",
        "bin",
        "da",
        "di",
        "du",
        "the",
        "of",
        "and",
        "und",
        "für",
    }
)
_GENERIC = frozenset(
    [
        "utc",
        "gmt",
        "cet",
        "cest",
        "mez",
        "mesz",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "government",
        "parliament",
        "ministry",
        "police",
        "army",
        "court",
        "senate",
        "state",
        "world",
        "institute",
        "university",
        "president",
        "minister",
        "news",
        "agency",
        "group",
        "company",
        "party",
        "city",
        "county",
        "province",
        "region",
        "republic",
        "kingdom",
        "union",
        "council",
        "committee",
        "commission",
        "department",
        "office",
        "embassy",
    ]
)


@dataclasses.dataclass
class _Group:
    key: str
    name: str
    type: str
    wikidata: str | None
    geo: GeoPoint | None
    kind: str
    iso2: str | None
    mentions: list[Mention]
    first: int


@dataclasses.dataclass(frozen=True)
class LinkedMention:
    """A mention in the body linked to an entity key (entity mentions and adjectives)."""

    start: int
    end: int
    text: str
    key: str
    adjective: bool = False


@dataclasses.dataclass(frozen=True)
class Linked:
    entities: list[Entity]
    mentions: list[LinkedMention]  # sorted by start
    kinds: dict[str, str]  # entity key → curated | place | country | city | rule | model
    capitals: dict[str, str]  # folded capital name → country entity key


def link(
    body: str,
    lang: str,
    gazetteer: Gazetteer,
    gazetteer_spans: Iterable[NerSpan],
    model_spans: Iterable[NerSpan],
    excluded: list[tuple[int, int]],
) -> Linked:
    linker = _Linker(body, lang, gazetteer)
    ordered = linker.select(gazetteer_spans, model_spans, excluded)
    linker.index(ordered)
    for span, entry in ordered:
        if entry is not None:
            linker.add_linked(span, entry)
        else:
            linker.add_unlinked(span)
    linker.publish_model_ids()
    groups, linked, taken = linker.groups, linker.linked, linker.taken
    _acronyms(body, groups, linked, taken, excluded)
    _surnames(body, groups, linked, taken, excluded)
    capitals = _adjectives(body, lang, gazetteer, groups, linked, taken, excluded)

    entities = [
        Entity(
            id=g.key,
            name=g.name,
            type=g.type,
            wikidata=g.wikidata,
            mentions=sorted(g.mentions, key=lambda m: m.start),
            count=len(g.mentions),
            geo=g.geo,
        )
        for g in groups.values()
    ]
    entities.sort(key=lambda e: (-e.count, e.mentions[0].start if e.mentions else 0))
    linked.sort(key=lambda m: m.start)
    return Linked(entities, linked, {g.key: g.kind for g in groups.values()}, capitals)


class _Linker:
    """The state of one document's linking (groups of mentions by entity key)."""

    def __init__(self, body: str, lang: str, gazetteer: Gazetteer) -> None:
        self.body, self.lang, self.gazetteer = body, lang, gazetteer
        self.groups: dict[str, _Group] = {}
        self.taken = _Taken(len(body))
        self.linked: list[LinkedMention] = []
        self.votes: dict[str, dict[str, int]] = {}
        self.full_names: dict[str, str] = {}  # folded name part → folded full name or entity key
        self.surnames: dict[str, str] = {}
        self.names: dict[str, str] = {}  # folded unlinked name → its first surface form

    def select(
        self,
        gazetteer_spans: Iterable[NerSpan],
        model_spans: Iterable[NerSpan],
        excluded: list[tuple[int, int]],
    ) -> list[tuple[NerSpan, GazetteerEntry | None]]:
        """Resolve overlaps: linked spans first, except that a model PERSON beats a city
        (Jackson); demonyms and MISC from models are left to later steps."""
        spans = list(gazetteer_spans)
        gaz = [s for s in spans if s.entry is not None and not inside(excluded, s.start, s.end)]
        unlinked = [s for s in spans if s.entry is None]
        cleaned = [
            _clean(s) for s in [*model_spans, *unlinked] if not inside(excluded, s.start, s.end)
        ]
        model = [
            part
            for s in cleaned
            if s is not None
            for part in self._split_person(self._complete_name(s))
        ]
        people = [(p.start, p.end) for p in model if p.label == "PER"]
        # a longer model name around a city beats the city: "The Toronto Star", "University
        # of Oxford"
        names = [
            (m.start, m.end)
            for m in model
            if m.label in ("ORG", "LOC") and " " in m.text and "(" not in m.text
        ]  # not "Karatschi (Pakistan)": a town and its country
        ordered: list[tuple[NerSpan, GazetteerEntry | None]] = []
        for span in sorted(gaz, key=lambda s: (s.start, -(s.end - s.start))):
            entry = span.entry
            if entry is None or self.taken.overlaps(span.start, span.end):
                continue
            if entry.kind == "city" and _overlaps(people, span.start, span.end):
                continue
            if entry.kind in ("city", "place") and any(
                s <= span.start and span.end <= e and (s, e) != (span.start, span.end)
                for s, e in names
            ):
                continue
            self.taken.add(span.start, span.end)
            ordered.append((span, entry))
        # where names overlap, the one that starts first and the longer one wins:
        # "Ministerpräsident Giorgos Andrea Papandreou" over the model's "Andrea Papandreou"
        for span in sorted(model, key=lambda s: (s.start, -(s.end - s.start))):
            if self.taken.overlaps(span.start, span.end):
                continue
            found = self.gazetteer.lookup(span.text, self.lang)
            if span.label in ("NORP", "MISC") and (found is None or found.kind != "country"):
                continue  # demonyms are handled later; MISC is too noisy to report
            if found is None and span.text in _adjective_table(self.gazetteer, self.lang)[1]:
                continue  # a demonym the model took for a place ("Ukrainian officials")
            self.taken.add(span.start, span.end)
            ordered.append((span, found))
        ordered.sort(key=lambda x: x[0].start)
        return ordered

    def _split_person(self, span: NerSpan) -> list[NerSpan]:
        """A name and a person the English model ran together ("Koszalin Piotr Jedlinski",
        "Detroit Pistons Chauncey Billups"): split before a known given name
        that a surname follows, when the name before it starts with no given name (not
        "Maria Fernanda Espinosa") and is known or not a person's."""
        words = list(_WORD.finditer(span.text))
        names = first_names()
        if (
            self.lang != "en"
            or len(words) < 3
            or words[0].group(0) in names
            or span.source == "rule"
        ):
            return [span]
        for k in range(1, len(words) - 1):
            given = words[k].group(0)
            if given not in names or not words[k + 1].group(0)[:1].isupper():
                continue
            head = span.text[: words[k - 1].end()]
            found = self.gazetteer.lookup(head, self.lang)
            if (found is None and span.label == "PER") or _TITLE_END.search(head):
                return [span]  # "Juan Carlos Rey Sánchez", "German Chancellor Angela Merkel"
            cut = span.start + words[k].start()
            label = found.type if found is not None else span.label
            return [
                dataclasses.replace(span, end=span.start + len(head), text=head, label=label),
                dataclasses.replace(
                    span, start=cut, text=span.text[words[k].start() :], label="PER"
                ),
            ]
        return [span]

    def _complete_name(self, span: NerSpan) -> NerSpan:
        """A person the model cut before the last name: 'Susilo Bambang' + 'Yudhoyono.'
        The next word joins when it is capitalised, ends the clause, and is no place,
        organisation, weekday or word the text also uses in lower case."""
        if span.label != "PER":
            return span
        syllable = _NAME_SYLLABLE.match(self.body, span.end) if " " in span.text else None
        if syllable is not None:  # "Kim Jong" + "-il", "Lee Myung" + "-bak"
            end = syllable.end()
            return dataclasses.replace(span, end=end, text=self.body[span.start : end])
        if span.source == "rule":
            return span
        m = _NEXT_NAME.match(self.body, span.end) or _NEXT_PARTICLE_NAME.match(self.body, span.end)
        if m is None:
            return span
        word = m.group("word")
        if (
            word in _NOT_SURNAME
            or self.gazetteer.lookup(word, self.lang) is not None
            or _common_word(self.body, word)
            or (self.lang == "de" and word in german_common_nouns())
        ):
            return span
        end = span.end + len(m.group(0)) - len(m.group("tail"))
        return dataclasses.replace(span, end=end, text=self.body[span.start : end])

    def index(self, ordered: list[tuple[NerSpan, GazetteerEntry | None]]) -> None:
        """Label votes per unlinked name, name parts of full names, surnames of people."""
        for span, entry in ordered:
            folded = fold(span.text)
            if entry is None:
                label: str = span.label
                if label == "PER" and _PLACE_CONTEXT.search(
                    self.body, max(0, span.start - 40), span.start
                ):
                    label = "LOC"  # "in the village of Houla", "im Dorf Butscha"
                label_votes = self.votes.setdefault(folded, {})
                label_votes[label] = label_votes.get(label, 0) + 1
                self.names.setdefault(folded, span.text)
            words = span.text.split()
            if len(words) > 1:
                for word in words:
                    part = fold(word)
                    if len(part) > 2 and part not in _PARTICLES:
                        self.full_names.setdefault(part, folded if entry is None else entry.key)
            if entry is not None and entry.type == "PER":
                self.surnames.setdefault(fold(entry.name_en.split()[-1]), entry.key)
                self.surnames.setdefault(fold(entry.name_de.split()[-1]), entry.key)

    def vote(self, name: str) -> str:
        counts = self.votes.get(name, {})
        return max(sorted(counts), key=lambda k: counts[k]) if counts else "MISC"

    def _mention(self, span: NerSpan, key: str) -> None:
        self.groups[key].mentions.append(Mention(text=span.text, start=span.start, end=span.end))
        self.linked.append(LinkedMention(span.start, span.end, span.text, key))

    def add_linked(self, span: NerSpan, entry: GazetteerEntry) -> None:
        if entry.key not in self.groups:
            geo = (
                GeoPoint(lat=entry.lat, lon=entry.lon)
                if entry.lat is not None and entry.lon is not None
                else None
            )
            self.groups[entry.key] = _Group(
                entry.key,
                entry.canonical(self.lang),
                entry.type,
                entry.wikidata,
                geo,
                entry.kind,
                entry.iso2,
                [],
                span.start,
            )
        self._mention(span, entry.key)

    def add_unlinked(self, span: NerSpan) -> None:
        """A model or rule mention without a gazetteer entry: join a known person by the
        surname, a full name by a name part, else its own entity (majority label)."""
        folded = fold(span.text)
        single = len(span.text.split()) == 1
        if single and self.surnames.get(folded) in self.groups:
            self._mention(span, self.surnames[folded])
            return
        target = self.full_names.get(folded) if single else None
        if target is not None and target.startswith(("Q", "nf:")):
            if target in self.groups:
                self._mention(span, target)
                return
            target = None
        if (
            target is not None
            and self.vote(target) != self.vote(folded)
            and "PER" not in (self.vote(target), self.vote(folded))
        ):
            target = None  # "Quebec" is not "Environment Quebec"
        if single and target is None and _common_word(self.body, span.text):
            return  # "State", "World": the word also occurs as a common noun
        if (
            single
            and target is None
            and self.lang == "de"
            and span.source != "rule"
            and (
                german_noun(span.text, compounds=span.label != "PER")
                or compound_head(span.text) is not None
            )
        ):
            # "Organ", "Sitzung", "Fahrzeugs", "Polizeiangaben": a German noun the model took
            # for a name (a person's name may end in a noun: "Bergmann", but in no event:
            # "Militärmanöver")
            return
        base = target or folded
        etype = self.vote(base)
        if (
            target is not None
            and self.votes.get(folded, {}).get("PER")
            and etype in ("ORG", "MISC")
        ):
            etype = "PER"
        key = f"nf:model:{base}"
        group = self.groups.get(key)
        if group is None:
            name = self.names.get(base, span.text)
            self.groups[key] = _Group(key, name, etype, None, None, "model", None, [], span.start)
        elif etype == "PER":
            group.type = "PER"
        self._mention(span, key)

    def publish_model_ids(self) -> None:
        """Model entities get their public id once the type is settled."""
        for old in [k for k in self.groups if k.startswith("nf:model:")]:
            group = self.groups.pop(old)
            group.key = f"nf:{group.type}:{slug(group.name)}"
            if group.key in self.groups:
                self.groups[group.key].mentions.extend(group.mentions)
            else:
                self.groups[group.key] = group
            self.linked[:] = [
                dataclasses.replace(m, key=group.key) if m.key == old else m for m in self.linked
            ]


def _clean(span: NerSpan) -> NerSpan | None:
    text = span.text
    start, end = span.start, span.end
    m = _DROP_PREFIX.match(text)
    if m:
        start += m.end()
        text = text[m.end() :]
    m2 = _DROP_SUFFIX.search(text)
    if m2:
        end -= len(m2.group(0))
        text = text[: m2.start()]
    quote = _OPEN_QUOTE.search(text)
    if quote is not None:  # 'Josef „Sepp': a nickname in quotes ends the name
        end -= len(text) - quote.start()
        text = text[: quote.start()]
    paren = text.find("(")
    if paren > 0 and ")" not in text[paren:]:  # "Organisation of Islamic Cooperation (OIC"
        end -= len(text) - paren
        text = text[:paren]
    text_stripped = text.rstrip(" .,;:")
    end -= len(text) - len(text_stripped)
    text = text_stripped
    if len(text) < 2 or "\n" in text or not (text[0].isupper() or text[0].isdigit()):
        return None
    if not any(c.isalpha() for c in text):
        return None
    if span.label == "PER" and _PER_NOISE.search(text):
        return None
    m3 = _TITLES.match(text)
    if m3 and m3.end() < len(text):
        start += m3.end()
        text = text[m3.end() :]
        label = "PER" if span.label in ("ORG", "PER") else span.label
        span = dataclasses.replace(span, label=label)
    if fold(text) in _GENERIC:
        return None
    return dataclasses.replace(span, start=start, end=end, text=text)


# the lower-case second syllable of a hyphenated Korean or Chinese given name
# (not "Vladimir Putin-led", "Donald Trump-era")
_NAME_SYLLABLE = re.compile(r"-(?!(?:led|era|run|like|type|free|wide)\b)[a-z]{1,4}(?![\w-])")
_NEXT_NAME = re.compile(
    r" (?P<word>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?P<tail>[.,;:!?)“”\"»«]|$|(?= [a-zäöü]))"
)
# "Muammar" + "al-Gaddafi", "Osama" + "bin Laden": a particle and a name always continue it
_NEXT_PARTICLE_NAME = re.compile(
    r" (?P<word>(?:al|el|as|ad|ar|az|ash|bin|ibn|abu|Abu)[- ][A-Z][a-z]+)(?P<tail>)"
)
_NOT_SURNAME = frozenset(
    [
        *(day.capitalize() for day in (*WEEKDAYS_EN, *WEEKDAYS_DE)),
        *("Jr", "Sr", "Today", "Yesterday", "Tomorrow", "Heute", "Gestern"),
    ]
)
# a role before a name: "German Chancellor", "Foreign Minister", "Bundeskanzlerin"
_TITLE_END = re.compile(
    r"(?:[Cc]hancellor|[Mm]inister|[Pp]resident|[Ss]ecretary|[Gg]overnor|[Mm]ayor|[Ll]eader|"
    r"[Cc]hief|[Kk]anzler(?:in)?|[Mm]inisterin|[Pp]räsident(?:in)?|[Cc]hef(?:in)?|"
    r"[Ss]precher(?:in)?|[Ss]pokes(?:man|woman|person))$"
)
_OPEN_QUOTE = re.compile(r"\s[\"„“«‚']")


def _common_word(body: str, word: str) -> bool:
    """True when ``word`` also occurs in lower case in ``body`` (English: a common noun)."""
    lower = word.lower()
    if lower == word:
        return False
    return next(word_occurrences(body, lower), None) is not None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


class _Taken:
    """Character ranges of the body already given to a mention; overlap tests in C."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size + 1)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, max(end, start + 1)) != -1

    def add(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)


def _claim(
    group: _Group,
    key: str,
    start: int,
    end: int,
    text: str,
    linked: list[LinkedMention],
    taken: _Taken,
    *,
    adjective: bool = False,
) -> None:
    """Give body[start:end] to the entity ``key``: a mention, a linked mention, taken."""
    taken.add(start, end)
    group.mentions.append(Mention(text=text, start=start, end=end))
    linked.append(LinkedMention(start, end, text, key, adjective=adjective))


def _absorb(groups: dict[str, _Group], linked: list[LinkedMention], keep: str, drop: str) -> None:
    """The entity ``drop`` is the entity ``keep``: its mentions and linked mentions move."""
    groups[keep].mentions.extend(groups.pop(drop).mentions)
    linked[:] = [dataclasses.replace(x, key=keep) if x.key == drop else x for x in linked]


def _acronyms(
    body: str,
    groups: dict[str, _Group],
    linked: list[LinkedMention],
    taken: _Taken,
    excluded: list[tuple[int, int]],
) -> None:
    """'Organisation für Sicherheit … (OSZE)': the acronym names the entity before it.

    Not a person's ("Armin Laschet (CDU)": the party), and not a name whose first letter
    the acronym does not start with ("Berlin (AFP)": the agency)."""
    by_end = {m.end: m for m in linked}
    by_start = {m.start: m.key for m in linked}
    aliases: dict[str, str] = {}
    for m in _ACRONYM.finditer(body):
        acronym = m.group(1)
        if sum(c.isupper() for c in acronym) < 2:
            continue  # "Schaffhausen (Schweiz)", "(Archiv)": not an acronym
        before = by_end.get(m.start())
        if before is None or before.key not in groups:
            continue
        key = before.key
        if groups[key].type == "PER" or before.text[:1].upper() != acronym[0]:
            continue
        aliases[acronym] = key
        other = by_start.get(m.start(1))
        if other is not None and other != key and other in groups:
            # both were found: the acronym's entity joins the expansion's (or the linked one)
            keep, drop = (
                (other, key)
                if groups[key].kind in ("model", "rule")
                and groups[other].kind not in ("model", "rule")
                else (key, other)
            )
            _absorb(groups, linked, keep, drop)
            if groups[keep].kind in ("model", "rule"):
                groups[keep].name = acronym
            aliases[acronym] = keep
    for acronym, key in aliases.items():
        for start, end in word_occurrences(body, acronym, hyphen_after=True):
            if taken.overlaps(start, end) or inside(excluded, start, end):
                continue
            _claim(groups[key], key, start, end, acronym, linked, taken)


def _surnames(
    body: str,
    groups: dict[str, _Group],
    linked: list[LinkedMention],
    taken: _Taken,
    excluded: list[tuple[int, int]],
) -> None:
    """A later 'Stoltenberg' (or 'Bannert') joins the person named in full before."""
    for key, group in list(groups.items()):
        if group.type != "PER":
            continue
        words = group.name.split()
        if len(words) < 2:
            continue
        surname = words[-1]
        if len(surname) < 3 or not surname[0].isupper():
            continue
        first = min(m.start for m in group.mentions)
        for other_key, other in list(groups.items()):
            # the model's own "Papandreous" (a German genitive) or "Papandreou": this person
            if (
                other_key != key
                and other.type == "PER"
                and other.name in (surname, f"{surname}s")
                and other.first > first
            ):
                _absorb(groups, linked, key, other_key)
        for start, end in word_occurrences(body, surname, plural_s=True):
            if start < first or taken.overlaps(start, end) or inside(excluded, start, end):
                continue
            _claim(group, key, start, end, body[start:end], linked, taken)


@functools.cache
def _adjective_table(
    gazetteer: Gazetteer, lang: str
) -> tuple[_FormIndex, dict[str, GazetteerEntry], dict[str, str]]:
    """One pattern for every country adjective of a language, its country by form, and the
    capitals (folded) → country key. Built once per gazetteer and language."""
    forms: dict[str, GazetteerEntry] = {}
    capitals: dict[str, str] = {}
    for country in gazetteer.countries.values():
        for cap in country.capitals:
            capitals[fold(cap)] = country.entry.key
        if lang == "de":
            for stem in country.adjectives_de:
                for ending in ("e", "en", "er", "es", "em"):
                    forms[stem + ending] = country.entry
                    forms[stem[0].upper() + stem[1:] + ending] = country.entry
        else:
            for word in country.adjectives_en:
                forms[word] = country.entry
    return _FormIndex(forms), forms, capitals


# a word: letters only, not after a letter, digit or hyphen (what the form index looks up,
# and what a name is split into before a given name)
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+")


class _FormIndex:
    """Finds whole-word occurrences of fixed forms (some of several words) by looking up
    each word of the text in a table of first words; much faster than one regex
    alternation of a thousand forms, which tries every form at every position."""

    def __init__(self, forms: dict[str, GazetteerEntry]) -> None:
        by_first: dict[str, list[str]] = {}
        for form in forms:
            first = _WORD.match(form)
            by_first.setdefault(first.group(0) if first else form, []).append(form)
        self._by_first = {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}

    def finditer(self, body: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, form) of each match, left to right, longest form first, no overlap."""
        pos = 0
        for word in _WORD.finditer(body):
            start = word.start()
            if start < pos:
                continue
            for form in self._by_first.get(word.group(0), ()):
                end = start + len(form)
                if body.startswith(form, start) and (
                    end == len(body) or not (body[end].isalnum() or body[end] in "_-")
                ):
                    yield start, end, form
                    pos = end
                    break


def _adjectives(
    body: str,
    lang: str,
    gazetteer: Gazetteer,
    groups: dict[str, _Group],
    linked: list[LinkedMention],
    taken: _Taken,
    excluded: list[tuple[int, int]],
) -> dict[str, str]:
    gov = _GOV_PATTERNS["de" if lang == "de" else "en"]
    pattern, forms, capitals = _adjective_table(gazetteer, lang)
    for start, end, form in pattern.finditer(body):
        entry = forms[form]
        if taken.overlaps(start, end) or inside(excluded, start, end):
            continue
        governs = gov.match(body, end) is not None
        group = groups.get(entry.key)
        if group is None and not governs:
            continue
        if group is None:
            geo = None
            group = groups[entry.key] = _Group(
                entry.key,
                entry.canonical(lang),
                entry.type,
                entry.wikidata,
                geo,
                entry.kind,
                entry.iso2,
                [],
                start,
            )
        _claim(group, entry.key, start, end, form, linked, taken, adjective=True)
    return capitals


def token_count(text: str) -> int:
    return len(TOKEN_RE.findall(text))
