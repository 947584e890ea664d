"""Where validation results live: one row per resource, replaced at each run."""
from __future__ import annotations

import datetime
import json
from typing import Any, Optional

from sqlalchemy import BigInteger, Column, DateTime, UnicodeText

import ckan.model as model
from ckan.model.base import BaseModel

STATUSES = ("running", "success", "failure", "error")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class ResourceValidation(BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "odl_resource_validation"

    resource_id = Column(UnicodeText, primary_key=True)
    status = Column(UnicodeText, nullable=False)
    schema_name = Column(UnicodeText)
    schema_version = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=_now)
    finished = Column(DateTime)
    rows_read = Column(BigInteger, nullable=False, default=0)
    error_count = Column(BigInteger, nullable=False, default=0)
    report = Column(UnicodeText)
    error = Column(UnicodeText)

    @classmethod
    def get(cls, resource_id: str) -> Optional["ResourceValidation"]:
        return model.Session.get(cls, resource_id)

    @classmethod
    def start(cls, resource_id: str, schema_name: str | None,
              schema_version: str | None) -> "ResourceValidation":
        """A fresh 'running' row: a new run forgets the previous report."""
        row = cls.get(resource_id) or cls(resource_id=resource_id)
        row.status = "running"
        row.schema_name = schema_name
        row.schema_version = schema_version
        row.created = _now()
        row.finished = None
        row.rows_read = 0
        row.error_count = 0
        row.report = None
        row.error = None
        model.Session.add(row)
        model.Session.commit()
        return row

    def finish(self, status: str, report: dict | None = None, error: str | None = None):
        self.status = status
        self.finished = _now()
        if report is not None:
            self.report = json.dumps(report, ensure_ascii=False)
            self.error_count = report.get("stats", {}).get("errors", 0)
            self.rows_read = report.get("stats", {}).get("rows", self.rows_read)
        self.error = error
        model.Session.add(self)
        model.Session.commit()

    def as_dict(self, with_report: bool = True) -> dict[str, Any]:
        data = {
            "id": self.resource_id,
            "resource_id": self.resource_id,
            "status": self.status,
            "schema": {"name": self.schema_name, "version": self.schema_version},
            "created": self.created.isoformat() if self.created else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "rows_read": self.rows_read,
            "error_count": self.error_count,
            "error": self.error,
        }
        if with_report:
            data["report"] = json.loads(self.report) if self.report else None
        return data
