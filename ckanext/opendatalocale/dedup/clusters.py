"""Pairs grouped into clusters: a dataset copied three times is one cluster of four."""
from __future__ import annotations

import dataclasses
import hashlib
from typing import Iterable

from .matching import CandidatePair

__all__ = ["DuplicateCluster", "cluster_id", "group_pairs"]


@dataclasses.dataclass
class DuplicateCluster:
    id: str
    dataset_ids: list[str]
    pairs: list[CandidatePair]

    @property
    def score(self) -> float:
        return max(pair.score for pair in self.pairs)


def cluster_id(dataset_ids: Iterable[str]) -> str:
    """Stable while the members are the same: a decision on a cluster stays attached to
    it from one scan to the next, and a new member makes a new (open) cluster."""
    joined = "\n".join(sorted(set(dataset_ids)))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:24]


def group_pairs(pairs: Iterable[CandidatePair]) -> list[DuplicateCluster]:
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    pairs = list(pairs)
    for pair in pairs:
        a, b = root(pair.datasets[0]), root(pair.datasets[1])
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    grouped: dict[str, list[CandidatePair]] = {}
    for pair in pairs:
        top = root(pair.datasets[0])
        grouped.setdefault(top, []).append(pair)
    for node in list(parent):
        members.setdefault(root(node), []).append(node)
    clusters = [DuplicateCluster(cluster_id(ids), sorted(ids),
                                 sorted(grouped[top], key=lambda p: (-p.score, p.datasets)))
                for top, ids in members.items()]
    return sorted(clusters, key=lambda c: (-c.score, c.id))
