"""The alert query language: Lucene syntax over the index fields, evaluated in Python."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.alerts.matcher import SubscriptionIndex, alert_id, build_alert
from pipeline.alerts.query import DocView, QueryError, compile_query
from pipeline.models.enriched import (
    DetectedLanguage,
    EnrichedArticle,
    Entity,
    EntityRef,
    Event,
    ExtractorInfo,
    Mention,
    Span,
)
from pipeline.models.subscription import Subscription

DOC = {
    "id": "a1",
    "title": "NATO bereitet Gespräche mit Russland vor",
    "body": "Jens Stoltenberg erklärte in Brüssel, Russland sei gesprächsbereit.",
    "entity": ["NATO", "Russland", "Jens Stoltenberg", "Stoltenberg", "Brüssel"],
    "person": ["Jens Stoltenberg"],
    "organization": ["NATO"],
    "location": ["Russland", "Brüssel"],
    "event": ["meeting", "statement"],
    "cameo": ["04", "01"],
    "language": "de",
    "source": "Deutsche Welle",
    "published_at": "2022-01-07T15:00:00+01:00",
    "event_date": ["2022-01-12", "2022-01"],
}
VIEW = DocView.from_document(DOC)


def matches(query: str) -> bool:
    return compile_query(query).match(VIEW) is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity:NATO AND entity:Russland AND event:meeting", True),
        ("entity:nato", True),  # keyword fields are lower-cased like the index normalizer
        ("Stoltenberg AND Russland", True),  # bare terms: title, body, entity
        ("Stoltenberg Merkel", True),  # implicit operator is OR, as in Kibana's Lucene mode
        ("+Stoltenberg +Merkel", False),
        ("Stoltenberg -Russland", False),
        ("NOT entity:EU", True),
        ("entity:NATO AND NOT event:meeting", False),
        ("event:earthquake AND location:Türkei", False),
        ("entity:(EU OR NATO)", True),
        ("org:NATO", True),  # field alias
        ("person:Stoltenberg", False),  # keyword: the whole value, canonical names only
        ("entity:Stoltenberg", True),  # entity also holds the forms as written
        ('entity:"Jens Stoltenberg"', True),
        ("entity:Stolt*", True),
        ("entity:St?ltenberg", True),
        ('title:"bereitet Gespräche"', True),
        ('title:"Gespräche bereitet"', False),  # phrases keep their order
        ("title:russland", True),  # text fields: lower-cased tokens
        ("title:Stoltenberg", False),
        ("body:gesprächsbereit", True),
        ("cameo:04", True),
        ("source:Deutsche*", True),
        ("lang:de AND language:de", True),
        ("published_at:[2022-01-01 TO 2022-01-31]", True),
        ("published_at:[2022-01-08 TO *]", False),
        ("published_at:>=2022-01-07", True),
        ("published_at:<2022-01-07", False),
        ("event_date:2022-01-12", True),
        ("event_date:[2022-02 TO 2022-12]", False),
        ("_exists_:event", True),
        ("_exists_:misc", False),
        ("(entity:NATO OR entity:EU) AND (event:meeting OR event:talks)", True),
        ("entity:NATO^2", True),  # boosts change scores, not matches
    ],
)
def test_query_semantics(query: str, expected: bool) -> None:
    """Each construct of the language on one known document."""
    assert matches(query) is expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("entity:NATO AND (", "cannot parse the query"),
        ("entitty:NATO", "unknown field 'entitty'"),
        ("entities.name:NATO", "nested object"),
        ("Stoltenberg~1", "fuzzy"),
        ('"NATO Russland"~3', "proximity"),
        ("[a TO b]", "needs a field"),
        ("", "empty"),
    ],
)
def test_invalid_queries_point_at_the_problem(query: str, message: str) -> None:
    """Rejected at `alerts add` with a message that says what and where."""
    with pytest.raises(QueryError, match=message):
        compile_query(query)


def test_highlighted_terms() -> None:
    """The matched (field, term) pairs become the alert's highlighted terms."""
    hits = compile_query("entity:NATO AND (event:meeting OR event:protest)").match(VIEW)
    assert hits == [("entity", "NATO"), ("event", "meeting")]


def _article(
    article_id: str, body: str, entities: list[tuple[str, str]], events: list[str]
) -> EnrichedArticle:
    return EnrichedArticle(
        id=article_id,
        title=f"Titel {article_id}",
        body=body,
        published_at=datetime(2022, 1, 7, 15, tzinfo=UTC),
        language=DetectedLanguage(code="de", confidence=1, source="given"),
        entities=[
            Entity(
                id=f"nf:{t}:{n}",
                name=n,
                type=t,  # type: ignore[arg-type]
                mentions=[Mention(text=n, start=0, end=len(n))],
                count=1,
            )
            for n, t in entities
        ],
        events=[
            Event(
                type=e,
                trigger=Span(text="x", start=0, end=1),
                sentence="x",
                actors=[EntityRef(id="nf:ORG:nato", name="NATO", type="ORG")],
            )
            for e in events
        ],
        extractor=ExtractorInfo(name="t", version="1"),
        ingested_at=datetime(2022, 1, 7, 16, tzinfo=UTC),
        version=1,
    )


def _sub(name: str, query: str) -> Subscription:
    return Subscription(name=name, query=query, created_at=datetime(2022, 1, 1, tzinfo=UTC))


def test_index_finds_exactly_the_matching_subscriptions() -> None:
    """Anchored and unanchored subscriptions alike; removal takes effect."""
    index = SubscriptionIndex()
    index.put(_sub("nato-meeting", "entity:NATO AND event:meeting"))
    index.put(_sub("quake", "event:earthquake"))
    index.put(_sub("any-recent", "published_at:[2022-01-01 TO *]"))
    index.put(_sub("not-eu", "NOT entity:EU"))
    article = _article("a1", "Die NATO tagt.", [("NATO", "ORG")], ["meeting"])
    assert [m.subscription.name for m in index.match(article)] == [
        "any-recent",
        "nato-meeting",
        "not-eu",
    ]
    index.remove("nato-meeting")
    assert "nato-meeting" not in [m.subscription.name for m in index.match(article)]
    assert len(index) == 3


def test_candidates_skip_unrelated_subscriptions() -> None:
    """With many anchored subscriptions, an article only evaluates those sharing a term."""
    index = SubscriptionIndex()
    for i in range(1000):
        index.put(_sub(f"s{i}", f"entity:org{i} AND event:meeting"))
    article = _article("a1", "Text über org7.", [("org7", "ORG")], ["meeting"])
    doc = DocView.from_document(
        __import__("pipeline.indexing.mapping", fromlist=["x"]).to_document(article)
    )
    assert index.candidates(doc) == {"s7"}
    assert [m.subscription.name for m in index.match(article)] == ["s7"]


def test_alert_is_deterministic() -> None:
    """The same (subscription, article) always yields the same alert id."""
    assert alert_id("s", "a1") == alert_id("s", "a1")
    assert alert_id("s", "a1") != alert_id("s", "a2")
    article = _article("a1", "Die NATO tagt.", [("NATO", "ORG")], ["meeting"])
    index = SubscriptionIndex()
    index.put(_sub("nato", "entity:NATO AND event:meeting"))
    (match,) = index.match(article)
    alert = build_alert(match, article, now=datetime(2022, 1, 7, tzinfo=UTC))
    assert alert.id == alert_id("nato", "a1")
    assert alert.matched.entities == ["NATO"]
    assert alert.matched.events == ["meeting"]
    assert alert.title == "Titel a1"
