"""The alert query language: Lucene query syntax over the index's field names,
parsed with luqum and evaluated in Python against the same document the index
gets (:func:`pipeline.indexing.mapping.to_document`). Pure.

What follows Elasticsearch exactly, and what does not, is documented in
pipeline/alerts/QUERY-LANGUAGE.md; tests/unit/test_alert_query.py pins the
behaviour down and tests/integration/test_query_parity.py compares it with
Elasticsearch on the same document.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from luqum import tree as T
from luqum.exceptions import IllegalCharacterError, ParseError
from luqum.parser import parser

from pipeline.indexing.mapping import (
    DATE_FIELDS,
    EXACT_FIELDS,
    FIELD_ALIASES,
    KEYWORD_FIELDS,
    TEXT_FIELDS,
)

DEFAULT_FIELDS = ("title", "body", "entity")  # as index.query.default_field
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DATE_MATH = re.compile(r"^now(?:-(\d+)([smhdwMy]))?(?:/([smhdwMy]))?$")


class QueryError(ValueError):
    """An alert query that cannot be used; the message points at the problem."""


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, as the standard analyzer splits them (close enough
    for letters and digits; see QUERY-LANGUAGE.md for the differences)."""
    return [t.lower() for t in _TOKEN.findall(text)]


# --------------------------------------------------------------------------- document view


@dataclasses.dataclass
class DocView:
    """A document prepared for matching: token lists per text field, value sets
    per keyword field."""

    text: dict[str, list[list[str]]]  # field → token lists (one per value)
    text_tokens: dict[str, set[str]]
    keywords: dict[str, set[str]]  # lower-cased for normalised fields
    raw: dict[str, list[str]]  # original values (exact fields, display)
    dates: dict[str, list[datetime]]

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> DocView:
        text: dict[str, list[list[str]]] = {}
        text_tokens: dict[str, set[str]] = {}
        for field in TEXT_FIELDS:
            value = doc.get(field)
            lists = [tokens(value)] if isinstance(value, str) else []
            text[field] = lists
            text_tokens[field] = {t for lst in lists for t in lst}
        keywords: dict[str, set[str]] = {}
        raw: dict[str, list[str]] = {}
        for field in (*KEYWORD_FIELDS, *EXACT_FIELDS):
            values = doc.get(field)
            if values is None:
                values = []
            elif not isinstance(values, list):
                values = [values]
            raw[field] = [str(v) for v in values]
            keywords[field] = (
                {str(v).lower() for v in values}
                if field in KEYWORD_FIELDS
                else {str(v) for v in values}
            )
        dates: dict[str, list[datetime]] = {}
        for field in DATE_FIELDS:
            values = doc.get(field)
            values = values if isinstance(values, list) else ([values] if values else [])
            parsed = [d for v in values if (d := _parse_date(str(v))) is not None]
            dates[field] = parsed
        return cls(text, text_tokens, keywords, raw, dates)

    def anchors(self) -> set[tuple[str, str]]:
        """The keys a subscription index looks up for this document."""
        keys = {("text", t) for field in TEXT_FIELDS for t in self.text_tokens[field]}
        for field in (*KEYWORD_FIELDS, *EXACT_FIELDS):
            keys.update((field, v) for v in self.keywords[field])
        return keys


# --------------------------------------------------------------------------- dates


