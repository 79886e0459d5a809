"""Events: trigger words per sentence, with actors, location, date and status.

For each sentence (headings, captions and furniture are skipped) the trigger
lexicon gives candidate events. A trigger is dropped when its clause is
hedged or negated ("befürchten einen Angriff", "if Russia invades", "nicht
geeinigt"). Each trigger owns the stretch of the sentence up to the next
trigger: the date expression and the location there belong to it (one
sentence can announce talks on Monday in Geneva and a meeting on Thursday in
Vienna). Actors are the sentence's entities, the trigger's stretch first;
adjectives ("die russische Regierung") stand for their country and a capital
used as a subject (Moskau bestreitet, Washington verlangt) for its
government. Without a date expression a past or ongoing event is dated on
the publication day. Repeated mentions of one event are merged.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from datetime import date
from typing import TYPE_CHECKING

from pipeline.extraction.dates import DateMention, find_dates
from pipeline.extraction.linking import Linked, LinkedMention
from pipeline.extraction.text import Sentence, fold, inside
from pipeline.extraction.triggers import TriggerHit, find_triggers
from pipeline.models.enriched import Entity, EntityRef, Event, Span

if TYPE_CHECKING:
    from pipeline.extraction.gazetteer import GazetteerEntry

_HEDGE = {
    "de": re.compile(
        r"\b(?:befürcht\w*|Befürchtung\w*|[Ff]alle?s?|falls|[Ww]enn|[Ss]ollte[n]?|würde[n]?|"
        r"könnte[n]?|möglich\w*|vermutlich|wahrscheinlich|eventuell|womöglich|bestreit\w*|bestritt\w*|bestritten|dementier\w*|notfalls|"
        r"Gefahr|[Ss]pekulier\w*|[Oo]b|muss|müssen|müsste[n]?|Sorgen?\s+vor|Angst\s+vor|"
        r"Furcht\s+vor)\b"
    ),
    "en": re.compile(
        r"\b(?:if|If|would|could|might|fear\w*|possibl\w*|den(?:y|ied|ies)|"
        r"unless|risk\w*|whether|probably|perhaps|maybe|likely|must|needs? to|ought to)\b"
    ),
}
# "the alleged attack", "angeblich angegriffen": said of the trigger just after it (an
# "alleged" later in the clause is about something else: "sanctioned Iran over alleged plots")
_ALLEGED = re.compile(r"\b(?:alleged\w*|angeblich\w*|mutmaßlich\w*)\s+(?:\w+\s+){0,2}$")
# a crime named as a charge is not a new event: "accused of kidnapping", "nine counts of
# kidnapping", "wegen Entführung"
_CHARGE = {
    "de": re.compile(
        r"\b(?:wegen|Vorwurfs?|Verdachts?|beschuldigt|angeklagt|Anklage)\s+"
        r"(?:(?:de[snrm]|eine[snrm]?|gemeinschaftlichen|versuchten|schweren)\s+){0,2}$"
    ),
    "en": re.compile(
        r"\b(?:accused|charged|indicted|suspected|convicted|charges?|counts?|indictment|"
        r"allegations?)\s+(?:[A-Z]\w*\s+){0,3}(?:of|with|for|on)\s+"
        r"(?:(?:an?|the|attempted|aggravated)\s+)?$"
    ),
}
# "the deal", "die Festnahme": a definite noun names an event told before
_ANAPHOR = {
    "de": re.compile(
        r"\b(?:[Dd]e[rmns]|[Dd]ie|[Dd]as|[Dd]iese[rmns]?)\s+(?:[a-zäöüß]\w*e[nmrs]?\s+)?$"
    ),
    "en": re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ii]ts)\s+(?:[a-z]\w*\s+)?$"),
}
# a treaty or deal mentioned is not one made: the nouns need a verb of making or ending it
_AGREEMENT_NOUN = re.compile(
    r"^(?:agreement|deal|treaty|accord|ceasefire|truce|Abkommen[s]?|Vereinbarung|"
    r"Friedensabkommen|Einigung)$",
    re.I,
)
_AGREEMENT_MADE = re.compile(
    r"\b(?:sign(?:s|ed|ing)?|reach\w*|struck|strike[s]?|conclud\w*|seal\w*|agree\w*|announc\w*|"
    r"broker\w*|clinch\w*|approv\w*|ratif\w*|hammer\w* out|negotiat\w*|declar\w*|"
    r"took effect|unterzeichn\w*|geschlossen|schlie(?:ß|ss)\w*|schloss\w*|erzielt\w*|"
    r"vereinbart\w*|ausgehandelt|besiegelt|verkünd\w*|zugestimmt|stimmt\w* zu|geeinigt|"
    r"einig\w*|ratifizier\w*|erklärt\w*|tritt\w* in Kraft|in Kraft getreten)\b",
    re.I,
)
# a demand made of the public, or of everyone, is an instruction, not a demand between sides
_PUBLIC = re.compile(
    r"\b(?:Bevölkerung|Bürger\w*|Öffentlichkeit|Anwohner\w*|Wähler\w*|Staatsbürger\w*|"
    r"Passanten|the public|residents|citizens|voters|(?:sind|ist|waren|war)\s+aufgefordert|"
    r"dazu aufgefordert)\b"
)
# what one side signs alone is no agreement between sides
_SIGNED_THINGS = (
    r"(?:(?:executive\s+)?orders?|decrees?|laws?|bills?|legislation|motions?|petitions?|"
    r"letters?|notes?|books?|autographs?|Gesetz\w*|Dekret\w*|Erlass\w*|Verordnung\w*|Petition\w*|"
    r"Brief\w*|Antrag\w*|Anträge\w*)"
)
_SIGNED_ALONE = re.compile(rf"\s+(?:\w+\s+){{0,3}}?{_SIGNED_THINGS}\b")
_SIGNED_BEFORE = re.compile(rf"\b{_SIGNED_THINGS}\W+(?:\w+\W+){{0,2}}$")
# "eine Entscheidung getroffen", "tödlich getroffen": hit or made, not met
_NOT_MET = re.compile(
    r"\b(?:Entscheidung\w*|Entschluss|Vereinbarung\w*|Vorkehrung\w*|Maßnahme\w*|Absprache\w*|"
    r"Auswahl|Feststellung\w*|Regelung\w*|Verabredung\w*|Aussage\w*|tödlich|schwer|hart|"
    r"empfindlich|Kugel\w*|Schuss|Schüsse\w*|Geschoss\w*)\b"
)
_COURT = {
    "de": re.compile(
        r"\b(?:wegen|Gericht\w*|Richter\w*|Haft\w*|Freiheitsstrafe|Geldstrafe|Bewährung|"
        r"lebenslang\w*|Gefängnis\w*|Jahren|Monaten|Todesstrafe|Tode)\b"
    ),
    "en": re.compile(
        r"\b(?:to death|to life|to \w+ years|court|judge|jury|prison|jail|sentence[ds]?)\b",
        re.I,
    ),
}
_NEGATION = {
    "de": re.compile(r"\b(?:nicht|kein\w*|nie|niemals)\b"),
    "en": re.compile(r"\b(?:not|no|never|without)\b|n't\b"),
}
_FUTURE = {
    "de": re.compile(
        r"\b(?:wird|werden|will|wollen|soll|sollen|plant|planen|geplant|anberaumt\w*|"
        r"kündigt\w*\s+an|angekündigt|bevorsteh\w*|künftig|demnächst)\b"
    ),
    "en": re.compile(
        r"\b(?:will|'ll|shall|going to|plans? to|planned|scheduled|to be held|"
        r"upcoming|set to|expected to|intends? to|is due|are due|(?:is|are) to (?!be\b)[a-z]+)\b",
        re.I,
    ),
}
# (not "on the next day", "am nächsten Tag": the day after a told one)
_FUTURE_WEAK = {
    "de": re.compile(
        r"\b(?:kommende[nmr]?|nächste[nmr]?(?!\s+(?:Tag|Morgen|Abend)\b)|morgen|übermorgen)\b"
    ),
    "en": re.compile(
        r"\b(?:(?<!the )next(?!\s+(?:day|morning|evening|night)\b)|coming|tomorrow)\b", re.I
    ),
}
_PROGRESSIVE = re.compile(r"\b(?:is|are|am)\s+(?:\w+ly\s+)?\w+ing\b", re.I)
_PAST_EN_VERB = re.compile(
    r"\b(?!(?:based|used|united|red|need|speed|hundred|indeed|bed|seed|feed|shed|bleed|"
    r"advanced|alleged|armed|concerned|detailed|experienced|interested|limited|married|"
    r"noted|related|skilled|supposed|talented|wicked|naked|sacred|varied)\b)[a-z]{2,}ed\b|"
    r"\b(?:drew|said|met|held|took|made|gave|went|came|saw|told|found|left|led|fled|won|"
    r"lost|struck|fell|rose|began|broke|sent|spent|stood|brought|fought|caught|sought|ran|"
    r"became|chose|flew|grew|knew|threw|wrote|spoke|stole|drove|rode|shot|hit|killed|"
    r"did|got|paid|sold|kept|felt|heard|meant|put|read|said|sat|slept|spent|swore|tore|"
    r"understood|withdrew|overthrew|underwent)\b"
)
_VERB_FINAL = re.compile(r"\b[a-zäöüß]\w*(?:t|en)\W*$")
_PAST_AUX = {
    "de": re.compile(
        r"\b(?:hatte[n]?|war|waren|wurde[n]?|gestern|vorgestern|vergangene[nmr]?|"
        r"letzte[nmr]?)\b|\b(?:hat|haben|ist|sind|habe|hätten?|sei|seien)\b.*"
        r"\b(?:ge\w{3,}(?:t|en)|\w+iert)\b"
    ),
    "de_aux": re.compile(r"\b(?:hat|haben|ist|sind|habe|sei|seien)\b"),
    "en": re.compile(
        r"\b(?:was|were|had|yesterday|ago|last|earlier)\b|\b(?:has|have)\s+(?:been\s+)?"
        r"\w+(?:ed|en)\b",
        re.I,
    ),
}
_PAST_TRIGGER = {
    "de": re.compile(
        r"^(?:[a-zäöüß]\w*(?:te|ten)|ge\w+(?:t|en)|\w+iert|traf|trafen|wies|wiesen|rief|"
        r"riefen|warf|griff|griffen|trat|traten|kam|kamen|unterschrieb\w*|besetzt|"
        r"entsandt|festgenommen|verhaftet|zurückgewiesen|abgelehnt|aufgefordert|"
        r"vorgeworfen|angegriffen|annektiert|zurückgetreten|ernannt|gewählt)$"
    ),
    "en": re.compile(
        r"^\w+ed$|^(?:met|said|told|held|sent|sank|quit|struck|fought|led|won|lost|"
        r"shot|spoke|began|took|made|gave|rode|drew|flew|fled)$",
        re.I,
    ),
}
_LOC_PREP = {
    "de": re.compile(
        r"(?:\b(?:[Ii]n|[Ii]m|[Aa]m|nach|[Bb]ei|[Bb]eim|vor|[Nn]ahe|nahe der|nahe dem|"
        r"an der Grenze zu[rm]?|auf der|auf dem|(?:nord|süd)?(?:nördlich|südlich|östlich|"
        r"westlich|nordöstlich|nordwestlich|südöstlich|südwestlich)\s+(?:vo[nm]|der|des))\s+"
        r"(?:(?:der|dem|den|die|das)\s+)?"
        r"(?:[a-zäöüß]+(?:e|en|er|es|em)\s+)?"
        # "in der ostukrainischen Stadt Charkiw"
        r"(?:[a-zäöüß]+(?:e|en|er|es|em)\s+)?(?:(?:Stadt|Region|Hauptstadt|Provinz|Dorf|Ort|"
        r"Hafenstadt|Grenzstadt|Metropole|Gemeinde|Bundesland|Kanton)\s+)?"
        # "gegen die Stadt Ras Lanuf": a place named as a town is one
        r"|\b(?:Stadt|Hauptstadt|Hafenstadt|Grenzstadt|Ortschaft|Dorf|Provinz|Region)\s+)$"
    ),
    "en": re.compile(
        r"(?:\b(?:in|at|near|to|from|outside|inside|across|on|into|"
        r"(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of)\s+(?:the\s+)?"
        # "in the border village of Bint Jbail", "in the Somali capital, Mogadishu"
        r"(?:[A-Za-z][a-z-]+\s+){0,3}(?:of\s+|[a-z]+,\s+)?"
        # "the mayor of the Polish city of Gdańsk"
        r"|\b(?:city|town|village|capital|province|region|district|port)\s+of\s+)$"
    ),
}
# a time the sentence names but no day resolves: not the publication day either
_VAGUE_PAST = re.compile(
    r"\b(?:(?:1[89]|20)\d0(?:er|s)\b|damals|einst|seinerzeit|früher|vor\s+(?:vielen\s+)?"
    r"Jahren|vor\s+Jahrzehnten|[Jj]ahrzehnte(?:n)?\s+(?:zuvor|vorher)|years\s+(?:ago|earlier)|"
    r"decades\s+(?:ago|earlier)|at\s+the\s+time|back\s+then|formerly|in\s+the\s+past|"
    r"recently|kürzlich|jüngst|vor\s+kurzem|unlängst|World\s+War|Weltkrieg\w*|"
    # a stretch of several days: "in den letzten Nächten", "over the past few weeks"
    r"in\s+den\s+(?:letzten|vergangenen)\s+(?:Tagen|Nächten|Wochen|Monaten)|"
    r"(?:in|over)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+)?(?:days|nights|weeks|months))"
)
# an earlier event told as background, whose day the text does not give: the pluperfect
# ("hatte sich beschwert", "had fled") or a German relative clause in the perfect ("wohin
# Russland Truppen entsandt hat"); such an event is not dated to the publication day
_BACKGROUND = {
    # anywhere in the trigger's clause
    "de": re.compile(
        r"\b(?:hatte|hatten)\b.*\b(?:ge\w{3,}(?:t|en)|\w+iert|\w+(?:ge)?\w+t)\b|"
        r"^\s*(?:wohin|woher|wo|wodurch|womit)\b.*\b(?:hat|haben)\W*$"
    ),
    # right before the trigger: "had fled", "had been arrested"
    "en": re.compile(
        r"\bhad\s+(?:(?:not|never|already|also|just|previously|reportedly)\s+)?(?:been\s+)?$"
    ),
}
# "resigned after he apologised on Sunday": a date behind these belongs to another event
_SUBORDINATE = re.compile(
    r"\b(?:after|before|following|prior to|nachdem|bevor|nach\s+(?:dem|der)\s+\w+ung)\b"
    # … unless what follows it is only a time of day: "shortly before midnight Wednesday"
    r"(?!(?:\s+(?:shortly|just|late|early|on|the|midnight|noon|dawn|dusk|daybreak|sunrise|"
    r"sunset|Mitternacht|Sonnenaufgang|Sonnenuntergang|\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?|Uhr)))*"
    r"\s*$)"
)
_FOREST = re.compile(r"\b(?:rain)?forests?\b|\bwoodlands?\b|\bbush\b|(?:Regen)?[Ww]ald\w*")
_BOMB = re.compile(
    r"\b(?:[Bb]ombe[n]?|[Ss]prengs(?:atz|ätze|ätzen)|[Ss]prengstoff\w*|Autobombe[n]?|"
    r"\w*[Aa]ttentäter\w*|bombs?|explosive (?:device|belt|vest)s?|IEDs?|suicide bombers?|"
    r"explosives)\b"
)
_MILITARY = re.compile(
    r"\b(?:troops|army|forces|military|missile\w*|artillery|tanks|drones?|air ?strikes?|"
    r"warplanes|fighter jets|shelling|Kampfjets|Luftwaffe|Kampfflugzeuge|"
    r"Armee|Truppen|Streitkräfte\w*|Militär\w*|Raketen\w*|Artillerie|Panzer\w*|"
    r"Drohnen\w*|Soldaten|soldiers)\b",
    re.I,
)
_PUNCT_BREAK = re.compile(r"[,;:–—\"“”„«»()]|\s-\s")
_CLAUSE_BREAK = re.compile(
    rf"{_PUNCT_BREAK.pattern}|\b(?:und|aber|sondern|and|but|while|whereas)\b"
)
_NO_ACTORS_OK = frozenset(
    {
        "earthquake",
        "flood",
        "storm",
        "wildfire",
        "accident",
        "explosion",
        "protest",
        "arrest",
        "attack",
        "election",
    }
)
_MAX_ACTORS = 6
_TOWNS = frozenset({"city", "place", "model", "rule"})  # LOC kinds that are no country
_ACTORS_NEARBY = frozenset({"election", "accident", "explosion", "attack", "arrest"})
_ACTORS_AFTER = frozenset({"election", "accident", "explosion"})  # who stood, whose plant
_RECENT_DAYS = 7
# at most two words: a date that close after a trigger is its own ("the bombing in 2000"); a
# day that close to the start of a sentence sets the time of what follows ("Am Samstag …"),
# while a day later in a sentence is about that sentence's own event
_TWO_WORDS_AT_MOST = re.compile(r"^\W*(?:\w+\W+){0,2}$")
_LEAD_SENTENCES = 3  # a story's news is told in its first sentences
# the perfect tells news as of now, the simple past goes on with a story's day
_PERFECT = {
    "de": re.compile(r"\b(?:hat|haben|ist|sind)\b"),
    "en": re.compile(r"\b(?:has|have)\s+(?:\w+\s+)?(?:been\s+)?\w+(?:ed|en)\b"),
}
# happenings a story tells in detail after its lead (not words: an accusation is its own)
_TOLD_IN_DETAIL = frozenset(
    {"attack", "military_attack", "explosion", "accident", "storm", "flood", "wildfire"}
)
_WORDS_THAT_ARE_NEWS_DE = frozenset({"demand", "criticize", "appeal", "threaten", "reject"})
_ONE_PER_ARTICLE = frozenset({"election", "earthquake", "attack"})
_CARRY = {
    "de": re.compile(r"(?:Es|Er|Sie|Das\s+Feuer|Der\s+Brand|Das\s+Beben|Die\s+Explosion)\s"),
    "en": re.compile(r"(?:It|They|He|She|The\s+(?:fire|blaze|quake|explosion|attack))\s"),
}


@functools.cache
def _countries() -> dict[str, GazetteerEntry]:
    """Country entries by entity key (a capital acting for its government becomes one)."""
    from pipeline.extraction.gazetteer import default_gazetteer

    return {c.entry.key: c.entry for c in default_gazetteer().countries.values()}


_THE_COUNTRY = re.compile(
    r"\b(?:[Tt]he country|[Tt]he nation|[Dd]as Land|[Dd]es Landes|[Dd]em Land)\b"
)
_THE_GROUP = re.compile(
    r"\b(?:[Tt]he (?:group|organi[sz]ation|militants|militia|company|party)|"
    r"[Dd]ie (?:Gruppe|Organisation|Miliz|Firma|Partei)|[Dd]as Unternehmen)\b"
)
_PRONOUN = {
    "de": re.compile(r"\b(?:er|Er|sie|Sie)\b"),
    "en": re.compile(r"\b(?:he|He|she|She)\b"),
}


@dataclasses.dataclass
class _Story:
    """What the sentences before (and the one after) tell about the current one."""

    previous_refs: list[EntityRef] = dataclasses.field(default_factory=list)
    last_person: list[EntityRef] = dataclasses.field(default_factory=list)  # "er", "she"
    last_country: list[EntityRef] = dataclasses.field(default_factory=list)  # "das Land"
    last_group: list[EntityRef] = dataclasses.field(default_factory=list)  # "the group"
    following: Sentence | None = None
    # the paragraph's sentences so far, and whether each told an event of its own: a past
    # event told without a date of its own most likely happened on the day one of them set
    # ("Am Samstag meldete ein Passant … Als er kontrolliert werden sollte, eröffnete er …")
    paragraph: list[tuple[str, bool]] = dataclasses.field(default_factory=list)
    dateline: str | None = None  # the place of the dateline ("Geltendorf (Deutschland), …")
    position: int = 0  # of the current sentence in its story (after the last heading)
    place: str | None = None  # the first scene of the story's lead: where its events happen


@dataclasses.dataclass
class _Candidate:
    event: Event
    explicit_date: bool
    actor_keys: set[str]
    location_key: str | None
    anaphoric: bool = False  # "the deal", "die Festnahme": most likely one told before
    # deep in a story with a single participant: background or colour, reported only when
    # it adds to an event told before
    weak: bool = False
    # told in the German simple past ("tobte Zyklon Grant"): past, not ongoing
    preterite: bool = False


def extract_events(
    body: str,
    lang: str,
    sentences: list[Sentence],
    linked: Linked,
    published: date | None,
    excluded: list[tuple[int, int]],
) -> list[Event]:
    entities = {e.id: e for e in linked.entities}
    # the dates of a sentence are asked for several times within an article; kept only for
    # the article (sentences do not repeat across articles, and a benchmark that repeats
    # its texts must not find them cached)
    _dates_cached.cache_clear()
    candidates: list[_Candidate] = []
    dateline = _DATELINE.match(body)
    story = _Story(dateline=_dateline_place(dateline, linked, entities))
    starts = [m.start for m in linked.mentions]
    # the dateline's places tell where the story comes from; they act in none of its events
    after_dateline = dateline.end() if dateline is not None else 0
    previous_end = 0
    for index, sent in enumerate(sentences):
        if sent.heading or inside(excluded, sent.start, sent.end):
            story = _Story(dateline=story.dateline)  # a heading starts another story
            continue
        if "\n" in body[previous_end : sent.start]:
            story.paragraph = []  # a new paragraph
        previous_end = sent.end
        story.following = sentences[index + 1] if index + 1 < len(sentences) else None

        first = bisect.bisect_left(starts, sent.start)  # linked.mentions is sorted by start
        last = bisect.bisect_left(starts, sent.end, first)
        mentions = [
            m
            for m in linked.mentions[first:last]
            if m.end <= sent.end and m.start >= after_dateline
        ]
        hits = [
            h
            for h in find_triggers(sent.text, lang)
            if not _in_mention(mentions, sent.start + h.start, sent.start + h.end, entities)
        ]
        hits = [h for h in hits if not _court_sense(sent.text, h, lang)]
        hits = [h for h in hits if not _hedged(sent.text, h, lang)]
        hits = [h for h in hits if not _not_an_event(sent.text, h, lang)]
        refs_all = _refs(body, mentions, entities, linked, lang)
        for i, hit in enumerate(hits):
            window_start = hit.start
            window_end = hits[i + 1].start if i + 1 < len(hits) else len(sent.text)
            left_start = hits[i - 1].end if i > 0 else 0
            tense = _tense(sent.text, hit, lang)
            cand = _event(
                body,
                sent,
                hit,
                lang,
                tense,
                published,
                mentions,
                entities,
                linked,
                (left_start, window_start, window_end),
                refs_all,
                story,
            )
            if cand is not None:
                candidates.append(cand)
        story.previous_refs = refs_all or story.previous_refs
        story.last_person = [r for r in refs_all if r.type == "PER"][:1] or story.last_person
        story.last_country = [r for r in refs_all if r.id in _countries()][:1] or story.last_country
        story.last_group = [r for r in refs_all if r.type == "ORG"][:1] or story.last_group
        story.paragraph.append((sent.text, bool(hits)))
        if story.place is None and story.position < _LEAD_SENTENCES:
            prep = _LOC_PREP[lang if lang in _LOC_PREP else "en"]
            story.place = _location(body, sent, mentions, entities, prep, (0, 0, len(sent.text)))
        story.position += 1
    return [
        c.event.model_copy(update={"status": "past"})
        if c.preterite and c.event.status == "ongoing"
        else c.event
        for c in _merge(candidates)
    ]


def _opens(text: str, mention: DateMention) -> bool:
    """Whether the date opens the sentence ("Am Samstag …", "On Friday, …"), after a
    dateline if there is one (the dateline's own date is the publication's)."""
    m = _DATELINE.match(text)
    begin = m.end() if m else 0
    return (
        mention.start >= begin and _TWO_WORDS_AT_MOST.match(text[begin : mention.start]) is not None
    )


def _recent_day(
    paragraph: list[tuple[str, bool]], lang: str, published: date | None
) -> DateMention | None:
    """The last day the paragraph's sentences so far name within the week before
    publication (looked up only when an event needs it)."""
    if published is None:
        return None
    for text, told_event in reversed(paragraph):
        days = [
            d
            for d in _dates_cached(text, lang, published, "past")
            if d.precision == "day"
            and not d.ahead
            and 0 <= (published - date.fromisoformat(d.value)).days <= _RECENT_DAYS
            # a day that opens its sentence, or any day of a sentence that only sets the
            # scene ("fand eine Hochzeitsparty am 21. August ein blutiges Ende")
            and (_opens(text, d) or not told_event)
        ]
        if days:
            return days[-1]
    return None


# news agencies as datelines name them: "Berlin (dpa) -", "WASHINGTON (Reuters) -"
_AGENCY = (
    r"(?:dpa(?:-AFX)?|AFP|afp|Reuters|rtr|AP|ap|epd|KNA|dts|APA|apa|sda|SDA|Keystone-SDA|"
    r"ANSA|EFE|Xinhua|TASS|Interfax|Kyodo|Yonhap|UPI|AA)"
)
# "Karatschi (Pakistan), 20.10.2007 – …", "Kiew/Moskau (dpa) - …", "LONDON, March 8 (Reuters) - …"
_DATELINE = re.compile(
    r"^\s*(?P<place>[^\n–—]{2,80}?)"
    r"(?:,\s*(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4})"
    rf"|(?:,\s*\w+\.?\s+\d{{1,2}})?\s*\({_AGENCY}(?:\s*/\s*{_AGENCY})*\))"
    r"\s*[–—-]\s"
)


def _dateline_place(
    m: re.Match[str] | None, linked: Linked, entities: dict[str, Entity]
) -> str | None:
    """The first place of a dateline (``m``, "Geltendorf (Deutschland), 26.05.2013 – …"):
    where the story happens when a sentence names no place for an event."""
    if m is None:
        return None
    for mention in linked.mentions:
        if mention.start >= m.end("place"):
            break
        entity = entities.get(mention.key)
        if entity is not None and entity.type == "LOC" and not mention.adjective:
            return mention.key
    return None


def _in_mention(
    mentions: list[LinkedMention], start: int, end: int, entities: dict[str, Entity]
) -> bool:
    """True when the trigger is part of a name ("Rat" in NATO-Russland-Rat). A named event
    (MISC: "der Bayerischen Landtagswahl", "Münchner Sicherheitskonferenz") still is one."""
    for m in mentions:
        if m.start <= start and end <= m.end:
            entity = entities.get(m.key)
            if entity is not None and (entity.type == "MISC" or end == m.end) and m.start < start:
                continue  # the name's head is the event: "der Bayerischen Landtagswahl"
            return True
    return False


def _court_sense(text: str, hit: TriggerHit, lang: str) -> bool:
    """'wegen Mordes verurteilt', 'condemned to death': a sentence, not criticism."""
    if hit.type != "criticize":
        return False
    key = lang if lang in _COURT else "en"
    word = hit.text.lower()
    if not word.startswith(("verurteil", "condemn")):
        return False
    return _COURT[key].search(_clause(text, hit.start, hit.end, _PUNCT_BREAK)) is not None


def _clause(text: str, start: int, end: int, breaks: re.Pattern[str] = _CLAUSE_BREAK) -> str:
    left, right = _clause_bounds(text, start, end, breaks)
    return text[left:right]


def _clause_bounds(
    text: str, start: int, end: int, breaks: re.Pattern[str] = _CLAUSE_BREAK
) -> tuple[int, int]:
    left = 0
    for m in breaks.finditer(text, 0, start):
        left = m.end()
    m2 = breaks.search(text, end)
    return left, m2.start() if m2 else len(text)


# "forderte 136 Tote", "forderte das Leben von": a toll, not a demand
_TOLL = re.compile(
    r"\s+(?:(?:mindestens|über|mehr\s+als|fast|rund|etwa|bislang|bisher|bereits|schon|"
    r"insgesamt)\s+)*(?:[\d.,]+|\w+)\s+(?:\w+\s+)?(?:Tote|Toten|Tode|Todesopfer|Menschenleben|"
    r"Opfer|Leben|Verletzte|Verletzten)\b"
)
# an election told as what made someone (who elected him) or what may be (to be elected)
_ELECTED_ONCE = re.compile(r"\b(?:(?:who|that|which)\s+(?:\w+\s+)?|to\s+be\s+)$", re.I)


def _not_an_event(text: str, hit: TriggerHit, lang: str) -> bool:
    """A charge ("accused of kidnapping"), a demand of the public or a toll ("forderte
    136 Tote"), a treaty only mentioned or signed by one side alone, a German "getroffen"
    that is a decision made or a shot that hit, an election that made someone."""
    before = text[: hit.start]
    if _CHARGE["de" if lang == "de" else "en"].search(before) or (
        hit.type == "demand"
        and (
            _PUBLIC.search(_clause(text, hit.start, hit.end, _PUNCT_BREAK))
            or _TOLL.match(text, hit.end)
        )
    ):
        # "Staatsbürger sind aufgefordert, ihre Stimme abzugeben", "Der Anschlag forderte
        # 136 Tote": no demand either
        return True
    if hit.type == "agreement" and (
        _SIGNED_ALONE.match(text, hit.end) or _SIGNED_BEFORE.search(text, 0, hit.start)
    ):
        return True  # "signed an executive order", "unterzeichnete das Gesetz"
    if hit.type == "agreement" and _AGREEMENT_NOUN.match(hit.text):
        return _AGREEMENT_MADE.search(_clause(text, hit.start, hit.end, _PUNCT_BREAK)) is None
    if hit.type == "meeting" and hit.text == "getroffen":
        return _NOT_MET.search(_clause(text, hit.start, hit.end, _PUNCT_BREAK)) is not None
    # "the people who elected me", "for royals to be elected"
    return hit.text.lower() in ("elected", "re-elected") and bool(
        _ELECTED_ONCE.search(text, max(0, hit.start - 30), hit.start)
    )


# refusals told with a negation ("will never recognize", "erkannte … nicht an"); "wies …
# nicht zurück" stays a negated rejection
_NEGATED_ACCEPTANCE = re.compile(
    r"(?:will|would|did|does|do|shall|could|can)(?: not|n't| never)\b|(?:nicht|niemals|nie)\s|"
    r"erkenn|erkannt"
)


def _hedged(text: str, hit: TriggerHit, lang: str) -> bool:
    """Conditional, feared or denied (whole clause) or negated (the narrow clause)."""
    key = lang if lang in _HEDGE else "en"
    if _HEDGE[key].search(_clause(text, hit.start, hit.end, _PUNCT_BREAK)):
        return True
    if _ALLEGED.search(text, max(0, hit.start - 60), hit.start):
        return True
    if hit.type == "reject" and _NEGATED_ACCEPTANCE.match(hit.text):
        return False  # "will never recognize", "erkennt … nicht an": the negation rejects
    return _NEGATION[key].search(_clause(text, hit.start, hit.end)) is not None


def _tense(text: str, hit: TriggerHit, lang: str) -> str:
    """past, future or present: the trigger's own form first, then auxiliaries and markers."""
    key = lang if lang in _FUTURE else "en"
    if hit.type == "reject" and _NEGATION[key].search(hit.text):
        return "past"  # "will never recognize": the refusal is made as it is told
    word = hit.text.split()[0]
    tense = "present"
    if _PAST_TRIGGER[key].match(word) and not (key == "de" and word[0].isupper()):
        tense = "past"
    elif _FUTURE[key].search(text):
        tense = "future"
    elif _PAST_AUX[key].search(text) or (
        key == "de" and _PAST_AUX["de_aux"].search(text) and _VERB_FINAL.search(text)
    ):
        tense = "past"  # Perfekt: "haben … vorbereitet."
    elif _FUTURE_WEAK[key].search(text):
        tense = "future"
    elif key == "en" and not _PROGRESSIVE.search(text) and _PAST_EN_VERB.search(text):
        tense = "past"  # "Protests … drew ten thousand people"
    return tense


# events with a direction: who does it to whom ("Russland hat die Ukraine angegriffen")
_DIRECTED = frozenset(
    {
        "appeal",
        "aid",
        "military_support",
        "demand",
        "criticize",
        "reject",
        "threaten",
        "troop_buildup",
        "military_deployment",
        "sanction",
        "expel",
        "arrest",
        "attack",
        "military_attack",
        "invasion",
        "annexation",
    }
)
# a passive clause: who acted is named after "by" / "von"
_PASSIVE = {
    "de": re.compile(r"\b(?:wurde|wurden|worden|wird|werden)\b"),
    "en": re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b"),
}
_AGENT_BEFORE = {
    "de": re.compile(r"\b(?:von|vom)\s+(?:(?:der|den|dem|des|die)\s+)?(?:\w+\s+)?$"),
    "en": re.compile(r"\bby\s+(?:the\s+)?(?:\w+\s+)?$"),
}
# a noun trigger and whose it is right after it: "Treffen der OSZE", "Angriff Russlands",
# "attack by Russia", "meeting of NATO"
_OWNER_AFTER = {
    "de": re.compile(r"\s*(?:(?:der|des|von|vom)\s+)?(?:\w+\s+)?$"),
    "en": re.compile(r"\s*(?:of|by)\s+(?:the\s+)?(?:\w+\s+)?$"),
}


def _who_first(
    actors: list[EntityRef],
    etype: str,
    sent: Sentence,
    hit: TriggerHit,
    mentions: list[LinkedMention],
    lang: str,
) -> list[EntityRef]:
    """Actors of an event with a direction in the order the sentence names them, so that who
    acted comes first ("Russia attacked Ukraine", "Russland hat die Ukraine angegriffen");
    in a passive clause the one after "by"/"von", after a noun trigger the one it belongs
    to ("der Angriff Russlands"). Other events keep the nearest first; actors from other
    sentences keep their place."""
    if etype not in _DIRECTED or len(actors) < 2:
        return actors
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.key, m.start - sent.start)
    if any(a.id not in first for a in actors):
        return actors
    ordered = sorted(actors, key=lambda a: first[a.id])
    key = lang if lang in _PASSIVE else "en"
    text = sent.text
    noun = key == "en" or hit.text[:1].isupper()  # German nouns are capitalised
    passive = _PASSIVE[key].search(text) is not None

    def leads(a: EntityRef) -> bool:
        at = first[a.id]
        if noun and at >= hit.end and _OWNER_AFTER[key].fullmatch(text, hit.end, at) is not None:
            return True  # "der Angriff Russlands auf die Ukraine"
        return passive and _AGENT_BEFORE[key].search(text, max(0, at - 30), at) is not None

    lead = next((a for a in ordered if leads(a)), None)
    return ordered if lead is None else [lead, *(a for a in ordered if a is not lead)]


