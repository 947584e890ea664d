"""The publishing plugin's tables: one row a bulk import, one row an inventory entry.

The dry run stores what it checked (the plan of datasets to create or update, and every
error by row and column); applying reads the plan back in a background job and writes
its progress and each row's outcome here, which the import's page reads. Created by the
alembic migrations of the `opendatalocale_publishing` plugin.
"""
from __future__ import annotations

import datetime

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, types

import ckan.model.types as ckan_types
from ckan.model.base import BaseModel


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class BulkImport(BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "odl_bulk_import"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    requested_by = Column(types.UnicodeText, nullable=False)  # a user id
    file_name = Column(types.UnicodeText, nullable=False, default="")
    # checked -> queued -> running -> finished | failed
    state = Column(types.UnicodeText, nullable=False, default="checked")
    plan = Column(ckan_types.JsonType, nullable=False, default=list)
    errors = Column(ckan_types.JsonType, nullable=False, default=list)
    results = Column(ckan_types.JsonType, nullable=False, default=list)
    done = Column(Integer, nullable=False, default=0)
    total = Column(Integer, nullable=False, default=0)
    checked_at = Column(DateTime, nullable=False, default=_utcnow)
    started = Column(DateTime)
    finished = Column(DateTime)
    message = Column(types.UnicodeText, nullable=False, default="")

    def as_dict(self) -> dict:
        return {
            "id": self.id, "state": self.state, "file_name": self.file_name,
            "plan": [{key: entry[key] for key in ("row", "action", "identifier", "title",
                                                  "territory", "dataset")}
                     for entry in self.plan or []],
            "errors": list(self.errors or []), "results": list(self.results or []),
            "done": self.done, "total": self.total,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "message": self.message,
        }


class InventoryItem(BaseModel):  # type: ignore[misc,valid-type]
    """One entry of a territory's inventory: data it holds and has not published yet
    (issue 16, point 4). Private to the territory's members; the choice lists live in
    inventory.py. Who wrote and changed it is kept as CKAN user ids only."""
    __tablename__ = "odl_inventory_item"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    title = Column(types.UnicodeText, nullable=False)
    description = Column(types.UnicodeText, nullable=False, default="")
    owner_service = Column(types.UnicodeText, nullable=False, default="")
    priority = Column(types.UnicodeText, nullable=False, default="moyenne")
    blocker = Column(types.UnicodeText)
    blocker_detail = Column(types.UnicodeText, nullable=False, default="")
    target_date = Column(Date)
    schema_id = Column(types.UnicodeText)
    status = Column(types.UnicodeText, nullable=False, default="a_publier", index=True)
    dataset_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="SET NULL"))
    created = Column(DateTime, nullable=False, default=_utcnow)
    created_by = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    updated = Column(DateTime, nullable=False, default=_utcnow)
    updated_by = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))

    def as_dict(self) -> dict:
        return {
            "id": self.id, "territory_id": self.territory_id, "title": self.title,
            "description": self.description, "owner_service": self.owner_service,
            "priority": self.priority, "blocker": self.blocker,
            "blocker_detail": self.blocker_detail,
            "target_date": self.target_date.isoformat() if self.target_date else None,
            "schema_id": self.schema_id, "status": self.status, "dataset_id": self.dataset_id,
            "created": self.created.isoformat() if self.created else None,
            "created_by": self.created_by,
            "updated": self.updated.isoformat() if self.updated else None,
            "updated_by": self.updated_by,
        }


class ResourceReachability(BaseModel):  # type: ignore[misc,valid-type]
    """The last reachability check of a resource's link (issue 16, point 5), written by
    the quality job (fetch.py, in the background) and read by the quality score: a
    page never fetches a link itself. ``url`` is the link that was checked: a resource
    whose link changed since counts as not checked."""
    __tablename__ = "odl_resource_reachability"

    resource_id = Column(types.UnicodeText, primary_key=True)
    dataset_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    url = Column(types.UnicodeText, nullable=False)
    reachable = Column(Boolean, nullable=False)
    reason = Column(types.UnicodeText, nullable=False, default="")  # fetch.py's code
    message = Column(types.UnicodeText, nullable=False, default="")
    checked_at = Column(DateTime, nullable=False, default=_utcnow)

    def as_dict(self) -> dict:
        return {"resource_id": self.resource_id, "url": self.url, "reachable": self.reachable,
                "reason": self.reason, "message": self.message,
                "checked_at": self.checked_at.isoformat() if self.checked_at else None}
