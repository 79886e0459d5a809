"""Matching articles against many subscriptions at once (pure).

Subscriptions are indexed by their anchors: terms of which a matching
document must contain at least one (for `entity:NATO AND event:meeting`,
``entity=nato``). An article looks up its own terms in that index and only
the candidates found are evaluated in full, so the cost grows with the
article's size and the number of real candidates, not with the number of
subscriptions. Queries without anchors (pure wildcards, ranges, NOT-only)
are evaluated for every article.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from datetime import UTC, datetime

from pipeline.alerts.query import CompiledQuery, DocView, compile_query, terms_of
from pipeline.indexing.mapping import to_document
from pipeline.models.alert import Alert, AlertMatch
from pipeline.models.enriched import EnrichedArticle
from pipeline.models.subscription import Subscription


def alert_id(subscription: str, article_id: str) -> str:
    """Deterministic: the same (subscription, article) always gives the same id."""
    digest = hashlib.sha256(f"{subscription}\x00{article_id}".encode()).hexdigest()
    return f"al-{digest[:32]}"


@dataclasses.dataclass(frozen=True)
class Match:
    subscription: Subscription
    hits: list[tuple[str, str]]


class SubscriptionIndex:
    """All subscriptions of a worker, indexed by anchor terms."""

    def __init__(self) -> None:
        self._subs: dict[str, tuple[Subscription, CompiledQuery]] = {}
        self._by_anchor: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._unanchored: set[str] = set()
        self._anchors_of: dict[str, set[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self._subs)

    def __contains__(self, name: str) -> bool:
        return name in self._subs

    def names(self) -> list[str]:
        return sorted(self._subs)

    def put(self, subscription: Subscription) -> None:
        compiled = compile_query(subscription.query)
        self.remove(subscription.name)
        self._subs[subscription.name] = (subscription, compiled)
        anchors = compiled.anchors()
        if anchors is None:
            self._unanchored.add(subscription.name)
        else:
            self._anchors_of[subscription.name] = anchors
            for key in anchors:
                self._by_anchor[key].add(subscription.name)

    def remove(self, name: str) -> None:
        if name not in self._subs:
            return
        del self._subs[name]
        self._unanchored.discard(name)
        for key in self._anchors_of.pop(name, set()):
            bucket = self._by_anchor.get(key)
            if bucket is not None:
                bucket.discard(name)
                if not bucket:
                    del self._by_anchor[key]

    def candidates(self, doc: DocView) -> set[str]:
        found = set(self._unanchored)
        by_anchor = self._by_anchor
        for key in doc.anchors():
            names = by_anchor.get(key)
            if names:
                found |= names
        return found

    def match(self, article: EnrichedArticle) -> list[Match]:
        doc = DocView.from_document(to_document(article))
        out = []
        for name in sorted(self.candidates(doc)):
            subscription, compiled = self._subs[name]
            hits = compiled.match(doc)
            if hits is not None:
                out.append(Match(subscription, hits))
        return out


def build_alert(match: Match, article: EnrichedArticle, *, now: datetime | None = None) -> Alert:
    entity_fields = {"entity", "person", "organization", "location", "misc", "entity_id"}
    hits = match.hits
    return Alert(
        id=alert_id(match.subscription.name, article.id),
        subscription=match.subscription.name,
        article_id=article.id,
        title=article.title,
        url=article.url,
        published_at=article.published_at,
        matched=AlertMatch(
            entities=terms_of(h for h in hits if h[0] in entity_fields),
            events=terms_of(h for h in hits if h[0] in {"event", "cameo"}),
            terms=terms_of(hits),
        ),
        created_at=now or datetime.now(UTC),
    )