def _ref(entity: Entity) -> EntityRef:
    return EntityRef(id=entity.id, name=entity.name, type=entity.type, geo=entity.geo)


def _refs(
    body: str, mentions: list[LinkedMention], entities: dict[str, Entity], linked: Linked, lang: str
) -> list[EntityRef]:
    refs: list[EntityRef] = []
    seen: set[str] = set()
    for m in mentions:
        key = m.key
        if linked.kinds.get(key) in ("city", "place", "curated") and not m.adjective:
            capital_of = linked.capitals.get(fold(m.text))
            if capital_of and not _LOC_PREP[lang if lang in _LOC_PREP else "en"].search(
                body[max(0, m.start - 40) : m.start]
            ):
                key = capital_of  # Moskau bestreitet: the government
        entity = entities.get(key)
        if entity is None:
            country = _countries().get(key)
            if country is None:
                continue
            refs_entity = EntityRef(id=country.key, name=country.canonical(lang), type="LOC")
            if country.key not in seen:
                seen.add(country.key)
                refs.append(refs_entity)
            continue
        if key not in seen:
            seen.add(key)
            refs.append(_ref(entity))
    return refs


_CROWD = re.compile(
    r"\b(?:people|thousands|hundreds|demonstrators|protesters|residents|students|workers|"
    r"crowds?|supporters|activists|Menschen|Tausende|Hunderte|Demonstranten|Anhänger|"
    r"Bürger|Studenten|Arbeiter|Aktivisten)\b",
    re.I,
)
_CROWD_CLASH = re.compile(
    r"\b(?:protesters|demonstrators|rioters|police|Demonstranten|Polizei|Randalierer)\b", re.I
)
_PROTEST_VERB = re.compile(r"^(?:protested|protestiert\w*)$", re.I)


