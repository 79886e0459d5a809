"""`newsflow search`: the query and the hit format (pure), and running it."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_RELATIVE = re.compile(r"^(\d+)([smhdwMy])$")


def date_bound(value: str) -> str:
    """'7d' → 'now-7d' (Elasticsearch date math); ISO dates pass through."""
    value = value.strip()
    if _RELATIVE.match(value):
        return f"now-{value}"
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(
            f"{value!r} is neither a duration like 7d / 12h nor an ISO date like 2022-01-07"
        ) from exc
    return value


def build_query(
    query: str | None,
    *,
    entity: str | None = None,
    entity_type: str | None = None,
    event: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    if query and query.strip():
        # OR between bare clauses, as Kibana's Lucene mode and the alerts
        must.append({"query_string": {"query": query, "default_operator": "OR"}})
    if entity or entity_type:
        nested: list[dict[str, Any]] = []
        if entity:
            nested.append({"term": {"entities.name": entity}})
        if entity_type:
            nested.append({"term": {"entities.type": entity_type.upper()}})
        filters.append({"nested": {"path": "entities", "query": {"bool": {"filter": nested}}}})
    if event:
        filters.append({"term": {"event": event}})
    if language:
        filters.append({"term": {"language": language}})
    if since or until:
        bounds: dict[str, str] = {}
        if since:
            bounds["gte"] = date_bound(since)
        if until:
            bounds["lte"] = date_bound(until)
        filters.append({"range": {"published_at": bounds}})
    if not must and not filters:
        return {"match_all": {}}
    return {"bool": {"must": must, "filter": filters}}


def hit_summary(hit: dict[str, Any]) -> dict[str, Any]:
    source = hit["_source"]
    return {
        "id": hit["_id"],
        "score": hit.get("_score"),
        "title": source.get("title"),
        "url": source.get("url"),
        "published_at": source.get("published_at"),
        "source": source.get("source"),
        "language": source.get("language"),
        "entities": [
            {
                "name": e["name"],
                "type": e["type"],
                "wikidata": e.get("wikidata"),
                "count": e.get("count"),
            }
            for e in source.get("entities", [])
        ],
        "events": [
            {k: ev.get(k) for k in ("type", "cameo_root", "date", "date_precision", "status")}
            | {
                "actors": [a["name"] for a in ev.get("actors", [])],
                "location": (ev.get("location") or {}).get("name"),
                "trigger": (ev.get("trigger") or {}).get("text"),
            }
            for ev in source.get("events", [])
        ],
    }


def run_search(es: Any, alias: str, query: dict[str, Any], size: int = 10) -> dict[str, Any]:
    response = es.search(
        index=alias,
        query=query,
        size=size,
        sort=["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
        track_total_hits=True,
    )
    hits = response["hits"]
    return {"total": hits["total"]["value"], "hits": [hit_summary(h) for h in hits["hits"]]}
