"""The bulk writer: idempotent, retrying, per-document failures reported.

Every document is written with its article id as ``_id`` and the article's
``version`` as an external version, so a replayed batch never duplicates a
document and never overwrites a newer one (Elasticsearch answers 409, which
counts as done). Connection errors, 429 and 5xx are retried with exponential
backoff and full jitter, without limit: the batch is never dropped. A
document Elasticsearch rejects for itself (a mapping error, 400) is returned
as a failure for the dead-letter topic.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pipeline.indexing.mapping import to_document
from pipeline.models.enriched import EnrichedArticle

log = logging.getLogger(__name__)

RETRIABLE_STATUS = {429, 502, 503, 504, 500}


@dataclasses.dataclass(frozen=True)
class BackoffPolicy:
    initial_s: float = 0.2
    max_s: float = 15.0
    multiplier: float = 2.0

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, initial * multiplier**attempt)]."""
        ceiling = min(self.max_s, self.initial_s * self.multiplier**attempt)
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not crypto


@dataclasses.dataclass
class BulkOutcome:
    indexed: int = 0
    already_current: int = 0  # 409: the same or a newer version is there
    failures: list[tuple[EnrichedArticle, str]] = dataclasses.field(default_factory=list)
    retries: int = 0
    seconds: float = 0.0


def bulk_operations(alias: str, articles: Sequence[EnrichedArticle]) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = []
    for article in articles:
        ops.append(
            {
                "index": {
                    "_index": alias,
                    "_id": article.id,
                    "version": article.version,
                    "version_type": "external",
                }
            }
        )
        ops.append(to_document(article))
    return ops


def _item_reason(item: dict[str, Any]) -> str:
    error = item.get("error") or {}
    if isinstance(error, dict):
        reason = error.get("reason", "")
        caused = error.get("caused_by", {})
        if isinstance(caused, dict) and caused.get("reason"):
            reason = f"{reason}: {caused['reason']}"
        return f"Elasticsearch rejected the document ({error.get('type', 'error')}): {reason}"
    return f"Elasticsearch rejected the document: {error}"


class BulkWriter:
    """Writes batches of enriched articles to the alias of an AsyncElasticsearch."""

    def __init__(
        self,
        es: Any,
        alias: str,
        *,
        backoff: BackoffPolicy | None = None,
        on_retry: Callable[[str], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._es = es
        self._alias = alias
        self._backoff = backoff or BackoffPolicy()
        self._on_retry = on_retry or (lambda reason: None)
        self._sleep = sleep

    async def write(self, articles: Sequence[EnrichedArticle]) -> BulkOutcome:
        from elasticsearch import ApiError, ConnectionError, ConnectionTimeout

        started = time.perf_counter()
        outcome = BulkOutcome()
        pending = list(articles)
        attempt = 0
        while pending:
            try:
                response = await self._es.bulk(operations=bulk_operations(self._alias, pending))
            except (ConnectionError, ConnectionTimeout) as exc:
                await self._retry(outcome, attempt, f"Elasticsearch unreachable: {exc}")
                attempt += 1
                continue
            except ApiError as exc:
                if exc.meta.status in RETRIABLE_STATUS:
                    await self._retry(outcome, attempt, f"Elasticsearch answered {exc.meta.status}")
                    attempt += 1
                    continue
                raise
            retry_next: list[EnrichedArticle] = []
            for article, wrapper in zip(pending, response["items"], strict=True):
                item = wrapper["index"]
                status = item.get("status", 0)
                if status in (200, 201):
                    outcome.indexed += 1
                elif status == 409:
                    outcome.already_current += 1
                elif status in RETRIABLE_STATUS:
                    retry_next.append(article)
                else:
                    outcome.failures.append((article, _item_reason(item)))
            pending = retry_next
            if pending:
                await self._retry(
                    outcome, attempt, f"{len(pending)} documents rejected with a retriable status"
                )
                attempt += 1
        outcome.seconds = time.perf_counter() - started
        return outcome

    async def _retry(self, outcome: BulkOutcome, attempt: int, reason: str) -> None:
        outcome.retries += 1
        delay = self._backoff.delay(attempt)
        log.warning("bulk write: %s; retry %d in %.1fs", reason, attempt + 1, delay)
        self._on_retry(reason)
        await self._sleep(delay)
