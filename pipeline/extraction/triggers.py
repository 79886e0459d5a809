"""Event trigger lexicons (German and English) and their matcher.

The lexicons live in ``data/triggers_<lang>.tsv``: one line per event type with
its CAMEO root and a regular expression. German patterns are case-sensitive
(nouns are upper-case, verbs lower-case, so "Tagen" is not "tagen"); English
ones are case-insensitive except where a pattern says ``(?-i:…)``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources
from re import _constants, _parser  # type: ignore[attr-defined]  # the regex parser of sre
from typing import Any


@dataclasses.dataclass(frozen=True)
class TriggerRule:
    type: str
    cameo_root: str | None
    pattern: re.Pattern[str]
    regex: str = ""


@dataclasses.dataclass(frozen=True)
class TriggerHit:
    type: str
    cameo_root: str | None
    start: int  # offsets of the trigger word(s) in the searched text
    end: int
    text: str


@dataclasses.dataclass(frozen=True)
class _Group:
    """Some rules, in lexicon order, as one alternation: group ``r<k>`` is ``rules[k]``."""

    pattern: re.Pattern[str]
    rules: tuple[TriggerRule, ...]

    def index(self, m: re.Match[str]) -> int:
        """Which rule made ``m`` (its outer group closes last)."""
        return int((m.lastgroup or "r0")[1:])


_WORD_START = re.compile(r"(?<![\w-])\w")


_Prefix = tuple[str, bool]  # the first characters of a match; True: any text may follow


def _prefixes(regex: str, flags: int, n: int = 2) -> set[_Prefix] | None:
    """The first ``n`` characters a match of ``regex`` can start with (a superset: a shorter
    prefix marked open stands for any continuation), or None when the pattern is not simple
    to read (then the rule is tried at every word)."""
    try:
        parsed = _parser.parse(regex, flags)
    except (AttributeError, re.error):  # pragma: no cover - another Python's parser
        return None
    found = _seq_prefixes(parsed, n)
    if any(p == "" for p, _ in found):
        return None  # can start with anything
    if flags & re.IGNORECASE:
        found = {(p.lower(), is_open) for p, is_open in found}
    return found


def _seq_prefixes(items: Any, n: int) -> set[_Prefix]:
    results: set[_Prefix] = {("", False)}
    for op, av in items:
        grown: set[_Prefix] = set()
        for prefix, is_open in results:
            if len(prefix) >= n or is_open:
                grown.add((prefix, is_open))
                continue
            subs = _item_prefixes(op, av, n - len(prefix))
            if subs is None:
                grown.add((prefix, True))
            else:
                grown |= {(prefix + sub, sub_open) for sub, sub_open in subs}
        results = grown
    return results


def _item_prefixes(op: Any, av: Any, k: int) -> set[_Prefix] | None:
    c = _constants
    result: set[_Prefix] | None = None
    if op is c.LITERAL:
        result = {(chr(av), False)}
    elif op is c.IN and all(kind in (c.LITERAL, c.RANGE) for kind, _ in av):
        result = set()
        for kind, value in av:
            low, high = (value, value) if kind is c.LITERAL else value
            result |= {(chr(x), False) for x in range(low, high + 1)}
    elif op is c.SUBPATTERN:
        result = _seq_prefixes(av[3], k)
    elif op is c.BRANCH:
        result = set().union(*(_seq_prefixes(branch, k) for branch in av[1]))
    elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
        result = _repeat_prefixes(av[2], k)  # the least count is ignored: a superset
    elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        result = {("", False)}  # consumes nothing
    return result


def _repeat_prefixes(sub: Any, k: int) -> set[_Prefix]:
    reps: set[_Prefix] = {("", False)}
    frontier = reps
    for _ in range(k):
        frontier = {
            (prefix + more, more_open)
            for prefix, is_open in frontier
            if len(prefix) < k and not is_open
            for more, more_open in _seq_prefixes(sub, k - len(prefix))
            if more or more_open
        }
        reps = reps | frontier
    return reps


@dataclasses.dataclass(frozen=True)
class _Dispatch:
    """The rules to try at a word, by its first three characters (lower-cased for a
    case-insensitive lexicon), else its first two, else its first one, else the rules
    read from nowhere."""

    by_three: dict[str, _Group]
    by_two: dict[str, _Group]
    by_one: dict[str, _Group]
    other: _Group | None
    fold: bool

    def group(self, text: str, at: int) -> _Group | None:
        key = text[at : at + 3].lower() if self.fold else text[at : at + 3]
        found = self.by_three.get(key)
        if found is None:
            found = self.by_two.get(key[:2])
        return found if found is not None else self.by_one.get(key[:1], self.other)


@functools.cache
def _dispatch(lang: str) -> _Dispatch:
    """Only the rules that can start with a word's first three characters are tried there
    (in German text two of three words start with the first two characters of some rule,
    one in three with the first three)."""
    rules = lexicon(lang)
    flags = rules[0].pattern.flags
    three: dict[str, set[int]] = {}
    two: dict[str, set[int]] = {}
    one: dict[str, set[int]] = {}
    anywhere: set[int] = set()
    for i, rule in enumerate(rules):
        prefixes = _prefixes(rule.regex, flags, 3)
        if prefixes is None:
            anywhere.add(i)
            continue
        for prefix, is_open in prefixes:
            if len(prefix) == 3 and not is_open:
                three.setdefault(prefix, set()).add(i)
            elif len(prefix) >= 2:  # two known characters, then anything
                two.setdefault(prefix[:2], set()).add(i)
            else:  # one character, then anything
                one.setdefault(prefix[0], set()).add(i)
    compiled: dict[frozenset[int], _Group | None] = {}

    def group(members: set[int]) -> _Group | None:
        key = frozenset(members)
        if key not in compiled:
            compiled[key] = _compile_group([rules[i] for i in sorted(members)], flags)
        return compiled[key]

    def shorter(key: str) -> set[int]:
        return two.get(key[:2], set()) | one.get(key[:1], set()) | anywhere

    by_three = {k: group(v | shorter(k)) for k, v in three.items()}
    by_two = {k: group(v | one.get(k[0], set()) | anywhere) for k, v in two.items()}
    by_one = {k: group(v | anywhere) for k, v in one.items()}
    return _Dispatch(
        {k: g for k, g in by_three.items() if g is not None},
        {k: g for k, g in by_two.items() if g is not None},
        {k: g for k, g in by_one.items() if g is not None},
        group(anywhere),
        bool(flags & re.IGNORECASE),
    )


def _compile_group(members: list[TriggerRule], flags: int) -> _Group | None:
    if not members:
        return None
    parts = []
    for k, rule in enumerate(members):
        inner = re.sub(r"\(\?P<(t\w*)>", rf"(?P<r{k}\1>", rule.regex)
        parts.append(f"(?P<r{k}>{inner})")
    return _Group(re.compile(rf"(?:{'|'.join(parts)})(?![\w])", flags), tuple(members))


@functools.cache
def lexicon(lang: str) -> tuple[TriggerRule, ...]:
    name = f"data/triggers_{lang if lang in ('de', 'en') else 'en'}.tsv"
    text = resources.files("pipeline.extraction").joinpath(name).read_text("utf-8")
    flags = 0 if lang == "de" else re.IGNORECASE
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        etype, cameo, regex = line.split("\t", 2)
        pattern = re.compile(rf"(?<![\w-])(?:{regex})(?![\w])", flags)
        rules.append(TriggerRule(etype, None if cameo == "-" else cameo, pattern, regex))
    return tuple(rules)


def _top_alternatives(regex: str) -> list[str]:
    """The alternatives of a pattern at the outer level ("a(?:b|c)|d" → "a(?:b|c)", "d")."""
    parts, depth, start, escaped = [], 0, 0, False
    for i, char in enumerate(regex):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
    parts.append(regex[start:])
    return parts


# German nouns whose head is a trigger but which mean something else
_NOT_COMPOUNDS = re.compile(
    r"^(?:Aus|Berufs|Partner|Studien|Wort|Farb|Wein|Daten|Informations|Bilder|Beifalls|"
    r"Entrüstungs|Kinder|Lebens|Schicksals|Presse)"
)
_COMPOUND_TYPES_SKIPPED = frozenset({"statement", "visit", "aid", "military_support"})
_EITHER_CASE = re.compile(r"^(?:\(\?:\w+\)\?)?\[([A-ZÄÖÜ])[a-zäöü]\]")
_CAPITALIZED = re.compile(r"(?<![\w-])[A-ZÄÖÜ][a-zäöüß]{5,}(?![\w-])")


_FINITE_LIMIT = 500  # more strings than this from one pattern: matched as a pattern


def _finite_strings(items: Any) -> list[str] | None:
    """Every string a parsed pattern matches when they are few (literals, classes,
    alternatives, groups and bounded repeats), else None."""
    results = [""]
    for op, av in items:
        options = _finite_options(op, av)
        if options is None:
            return None
        results = [r + o for r in results for o in options]
        if len(results) > _FINITE_LIMIT:
            return None
    return results


def _finite_options(op: Any, av: Any) -> list[str] | None:
    c = _constants
    if op is c.LITERAL:
        return [chr(av)]
    if op is c.IN and all(kind in (c.LITERAL, c.RANGE) for kind, _ in av):
        chars: list[str] = []
        for kind, value in av:
            low, high = (value, value) if kind is c.LITERAL else value
            chars += [chr(x) for x in range(low, high + 1)]
        return chars
    if op is c.SUBPATTERN:
        return _finite_strings(av[3])
    if op is c.BRANCH:
        branches = [_finite_strings(branch) for branch in av[1]]
        return None if None in branches else [x for b in branches if b for x in b]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] <= 3:
        return _repeats(av[0], av[1], _finite_strings(av[2]))
    return None


def _repeats(least: int, most: int, sub: list[str] | None) -> list[str] | None:
    """The strings of ``sub`` repeated ``least`` to ``most`` times."""
    if sub is None:
        return None
    options, acc = [], [""]
    for n in range(most + 1):
        if n >= least:
            options += acc
        acc = [a + b for a in acc for b in sub]
    return options


@dataclasses.dataclass(frozen=True)
class _Heads:
    """German noun triggers as compound heads: the strings (lower-cased first letter) of
    the finite ones, and the few others as patterns."""

    strings: dict[str, TriggerRule]
    patterns: tuple[tuple[re.Pattern[str], TriggerRule], ...]
    # by a string's last three letters: the lengths of the strings with them, longest first
    lengths: dict[str, tuple[int, ...]]


@functools.cache
def _compound_heads() -> _Heads:
    """German compounds end in their head noun: "Fischimportverbot" is a ban, "Raketen-
    beschuss" an attack. Every German noun trigger, lower-cased at its first letter."""
    strings: dict[str, TriggerRule] = {}
    patterns: list[tuple[re.Pattern[str], TriggerRule]] = []
    for rule in lexicon("de"):
        if rule.type in _COMPOUND_TYPES_SKIPPED:
            continue
        for alternative in _top_alternatives(rule.regex):
            noun = _EITHER_CASE.sub(lambda m: m.group(1), alternative)  # [Ss]itzung
            if noun[:1].isupper() and "(?P" not in noun and "\\s" not in noun and " " not in noun:
                head = noun[0].lower() + noun[1:]
                found = _finite_strings(_parser.parse(head))
                if found is None:
                    patterns.append((re.compile(head), rule))
                for value in found or ():
                    strings.setdefault(value, rule)  # the first rule in lexicon order
    lengths: dict[str, set[int]] = {}
    for value in strings:
        lengths.setdefault(value[-3:], set()).add(len(value))
    by_end = {end: tuple(sorted(n, reverse=True)) for end, n in lengths.items()}
    return _Heads(strings, tuple(patterns), by_end)