def _diplomatic_protest(
    sent: Sentence, hit: TriggerHit, mentions: list[LinkedMention], linked: Linked
) -> bool:
    """A state that protests (named before the verb, no crowd in the clause) disapproves:
    that is criticism, not a demonstration."""
    if not _PROTEST_VERB.match(hit.text):
        return False
    left, right = _clause_bounds(sent.text, hit.start, hit.end, _PUNCT_BREAK)
    if _CROWD.search(sent.text, left, right):
        return False
    return any(
        not m.adjective
        and linked.kinds.get(m.key) == "country"
        and sent.start + left <= m.start < sent.start + hit.start
        for m in mentions
    )


_MODIFIERS = re.compile(r"^\s*(?:[a-zäöüß]\w*\s+){0,2}$")


# "to the U.S. island territory": an abbreviated country before a noun qualifies it
_ABBREVIATED = re.compile(r"(?:[A-Z]\.?){2,4}")
_ATTRIBUTIVE = re.compile(
    r"\.?\s+(?!(?:on|in|at|and|or|for|to|with|by|from|of|since|after|before|during|"
    r"last|this|next|was|were|is|are|has|have|had|will|would|said|says|but|as|when|where|"
    r"which|who|that|the|a|an)\b)[a-z]{3,}\b"
)
_VISIT_OBJECT = re.compile(r"\s+(?:(?:the|den|die|das)\s+)?")


