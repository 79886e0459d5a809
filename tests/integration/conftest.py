"""Every test in this folder talks to the real services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.harness import Pipeline


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def pipeline(tmp_path: Path, kafka_admin: Any, es: Any) -> Iterator[Pipeline]:
    """Topics, alias and consumer group of its own; workers stopped afterwards."""
    p = Pipeline(tmp_path)
    p.setup()
    yield p
    p.close(es)
