"""Gold scoring (rules in shared/gold/README.md), pure arithmetic plus a runner.

Entities (document level): a reported entity matches a gold entity when its
canonical name or a surface form equals the gold name or an alias (NFKC,
case-folded, diacritics folded) or both carry the same Wikidata id. TP: a
required gold entity some report matches; FN: one nothing matches; FP: a
report that matches no gold entity (required or optional), plus every hit of
``forbidden_entities``. A second report of a matched gold entity is ignored.
The typed variant also needs the type to agree.

Events: types agree (same type or same non-null CAMEO root); where the gold
names actors, one reported actor matches one of them; the date agrees at the
gold precision or the location matches (not needed when the gold has
neither). Each gold event is matched at most once; unmatched reported events
are FPs except ``statement`` events, which count only when a required gold
event claims them. Date accuracy: the share of matched required events whose
reported date equals the gold date exactly (both null counts as right).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.extraction.scoring import Counts
from pipeline.extraction.text import fold
from pipeline.models.enriched import Entity, EntityRef, Event


@dataclasses.dataclass
class DocScore:
    article_id: str
    language: str
    entities: Counts
    entities_typed: Counts
    events: Counts
    dates_right: int
    dates_matched: int
    status_right: int
    missed_entities: list[str]
    spurious_entities: list[str]
    missed_events: list[str]
    spurious_events: list[str]
    misdated_events: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class _GoldEntity:
    names: frozenset[str]
    type: str
    wikidata: str | None


def _gold_entity(raw: dict[str, Any]) -> _GoldEntity:
    names = {fold(raw["name"])} | {fold(a) for a in raw.get("aliases") or []}
    return _GoldEntity(frozenset(names), raw.get("type", ""), raw.get("wikidata"))


def _forms(entity: Entity) -> set[str]:
    return {fold(entity.name)} | {fold(m.text) for m in entity.mentions}


def _entity_matches(entity: Entity, gold: _GoldEntity, typed: bool = False) -> bool:
    if typed and entity.type != gold.type:
        return False
    if entity.wikidata and gold.wikidata and entity.wikidata == gold.wikidata:
        return True
    return bool(_forms(entity) & gold.names)


def score_entities(
    reported: Sequence[Entity], gold: dict[str, Any], typed: bool = False
) -> tuple[Counts, list[str], list[str]]:
    required = [_gold_entity(g) for g in gold.get("entities", [])]
    optional = [_gold_entity(g) for g in gold.get("optional_entities", [])]
    forbidden = {
        fold(f if isinstance(f, str) else f.get("name", ""))
        for f in gold.get("forbidden_entities", []) or []
    }
    counts = Counts()
    matched: set[int] = set()
    spurious: list[str] = []
    for entity in reported:
        hit_required = [i for i, g in enumerate(required) if _entity_matches(entity, g, typed)]
        hit_optional = any(_entity_matches(entity, g, typed) for g in optional)
        forms = _forms(entity)
        if forms & forbidden:
            counts.fp += 1
            spurious.append(f"{entity.name} (forbidden)")
            continue
        if hit_required:
            new = [i for i in hit_required if i not in matched]
            matched.update(new[:1] or [])
            continue  # a second report of a matched gold entity is ignored
        if not hit_optional:
            counts.fp += 1
            spurious.append(entity.name)
    counts.tp = len(matched)
    counts.fn = len(required) - len(matched)
    raw_required = gold.get("entities", [])
    missed = [raw_required[i]["name"] for i in range(len(required)) if i not in matched]
    return counts, missed, spurious


def _date_agrees(reported: str | None, gold: str | None) -> bool:
    if gold is None or reported is None:
        return False
    if "/" in gold:  # a range: 2022-01-10/2022-01-14
        lo, hi = gold.split("/", 1)
        padded = reported + "-01" * ((10 - len(reported)) // 3)
        return (
            lo <= padded <= hi
            if len(reported) == 10
            else lo[: len(reported)] <= reported <= hi[: len(reported)]
        )
    return len(reported) >= len(gold) and reported[: len(gold)] == gold


def _max_matching(options: list[list[int]], n_required: int) -> dict[int, int]:
    """Reported index → gold index: a maximum matching (augmenting paths), each gold event and
    each report used once; required gold events are placed before optional ones."""
    owner: dict[int, int] = {}

    def assign(k: int, seen: set[int]) -> bool:
        for i in options[k]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = k
                return True
        return False

    for k in range(n_required):
        assign(k, set())
    for k in range(n_required, len(options)):
        # optional events only take reports no required event needs
        for i in options[k]:
            if i not in owner:
                owner[i] = k
                break
    return owner


def _ref_matcher(
    entities: Sequence[Entity], gold: dict[str, Any]
) -> Callable[[EntityRef, str | None], bool]:
    """Whether a reported entity reference names a gold entity (by the entity rules)."""
    gold_entities = [*gold.get("entities", []), *gold.get("optional_entities", [])]
    alias_sets: dict[str, frozenset[str]] = {}
    for g in gold_entities:
        ge = _gold_entity(g)
        for name in ge.names:
            alias_sets[name] = alias_sets.get(name, frozenset()) | ge.names
    qids = {fold(g["name"]): g.get("wikidata") for g in gold_entities}
    by_id = {e.id: e for e in entities}

    def ref_matches(ref: EntityRef, gold_name: str | None) -> bool:
        if not gold_name:
            return False
        names = alias_sets.get(fold(gold_name), frozenset({fold(gold_name)}))
        forms = {fold(ref.name)}
        entity = by_id.get(ref.id)
        if entity is not None:
            forms |= _forms(entity)
        qid = qids.get(fold(gold_name))
        return bool(forms & names) or (qid is not None and ref.id == qid)

    return ref_matches


def score_events(
    reported: Sequence[Event], entities: Sequence[Entity], gold: dict[str, Any]
) -> tuple[Counts, int, int, list[str], list[str], list[str], int]:
    """Counts; matched events with the gold date, matched events; missed, spurious and
    misdated ones in words; matched events with the gold status (past, ongoing, planned)."""
    ref_matches = _ref_matcher(entities, gold)

    def matches(ev: Event, g: dict[str, Any]) -> bool:
        same_type = ev.type == g.get("type") or (
            g.get("cameo_root") is not None and ev.cameo_root == g.get("cameo_root")
        )
        if not same_type:
            return False
        gold_actors = g.get("actors") or []
        if gold_actors and not any(ref_matches(a, name) for a in ev.actors for name in gold_actors):
            return False
        gold_date, gold_loc = g.get("date"), g.get("location")
        if gold_date is None and gold_loc is None:
            return True
        if _date_agrees(ev.date, gold_date):
            return True
        return ev.location is not None and ref_matches(ev.location, gold_loc)

    required = gold.get("events", [])
    optional = gold.get("optional_events", [])
    golds = [*required, *optional]
    options: list[list[int]] = []
    for g in golds:
        cands = [i for i, ev in enumerate(reported) if matches(ev, g)]
        cands.sort(key=lambda i: reported[i].date != g.get("date"))  # exact dates first
        options.append(cands)
    owner = _max_matching(options, len(required))
    counts = Counts()
    matched_gold = {k: i for i, k in owner.items()}
    dates_right = 0
    status_right = 0
    missed: list[str] = []
    misdated: list[str] = []
    for k, g in enumerate(required):
        if k not in matched_gold:
            counts.fn += 1
            missed.append(
                f"{g.get('type')} {g.get('date')} {g.get('location')}: {g.get('evidence', '')[:60]}"
            )
            continue
        counts.tp += 1
        ours = reported[matched_gold[k]]
        if ours.status == g.get("status"):
            status_right += 1
        if ours.date == g.get("date"):
            dates_right += 1
        else:
            misdated.append(
                f"{g.get('type')}: gold {g.get('date')}, reported {ours.date} "
                f"({ours.trigger.text}): {g.get('evidence', '')[:60]}"
            )
    used = set(owner)
    spurious: list[str] = []
    for i, ev in enumerate(reported):
        if i in used or ev.type == "statement":
            continue
        counts.fp += 1
        spurious.append(
            f"{ev.type} {ev.date} {ev.location.name if ev.location else None}: {ev.trigger.text}"
        )
    return counts, dates_right, counts.tp, missed, spurious, misdated, status_right


# ------------------------------------------------------------------ running


_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def resolve_article_file(gold_path: Path, relative: str) -> Path:
    """A gold ``file`` is relative to the project root: try the gold file's directory and
    its parents (and their ``main`` checkouts), the current directory, then the checkout
    this package runs from."""
    candidates: list[Path] = []
    for parent in [gold_path.resolve().parent, *gold_path.resolve().parents]:
        candidates.append(parent / relative)
        candidates.append(parent / "main" / relative)
    candidates.append(Path.cwd() / relative)
    candidates.append(_PROJECT_ROOT / relative)  # the checkout this package runs from
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{gold_path}: article file {relative!r} not found near the gold file "
        "or in the current directory"
    )


def load_gold(path: Path) -> tuple[dict[str, Any], str]:
    gold = json.loads(path.read_text("utf-8"))
    article = gold["article"]
    body = article.get("body")
    if body is None:
        body = resolve_article_file(path, article["file"]).read_text("utf-8")
    return gold, body


Extract = Callable[..., Any]


def score_document(gold: dict[str, Any], body: str, extract: Extract) -> DocScore:
    article = gold["article"]
    published = article.get("published_at")
    result = extract(
        body,
        title=article.get("title"),
        language=article.get("language"),
        published_at=datetime.fromisoformat(published) if published else None,
    )
    ents, missed, spurious = score_entities(result.entities, gold)
    typed, _, _ = score_entities(result.entities, gold, typed=True)
    evs, right, matched, missed_ev, spurious_ev, misdated, status = score_events(
        result.events, result.entities, gold
    )
    return DocScore(
        article.get("id", "?"),
        article.get("language") or result.language.code,
        ents,
        typed,
        evs,
        right,
        matched,
        status,
        missed,
        spurious,
        missed_ev,
        spurious_ev,
        misdated,
    )


@dataclasses.dataclass
class Report:
    documents: list[DocScore]

    def _sum(self, docs: Iterable[DocScore], field: str) -> Counts:
        total = Counts()
        for d in docs:
            total.add(getattr(d, field))
        return total

    def summary(self) -> dict[str, Any]:
        def block(docs: list[DocScore]) -> dict[str, Any]:
            right = sum(d.dates_right for d in docs)
            matched = sum(d.dates_matched for d in docs)
            status = sum(d.status_right for d in docs)
            return {
                "documents": len(docs),
                "entities": self._sum(docs, "entities").as_dict(),
                "entities_typed": self._sum(docs, "entities_typed").as_dict(),
                "events": self._sum(docs, "events").as_dict(),
                "event_dates_exact": round(right / matched, 4) if matched else None,
                "event_dates_matched": matched,
                "event_status_exact": round(status / matched, 4) if matched else None,
            }

        languages = sorted({d.language for d in self.documents})
        return {
            "overall": block(self.documents),
            "languages": {
                lang: block([d for d in self.documents if d.language == lang]) for lang in languages
            },
            "documents": [
                {
                    "id": d.article_id,
                    "language": d.language,
                    "entities": d.entities.as_dict(),
                    "events": d.events.as_dict(),
                    "missed_entities": d.missed_entities,
                    "spurious_entities": d.spurious_entities,
                    "missed_events": d.missed_events,
                    "spurious_events": d.spurious_events,
                    "misdated_events": d.misdated_events,
                }
                for d in self.documents
            ],
        }


def evaluate(paths: Sequence[Path], extract: Extract) -> Report:
    docs = []
    for path in paths:
        gold, body = load_gold(path)
        docs.append(score_document(gold, body, extract))
    return Report(docs)