def _visited_place(
    sent: Sentence, hit: TriggerHit, mentions: list[LinkedMention], entities: dict[str, Entity]
) -> str | None:
    """The place a visit goes to when it is the verb's object: "will visit Israel",
    "besuchte Frankreich"."""
    for m in mentions:
        if m.start < sent.start + hit.end:
            continue
        between = sent.text[hit.end : m.start - sent.start]
        if (
            not m.adjective
            and m.key in entities
            and entities[m.key].type == "LOC"
            and _VISIT_OBJECT.fullmatch(between)
        ):
            return m.key
        break  # only the word right after the trigger
    return None


def _adjective_place(
    sent: Sentence, hit: TriggerHit, mentions: list[LinkedMention], linked: Linked
) -> str | None:
    """The country of an adjective right before the trigger noun ("the Ukrainian
    presidential elections", "die bayerische Landtagswahl" has its own entity)."""
    for m in reversed(mentions):
        if m.end > sent.start + hit.start:
            continue
        if (
            m.adjective
            and linked.kinds.get(m.key) == "country"
            and _MODIFIERS.match(sent.text[m.end - sent.start : hit.start])
        ):
            return m.key
        break  # only the nearest mention before the trigger
    return None


def _fill_actors(
    actors: list[EntityRef],
    etype: str,
    body: str,
    sent: Sentence,
    lang: str,
    entities: dict[str, Entity],
    linked: Linked,
    story: _Story,
) -> list[EntityRef] | None:
    """The sentence's actors, kept to who can act, or found around the sentence; None
    when an event that needs actors has none."""
    places = actors
    if etype == "election":  # who stands: people and parties (Ukraine is where, not who)
        actors = [a for a in actors if a.type in ("PER", "ORG")]
    if all(a.type == "LOC" and linked.kinds.get(a.id) in _TOWNS for a in actors):
        actors = []  # a town is where it happened (or where someone is from), not who acted
    if not actors and _THE_COUNTRY.search(sent.text):
        actors = list(story.last_country)  # "the country", "das Land": the one named before
    if not actors and _THE_GROUP.search(sent.text):
        actors = list(story.last_group)  # "the group", "die Miliz": the organisation before
    if not actors and etype not in _NO_ACTORS_OK:
        actors = story.previous_refs[:_MAX_ACTORS]
        return actors or None
    if not actors and _PRONOUN[lang if lang in _PRONOUN else "en"].search(sent.text):
        # "… ermordete er Frauen": the person of the previous sentence
        actors = list(story.last_person)
    if not actors and etype in _ACTORS_NEARBY:
        # "the opposition candidate … claimed victory in the elections. Viktor Yushchenko …":
        # who stood, or whose plant burnt, is named in the sentence before or after
        nearby = story.previous_refs
        after = story.following
        if not nearby and etype in _ACTORS_AFTER and after is not None and not after.heading:
            inside_after = [m for m in linked.mentions if after.start <= m.start < after.end]
            nearby = _refs(body, inside_after, entities, linked, lang)
        actors = [r for r in nearby if r.type in ("PER", "ORG")][:_MAX_ACTORS]
    if not actors and etype == "election":
        actors = places  # no candidate named near: the country votes
    return actors


