"""`newsflow doctor`: can this machine reach Kafka and Elasticsearch, and what are they?

Each check returns a :class:`Check` in plain words; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import socket
import ssl
from typing import Any

from pipeline.clients import elasticsearch_client, kafka_python_config
from pipeline.indexing.capabilities import ClusterCapabilities
from pipeline.settings import Settings


@dataclasses.dataclass
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    summary: str
    details: list[str] = dataclasses.field(default_factory=list)
    required: bool = True
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)


def _split_host_port(address: str, default_port: int) -> tuple[str, int]:
    address = address.split("://", 1)[-1].split("/", 1)[0]
    if "@" in address:
        address = address.rsplit("@", 1)[1]
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        return host, int(rest.lstrip(":") or default_port)
    host, _, port = address.partition(":")
    return host, int(port or default_port)


def tcp_probe(host: str, port: int, timeout: float = 2.0) -> str | None:
    """None when something accepts a TCP connection, else why not in words."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except socket.gaierror:
        return f"the host name {host!r} does not resolve"
    except ConnectionRefusedError:
        return f"nothing listens on {host}:{port} (connection refused)"
    except TimeoutError:
        return f"{host}:{port} did not answer within {timeout:.0f}s (firewall or wrong address?)"
    except OSError as exc:
        return f"cannot connect to {host}:{port}: {exc.strerror or exc}"


def check_kafka(settings: Settings) -> Check:
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    servers = settings.bootstrap_list
    unreachable = []
    for server in servers:
        host, port = _split_host_port(server, 9092)
        problem = tcp_probe(host, port)
        if problem:
            unreachable.append(problem)
    if len(unreachable) == len(servers):
        return Check(
            "Kafka",
            False,
            f"no bootstrap server answers ({settings.kafka_bootstrap_servers})",
            [
                *unreachable,
                "start the local stack with `make up`, or set "
                "NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS to where your brokers are",
            ],
        )
    config = kafka_python_config(settings)
    try:
        admin = KafkaAdminClient(
            **config, bootstrap_timeout_ms=int(settings.kafka_request_timeout_s * 1000)
        )
    except KafkaError as exc:
        hint = _kafka_hint(settings, exc)
        return Check(
            "Kafka", False, f"a server answers but the Kafka handshake failed: {exc}", [hint]
        )
    try:
        cluster = admin.describe_cluster()
        version = admin._client.check_version()  # the version kafka-python negotiated
        topics = admin.list_topics()
    except KafkaError as exc:
        return Check(
            "Kafka",
            False,
            f"connected, but the cluster did not answer: {exc}",
            [_kafka_hint(settings, exc)],
        )
    finally:
        admin.close()
    brokers = cluster.get("brokers", [])
    version_text = ".".join(str(v) for v in version) if version else "unknown"
    details = [f"{b['host']}:{b['port']} (id {b['broker_id']})" for b in brokers]
    details.append(f"{len(topics)} topics")
    return Check(
        "Kafka",
        True,
        f"{len(brokers)} broker(s), protocol version {version_text}+, "
        f"cluster id {cluster.get('cluster_id')}",
        details,
        facts={"brokers": len(brokers), "version": version_text, "topics": len(topics)},
    )


def _kafka_hint(settings: Settings, exc: Exception) -> str:
    text = str(exc).lower()
    if "sasl" in text or "authentication" in text:
        return (
            "the broker refused our credentials: check NEWSFLOW_KAFKA_SASL_MECHANISM, "
            "_USERNAME and _PASSWORD"
        )
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        return (
            "TLS handshake failed: is this listener really TLS, and is "
            "NEWSFLOW_KAFKA_SSL_CAFILE the CA that signed it?"
        )
    return (
        "the server on that port may not be a Kafka broker, or it expects TLS/SASL: "
        "check NEWSFLOW_KAFKA_SECURITY_PROTOCOL"
    )


