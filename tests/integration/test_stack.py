"""The local stack script against the services it started."""

from __future__ import annotations

import sys
from typing import Any

from tests.stack_module import ROOT
from tests.stack_module import load_stack as _stack


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
