"""Client factories: the only place that turns settings into Kafka and ES clients."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
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


def kafka_ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context for SSL and SASL_SSL listeners, trusting NEWSFLOW_KAFKA_SSL_CAFILE."""
    if settings.kafka_security_protocol not in ("SSL", "SASL_SSL"):
        return None
    cafile = str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    return ssl.create_default_context(cafile=cafile)


def aiokafka_security(settings: Settings) -> dict[str, Any]:
    """Security options for plain aiokafka clients (the workers' own readers)."""
    if settings.kafka_security_protocol == "PLAINTEXT":
        return {}
    options: dict[str, Any] = {"security_protocol": settings.kafka_security_protocol}
    context = kafka_ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    if settings.kafka_sasl_mechanism:
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_sasl_username
        if settings.kafka_sasl_password is not None:
            options["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    return options


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


def read_to_end(
    settings: Settings,
    topic: str,
    *,
    isolation_level: str = "read_uncommitted",
    poll_timeout_ms: int = 2000,
) -> Iterator[Any]:
    """Every record of ``topic``, from the beginning up to the end offsets it had
    when reading started (no consumer group, nothing committed). Stops early if
    a poll brings nothing for ``poll_timeout_ms``, so it never hangs."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        **kafka_python_config(settings), enable_auto_commit=False, isolation_level=isolation_level
    )
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not tps:
            return
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            batch = consumer.poll(timeout_ms=poll_timeout_ms)
            if not batch:
                return
            for records in batch.values():
                yield from (
                    r for r in records if r.offset < ends[TopicPartition(r.topic, r.partition)]
                )
    finally:
        consumer.close()
