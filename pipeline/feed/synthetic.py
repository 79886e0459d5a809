"""Realistic article variants built from seeds/, for benchmarks and load tests."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


def load_seed_articles(seeds: Path) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for path in sorted(seeds.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                articles.append(
                    {k: record[k] for k in ("title", "body", "language", "source") if record.get(k)}
                )
    for path in sorted(seeds.glob("*.txt")):
        side = path.with_suffix(".json")
        meta = json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}
        articles.append(
            {
                **{k: v for k, v in meta.items() if k != "id"},
                "body": path.read_text(encoding="utf-8").strip(),
            }
        )
    if not articles:
        raise ValueError(f"no seed articles under {seeds}")
    return articles


def variants(seeds: Path, count: int, *, run: str, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` distinct articles: seed texts with shuffled paragraphs, a unique
    id and title suffix, and publication times spread over the last 30 days."""
    base = load_seed_articles(seeds)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not crypto
    now = datetime.now(UTC).replace(microsecond=0)
    for i in range(count):
        template = base[i % len(base)]
        paragraphs = [p for p in template["body"].split("\n\n") if p.strip()]
        rng.shuffle(paragraphs)
        yield {
            **template,
            "id": f"{run}-{i:06d}",
            "title": f"{template.get('title', 'Meldung')} ({run} #{i})",
            "body": "\n\n".join(paragraphs),
            "published_at": (now - timedelta(minutes=rng.randint(0, 30 * 24 * 60))).isoformat(),
        }
