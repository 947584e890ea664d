"""The suite's own tables for territories: declared milestones and progress history.

Declarative models on CKAN's BaseModel (as ckanext/activity does) so they share
CKAN's metadata and session on SQLAlchemy 1.4 (CKAN 2.11) and 2.0 (CKAN 2.12).
Tables are created by the alembic migrations of the `opendatalocale_territories`
plugin (`ckan db upgrade -p opendatalocale_territories`).
"""
from __future__ import annotations

import datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, UniqueConstraint, types

import ckan.model.types as ckan_types
from ckan.model.base import BaseModel


class TerritoryMilestone(BaseModel):  # type: ignore[misc,valid-type]
    """A milestone (phases.yaml) declared by a territory's admins, then reviewed."""
    __tablename__ = "odl_territory_milestone"
    __table_args__ = (UniqueConstraint("territory_id", "milestone"),)

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    milestone = Column(types.UnicodeText, nullable=False)
    status = Column(types.UnicodeText, nullable=False, default="declared")
    achieved_on = Column(Date)
    note = Column(types.UnicodeText, nullable=False, default="")
    evidence_url = Column(types.UnicodeText, nullable=False, default="")
    declared_by = Column(types.UnicodeText)
    declared_at = Column(DateTime, default=datetime.datetime.utcnow)
    reviewed_by = Column(types.UnicodeText)
    reviewed_at = Column(DateTime)
    review_note = Column(types.UnicodeText, nullable=False, default="")

    def as_dict(self) -> dict:
        return {
            "territory_id": self.territory_id, "milestone": self.milestone,
            "status": self.status,
            "achieved_on": self.achieved_on.isoformat() if self.achieved_on else None,
            "note": self.note, "evidence_url": self.evidence_url,
            "declared_at": self.declared_at.isoformat() if self.declared_at else None,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "review_note": self.review_note,
        }


class TerritoryProgressRecord(BaseModel):  # type: ignore[misc,valid-type]
    """A snapshot of a territory's progress, written only when it changes."""
    __tablename__ = "odl_territory_progress"
    __table_args__ = (Index("odl_territory_progress_territory_time", "territory_id", "recorded_at"),)

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False)
    recorded_at = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    current_phase = Column(Integer, nullable=False)
    percent = Column(Integer, nullable=False)
    met_criteria = Column(ckan_types.JsonType, nullable=False, default=list)


class TerritoryStanding(BaseModel):  # type: ignore[misc,valid-type]
    """Where a territory stands now, as the overview, its exports and the obligation
    page list it: computed by the territory's progress job (and the periodic full
    pass), never per request, so that a page of a country's 36,000 territories is
    one SQL query. ``stale`` is set when one of its datasets changes; the overview
    recomputes a few stale rows itself and leaves the rest to the jobs."""
    __tablename__ = "odl_territory_standing"

    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          primary_key=True)
    kind = Column(types.UnicodeText)
    siren = Column(types.UnicodeText)
    insee_code = Column(types.UnicodeText)
    departement = Column(types.UnicodeText, index=True)
    population = Column(Integer)
    current_phase = Column(Integer, nullable=False, default=0)
    percent = Column(Integer, nullable=False, default=0)
    public_datasets = Column(Integer, nullable=False, default=0)
    last_publication = Column(DateTime)
    overview_values = Column(ckan_types.JsonType)  # an empty dict is kept as NULL
    # {schema id: {resources, valid, stale, state}} of its public SCDL resources
    coverage_cells = Column(ckan_types.JsonType)
    stale = Column(types.Boolean, nullable=False, default=False)
    computed_at = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