def _parse_date(  # noqa: PLR0911 - one return per date form
    value: str, *, round_up: bool = False
) -> datetime | None:
    value = value.strip()
    if not value or value == "*":
        return None
    m = _DATE_MATH.match(value)
    if m:
        now = datetime.now(UTC)
        if m.group(1):
            amount, unit = int(m.group(1)), m.group(2)
            days = {"d": 1, "w": 7, "M": 30, "y": 365}.get(unit)
            if days is not None:
                now -= timedelta(days=amount * days)
            else:
                now -= timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours"}[unit]: amount})
        return now
    try:
        if re.fullmatch(r"\d{4}", value):
            start = datetime(int(value), 1, 1, tzinfo=UTC)
            return (
                datetime(int(value) + 1, 1, 1, tzinfo=UTC) - timedelta(milliseconds=1)
                if round_up
                else start
            )
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, mth = (int(x) for x in value.split("-"))
            start = datetime(y, mth, 1, tzinfo=UTC)
            if round_up:
                nxt = datetime(y + (mth == 12), mth % 12 + 1, 1, tzinfo=UTC)
                return nxt - timedelta(milliseconds=1)
            return start
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = date.fromisoformat(value)
            start = datetime(d.year, d.month, d.day, tzinfo=UTC)
            return start + timedelta(days=1) - timedelta(milliseconds=1) if round_up else start
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        return None


# --------------------------------------------------------------------------- AST


class Node:
    def matches(self, doc: DocView, hits: list[tuple[str, str]]) -> bool:
        raise NotImplementedError

    def anchors(self) -> set[tuple[str, str]] | None:
        """Keys of which a matching document must contain at least one; None = any doc."""
        return None


@dataclasses.dataclass
class TermNode(Node):
    field: str | None  # None: the default fields
    value: str
    phrase: bool = False
    wildcard: bool = False
    regex: bool = False

    def _fields(self) -> tuple[str, ...]:
        return (self.field,) if self.field else DEFAULT_FIELDS

    def matches(self, doc: DocView, hits: list[tuple[str, str]]) -> bool:
        for field in self._fields():
            if self._match_field(field, doc):
                hits.append((field, self.value))
                return True
        return False

    def _match_field(self, field: str, doc: DocView) -> bool:  # noqa: PLR0911
        if field in TEXT_FIELDS:
            wanted = tokens(self.value)
            if self.regex:
                pattern = re.compile(self.value, re.IGNORECASE)
                return any(pattern.fullmatch(t) for t in doc.text_tokens[field])
            if self.wildcard:
                pat = self.value.lower()
                return any(fnmatch.fnmatchcase(t, pat) for t in doc.text_tokens[field])
            if not wanted:
                return False
            if len(wanted) == 1:
                return wanted[0] in doc.text_tokens[field]
            # a phrase, or several tokens in one term: consecutive tokens
            return any(_contains_run(lst, wanted) for lst in doc.text[field])
        if field in DATE_FIELDS:
            lower = _parse_date(self.value)
            upper = _parse_date(self.value, round_up=True)
            return (
                lower is not None
                and upper is not None
                and any(lower <= d <= upper for d in doc.dates[field])
            )
        normalised = field in KEYWORD_FIELDS
        needle = self.value.lower() if normalised else self.value
        values = doc.keywords.get(field, set())
        if self.regex:
            pattern = re.compile(needle)
            return any(pattern.fullmatch(v) for v in values)
        if self.wildcard:
            return any(fnmatch.fnmatchcase(v, needle) for v in values)
        return needle in values

    def anchors(self) -> set[tuple[str, str]] | None:
        if self.wildcard or self.regex:
            return None
        keys: set[tuple[str, str]] = set()
        for field in self._fields():
            if field in TEXT_FIELDS:
                toks = tokens(self.value)
                if not toks:
                    return None
                keys.add(("text", max(toks, key=len)))
            elif field in KEYWORD_FIELDS:
                keys.add((field, self.value.lower()))
            elif field in EXACT_FIELDS:
                keys.add((field, self.value))
            else:
                return None
        return keys


def _contains_run(seq: list[str], run: list[str]) -> bool:
    n = len(run)
    first = run[0]
    return any(seq[i] == first and seq[i : i + n] == run for i in range(len(seq) - n + 1))