def check_elasticsearch(settings: Settings) -> tuple[Check, ClusterCapabilities | None]:
    from elasticsearch import (
        ApiError,
        AuthenticationException,
        AuthorizationException,
        TransportError,
    )
    from elasticsearch import (
        ConnectionError as ESConnectionError,
    )

    hosts = settings.es_hosts
    problems = []
    for url in hosts:
        default = 443 if url.startswith("https") else 9200
        host, port = _split_host_port(url, default)
        problem = tcp_probe(host, port)
        if problem:
            problems.append(problem)
    if len(problems) == len(hosts):
        return Check(
            "Elasticsearch",
            False,
            f"no node answers ({settings.es_url})",
            [*problems, "start the local stack with `make up`, or set NEWSFLOW_ES_URL"],
        ), None
    es = elasticsearch_client(settings, request_timeout=10, max_retries=0)
    try:
        health = es.cluster.health()
        caps = ClusterCapabilities.from_nodes_info(
            es.nodes.info(metric="plugins").body  # works without the rest-root module
        )
    except AuthenticationException:
        return Check(
            "Elasticsearch",
            False,
            "the cluster rejected our credentials (HTTP 401)",
            ["check NEWSFLOW_ES_API_KEY, or NEWSFLOW_ES_USERNAME and NEWSFLOW_ES_PASSWORD"],
        ), None
    except AuthorizationException as exc:
        return Check(
            "Elasticsearch",
            False,
            f"our user may not read cluster health (HTTP 403): {exc.message}",
            ["grant the monitor cluster privilege to this user"],
        ), None
    except ESConnectionError as exc:
        return Check(
            "Elasticsearch",
            False,
            "connected, but the HTTP exchange failed",
            [_es_connection_hint(settings, exc)],
        ), None
    except (ApiError, TransportError) as exc:
        return Check("Elasticsearch", False, f"the cluster answered with an error: {exc}"), None
    finally:
        es.close()
    status = health["status"]
    ok = status in ("green", "yellow") and caps.major == 8
    details = [
        f"modules on every node: {', '.join(sorted(caps.modules)) or 'none'}",
    ]
    for module, cost in caps.missing().items():
        details.append(f"without {module}: {cost}")
    if caps.major != 8:
        details.insert(
            0,
            f"this Newsflow uses the elasticsearch-py 8 client; a {caps.major}.x "
            "server needs the matching client major",
        )
    return Check(
        "Elasticsearch",
        ok,
        f"version {caps.version}, {caps.node_count} node(s), cluster health {status}",
        details,
        facts={
            "version": caps.version,
            "modules": sorted(caps.modules),
            "status": status,
            "nodes": caps.node_count,
        },
    ), caps


def _es_connection_hint(settings: Settings, exc: Exception) -> str:
    text = f"{getattr(exc, 'message', '')} {exc} {exc.__cause__!r}"
    lowered = text.lower()
    if "wrong version number" in lowered or "wrong_version_number" in lowered:
        return (
            "TLS mismatch: the node speaks plain HTTP on this port; use an http:// NEWSFLOW_ES_URL"
        )
    if "certificate verify failed" in lowered or "self-signed" in lowered:
        return (
            "TLS certificate not trusted: point NEWSFLOW_ES_CA_CERTS at the CA that "
            "signed the node's certificate"
        )
    if "not an http port" in lowered:
        return (
            "that port is Elasticsearch's transport port, not HTTP: the HTTP port is usually 9200"
        )
    if any(u.startswith("http://") for u in settings.es_hosts) and (
        "connection reset" in lowered
        or "remote end closed" in lowered
        or "connection aborted" in lowered
    ):
        return (
            "the node closed a plain-HTTP connection: it probably expects https; use an "
            "https:// NEWSFLOW_ES_URL and set NEWSFLOW_ES_CA_CERTS"
        )
    if isinstance(exc.__cause__, ssl.SSLError):
        return f"TLS handshake failed: {exc.__cause__}"
    return text.strip()


def run_checks(settings: Settings) -> list[Check]:
    es_check, _ = check_elasticsearch(settings)
    return [check_kafka(settings), es_check]
