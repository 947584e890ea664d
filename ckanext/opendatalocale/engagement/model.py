"""The engagement plugin's own tables: data requests and the votes on them.

Declarative models on CKAN's BaseModel, like territories/model.py; created by the
alembic migrations of `opendatalocale_engagement` (migration/opendatalocale_engagement).
What a requester wrote is kept; who they are is kept as a CKAN user id only (no
e-mail, no name copied here: their CKAN account holds that, RGPD minimisation).
"""
from __future__ import annotations

import datetime

from sqlalchemy import Column, DateTime, ForeignKey, UniqueConstraint, types

import ckan.model.types as ckan_types
from ckan.model.base import BaseModel


class DataRequest(BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "odl_engagement_data_request"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    title = Column(types.UnicodeText, nullable=False)
    description = Column(types.UnicodeText, nullable=False, default="")
    purpose = Column(types.UnicodeText, nullable=False, default="")
    requester_kind = Column(types.UnicodeText, nullable=False)
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    state = Column(types.UnicodeText, nullable=False, default="nouvelle", index=True)
    reason = Column(types.UnicodeText, nullable=False, default="")
    dataset_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="SET NULL"))
    vote_count = Column(types.Integer, nullable=False, default=0)
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    state_changed = Column(DateTime)
    state_changed_by = Column(types.UnicodeText)


class DataRequestVote(BaseModel):  # type: ignore[misc,valid-type]
    """One "moi aussi" per person and request (the unique constraint says so even
    when two clicks race)."""
    __tablename__ = "odl_engagement_data_request_vote"
    __table_args__ = (UniqueConstraint("data_request_id", "user_id"),)

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    data_request_id = Column(types.UnicodeText,
                             ForeignKey("odl_engagement_data_request.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="CASCADE"),
                     nullable=False)
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
