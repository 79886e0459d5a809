"""Cluster capabilities from the nodes info API."""

from __future__ import annotations

import pytest

from pipeline.indexing.capabilities import ClusterCapabilities


def _node(version: str, *modules: str) -> dict[str, object]:
    return {"version": version, "modules": [{"name": m} for m in modules], "plugins": []}


def test_integ_test_zip_lacks_language_analyzers() -> None:
    """The local archive's module set: no analysis-common, percolator or reindex."""
    caps = ClusterCapabilities.from_nodes_info(
        {
            "nodes": {
                "n1": _node("8.19.21", "apm", "transport-netty4", "x-pack-core", "x-pack-security")
            }
        }
    )
    assert caps.version == "8.19.21"
    assert caps.major == 8
    assert not caps.language_analyzers
    assert not caps.percolator
    assert not caps.reindex
    assert "analysis-common" in caps.missing()


def test_full_distribution() -> None:
    """With analysis-common everywhere, the language analyzers are available."""
    caps = ClusterCapabilities.from_nodes_info(
        {"nodes": {"n1": _node("8.19.21", "analysis-common", "percolator", "reindex")}}
    )
    assert caps.language_analyzers
    assert caps.percolator
    assert "analysis-common" not in caps.missing()


def test_a_module_counts_only_when_every_node_has_it() -> None:
    """A shard can land on any node, so the intersection decides; the oldest version wins."""
    caps = ClusterCapabilities.from_nodes_info(
        {
            "nodes": {
                "n1": _node("8.19.21", "analysis-common", "reindex"),
                "n2": _node("8.18.0", "reindex"),
            }
        }
    )
    assert caps.modules == frozenset({"reindex"})
    assert caps.version == "8.18.0"
    assert caps.node_count == 2


def test_no_nodes_is_an_error() -> None:
    """An empty answer is not silently treated as a cluster without modules."""
    with pytest.raises(ValueError, match="no nodes"):
        ClusterCapabilities.from_nodes_info({"nodes": {}})