_UNTIL = re.compile(r"\b(?:until|till|through|bis(?:\s+(?:zum|zur|Ende|Mitte|Anfang))?)\s+$", re.I)
_UNTIL_START = re.compile(r"(?:until|bis)\b", re.I)


def _choose_date(
    sent: Sentence,
    hit: TriggerHit,
    lang: str,
    tense: str,
    published: date | None,
    window: tuple[int, int, int],
    story: _Story,
) -> tuple[DateMention | None, bool]:
    """The date expression that dates the event, and whether the event is told as
    background (then it is not dated to the publication day)."""
    left_start, start, end = window
    # the first expression after the trigger in its stretch, else the nearest before; not
    # the end of a span ("banned exports until March 31", "gilt bis zum 31. März")
    dates = [
        d
        for d in _dates_cached(sent.text, lang, published, tense)
        if not _UNTIL.search(sent.text, max(0, d.start - 12), d.start)
        and not _UNTIL_START.match(d.text)
    ]
    clause_left, clause_right = _clause_bounds(sent.text, hit.start, hit.end)
    clause = sent.text[clause_left:clause_right]
    background = (
        _BACKGROUND["de"].search(clause)
        if lang == "de"
        else _BACKGROUND["en"].search(sent.text[clause_left : hit.start])
    ) is not None
    if background:  # the sentence's other dates are not this earlier event's
        dates = [d for d in dates if clause_left <= d.start < clause_right]
    chosen: DateMention | None = next(
        (
            d
            for d in dates
            if start <= d.start < end and not _SUBORDINATE.search(sent.text, hit.end, d.start)
        ),
        None,
    )
    opening = next(
        (d for d in dates if d.start < hit.start and _opens(sent.text, d)),
        None,
    )
    if (
        chosen is not None
        and opening is not None
        and not _TWO_WORDS_AT_MOST.match(sent.text[hit.end : chosen.start])
    ):
        chosen = opening  # "On Friday, thousands of protesters … since the rally on June 12"
    if chosen is None:
        before = [d for d in dates if left_start <= d.start < start]
        chosen = before[-1] if before else None
    if (
        chosen is None
        and len(dates) == 1
        and not (
            dates[0].start >= hit.end and _SUBORDINATE.search(sent.text, hit.end, dates[0].start)
        )
    ):
        chosen = dates[0]  # one date in the sentence: it holds for all its events
    following = story.following
    if chosen is None and not dates and following is not None and not following.heading:
        chosen = _carried_date(following, lang, published, tense)
    if (
        chosen is None
        and not dates
        and tense == "past"
        and not background
        and not _PERFECT["de" if lang == "de" else "en"].search(clause)
    ):
        # the narrative goes on (simple past, not "have protested")
        chosen = _recent_day(story.paragraph, lang, published)
    return chosen, background


