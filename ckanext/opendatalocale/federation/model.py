"""The harvest plugin's own table: the datasets a platform-level source could not match
to a territory, kept here with the French reason and their harvested metadata (never
dropped), and the territory a sysadmin chose for one, which every following harvest
keeps.

Why not a private dataset in the source's organization: ckanext-dcat looks the previous
copy up with an anonymous package_show, which a private dataset refuses, so every
following harvest of it would fail.

Created by the alembic migrations of `opendatalocale_harvest`; only used where
ckanext-harvest is loaded."""
from __future__ import annotations

import datetime

from sqlalchemy import Column, DateTime, ForeignKey, UniqueConstraint, types

import ckan.model.types as ckan_types
from ckan import model
from ckan.model.base import BaseModel


class HarvestPlacement(BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "odl_harvest_placement"
    __table_args__ = (UniqueConstraint("source_id", "guid"),)

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    source_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="CASCADE"),
                       nullable=False, index=True)
    guid = Column(types.UnicodeText, nullable=False)
    remote_identifier = Column(types.UnicodeText, nullable=False, default="")
    title = Column(types.UnicodeText, nullable=False, default="")
    publisher = Column(types.UnicodeText, nullable=False, default="")
    reason = Column(types.UnicodeText, nullable=False, default="")
    # The harvested dataset as the suite would save it (JSON), for the assignment.
    dataset = Column(types.UnicodeText, nullable=False, default="{}")
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="SET NULL"))
    package_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="SET NULL"))
    assigned_by = Column(types.UnicodeText)
    recorded = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)

    @classmethod
    def of(cls, source_id: str, guid: str):
        return (model.Session.query(cls).filter(cls.source_id == source_id, cls.guid == guid)
                .one_or_none()) if source_id and guid else None
