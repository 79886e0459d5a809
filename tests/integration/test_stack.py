"""The local stack script against the services it started."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _stack() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stack", ROOT / "deploy" / "local" / "stack.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["stack"] = module
    spec.loader.exec_module(module)
    return module


def test_metadata_probe_lists_the_broker(settings: Any, kafka_admin: Any) -> None:
    """The stdlib Kafka metadata request that `make up` waits on sees the real broker."""
    stack = _stack()
    _, port = settings.bootstrap_list[0].rsplit(":", 1)
    brokers = stack.kafka_metadata(int(port))
    cluster = kafka_admin.describe_cluster()
    assert {b[0] for b in brokers} == {b["broker_id"] for b in cluster["brokers"]}


def test_up_is_idempotent_and_status_is_green(kafka_admin: Any, es: Any) -> None:
    """`stack.py up` on a running stack returns at once and `status` exits 0."""
    import subprocess

    up = subprocess.run(
        [sys.executable, str(ROOT / "deploy/local/stack.py"), "up"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert up.returncode == 0, up.stdout + up.stderr
    status = subprocess.run(
        [sys.executable, str(ROOT / "deploy/local/stack.py"), "status"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert status.returncode == 0, status.stdout + status.stderr
    assert "Kafka          up" in status.stdout
    assert "Elasticsearch  up" in status.stdout
