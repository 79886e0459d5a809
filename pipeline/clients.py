"""Client factories: the only place that turns settings into Kafka and ES clients."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from pipeline.settings import Settings


def kafka_python_config(settings: Settings) -> dict[str, Any]:
    """Connection options for kafka-python clients (producer, consumer, admin)."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_list,
        "security_protocol": settings.kafka_security_protocol,
        "request_timeout_ms": int(settings.kafka_request_timeout_s * 1000),
        "client_id": f"{settings.app_id}-cli",
    }
    if settings.kafka_ssl_cafile is not None:
        config["ssl_cafile"] = str(settings.kafka_ssl_cafile)
    if settings.kafka_sasl_mechanism is not None:
        config["sasl_mechanism"] = settings.kafka_sasl_mechanism
        config["sasl_plain_username"] = settings.kafka_sasl_username
        if settings.kafka_sasl_password is not None:
            config["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    return config


def elasticsearch_options(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """Connection options shared by the sync and the async Elasticsearch clients."""
    options: dict[str, Any] = {
        "request_timeout": settings.es_request_timeout_s,
        "verify_certs": settings.es_verify_certs,
    }
    if settings.es_ca_certs is not None:
        options["ca_certs"] = str(settings.es_ca_certs)
    if settings.es_api_key is not None:
        options["api_key"] = settings.es_api_key.get_secret_value()
    elif settings.es_username is not None and settings.es_password is not None:
        options["basic_auth"] = (settings.es_username, settings.es_password.get_secret_value())
    options.update(overrides)
    return options


def elasticsearch_client(settings: Settings, **overrides: Any) -> Elasticsearch:
    """An Elasticsearch client for the configured cluster."""
    return Elasticsearch(settings.es_hosts, **elasticsearch_options(settings, **overrides))
