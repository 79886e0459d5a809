"""The doctor's pure helpers: addresses and hints in words."""

from __future__ import annotations

import socket

import pytest

from pipeline.doctor import _es_connection_hint, _split_host_port, tcp_probe
from pipeline.settings import Settings


@pytest.mark.parametrize(
    ("address", "default", "expected"),
    [
        ("127.0.0.1:9092", 9092, ("127.0.0.1", 9092)),
        ("kafka", 9092, ("kafka", 9092)),
        ("https://user:pw@es.example:9243/prefix", 443, ("es.example", 9243)),
        ("https://es.example", 443, ("es.example", 443)),
        ("[::1]:9200", 9200, ("::1", 9200)),
    ],
)
def test_split_host_port(address: str, default: int, expected: tuple[str, int]) -> None:
    """Bootstrap servers and URLs reduce to a host and a port."""
    assert _split_host_port(address, default) == expected


def test_tcp_probe_refused() -> None:
    """A closed port is reported as 'nothing listens', naming host and port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert (
        tcp_probe("127.0.0.1", port) == f"nothing listens on 127.0.0.1:{port} (connection refused)"
    )


def test_tcp_probe_open() -> None:
    """A listening port probes clean."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert tcp_probe("127.0.0.1", s.getsockname()[1]) is None


class _Err(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@pytest.mark.parametrize(
    ("url", "error", "hint"),
    [
        (
            "https://127.0.0.1:9200",
            "[SSL: WRONG_VERSION_NUMBER] wrong version number",
            "speaks plain HTTP",
        ),
        (
            "https://es:9200",
            "certificate verify failed: self-signed certificate",
            "NEWSFLOW_ES_CA_CERTS",
        ),
        ("http://127.0.0.1:9300", "BadStatusLine('This is not an HTTP port')", "transport port"),
        (
            "http://es:9200",
            "Connection aborted. RemoteDisconnected('Remote end closed')",
            "expects https",
        ),
    ],
)
def test_es_connection_hints(url: str, error: str, hint: str) -> None:
    """Each kind of connection failure gets a hint that says what to change."""
    settings = Settings(_env_file=None, es_url=url)  # type: ignore[call-arg]
    assert hint in _es_connection_hint(settings, _Err(error))
