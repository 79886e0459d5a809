"""`newsflow setup`: topics, index template, index and alias. Idempotent."""

from __future__ import annotations

import dataclasses
from typing import Any

from pipeline.clients import kafka_python_config
from pipeline.errors import NewsflowError
from pipeline.indexing.capabilities import ClusterCapabilities
from pipeline.indexing.mapping import index_name, index_template
from pipeline.settings import Settings
from pipeline.topics import topic_names

DAY_MS = 24 * 3600 * 1000


@dataclasses.dataclass
class SetupReport:
    created_topics: list[str] = dataclasses.field(default_factory=list)
    existing_topics: list[str] = dataclasses.field(default_factory=list)
    template: str = ""
    index: str = ""
    index_created: bool = False
    alias: str = ""
    language_analyzers: bool = False
    mapping_updated: bool = False


def topic_specs(settings: Settings) -> dict[str, dict[str, str]]:
    names = topic_names(settings)
    return {
        names.raw: {"retention.ms": str(7 * DAY_MS)},
        names.enriched: {"retention.ms": str(7 * DAY_MS)},
        names.dlq: {"retention.ms": str(30 * DAY_MS)},
        names.dlq_replayed: {"cleanup.policy": "compact"},
        names.subscriptions: {"cleanup.policy": "compact"},
    }


def ensure_topics(
    settings: Settings,
    extra: dict[str, dict[str, str]] | None = None,
    *,
    partitions: int | None = None,
) -> tuple[list[str], list[str]]:
    """Create missing topics; returns (created, already there)."""
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    specs = {**topic_specs(settings), **(extra or {})}
    admin = KafkaAdminClient(**kafka_python_config(settings))
    try:
        existing = set(admin.list_topics())
        missing = [name for name in specs if name not in existing]
        created = []
        for name in missing:
            compacted = specs[name].get("cleanup.policy") == "compact"
            count = (
                1 if compacted and partitions is None else (partitions or settings.topic_partitions)
            )
            try:
                admin.create_topics(
                    [NewTopic(name, count, settings.topic_replication, topic_configs=specs[name])]
                )
                created.append(name)
            except TopicAlreadyExistsError:  # another process won the race
                pass
        if created:
            admin.wait_for_topics(created)
        return created, sorted(set(specs) - set(missing))
    finally:
        admin.close()


def cluster_capabilities(es: Any) -> ClusterCapabilities:
    return ClusterCapabilities.from_nodes_info(es.nodes.info(metric="plugins").body)


def ensure_index(settings: Settings, es: Any) -> SetupReport:
    """Template, first index version and alias; an existing alias is left alone."""
    caps = cluster_capabilities(es)
    alias = settings.index_alias
    template_name = f"{alias}-template"
    es.indices.put_index_template(
        name=template_name,
        **index_template(
            alias,
            caps,
            shards=settings.index_shards,
            replicas=settings.index_replicas,
            refresh_interval=settings.index_refresh_interval,
        ),
    )
    report = SetupReport(
        template=template_name, alias=alias, language_analyzers=caps.language_analyzers
    )
    if es.indices.exists_alias(name=alias):
        indices = sorted(es.indices.get_alias(name=alias).body)
        report.index = ",".join(indices)
        report.mapping_updated = _update_mapping(es, indices, caps)
        return report
    index = index_name(alias)
    from elasticsearch import BadRequestError

    try:
        es.indices.create(index=index, aliases={alias: {"is_write_index": True}})
        report.index_created = True
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
        es.indices.put_alias(index=index, name=alias, is_write_index=True)
    report.index = index
    es.cluster.health(index=index, wait_for_status="yellow", timeout="30s")
    return report


def _update_mapping(es: Any, indices: list[str], caps: ClusterCapabilities) -> bool:
    """Add the fields this version of Newsflow writes to an existing index.

    New fields are additive and safe; a changed field type is not, and needs a
    new index version (reindex, then move the alias): say so instead of
    letting every document fail later.
    """
    from elasticsearch import BadRequestError

    from pipeline.indexing.mapping import index_mappings

    wanted = index_mappings(caps)
    changed = False
    for index in indices:
        current = es.indices.get_mapping(index=index)[index]["mappings"].get("properties", {})
        missing = {k: v for k, v in wanted["properties"].items() if k not in current}
        if not missing:
            continue
        try:
            es.indices.put_mapping(index=index, properties=missing)
        except BadRequestError as exc:
            raise NewsflowError(
                f"index {index} cannot take the new fields {sorted(missing)}: {exc.message}. "
                "Create the next index version and reindex into it."
            ) from exc
        changed = True
    return changed


def setup(settings: Settings, es: Any) -> SetupReport:
    created, existing = ensure_topics(settings)
    report = ensure_index(settings, es)
    report.created_topics, report.existing_topics = created, existing
    return report