@dataclasses.dataclass
class RangeNode(Node):
    field: str
    low: str | None
    high: str | None
    include_low: bool
    include_high: bool

    def matches(self, doc: DocView, hits: list[tuple[str, str]]) -> bool:
        if self.field in DATE_FIELDS:
            lo = _parse_date(self.low, round_up=not self.include_low) if self.low else None
            hi = _parse_date(self.high, round_up=self.include_high) if self.high else None
            for d in doc.dates[self.field]:
                if lo is not None and (d < lo or (not self.include_low and d == lo)):
                    continue
                if hi is not None and (d > hi or (not self.include_high and d == hi)):
                    continue
                hits.append((self.field, d.isoformat()))
                return True
            return False
        values = doc.raw.get(self.field, [])
        for v in values:
            if self.low is not None and (v < self.low or (not self.include_low and v == self.low)):
                continue
            if self.high is not None and (
                v > self.high or (not self.include_high and v == self.high)
            ):
                continue
            return True
        return False


@dataclasses.dataclass
class ExistsNode(Node):
    field: str

    def matches(self, doc: DocView, hits: list[tuple[str, str]]) -> bool:
        if self.field in TEXT_FIELDS:
            return bool(doc.text_tokens[self.field])
        if self.field in DATE_FIELDS:
            return bool(doc.dates[self.field])
        return bool(doc.raw.get(self.field))


@dataclasses.dataclass
class BoolNode(Node):
    must: list[Node]
    should: list[Node]
    must_not: list[Node]

    def matches(self, doc: DocView, hits: list[tuple[str, str]]) -> bool:
        found: list[tuple[str, str]] = []
        if not all(n.matches(doc, found) for n in self.must):
            return False
        if any(n.matches(doc, []) for n in self.must_not):
            return False
        if not self.must and self.should:
            if not any([n.matches(doc, found) for n in self.should]):  # noqa: C419 - collect all hits
                return False
        elif self.should:
            for n in self.should:  # optional clauses: only for the highlighted terms
                n.matches(doc, found)
        if not self.must and not self.should and not self.must_not:
            return False
        hits.extend(found)
        return True

    def anchors(self) -> set[tuple[str, str]] | None:
        if self.must:
            options = [a for n in self.must if (a := n.anchors()) is not None]
            return min(options, key=len) if options else None
        if self.should:
            union: set[tuple[str, str]] = set()
            for n in self.should:
                a = n.anchors()
                if a is None:
                    return None
                union |= a
            return union
        return None


# --------------------------------------------------------------------------- compile


KNOWN_FIELDS = set(TEXT_FIELDS) | set(KEYWORD_FIELDS) | set(EXACT_FIELDS) | set(DATE_FIELDS)


@dataclasses.dataclass(frozen=True)
class CompiledQuery:
    text: str
    root: Node

    def match(self, doc: DocView) -> list[tuple[str, str]] | None:
        """The (field, term) pairs that matched, or None when the query does not."""
        hits: list[tuple[str, str]] = []
        return hits if self.root.matches(doc, hits) else None

    def anchors(self) -> set[tuple[str, str]] | None:
        return self.root.anchors()


def _resolve_field(name: str, query: str, pos: int | None) -> str:
    name = FIELD_ALIASES.get(name, name)
    if name in KNOWN_FIELDS:
        return name
    where = f" at position {pos}" if pos is not None else ""
    if name.startswith(("entities.", "events.")):
        raise QueryError(
            f"field {name!r}{where} is inside a nested object, which Lucene query syntax "
            "cannot reach (in Kibana neither); use the flat fields entity, person, organization, "
            "location, misc, event, cameo, event_date"
        )
    if "*" in name or "?" in name:
        raise QueryError(f"wildcards in field names ({name!r}{where}) are not supported")
    known = ", ".join(sorted(KNOWN_FIELDS | set(FIELD_ALIASES)))
    raise QueryError(f"unknown field {name!r}{where}; known fields: {known}")


def compile_query(query: str) -> CompiledQuery:
    """Parse and check a query; QueryError says what is wrong and where."""
    if not query or not query.strip():
        raise QueryError("the query is empty")
    try:
        tree = parser.parse(query)
    except (ParseError, IllegalCharacterError) as exc:
        raise QueryError(f"cannot parse the query: {exc}") from None
    return CompiledQuery(query, _convert(tree, None, query))


