"""Shared fixtures: one Kafka and one Elasticsearch for the whole session, a
fresh uuid-named topic and index per test.

Integration tests need the local stack (`make up`) or any reachable cluster set
through NEWSFLOW_* variables. Without it they skip on a laptop and FAIL when
the CI variable is set: in CI a missing service is an error, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pipeline.settings import Settings, load_settings


def _missing(what: str, why: str) -> None:
    message = f"{what} is not reachable ({why}); start it with `make up`"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def kafka_admin(settings: Settings) -> Iterator[Any]:
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    from pipeline.clients import kafka_python_config

    try:
        admin = KafkaAdminClient(**kafka_python_config(settings), bootstrap_timeout_ms=10_000)
        admin.describe_cluster()
    except KafkaError as exc:
        _missing(f"Kafka at {settings.kafka_bootstrap_servers}", str(exc))
    yield admin
    admin.close()


@pytest.fixture(scope="session")
def es(settings: Settings) -> Iterator[Any]:
    from elasticsearch import ConnectionError as ESConnectionError

    from pipeline.clients import elasticsearch_client

    client = elasticsearch_client(settings)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except ESConnectionError as exc:
        _missing(f"Elasticsearch at {settings.es_url}", str(exc))
    yield client
    client.close()


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """A name no other test uses: prefix-testname-uuid, lower case."""

    def make(prefix: str) -> str:
        test = "".join(c if c.isalnum() else "-" for c in request.node.name.lower())[:40]
        return f"{prefix}-{test}-{uuid.uuid4().hex[:10]}"

    return make


@pytest.fixture
def topic_factory(
    kafka_admin: Any, unique_name: Callable[[str], str]
) -> Iterator[Callable[..., str]]:
    """Create fresh topics for one test; delete them afterwards."""
    from kafka.admin import NewTopic

    created: list[str] = []

    def make(partitions: int = 1, name: str | None = None) -> str:
        topic = name or unique_name("test")
        kafka_admin.create_topics([NewTopic(topic, partitions, 1)])
        created.append(topic)
        return topic

    yield make
    if created:
        kafka_admin.delete_topics(created)


@pytest.fixture
def index_factory(es: Any, unique_name: Callable[[str], str]) -> Iterator[Callable[..., str]]:
    """Create fresh indices for one test; delete them afterwards."""
    created: list[str] = []

    def make(**body: Any) -> str:
        index = unique_name("test")
        es.indices.create(index=index, **body)
        created.append(index)
        return index

    yield make
    for index in created:
        es.indices.delete(index=index, ignore_unavailable=True)


@pytest.fixture
def isolated_settings(unique_name: Callable[[str], str]) -> Settings:
    """Settings whose topics and alias no other test touches."""
    prefix = unique_name("t").replace("-", "")[:30] + "."
    return load_settings(topic_prefix=prefix, index_alias=f"{prefix}news-articles".lower())
