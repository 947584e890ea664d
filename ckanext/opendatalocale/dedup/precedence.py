"""Which dataset of a duplicate cluster to keep, suggested to the territory that decides.

The rule of ENGAGEMENT-DEDUP.md B.1 (udata, EntryScape's primary catalogue, DCAT-AP's
advice to keep the identifier where a dataset is first published): the producing
territory's own dataset is kept over a copy harvested from a regional portal. Then a
public dataset over a private draft, then the oldest (GSA's datagov-dedupe keeps the
oldest record), then the id, so the suggestion never changes between two reads.
No CKAN import.
"""
from __future__ import annotations

from typing import Iterable

from .matching import DatasetRecord

__all__ = ["keeper", "KEEP_REASONS"]

# Why a dataset is the one to keep, first rule that tells the members apart.
PRODUCER, PUBLIC, OLDEST, FIRST = "producer", "public", "oldest", "first"
KEEP_REASONS = (PRODUCER, PUBLIC, OLDEST, FIRST)


def _rank(record: DatasetRecord, private: bool) -> tuple:
    # Undated records last among equals: a missing date proves no age.
    return (record.harvested, private, record.created is None, record.created or "", record.id)


def keeper(records: Iterable[DatasetRecord], private_ids: Iterable[str] = ()) -> tuple[str, str]:
    """(id of the dataset to keep, the rule that chose it)."""
    private_ids = set(private_ids)
    ranked = sorted(records, key=lambda r: _rank(r, r.id in private_ids))
    if not ranked:
        raise ValueError("a cluster has members")
    best, rest = ranked[0], ranked[1:]
    if not rest:
        return best.id, FIRST
    runner = rest[0]
    keys_best, keys_runner = _rank(best, best.id in private_ids), _rank(runner, runner.id in private_ids)
    for reason, index in ((PRODUCER, 0), (PUBLIC, 1), (OLDEST, 3)):
        if keys_best[index] != keys_runner[index]:
            return best.id, reason
    return best.id, FIRST
