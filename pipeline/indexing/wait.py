"""Waiting until articles are searchable (for `feed --wait`, tests and the bench)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any


def count_present(es: Any, alias: str, ids: Sequence[str]) -> int:
    found = 0
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 1000):
        chunk = unique[start : start + 1000]
        found += int(es.count(index=alias, query={"ids": {"values": chunk}})["count"])
    return found


def wait_searchable(
    es: Any, alias: str, ids: Sequence[str], *, timeout: float, interval: float = 0.25
) -> tuple[int, float]:
    """(how many of ids are searchable, seconds waited); stops at all or timeout."""
    started = time.monotonic()
    target = len(set(ids))
    found = 0
    while True:
        found = count_present(es, alias, ids)
        elapsed = time.monotonic() - started
        if found >= target or elapsed >= timeout:
            return found, elapsed
        time.sleep(interval)
