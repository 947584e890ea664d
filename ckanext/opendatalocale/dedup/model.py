"""The dedup plugin's tables: scans, candidate pairs grouped in clusters, decisions.

Only dataset and resource ids are stored, never titles: pages read names and titles
(and whether a dataset is private) from CKAN's package table when they show a pair,
so a dataset made private after a scan is hidden at once. Tables are created by the
alembic migrations of the `opendatalocale_dedup` plugin.
"""
from __future__ import annotations

import datetime

from sqlalchemy import Column, DateTime, Float, Integer, types

import ckan.model.types as ckan_types
from ckan.model.base import BaseModel


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class DuplicateScan(BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "odl_dedup_scan"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    state = Column(types.UnicodeText, nullable=False, default="queued")
    done = Column(Integer, nullable=False, default=0)
    total = Column(Integer, nullable=False, default=0)
    requested_by = Column(types.UnicodeText)
    queued_at = Column(DateTime, nullable=False, default=_utcnow)
    started = Column(DateTime)
    finished = Column(DateTime)
    message = Column(types.UnicodeText, nullable=False, default="")

    def as_dict(self) -> dict:
        return {"id": self.id, "state": self.state, "done": self.done, "total": self.total,
                "started": self.started.isoformat() if self.started else None,
                "finished": self.finished.isoformat() if self.finished else None,
                "message": self.message}


class DuplicatePair(BaseModel):  # type: ignore[misc,valid-type]
    """One candidate pair of the last finished scan (dataset_a < dataset_b)."""
    __tablename__ = "odl_dedup_pair"

    dataset_a = Column(types.UnicodeText, primary_key=True)
    dataset_b = Column(types.UnicodeText, primary_key=True)
    cluster_id = Column(types.UnicodeText, nullable=False, index=True)
    score = Column(Float, nullable=False)
    reasons = Column(ckan_types.JsonType, nullable=False, default=list)
    # {dataset id: fingerprint} at scan time: "pas un doublon" holds while they match.
    fingerprints = Column(ckan_types.JsonType, nullable=False, default=dict)
    found_at = Column(DateTime, nullable=False, default=_utcnow)


class DuplicateDecision(BaseModel):  # type: ignore[misc,valid-type]
    """A territory's decision on a cluster, or on one pair of it (dataset_a < dataset_b
    set); undoing keeps the row (who, when)."""
    __tablename__ = "odl_dedup_decision"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    cluster_id = Column(types.UnicodeText, nullable=False, index=True)
    decision = Column(types.UnicodeText, nullable=False)  # duplicate | not_duplicate
    keep_id = Column(types.UnicodeText)
    dataset_ids = Column(ckan_types.JsonType, nullable=False, default=list)
    dataset_a = Column(types.UnicodeText)
    dataset_b = Column(types.UnicodeText)
    # Datasets this "doublon" decision deleted (CKAN's soft delete, state=deleted) after
    # the decider confirmed it, and those its undoing made active again.
    deleted_ids = Column(ckan_types.JsonType)
    restored_ids = Column(ckan_types.JsonType)
    fingerprints = Column(ckan_types.JsonType, nullable=False, default=dict)
    decided_by = Column(types.UnicodeText, nullable=False)
    decided_at = Column(DateTime, nullable=False, default=_utcnow)
    undone_by = Column(types.UnicodeText)
    undone_at = Column(DateTime)

    def as_dict(self) -> dict:
        return {"id": self.id, "cluster_id": self.cluster_id, "decision": self.decision,
                "keep_id": self.keep_id, "dataset_ids": list(self.dataset_ids or []),
                "pair": [self.dataset_a, self.dataset_b] if self.dataset_a else None,
                "deleted_ids": list(self.deleted_ids or []),
                "restored_ids": list(self.restored_ids or []),
                "decided_by": self.decided_by,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
                "undone_by": self.undone_by,
                "undone_at": self.undone_at.isoformat() if self.undone_at else None}


class FileDigest(BaseModel):  # type: ignore[misc,valid-type]
    """SHA-256 of a resource's file (an upload, the validation job's copy of a link, or
    a link the dedup job read), kept while the file is the same; "" when it cannot be
    hashed (over the size cap, refused by the fetcher) so it is not fetched again."""
    __tablename__ = "odl_dedup_file_digest"

    resource_id = Column(types.UnicodeText, primary_key=True)
    marker = Column(types.UnicodeText, nullable=False)
    sha256 = Column(types.UnicodeText, nullable=False)
    # Folded column names of a CSV's first line (csv_headers), for files never validated.
    headers = Column(ckan_types.JsonType)
    computed_at = Column(DateTime, nullable=False, default=_utcnow)


class DuplicateKey(BaseModel):  # type: ignore[misc,valid-type]
    """A dataset's matching keys (matching.record_keys), written by the full scan and
    the incremental check: a saved dataset finds its candidates in one indexed query."""
    __tablename__ = "odl_dedup_key"

    dataset_id = Column(types.UnicodeText, primary_key=True)
    key = Column(types.UnicodeText, primary_key=True, index=True)
