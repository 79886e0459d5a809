"""Alert queries in Python and the same queries in Elasticsearch agree: a query
that works in Kibana's Lucene mode works as an alert, and the reverse."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from pipeline.alerts.query import DocView, compile_query
from pipeline.indexing.mapping import to_document
from pipeline.models.enriched import (
    DetectedLanguage,
    EnrichedArticle,
    Entity,
    EntityRef,
    Event,
    ExtractorInfo,
    GeoPoint,
    Mention,
    Span,
)
from pipeline.provision import ensure_index
from pipeline.settings import Settings

QUERIES = [
    "entity:NATO AND entity:Russland AND event:meeting",
    "entity:nato",
    "Stoltenberg AND Russland",
    "Stoltenberg Merkel",
    "+Stoltenberg +Merkel",
    "Stoltenberg -Russland",
    "NOT entity:EU",
    "entity:NATO AND NOT event:meeting",
    "event:earthquake AND location:Türkei",
    "entity:(EU OR NATO)",
    "org:NATO",
    "person:Stoltenberg",
    "entity:Stoltenberg",
    'entity:"Jens Stoltenberg"',
    "entity:Stolt*",
    "entity:St?ltenberg",
    'title:"bereitet Gespräche"',
    'title:"Gespräche bereitet"',
    "title:russland",
    "title:Stoltenberg",
    "body:gesprächsbereit",
    "cameo:04",
    "cameo:19",
    "lang:de AND language:de",
    "published_at:[2022-01-01 TO 2022-01-31]",
    "published_at:[2022-01-08 TO *]",
    "published_at:>=2022-01-07",
    "published_at:<2022-01-07",
    "event_date:[2022-01-10 TO 2022-01-31]",
    "event_date:[2022-02-01 TO 2022-12-31]",
    "_exists_:event",
    "_exists_:misc",
    "(entity:NATO OR entity:EU) AND (event:meeting OR event:talks)",
    "location:Brüssel AND event:meeting",
    "source:Deutsche*",
]


def _article() -> EnrichedArticle:
    brussels = GeoPoint(lat=50.85, lon=4.35)

    def ent(name: str, etype: str, start: int) -> Entity:
        return Entity(
            id=f"nf:{etype}:{name.lower()}",
            name=name,
            type=etype,  # type: ignore[arg-type]
            mentions=[Mention(text=name, start=start, end=start + len(name))],
            count=1,
            geo=brussels if name == "Brüssel" else None,
        )

    body = "Jens Stoltenberg erklärte in Brüssel, Russland sei gesprächsbereit. Die NATO tagt."
    return EnrichedArticle(
        id="parity-1",
        title="NATO bereitet Gespräche mit Russland vor",
        body=body,
        published_at=datetime(2022, 1, 7, 15, tzinfo=UTC),
        source="Deutsche Welle",
        language=DetectedLanguage(code="de", confidence=0.99, source="detected"),
        entities=[
            ent("Jens Stoltenberg", "PER", 0),
            ent("Brüssel", "LOC", 29),
            ent("Russland", "LOC", 38),
            ent("NATO", "ORG", 73),
        ],
        events=[
            Event(
                type="meeting",
                cameo_root="04",
                trigger=Span(text="tagt", start=78, end=82),
                actors=[EntityRef(id="nf:ORG:nato", name="NATO", type="ORG")],
                location=EntityRef(id="nf:LOC:brüssel", name="Brüssel", type="LOC", geo=brussels),
                date="2022-01-12",
                date_precision="day",
                status="planned",
                sentence="Die NATO tagt.",
            )
        ],
        extractor=ExtractorInfo(name="t", version="1"),
        ingested_at=datetime(2022, 1, 7, 16, tzinfo=UTC),
        version=1,
    )


@pytest.fixture(scope="module")
def indexed(es: Any, settings: Settings) -> Any:
    import uuid

    alias = f"parity-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(update={"index_alias": alias})
    ensure_index(local, es)
    es.index(index=alias, id="parity-1", document=to_document(_article()), refresh=True)
    yield alias
    es.indices.delete(index=f"{alias}-v*")
    es.indices.delete_index_template(name=f"{alias}-template")


@pytest.mark.parametrize("query", QUERIES)
def test_python_and_elasticsearch_agree(es: Any, indexed: str, query: str) -> None:
    """The same query over the same document: alert matching == Elasticsearch."""
    body = {"query_string": {"query": query, "default_operator": "OR"}}
    in_es = es.count(index=indexed, query=body)["count"] == 1
    in_python = (
        compile_query(query).match(DocView.from_document(to_document(_article()))) is not None
    )
    assert in_python == in_es, f"{query!r}: python {in_python}, elasticsearch {in_es}"