def _event(
    body: str,
    sent: Sentence,
    hit: TriggerHit,
    lang: str,
    tense: str,
    published: date | None,
    mentions: list[LinkedMention],
    entities: dict[str, Entity],
    linked: Linked,
    window: tuple[int, int, int],
    refs_all: list[EntityRef],
    story: _Story,
) -> _Candidate | None:
    left_start, start, end = window
    # the trigger's clause between punctuation marks: the bomb, the scene, the simple past
    clause = _clause_bounds(sent.text, hit.start, hit.end, _PUNCT_BREAK)
    military = _MILITARY.search(sent.text) is not None
    etype, cameo = _refined_type(sent.text, hit, clause, military)
    # a German clause in the simple past is past for its dates and status ("traf am Samstag")
    simple_past = lang == "de" and tense == "present" and _preterite(sent.text[slice(*clause)])
    date_tense = "past" if simple_past else tense
    chosen, background = _choose_date(sent, hit, lang, date_tense, published, window, story)
    date_value: str | None = None
    precision: str | None = None
    explicit = False
    # a planned event does not take a past date told further on in its sentence ("the visit
    # will take him to Halifax, which took in passengers on September 11, 2001"); a date
    # right after the trigger is its own ("the bombing in 2000")
    behind = (
        chosen is not None
        and not chosen.relative
        and published is not None
        and chosen.value < published.isoformat()[: len(chosen.value)]
        and not _TWO_WORDS_AT_MOST.match(sent.text[hit.end : chosen.start])
    )
    if (
        chosen is not None
        and not (tense == "past" and chosen.ahead)
        and not (tense == "future" and behind)
    ):
        # a past-tense event does not take a date that lies ahead ("haben die Gespräche in
        # der kommenden Woche vorbereitet": the preparation happened, the talks are ahead)
        date_value, precision, explicit = chosen.value, chosen.precision, True

    status = _status(date_value, precision, published, tense)
    if (
        date_value is None
        and published is not None
        and status in ("past", "ongoing")
        and not _VAGUE_PAST.search(sent.text)
        and not background
    ):
        date_value, precision = published.isoformat(), "day"

    prep = _LOC_PREP[lang if lang in _LOC_PREP else "en"]
    location_key = _location(body, sent, mentions, entities, prep, (left_start, start, end), clause)
    if location_key is None and etype == "visit":  # "is visiting Pakistan and India"
        location_key = _visited_place(sent, hit, mentions, entities)
    if location_key is None:  # "the Ukrainian presidential elections": in Ukraine
        location_key = _adjective_place(sent, hit, mentions, linked)
    own_location = location_key  # the dateline's place does not tell two events apart
    for fallback in (story.place, story.dateline):  # the story's scene, else the dateline's
        if location_key is None and fallback is not None and fallback in entities:
            location_key = fallback
    location = _ref(entities[location_key]) if location_key is not None else None

    # actors: the stretch's entities first, then the rest of the sentence
    right = [m for m in mentions if sent.start + start <= m.start < sent.start + end]
    left = [m for m in mentions if sent.start + left_start <= m.start < sent.start + start]
    first_keys = [r.id for r in _refs(body, [*right, *reversed(left)], entities, linked, lang)]
    actors = sorted(
        refs_all,
        key=lambda r: (r.id not in first_keys, first_keys.index(r.id) if r.id in first_keys else 0),
    )
    scenes = {
        m.key
        for m in mentions
        if not m.adjective
        and linked.kinds.get(m.key) in ("city", "place")
        and prep.search(body[max(sent.start, m.start - 40) : m.start])
    }
    # people, organisations and countries act; other places come last
    actors = [a for a in actors if a.type != "MISC" and a.id not in scenes]
    actors.sort(key=lambda a: linked.kinds.get(a.id) in ("city", "place"))
    actors = actors[:_MAX_ACTORS]
    if (
        etype == "military_attack"
        and hit.text.lower().startswith("clash")
        and _CROWD_CLASH.search(sent.text)
        and not military
    ):
        etype, cameo = "protest", "14"  # "protesters clashed with riot police"
    if etype == "protest" and _diplomatic_protest(sent, hit, mentions, linked):
        etype, cameo = "criticize", "11"  # "France and Britain have protested"
    filled = _fill_actors(actors, etype, body, sent, lang, entities, linked, story)
    if filled is None:
        return None
    actors = _who_first(filled, etype, sent, hit, mentions, lang)
    confidence = (
        0.4
        if etype == "statement"
        else min(
            0.9,
            0.55
            + (0.15 if explicit else 0)
            + (0.1 if len(actors) > 1 else 0)
            + (0.1 if location else 0),
        )
    )
    event = Event(
        type=etype,
        cameo_root=cameo,
        trigger=Span(text=hit.text, start=sent.start + hit.start, end=sent.start + hit.end),
        actors=actors,
        location=location,
        date=date_value,
        date_precision=precision,
        status=status,
        sentence=sent.text,
        confidence=round(confidence, 2),
    )
    key = "de" if lang == "de" else "en"
    anaphoric = _anaphoric(sent.text, hit, key)
    weak = (
        story.position >= _LEAD_SENTENCES
        and len(actors) == 1
        and not (explicit and status == "planned")  # an event ahead with its day is news
        # a German demand or criticism by one named speaker is news even deep in a story
        # (on all development gold: German +3 found, +1 spurious; English +3 spurious)
        and not (key == "de" and etype in _WORDS_THAT_ARE_NEWS_DE)
        and etype not in _NO_ACTORS_OK  # a quake or a vote needs no second participant
    )
    return _Candidate(
        event, explicit, {a.id for a in actors}, own_location, anaphoric, weak, simple_past
    )


