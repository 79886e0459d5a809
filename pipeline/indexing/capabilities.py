"""What the connected Elasticsearch cluster can do, from its module list.

The local stack runs the ``integ-test-zip`` distribution, which carries only a
handful of modules; the full distribution users run carries them all. Code that
needs a module asks a :class:`ClusterCapabilities` instead of assuming it, and
degrades cleanly where the module is missing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

# module name -> what Newsflow loses without it (shown by `newsflow doctor`)
OPTIONAL_MODULES: dict[str, str] = {
    "analysis-common": (
        "language analyzers (german, english) and stemming: full-text fields fall back "
        "to the standard analyzer"
    ),
    "mapper-extras": "search_as_you_type and rank_feature fields (not used yet)",
    "reindex": "_reindex, _update_by_query and _delete_by_query: alias swaps need a manual copy",
    "lang-painless": "scripted updates and runtime fields",
    "percolator": "stored queries in Elasticsearch (alerts match in the stream instead)",
    "ingest-common": "ingest pipelines (Newsflow does its processing in the workers)",
    "rest-root": "GET / (cluster info); versions are read from the nodes API instead",
    "kibana": "Kibana's system indices: Kibana needs the full distribution",
    "x-pack-security": "authentication and TLS",
}


@dataclasses.dataclass(frozen=True)
class ClusterCapabilities:
    """Version and modules of a cluster, as every node reports them."""

    version: str
    modules: frozenset[str]
    node_count: int

    @property
    def major(self) -> int:
        return int(self.version.split(".", 1)[0])

    @property
    def language_analyzers(self) -> bool:
        """Whether the ``german``/``english`` analyzers exist."""
        return "analysis-common" in self.modules

    @property
    def percolator(self) -> bool:
        return "percolator" in self.modules

    @property
    def reindex(self) -> bool:
        return "reindex" in self.modules

    def missing(self) -> dict[str, str]:
        """The optional modules this cluster lacks, with what that costs."""
        return {name: why for name, why in OPTIONAL_MODULES.items() if name not in self.modules}

    @classmethod
    def from_nodes_info(cls, info: dict[str, Any]) -> ClusterCapabilities:
        """Build from the body of ``GET /_nodes/plugins``.

        A module counts only when every node has it, since a shard may live on
        any node.
        """
        nodes = list(info.get("nodes", {}).values())
        if not nodes:
            raise ValueError("the nodes info response lists no nodes")
        module_sets = [
            {m["name"] for m in node.get("modules", [])}
            | {p["name"] for p in node.get("plugins", [])}
            for node in nodes
        ]
        versions = sorted({node["version"] for node in nodes})
        return cls(
            version=versions[0],
            modules=frozenset(set.intersection(*module_sets)),
            node_count=len(nodes),
        )