def _word_value(node: T.Term) -> str:
    value = str(node.value)
    if isinstance(node, T.Phrase):
        value = value[1:-1]
    return value.replace("\\", "")


def _convert(  # noqa: PLR0911, PLR0912 - one branch per node type of the grammar
    node: Any, field: str | None, query: str
) -> Node:
    pos = getattr(node, "pos", None)
    if isinstance(node, T.SearchField):
        if node.name == "_exists_":
            target = _resolve_field(str(getattr(node.expr, "value", "")), query, pos)
            return ExistsNode(target)
        return _convert(node.expr, _resolve_field(node.name, query, pos), query)
    if isinstance(node, T.Group | T.FieldGroup):
        return _convert(node.expr, field, query)
    if isinstance(node, T.Boost):
        return _convert(node.expr, field, query)  # boosts change scores, not matches
    if isinstance(node, T.Word):
        value = _word_value(node)
        wildcard = node.has_wildcard()
        return TermNode(field, value, wildcard=wildcard)
    if isinstance(node, T.Phrase):
        return TermNode(field, _word_value(node), phrase=True)
    if isinstance(node, T.Regex):
        return TermNode(field, str(node.value)[1:-1], regex=True)
    if isinstance(node, T.Proximity | T.Fuzzy):
        kind = "proximity (~N after a phrase)" if isinstance(node, T.Proximity) else "fuzzy (~)"
        raise QueryError(
            f"{kind} queries at position {pos} are not supported in alerts: "
            "Python cannot score them as Elasticsearch does"
        )
    if isinstance(node, T.Range):
        if field is None:
            raise QueryError(f"a range at position {pos} needs a field, e.g. published_at:[...]")
        low = None if str(node.low) == "*" else _word_value(node.low)
        high = None if str(node.high) == "*" else _word_value(node.high)
        return RangeNode(field, low, high, node.include_low, node.include_high)
    if isinstance(node, T.From | T.To):
        if field is None:
            raise QueryError(
                f"a comparison at position {pos} needs a field, e.g. published_at:>=2022-01-01"
            )
        value = _word_value(node.a)
        if isinstance(node, T.From):
            return RangeNode(field, value, None, node.include, False)
        return RangeNode(field, None, value, False, node.include)
    if isinstance(node, T.Not | T.Prohibit):
        return BoolNode([], [], [_convert(node.a, field, query)])
    if isinstance(node, T.Plus):
        return BoolNode([_convert(node.a, field, query)], [], [])
    if isinstance(node, T.AndOperation):
        parts = [_convert(c, field, query) for c in node.children]
        negated = [
            n for p in parts if isinstance(p, BoolNode) and _is_pure_not(p) for n in p.must_not
        ]
        return BoolNode([p for p in parts if not _is_pure_not(p)], [], negated)
    if isinstance(node, T.OrOperation):
        return BoolNode([], [_convert(c, field, query) for c in node.children], [])
    if isinstance(node, T.UnknownOperation):
        # implicit operator between clauses: OR, as Kibana's Lucene mode and the
        # query_string default; +clause is required, -clause excluded
        must: list[Node] = []
        should: list[Node] = []
        must_not: list[Node] = []
        for child in node.children:
            if isinstance(child, T.Plus):
                must.append(_convert(child.a, field, query))
            elif isinstance(child, T.Prohibit | T.Not):
                must_not.append(_convert(child.a, field, query))
            else:
                should.append(_convert(child, field, query))
        return BoolNode(must, should, must_not)
    raise QueryError(f"unsupported query element {type(node).__name__} at position {pos}")


def _is_pure_not(node: Node) -> bool:
    return isinstance(node, BoolNode) and not node.must and not node.should and bool(node.must_not)


def terms_of(hits: Iterable[tuple[str, str]]) -> list[str]:
    return list(dict.fromkeys(v for _, v in hits))
