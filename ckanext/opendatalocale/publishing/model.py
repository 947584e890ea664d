"""The publishing plugin's table: one row a bulk import.

The dry run stores what it checked (the plan of datasets to create or update, and every
error by row and column); applying reads the plan back in a background job and writes
its progress and each row's outcome here, which the import's page reads. Created by the
alembic migrations of the `opendatalocale_publishing` plugin.
"""
from __future__ import annotations

import datetime

from sqlalchemy import Column, DateTime, Integer, types

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
