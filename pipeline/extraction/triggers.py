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


@functools.cache
def _combined(lang: str) -> tuple[re.Pattern[str], dict[str, TriggerRule]]:
    """All rules of a language in one alternation: group ``r<i>`` is rule i, ``r<i>t…`` its
    trigger part. One pass per sentence instead of one per rule."""
    rules = lexicon(lang)
    parts = []
    for i, rule in enumerate(rules):
        inner = re.sub(r"\(\?P<(t\w*)>", rf"(?P<r{i}\1>", rule.regex)
        parts.append(f"(?P<r{i}>{inner})")
    # one word-start check for all rules: the engine only tries the rules at word starts
    combined = rf"(?<![\w-])(?=\w)(?:{'|'.join(parts)})(?![\w])"
    return re.compile(combined, rules[0].pattern.flags), {f"r{i}": r for i, r in enumerate(rules)}


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


def find_triggers(text: str, lang: str) -> list[TriggerHit]:
    """All trigger hits in ``text``; overlapping hits keep the earlier rule's longer match."""
    hits: list[tuple[TriggerHit, int]] = []  # with the end of the whole pattern match
    pattern, rules = _combined(lang if lang in ("de", "en") else "en")
    for m in pattern.finditer(text):
        # the alternation takes the first rule that matches here; the longest match of all
        # rules at this position wins ("strikes on" is an attack, not a labour strike)
        best: re.Match[str] | None = None
        best_rule: TriggerRule | None = None
        for rule in rules.values():
            candidate = rule.pattern.match(text, m.start())
            if candidate is not None and (best is None or candidate.end() > best.end()):
                best, best_rule = candidate, rule
        if best is None or best_rule is None:  # pragma: no cover - the combined pattern matched
            continue
        start, end = best.start(), best.end()
        for group, value in best.groupdict().items():
            if value is not None and group.startswith("t"):
                start, end = best.start(group), best.end(group)
                break
        hit = TriggerHit(best_rule.type, best_rule.cameo_root, start, end, text[start:end])
        hits.append((hit, best.end()))
    hits.sort(key=lambda h: (h[0].start, -(h[1] - h[0].start)))
    out: list[TriggerHit] = []
    covered = 0
    for hit, full_end in hits:
        if hit.start < covered:
            continue  # inside a longer pattern: "wiesen diese Forderungen zurück"
        out.append(hit)
        covered = max(full_end, hit.end)
    return out
