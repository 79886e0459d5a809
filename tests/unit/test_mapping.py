"""Index design and document mapping."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.indexing.capabilities import ClusterCapabilities
from pipeline.indexing.mapping import index_mappings, index_template, to_document
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

FULL = ClusterCapabilities("8.19.21", frozenset({"analysis-common"}), 1)
BARE = ClusterCapabilities("8.19.21", frozenset({"x-pack-core"}), 1)


def _article() -> EnrichedArticle:
    geneva = GeoPoint(lat=46.2, lon=6.14)
    return EnrichedArticle(
        id="a1",
        title="T",
        body="NATO und Russland in Genf.",
        published_at=datetime(2022, 1, 7, 15, tzinfo=UTC),
        language=DetectedLanguage(code="de", confidence=0.99, source="detected"),
        entities=[
            Entity(
                id="Q7184",
                name="NATO",
                type="ORG",
                wikidata="Q7184",
                mentions=[Mention(text="NATO", start=0, end=4)],
                count=1,
            ),
            Entity(
                id="Q159",
                name="Russland",
                type="LOC",
                wikidata="Q159",
                mentions=[Mention(text="Russland", start=9, end=17)],
                count=1,
            ),
            Entity(
                id="Q71",
                name="Genf",
                type="LOC",
                wikidata="Q71",
                geo=geneva,
                mentions=[Mention(text="Genf", start=21, end=25)],
                count=1,
            ),
        ],
        events=[
            Event(
                type="meeting",
                cameo_root="04",
                trigger=Span(text="in", start=18, end=20),
                actors=[EntityRef(id="Q7184", name="NATO", type="ORG")],
                location=EntityRef(id="Q71", name="Genf", type="LOC", geo=geneva),
                date="2022-01-12",
                date_precision="day",
                status="planned",
                sentence="NATO und Russland in Genf.",
            )
        ],
        extractor=ExtractorInfo(name="x", version="1"),
        ingested_at=datetime(2022, 1, 7, 16, tzinfo=UTC),
        version=1,
    )


def test_language_subfields_only_with_analysis_common() -> None:
    """Full distribution: german/english subfields; the local archive: standard only."""
    full = index_mappings(FULL)["properties"]["body"]
    bare = index_mappings(BARE)["properties"]["body"]
    assert full["fields"]["de"]["analyzer"] == "german"
    assert "fields" not in bare
    assert bare["analyzer"] == "standard"


def test_template_targets_versioned_indices() -> None:
    """The template covers alias-v*, so a new version can be built beside the old."""
    template = index_template("news-articles", BARE)
    assert template["index_patterns"] == ["news-articles-v*"]
    settings = template["template"]["settings"]
    assert settings["query"]["default_field"] == ["title", "body", "entity"]


def test_document_has_query_fields() -> None:
    """The flat fields the Lucene query language uses are filled from the enrichment."""
    doc = to_document(_article())
    assert doc["organization"] == ["NATO"]
    assert doc["location"] == ["Russland", "Genf"]
    assert set(doc["entity"]) == {"NATO", "Russland", "Genf"}
    assert doc["event"] == ["meeting"]
    assert doc["cameo"] == ["04"]
    assert doc["event_date"] == ["2022-01-12"]
    assert doc["event_location"] == [{"lat": 46.2, "lon": 6.14}]
    assert doc["places"] == [{"lat": 46.2, "lon": 6.14}]
    assert doc["published_at"] == "2022-01-07T15:00:00+00:00"


def test_every_document_field_is_mapped() -> None:
    """dynamic: strict would reject a field the mapping lacks; catch it here first."""
    props = index_mappings(BARE)["properties"]
    assert set(to_document(_article())) <= set(props)