# German simple past: common strong and mixed verbs, and weak verbs in -te(n) that no
# article, number or preposition makes an adjective ("die letzte Wahl", "55 Verletzte")
_STRONG_PAST_DE = re.compile(
    r"\b(?:gab|gaben|kam|kamen|ging|gingen|fand|fanden|stand|standen|lag|lagen|sah|sahen|"
    r"hielt|hielten|fiel|fielen|brach|brachen|starb|starben|schlug|schlugen|zog|zogen|flog|"
    r"flogen|lief|liefen|rief|riefen|schrieb|schrieben|blieb|blieben|traf|trafen|nahm|"
    r"nahmen|sprach|sprachen|begann|begannen|gewann|gewannen|verlor|verloren|entschied|"
    r"entschieden|erschien|erschienen|wies|wiesen|brachte|brachten|nannte|nannten|trat|"
    r"traten|geschah|geschahen|bot|boten|erhielt|erhielten|ließ|ließen|verließ|verließen|"
    r"warf|warfen|griff|griffen|stieg|stiegen|explodierte|explodierten)\b"
)
_WEAK_PAST_DE = re.compile(
    r"(?<!\d )(?<!\bder )(?<!\bdie )(?<!\bdas )(?<!\bden )(?<!\bdem )(?<!\bdes )"
    r"(?<!\bein )(?<!\beine )(?<!\bam )(?<!\bim )(?<!\bzum )(?<!\bzur )(?<!\bvom )"
    r"\b(?!(?:erste|zweite|dritte|vierte|fünfte|sechste|siebte|achte|neunte|zehnte|letzte|"
    r"nächste|meiste|beste|größte|höchste|älteste|jüngste|wichtigste|gesamte|heute|bitte|"
    r"rechte|halbe|gute|weite|breite|harte|leichte|echte|feste|sanfte|stille|mitte)n?\b)"
    r"(?!(?:unten|hinten)\b)"
    # not a participle such as "umstritten", "geschnitten"
    r"[a-zäöü][a-zäöüß]{2,}(?:te|(?<!t)ten)\b"
)


def _refined_type(
    text: str, hit: TriggerHit, clause: tuple[int, int], military: bool
) -> tuple[str, str | None]:
    """The trigger's type and CAMEO root, read with its sentence: an attack by troops is
    military, a bomb that went off a bombing, a forest on fire a wildfire."""
    etype, word = hit.type, hit.text.lower()
    if military and (
        etype == "attack"
        or (etype == "protest" and word.startswith("strike"))
        or (etype == "arrest" and word.startswith("raid"))
    ):
        return "military_attack", "19"
    if etype == "explosion" and _BOMB.search(text, *clause):
        return "attack", "18"
    if etype == "accident" and _FOREST.search(text, *clause):
        return "wildfire", None  # "the Amazon rainforest is on fire"
    return etype, hit.cameo_root


def _anaphoric(text: str, hit: TriggerHit, key: str) -> bool:
    """Whether the trigger is a noun that points back ("the attack", "dieser Anschlag")."""
    noun = hit.text[:1].isupper() if key == "de" else not hit.text.endswith("ed")
    return noun and _ANAPHOR[key].search(text, max(0, hit.start - 40), hit.start) is not None


def _preterite(clause: str) -> bool:
    """Whether a German clause is told in the simple past ("In Nordaustralien tobte
    Zyklon Grant", "gab es mehrere Festnahmen")."""
    return bool(_STRONG_PAST_DE.search(clause) or _WEAK_PAST_DE.search(clause))