def compound_head(word: str) -> TriggerRule | None:
    """The German noun trigger ``word`` ends in after at least three letters (the longest
    such end): "Fischimportverbot" ends in a ban, "Militärmanöver" in an exercise."""
    heads = _compound_heads()
    strings = heads.strings
    for n in heads.lengths.get(word[-3:], ()):  # the longest end first
        if n <= len(word) - 3 and (rule := strings.get(word[-n:])) is not None:
            return rule
    if heads.patterns:
        return next(
            (r for k in range(3, len(word) - 2) for p, r in heads.patterns if p.fullmatch(word, k)),
            None,
        )
    return None


def _compound_hits(text: str, taken: list[tuple[int, int]]) -> list[tuple[TriggerHit, int]]:
    """Hits for capitalised words whose end, after at least three letters, is a noun trigger
    (the longest such end)."""
    out = []
    for word in _CAPITALIZED.finditer(text):
        value = word.group(0)
        rule = compound_head(value)
        if rule is None or _NOT_COMPOUNDS.match(value):
            continue  # most words: no head, so no need to look at the other hits
        start, end = word.span()
        if not any(s < end and start < e for s, e in taken):
            out.append((TriggerHit(rule.type, rule.cameo_root, start, end, value), end))
    return out


def find_triggers(text: str, lang: str) -> list[TriggerHit]:
    """All trigger hits in ``text``; overlapping hits keep the earlier rule's longer match."""
    hits: list[tuple[TriggerHit, int]] = []  # with the end of the whole pattern match
    dispatch = _dispatch(lang if lang in ("de", "en") else "en")
    scanned = 0  # like one alternation's finditer: no new match inside the last one
    for word in _WORD_START.finditer(text):
        at = word.start()
        if at < scanned or (group := dispatch.group(text, at)) is None:
            continue
        m = group.pattern.match(text, at)
        if m is None:
            continue
        scanned = m.end()
        # the alternation takes the first rule that matches here; the longest match of all
        # rules at this position wins ("strikes on" is an attack, not a labour strike);
        # the rules before the one that matched cannot match here (the alternation tried
        # them first), so only the later ones can give a longer match
        first = group.index(m)
        best: re.Match[str] | None = None
        best_rule: TriggerRule | None = None
        for rule in group.rules[first:]:
            candidate = rule.pattern.match(text, at)
            if candidate is not None and (best is None or candidate.end() > best.end()):
                best, best_rule = candidate, rule
        if best is None or best_rule is None:  # pragma: no cover - the group pattern matched
            continue
        start, end = best.start(), best.end()
        for name, value in best.groupdict().items():
            if value is not None and name.startswith("t"):
                start, end = best.start(name), best.end(name)
                break
        hit = TriggerHit(best_rule.type, best_rule.cameo_root, start, end, text[start:end])
        hits.append((hit, best.end()))
    if lang == "de":
        hits.extend(_compound_hits(text, [(h.start, end) for h, end in hits]))
    hits.sort(key=lambda h: (h[0].start, -(h[1] - h[0].start)))
    out: list[TriggerHit] = []
    covered = 0
    for hit, full_end in hits:
        if hit.start < covered:
            continue  # inside a longer pattern: "wiesen diese Forderungen zurück"
        out.append(hit)
        covered = max(full_end, hit.end)
    return out
