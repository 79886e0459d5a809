"""The local stack script's configuration and templates (no services started)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.stack_module import load_stack


@pytest.fixture(scope="module")
def stack() -> ModuleType:
    return load_stack()


def test_ports_heaps_and_dirs_from_environment(
    stack: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every NEWSFLOW_STACK_* variable reaches the config."""
    monkeypatch.setenv("NEWSFLOW_STACK_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSFLOW_STACK_KAFKA_PORT", "19092")
    monkeypatch.setenv("NEWSFLOW_STACK_ES_PORT", "19200")
    monkeypatch.setenv("NEWSFLOW_STACK_ES_HEAP", "512m")
    cfg = stack.Config.from_env()
    assert cfg.kafka_port == 19092
    assert cfg.es_port == 19200
    assert cfg.es_heap == "512m"
    assert cfg.es_data == tmp_path / "data" / "elasticsearch"
    assert cfg.kafka_home == tmp_path / f"kafka-{cfg.kafka_version}"


def test_kafka_config_template(
    stack: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The broker config gets the ports and data dir, with no placeholder left."""
    monkeypatch.setenv("NEWSFLOW_STACK_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSFLOW_STACK_KAFKA_PORT", "19092")
    cfg = stack.Config.from_env()
    props = stack.write_kafka_config(cfg).read_text()
    assert "listeners=PLAINTEXT://127.0.0.1:19092," in props
    assert f"log.dirs={cfg.kafka_data}" in props
    assert "process.roles=broker,controller" in props
    assert "@" not in props.replace(f"1@127.0.0.1:{cfg.kafka_controller_port}", "")


def test_versions_are_pinned(stack: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Default versions are exact: Kafka 3.9.x and the Elasticsearch 8 line of the client."""
    import elasticsearch

    monkeypatch.delenv("NEWSFLOW_STACK_KAFKA_VERSION", raising=False)
    monkeypatch.delenv("NEWSFLOW_STACK_ES_VERSION", raising=False)
    cfg = stack.Config.from_env()
    assert cfg.kafka_version.count(".") == 2
    assert cfg.kafka_version.startswith("3.9.")
    assert cfg.es_version.split(".")[0] == str(elasticsearch.__versionstr__).split(".")[0]