def _carried_date(
    following: Sentence, lang: str, published: date | None, tense: str
) -> DateMention | None:
    """'A huge fire forced residents to flee. It started yesterday afternoon.': the next
    sentence, told with a pronoun and without an event of its own, dates this one."""
    key = lang if lang in _CARRY else "en"
    if not _CARRY[key].match(following.text) or find_triggers(following.text, lang):
        return None
    dates = _dates_cached(following.text, lang, published, tense)
    return dates[0] if len(dates) == 1 else None


@functools.lru_cache(maxsize=256)
def _dates_cached(text: str, lang: str, published: date | None, tense: str) -> list[DateMention]:
    return find_dates(text, lang, published, tense)


def _location(
    body: str,
    sent: Sentence,
    mentions: list[LinkedMention],
    entities: dict[str, Entity],
    prep: re.Pattern[str],
    window: tuple[int, int, int],
    clause: tuple[int, int] | None = None,
) -> str | None:
    """A place after a locative preposition: in the trigger's clause (not in a relative
    clause after it: "entgleisten Waggons eines Zuges, der auf dem Weg nach Lahore war"),
    then in the trigger's stretch, then back to the previous trigger (a place named for
    another event is not this one's), then the only such place of the sentence."""
    left_start, start, end = window
    places = [
        m
        for m in mentions
        if not m.adjective
        and m.key in entities
        and entities[m.key].type == "LOC"
        and prep.search(body[max(sent.start, m.start - 40) : m.start])
        and not (_ABBREVIATED.fullmatch(m.text) and _ATTRIBUTIVE.match(body, m.end))
    ]
    spans = [(start, end), (left_start, end)]
    if clause is not None:
        hi = min(end, clause[1])
        spans[:0] = [(start, hi), (max(left_start, clause[0]), hi)]
    for lo, hi in spans:
        for m in places:
            if sent.start + lo <= m.start < sent.start + hi:
                return m.key
    keys = {m.key for m in places}
    return next(iter(keys)) if len(keys) == 1 else None


def _status(value: str | None, precision: str | None, published: date | None, tense: str) -> str:
    if value is not None and published is not None:
        pub = published.isoformat()[: len(value)]
        if value > pub:
            return "planned"
        if value < pub:
            return "past"
    if tense == "future":
        return "planned"
    if tense == "past":
        return "past"
    return "ongoing"


def _family(etype: str) -> str:
    """Types that name the same happening in different words (a bombing in an air strike,
    the blast of a bombing)."""
    return "attack" if etype in ("attack", "military_attack", "explosion") else etype


def _finer(one: Event, other: Event) -> bool:
    """Whether ``one`` is dated more precisely within ``other``'s date (a day of its month)."""
    return (
        one.date is not None
        and other.date is not None
        and len(one.date) > len(other.date)
        and one.date.startswith(other.date)
    )


def _same_agent(one: Event, other: Event) -> bool:
    """The first actor of one is an actor of the other (who did it, not whom it was done to:
    France protesting against Iran is not Iran's accusation)."""
    return bool(one.actors) and one.actors[0].id in {a.id for a in other.actors}


def _told_before(cand: _Candidate, kept: list[_Candidate]) -> _Candidate | None:
    """The event a definite mention names: the latest of its kind, unless both have their
    own days (and the mention's is not a finer one within the other's)."""
    ev = cand.event
    told = [
        other
        for other in reversed(kept)
        if _family(other.event.type) == _family(ev.type)
        and (
            not (cand.explicit_date and other.explicit_date)
            or (cand.explicit_date and _finer(ev, other.event))
        )
        and not _named_apart(cand, other)
    ]
    # "des Sturms Dagmar": the one that shares a participant, else the latest
    return next((o for o in told if cand.actor_keys & o.actor_keys), told[0] if told else None)


def _named_apart(one: _Candidate, other: _Candidate) -> bool:
    """Two storms with names of their own and none in common are two storms (Dagmar in
    Sweden, cyclone Grant in Australia)."""
    if not one.event.type == other.event.type == "storm":
        return False
    names = [{a.id for a in c.event.actors if a.type != "LOC"} for c in (one, other)]
    return bool(names[0]) and bool(names[1]) and not names[0] & names[1]


def _repeated(cand: _Candidate, kept: list[_Candidate]) -> _Candidate | None:
    """The earlier event a mention repeats: the same kind on the same day and at no other
    place, or a vague repeat (no day, no place of its own) by the same agent."""
    ev = cand.event
    for other in kept:
        if _family(other.event.type) != _family(ev.type) or _named_apart(cand, other):
            continue
        same_slot = (
            other.event.date == ev.date
            # two people's undated statements are two statements
            and (
                ev.type != "statement"
                or cand.explicit_date
                or bool(cand.actor_keys & other.actor_keys)
            )
            and (
                cand.location_key is None
                or other.location_key is None
                or cand.location_key == other.location_key
            )
        )
        vague = (
            not cand.explicit_date
            and cand.location_key is None
            and (
                _same_agent(ev, other.event)
                # "die Wahl", "the quake" again: one article, one election
                or ev.type in _ONE_PER_ARTICLE
            )
        )
        if same_slot or vague:
            return other
    return None


def _same_happening_date(cand: _Candidate, kept: list[_Candidate]) -> None:
    """An undated past event of a kind told before with its day is told in detail: "Bei
    zwei Terroranschlägen … des 22. März …  Am Flughafen explodierten zwei Sprengsätze"
    takes the 22nd, and the blasts of a bombing are that bombing's."""
    ev = cand.event
    if cand.explicit_date or ev.status != "past" or ev.type not in _TOLD_IN_DETAIL:
        return
    earlier = next(
        (
            other
            for other in reversed(kept)
            if other.explicit_date
            and other.event.status == "past"
            and other.event.date_precision == "day"
            and _family(other.event.type) == _family(ev.type)
        ),
        None,
    )
    if earlier is None:
        return
    update: dict[str, object] = {
        "date": earlier.event.date,
        "date_precision": earlier.event.date_precision,
    }
    if ev.type == "explosion" and earlier.event.type == "attack":
        update.update(type="attack", cameo_root=earlier.event.cameo_root)
    cand.event = ev.model_copy(update=update)
    cand.explicit_date = True


def _merge(candidates: list[_Candidate]) -> list[_Candidate]:
    """One event per (type, date, place); vague repeats join an earlier event of the type."""
    kept: list[_Candidate] = []
    for cand in candidates:
        ev = cand.event
        target = (_told_before(cand, kept) if cand.anaphoric else None) or _repeated(cand, kept)
        if target is None:
            if not cand.weak:
                _same_happening_date(cand, kept)
                kept.append(cand)
            continue
        if target.event.location is None and ev.location is not None:
            target.event = target.event.model_copy(update={"location": ev.location})
            target.location_key = cand.location_key
        added = [a for a in ev.actors if a.id not in target.actor_keys]
        if added and len(target.event.actors) < _MAX_ACTORS:  # "… marched against Bush"
            actors = [*target.event.actors, *added][:_MAX_ACTORS]
            target.event = target.event.model_copy(update={"actors": actors})
            target.actor_keys = {a.id for a in actors}
        if cand.explicit_date and (not target.explicit_date or _finer(ev, target.event)):
            # "the arrest … on Wednesday"; "last week … The intrusion occurred on 10 November"
            target.event = target.event.model_copy(
                update={
                    "date": ev.date,
                    "date_precision": ev.date_precision,
                    "status": ev.status,  # a day ahead makes it planned
                }
            )
            target.explicit_date = True
    return kept
