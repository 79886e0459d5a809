"""Settings: environment, validation, immutability."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.settings import Settings


def test_defaults_fit_the_local_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no environment the settings point at `make up`'s Kafka and Elasticsearch."""
    for key in list(__import__("os").environ):
        if key.startswith("NEWSFLOW_"):
            monkeypatch.delenv(key)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.bootstrap_list == ["127.0.0.1:9092"]
    assert s.es_hosts == ["http://127.0.0.1:9200"]
    assert s.index_alias == "news-articles"
    assert s.topic_prefix == ""


def test_environment_with_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """NEWSFLOW_* variables override the defaults, lists are split on commas."""
    monkeypatch.setenv("NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS", "a:1, b:2")
    monkeypatch.setenv("NEWSFLOW_TOPIC_PARTITIONS", "12")
    monkeypatch.setenv("NEWSFLOW_ES_API_KEY", "secret-key")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.bootstrap_list == ["a:1", "b:2"]
    assert s.topic_partitions == 12
    assert s.es_api_key is not None
    assert "secret-key" not in repr(s)  # secrets never show in logs


def test_dotenv_file(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .env file in the working directory is read."""
    env = tmp_path / ".env"  # type: ignore[operator]
    env.write_text("NEWSFLOW_INDEX_ALIAS=other-alias\n")
    monkeypatch.delenv("NEWSFLOW_INDEX_ALIAS", raising=False)
    s = Settings(_env_file=str(env))  # type: ignore[call-arg]
    assert s.index_alias == "other-alias"


def test_frozen() -> None:
    """Settings cannot change after the entry point built them."""
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        s.topic_prefix = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topic_prefix": "bad prefix/"}, "Kafka topic names allow only"),
        ({"es_username": "elastic"}, "set both NEWSFLOW_ES_USERNAME and NEWSFLOW_ES_PASSWORD"),
        ({"kafka_security_protocol": "SASL_SSL"}, "SASL needs"),
        ({"topic_partitions": 0}, "greater than or equal to 1"),
        ({"es_url": "  "}, "must not be empty"),
    ],
)
def test_invalid_settings_say_why(overrides: dict[str, object], message: str) -> None:
    """A wrong setting fails at start with a message naming the problem."""
    with pytest.raises(ValidationError, match=message):
        Settings(_env_file=None, **overrides)  # type: ignore[arg-type]
