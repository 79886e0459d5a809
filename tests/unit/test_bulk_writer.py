"""The bulk writer's retry and failure logic, against a scripted fake client
(the real Elasticsearch is exercised in tests/integration)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, ConnectionError

from pipeline.indexing.bulk import BackoffPolicy, BulkWriter, bulk_operations
from pipeline.models.enriched import DetectedLanguage, EnrichedArticle, ExtractorInfo


def _article(i: int) -> EnrichedArticle:
    return EnrichedArticle(
        id=f"a{i}",
        body="text",
        language=DetectedLanguage(code="de", confidence=1, source="given"),
        extractor=ExtractorInfo(name="x", version="1"),
        ingested_at=datetime.now(UTC),
        version=1000 + i,
    )


def _meta(status: int) -> ApiResponseMeta:
    return ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )


class FakeES:
    def __init__(self, script: list[Any]) -> None:
        self.script = script
        self.calls: list[list[dict[str, Any]]] = []

    async def bulk(self, operations: list[dict[str, Any]]) -> Any:
        self.calls.append(operations)
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step(operations)


def _statuses(*codes: int) -> Any:
    def respond(ops: list[dict[str, Any]]) -> dict[str, Any]:
        items = []
        for code in codes[: len(ops) // 2]:
            item: dict[str, Any] = {"status": code}
            if code >= 400:
                item["error"] = {"type": "mapper_parsing_exception", "reason": "bad field"}
            items.append({"index": item})
        return {"errors": any(c >= 300 for c in codes), "items": items}

    return respond


async def _no_sleep(_: float) -> None:
    return None


def _run(writer: BulkWriter, articles: list[EnrichedArticle]) -> Any:
    return asyncio.run(writer.write(articles))


def test_operations_are_idempotent() -> None:
    """Deterministic _id and the article's version as an external version."""
    ops = bulk_operations("news", [_article(1)])
    assert ops[0] == {
        "index": {"_index": "news", "_id": "a1", "version": 1001, "version_type": "external"}
    }


def test_connection_errors_and_503_are_retried_until_accepted() -> None:
    """An outage never drops the batch: it is retried until Elasticsearch takes it."""
    es = FakeES(
        [ConnectionError("down"), ApiError("unavailable", _meta(503), {}), _statuses(201, 201)]
    )
    reasons: list[str] = []
    writer = BulkWriter(es, "news", on_retry=reasons.append, sleep=_no_sleep)
    outcome = _run(writer, [_article(1), _article(2)])
    assert outcome.indexed == 2
    assert outcome.retries == 2
    assert len(es.calls) == 3
    assert reasons[0].startswith("Elasticsearch unreachable")


def test_per_document_results() -> None:
    """409 = already current (a replay), 429 retried alone, 400 reported for the DLQ."""
    es = FakeES([_statuses(201, 409, 429, 400), _statuses(201)])
    writer = BulkWriter(es, "news", sleep=_no_sleep)
    outcome = _run(writer, [_article(i) for i in range(4)])
    assert outcome.indexed == 2
    assert outcome.already_current == 1
    assert [a.id for a, _ in outcome.failures] == ["a3"]
    assert "mapper_parsing_exception" in outcome.failures[0][1]
    assert [op["index"]["_id"] for op in es.calls[1][::2]] == ["a2"]


def test_other_api_errors_are_raised() -> None:
    """A 400 for the whole request is a bug, not an outage: it surfaces."""
    es = FakeES([ApiError("bad request", _meta(400), {})])
    with pytest.raises(ApiError):
        _run(BulkWriter(es, "news", sleep=_no_sleep), [_article(1)])


def test_backoff_grows_and_is_capped() -> None:
    """Full jitter within [ceiling/2, ceiling], the ceiling doubling up to max_s."""
    policy = BackoffPolicy(initial_s=0.1, max_s=1.0)
    assert 0.05 <= policy.delay(0) <= 0.1
    assert 0.5 <= policy.delay(10) <= 1.0
