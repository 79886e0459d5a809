"""The checked-in JSON Schemas match the models."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.models.schemas import CONTRACTS, drift, render

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_checked_in_schemas_match_the_models() -> None:
    """A model change without `make schemas` fails here, naming the stale files."""
    stale = drift(SCHEMAS)
    assert not stale, f"schemas/ is out of date for {stale}: run `make schemas`"


def test_drift_is_detected(tmp_path: Path) -> None:
    """Editing a schema file by hand makes it stale."""
    for name in CONTRACTS:
        (tmp_path / f"{name}.schema.json").write_text(render(name))
    assert drift(tmp_path) == []
    path = tmp_path / "article.schema.json"
    schema = json.loads(path.read_text())
    del schema["properties"]["body"]
    path.write_text(json.dumps(schema))
    assert drift(tmp_path) == ["article"]


def test_article_schema_requires_only_body() -> None:
    """The input contract: body is the only required field; no unknown types."""
    schema = json.loads((SCHEMAS / "article.schema.json").read_text())
    assert schema["required"] == ["body"]
    assert schema["properties"]["published_at"]["anyOf"][0]["format"] == "date-time"
