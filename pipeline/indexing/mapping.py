"""The index design and the EnrichedArticle → document mapping. Pure.

Field names are shared with the alert query language: a Lucene query that
works in Kibana's Lucene mode works as an alert, and the reverse.

| field | type | what |
|---|---|---|
| title, body | text, standard analyzer; .de/.en subfields (analysis-common) | full text |
| entity | keyword, lower-cased | every entity's canonical name and surface forms |
| person, organization (org), location, misc | keyword, lower-cased | canonical names by type |
| entity_id | keyword | Wikidata QIDs and nf: ids |
| event | keyword, lower-cased | event types (meeting, protest…) |
| cameo | keyword | CAMEO root codes of the events |
| language, source, authors, tags | keyword | |
| published_at, ingested_at, indexed_at | date | |
| event_date | date | the events' resolved dates |
| places, event_location | geo_point | entity places / event locations (Kibana map) |
| entities, events | nested | exact per-entity / per-event queries |

Every lower-cased keyword has a `.facet` subfield with the original case for
Kibana's top-N panels.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pipeline.indexing.capabilities import ClusterCapabilities
from pipeline.models.enriched import EnrichedArticle

TEMPLATE_VERSION = 1
LANGUAGE_ANALYZERS = {"de": "german", "en": "english"}

# the query-language fields and their index types (shared with pipeline.alerts)
KEYWORD_FIELDS = ("entity", "person", "organization", "location", "misc", "event")
EXACT_FIELDS = ("entity_id", "cameo", "language", "source", "authors", "tags", "id", "url")
TEXT_FIELDS = ("title", "body")
DATE_FIELDS = ("published_at", "ingested_at", "indexed_at", "event_date")
FIELD_ALIASES = {"org": "organization", "lang": "language"}


def index_name(alias: str, version: int = TEMPLATE_VERSION) -> str:
    return f"{alias}-v{version}"


def _text_field(caps: ClusterCapabilities | None) -> dict[str, Any]:
    field: dict[str, Any] = {"type": "text", "analyzer": "standard"}
    if caps is not None and caps.language_analyzers:
        field["fields"] = {
            lang: {"type": "text", "analyzer": analyzer}
            for lang, analyzer in LANGUAGE_ANALYZERS.items()
        }
    return field


def _lower_keyword() -> dict[str, Any]:
    return {
        "type": "keyword",
        "normalizer": "newsflow_lowercase",
        "fields": {"facet": {"type": "keyword", "ignore_above": 256}},
    }


def _entity_ref() -> dict[str, Any]:
    return {
        "properties": {
            "id": {"type": "keyword"},
            "name": _lower_keyword(),
            "type": {"type": "keyword"},
            "geo": {"type": "geo_point"},
        }
    }


def index_mappings(caps: ClusterCapabilities | None) -> dict[str, Any]:
    """The mappings of the article index; language subfields only where supported."""
    keyword = {"type": "keyword", "ignore_above": 1024}
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "url": keyword,
        "title": _text_field(caps),
        "body": _text_field(caps),
        "published_at": {"type": "date"},
        "published_at_source": {"type": "keyword"},
        "ingested_at": {"type": "date"},
        "indexed_at": {"type": "date"},
        "language": {"type": "keyword"},
        "language_confidence": {"type": "float"},
        "language_source": {"type": "keyword"},
        "source": {"type": "keyword"},
        "authors": {"type": "keyword"},
        "tags": {"type": "keyword"},
        "entity": _lower_keyword(),
        "person": _lower_keyword(),
        "organization": _lower_keyword(),
        "location": _lower_keyword(),
        "misc": _lower_keyword(),
        "entity_id": {"type": "keyword"},
        "event": _lower_keyword(),
        "cameo": {"type": "keyword"},
        "event_date": {"type": "date", "format": "yyyy-MM-dd||yyyy-MM||yyyy"},
        "places": {"type": "geo_point"},
        "event_location": {"type": "geo_point"},
        "entities": {
            "type": "nested",
            "properties": {
                "id": {"type": "keyword"},
                "name": _lower_keyword(),
                "type": {"type": "keyword"},
                "wikidata": {"type": "keyword"},
                "count": {"type": "integer"},
                "geo": {"type": "geo_point"},
                "mentions": {"type": "object", "enabled": False},
            },
        },
        "events": {
            "type": "nested",
            "properties": {
                "type": _lower_keyword(),
                "cameo_root": {"type": "keyword"},
                "trigger": {"type": "object", "enabled": False},
                "actors": _entity_ref(),
                "location": _entity_ref(),
                "date": {"type": "date", "format": "yyyy-MM-dd||yyyy-MM||yyyy"},
                "date_precision": {"type": "keyword"},
                "status": {"type": "keyword"},
                "sentence": {"type": "text", "analyzer": "standard"},
                "confidence": {"type": "float"},
            },
        },
        "extractor": {"properties": {"name": {"type": "keyword"}, "version": {"type": "keyword"}}},
        "timings_ms": {"type": "object", "enabled": False},
        "metadata": {"type": "object", "enabled": False},
    }
    for alias, target in FIELD_ALIASES.items():
        properties[alias] = {"type": "alias", "path": target}
    return {"dynamic": "strict", "properties": properties}


def index_settings(
    caps: ClusterCapabilities | None, *, shards: int, replicas: int, refresh_interval: str
) -> dict[str, Any]:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "refresh_interval": refresh_interval,
        # bare terms in a Lucene query search these, in Kibana and in alerts alike
        "query": {"default_field": ["title", "body", "entity"]},
        "analysis": {
            # `lowercase` is a core filter; asciifolding would need analysis-common
            "normalizer": {"newsflow_lowercase": {"type": "custom", "filter": ["lowercase"]}}
        },
    }


def index_template(
    alias: str,
    caps: ClusterCapabilities | None,
    *,
    shards: int = 1,
    replicas: int = 0,
    refresh_interval: str = "1s",
) -> dict[str, Any]:
    """A composable index template for every version of the article index."""
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 200,
        "version": TEMPLATE_VERSION,
        "_meta": {
            "description": "Newsflow articles; the alias points at the current version",
            "language_analyzers": bool(caps and caps.language_analyzers),
        },
        "template": {
            "settings": index_settings(
                caps, shards=shards, replicas=replicas, refresh_interval=refresh_interval
            ),
            "mappings": index_mappings(caps),
        },
    }


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)


def to_document(article: EnrichedArticle, *, indexed_at: datetime | None = None) -> dict[str, Any]:
    """The Elasticsearch document for one enriched article."""
    # typed fields hold canonical names only (clean Kibana facets); `entity`
    # also holds every surface form, so `entity:Stoltenberg` finds "Jens Stoltenberg"
    by_type: dict[str, list[str]] = {"PER": [], "ORG": [], "LOC": [], "MISC": []}
    names: list[str] = []
    ids: list[str] = []
    places: list[dict[str, float]] = []
    for entity in article.entities:
        by_type[entity.type].append(entity.name)
        names.extend([entity.name, *(m.text for m in entity.mentions)])
        ids.append(entity.id)
        if entity.geo is not None:
            places.append({"lat": entity.geo.lat, "lon": entity.geo.lon})
    event_locations = [
        {"lat": ev.location.geo.lat, "lon": ev.location.geo.lon}
        for ev in article.events
        if ev.location is not None and ev.location.geo is not None
    ]
    # Kibana's time filter hides documents without a time: an article fed
    # without published_at is placed at its ingest time, and says so
    published = article.published_at or article.ingested_at
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "published_at": published.isoformat(),
        "published_at_source": "article" if article.published_at else "ingested_at",
        "ingested_at": article.ingested_at.isoformat(),
        "indexed_at": (indexed_at or datetime.now(UTC)).isoformat(),
        "language": article.language.code,
        "language_confidence": article.language.confidence,
        "language_source": article.language.source,
        "source": article.source,
        "authors": article.authors,
        "tags": article.tags,
        "entity": _unique(names),
        "person": _unique(by_type["PER"]),
        "organization": _unique(by_type["ORG"]),
        "location": _unique(by_type["LOC"]),
        "misc": _unique(by_type["MISC"]),
        "entity_id": _unique(ids),
        "event": _unique([e.type for e in article.events]),
        "cameo": _unique([e.cameo_root or "" for e in article.events]),
        "event_date": _unique([e.date or "" for e in article.events]),
        "places": places,
        "event_location": event_locations,
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "wikidata": e.wikidata,
                "count": e.count,
                "geo": e.geo.model_dump() if e.geo else None,
                "mentions": [m.model_dump() for m in e.mentions],
            }
            for e in article.entities
        ],
        "events": [ev.model_dump(mode="json") for ev in article.events],
        "extractor": article.extractor.model_dump(),
        "timings_ms": article.timings_ms,
        "metadata": article.metadata,
    }
