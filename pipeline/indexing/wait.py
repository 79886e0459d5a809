"""Waiting until articles are searchable (for `feed --wait`, tests and the bench)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

_CHUNK = 1000


def count_present(es: Any, alias: str, ids: Sequence[str]) -> int:
    """How many of ``ids`` a search finds (any version)."""
    found = 0
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        found += int(es.count(index=alias, query={"ids": {"values": chunk}})["count"])
    return found


def count_current(es: Any, alias: str, versions: Mapping[str, int]) -> int:
    """How many articles are searchable in at least the given version (the Kafka timestamp
    in ms the index uses as external version): a re-fed article counts only once its new
    version is in, not because an older one is. ``realtime=False`` reads what a search
    sees (refreshed), not the translog."""
    found = 0
    items = list(versions.items())
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        response = es.mget(
            index=alias, ids=[article_id for article_id, _ in chunk], source=False, realtime=False
        )
        for doc, (_, version) in zip(response["docs"], chunk, strict=True):
            # the worker derives the version from the timestamp in float seconds: allow 1 ms
            if doc.get("found") and int(doc.get("_version", 0)) >= version - 1:
                found += 1
    return found


def wait_searchable(
    es: Any,
    alias: str,
    ids: Sequence[str],
    *,
    timeout: float,
    interval: float = 0.25,
    versions: Mapping[str, int] | None = None,
) -> tuple[int, float]:
    """(how many of ids are searchable, seconds waited); stops at all or timeout. With
    ``versions`` (article id → version sent) an older copy in the index does not count."""
    started = time.monotonic()
    target = len(set(ids))
    found = 0
    while True:
        found = count_current(es, alias, versions) if versions else count_present(es, alias, ids)
        elapsed = time.monotonic() - started
        if found >= target or elapsed >= timeout:
            return found, elapsed
        time.sleep(interval)
