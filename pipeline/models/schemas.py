"""JSON Schemas of the contracts, as checked in under schemas/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.models.alert import Alert
from pipeline.models.article import Article
from pipeline.models.deadletter import DeadLetter
from pipeline.models.enriched import EnrichedArticle
from pipeline.models.subscription import Subscription

CONTRACTS: dict[str, type[BaseModel]] = {
    "article": Article,
    "enriched-article": EnrichedArticle,
    "dead-letter": DeadLetter,
    "alert": Alert,
    "subscription": Subscription,
}


def schema_of(model: type[BaseModel], name: str) -> dict[str, Any]:
    # the JSON a message carries: serialization mode, e.g. datetimes as strings
    schema = model.model_json_schema(mode="serialization" if name != "article" else "validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://newsflow.dev/schemas/{name}.schema.json",
        **schema,
    }


def render(name: str) -> str:
    return json.dumps(schema_of(CONTRACTS[name], name), indent=2, ensure_ascii=False) + "\n"


def export(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in CONTRACTS:
        path = directory / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


def drift(directory: Path) -> list[str]:
    """Names whose checked-in schema differs from the model (or is missing)."""
    stale = []
    for name in CONTRACTS:
        path = directory / f"{name}.schema.json"
        if not path.exists() or path.read_text(encoding="utf-8") != render(name):
            stale.append(name)
    return stale
