"""`newsflow setup` against the real services: idempotent, and it upgrades an
existing index with the fields a newer Newsflow writes."""

from __future__ import annotations

import uuid
from typing import Any

from pipeline.indexing.mapping import index_mappings, index_name
from pipeline.provision import cluster_capabilities, ensure_index, ensure_topics
from pipeline.settings import Settings


def test_setup_twice_changes_nothing(settings: Settings, es: Any, kafka_admin: Any) -> None:
    """Topics and index are created once; a second run reports them as existing."""
    tag = uuid.uuid4().hex[:8]
    local = settings.model_copy(update={"topic_prefix": f"s{tag}.", "index_alias": f"s{tag}-news"})
    try:
        created, existing = ensure_topics(local)
        assert len(created) == 5  # raw, enriched, dlq, dlq.replayed, subscriptions
        assert existing == []
        first = ensure_index(local, es)
        assert first.index_created
        created, existing = ensure_topics(local)
        assert created == []
        assert len(existing) == 5
        second = ensure_index(local, es)
        assert not second.index_created
        assert not second.mapping_updated
        assert second.index == index_name(local.index_alias)
    finally:
        kafka_admin.delete_topics(
            [t for t in kafka_admin.list_topics() if t.startswith(f"s{tag}.")]
        )
        es.indices.delete(index=f"s{tag}-news-v*")
        es.indices.delete_index_template(name=f"s{tag}-news-template")


def test_existing_index_gets_new_fields(settings: Settings, es: Any) -> None:
    """An index made by an older version (a field missing) is upgraded in place,
    so documents with the new field are not rejected by the strict mapping."""
    alias = f"u{uuid.uuid4().hex[:8]}-news"
    local = settings.model_copy(update={"index_alias": alias})
    old = index_mappings(cluster_capabilities(es))
    del old["properties"]["published_at_source"]
    index = index_name(alias)
    es.indices.create(
        index=index,
        mappings=old,
        aliases={alias: {"is_write_index": True}},
        settings={
            "analysis": {
                "normalizer": {"newsflow_lowercase": {"type": "custom", "filter": ["lowercase"]}}
            }
        },
    )
    try:
        report = ensure_index(local, es)
        assert report.mapping_updated
        props = es.indices.get_mapping(index=index)[index]["mappings"]["properties"]
        assert props["published_at_source"]["type"] == "keyword"
        es.index(index=alias, id="x", document={"published_at_source": "article"}, refresh=True)
        assert es.count(index=alias)["count"] == 1
    finally:
        es.indices.delete(index=index)
        es.indices.delete_index_template(name=f"{alias}-template")
