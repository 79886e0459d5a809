"""One frozen settings object for every Newsflow process.

Values come from ``NEWSFLOW_*`` environment variables and a ``.env`` file in the
working directory, in that order of precedence. Build it once at the entry
point (:func:`load_settings`) and pass it down; nothing in the package reads the
environment on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KafkaSecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


class Settings(BaseSettings):
    """Everything a Newsflow process can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSFLOW_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    # --- Kafka -------------------------------------------------------------
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="comma-separated host:port list"
    )
    kafka_security_protocol: KafkaSecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = Field(None, description="CA bundle for SSL listeners")
    kafka_request_timeout_s: float = Field(10.0, gt=0)

    # --- topics ------------------------------------------------------------
    topic_prefix: str = Field(
        "", description="prepended to every topic name, e.g. 'prod.' gives 'prod.articles.raw'"
    )
    topic_partitions: int = Field(
        4, ge=1, description="partitions of the pipeline topics; the most workers that share work"
    )
    topic_replication: int = Field(1, ge=1, description="replication factor of the topics")

    # --- Elasticsearch -----------------------------------------------------
    es_url: str = Field("http://127.0.0.1:9200", description="one URL or a comma-separated list")
    es_api_key: SecretStr | None = None
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_ca_certs: Path | None = Field(None, description="CA certificate for https URLs")
    es_verify_certs: bool = True
    es_request_timeout_s: float = Field(30.0, gt=0)
    index_alias: str = Field("news-articles", description="the alias people and Kibana search")
    index_shards: int = Field(1, ge=1)
    index_replicas: int = Field(0, ge=0)
    index_refresh_interval: str = Field(
        "1s", description="how soon an indexed article is searchable"
    )

    index_batch_size: int = Field(500, ge=1, description="most documents per bulk request")
    index_batch_seconds: float = Field(
        0.1, gt=0, description="longest wait to fill a bulk batch (adds to search latency)"
    )

    # --- workers -----------------------------------------------------------
    app_id: str = Field("newsflow", description="Faust app id, also the consumer group")
    worker_data_dir: Path = Field(Path(".newsflow"), description="Faust table state and logs")
    worker_web_host: str = Field("127.0.0.1", description="bind address of the worker's HTTP")
    worker_web_port: int = Field(6066, ge=0, le=65535, description="metrics and health endpoint")

    # --- extraction --------------------------------------------------------
    ner_model_de: str | None = Field(
        None,
        description="spaCy package or path for German NER, or 'off' (gazetteer only); "
        "default: the best installed "
        "(de_core_news_lg, then the project's own model)",
    )
    ner_model_en: str | None = Field(
        None,
        description="spaCy package or path for English NER, or 'off' (gazetteer only); "
        "default: the best installed "
        "(en_core_web_lg, then en_core_web_sm)",
    )

    # --- input limits ------------------------------------------------------
    max_message_bytes: int = Field(2_000_000, gt=0, description="largest raw message accepted")
    max_body_chars: int = Field(500_000, gt=0)
    max_title_chars: int = Field(1_000, gt=0)
    max_url_chars: int = Field(2_048, gt=0)
    max_list_items: int = Field(100, gt=0, description="authors and tags each")

    @field_validator("kafka_bootstrap_servers", "es_url")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("topic_prefix")
    @classmethod
    def _valid_prefix(cls, value: str) -> str:
        allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        bad = sorted(set(value) - allowed)
        if bad:
            raise ValueError(f"Kafka topic names allow only [a-zA-Z0-9._-], got {bad!r}")
        return value

    @model_validator(mode="after")
    def _credentials_pair(self) -> Settings:
        if (self.es_username is None) != (self.es_password is None):
            raise ValueError("set both NEWSFLOW_ES_USERNAME and NEWSFLOW_ES_PASSWORD, or neither")
        if self.kafka_security_protocol.startswith("SASL") and not (
            self.kafka_sasl_mechanism and self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError("SASL needs NEWSFLOW_KAFKA_SASL_MECHANISM, _USERNAME and _PASSWORD")
        return self

    @property
    def bootstrap_list(self) -> list[str]:
        return [s.strip() for s in self.kafka_bootstrap_servers.split(",") if s.strip()]

    @property
    def es_hosts(self) -> list[str]:
        return [s.strip() for s in self.es_url.split(",") if s.strip()]


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
