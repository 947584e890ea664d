"""The engagement plugin's own tables: data requests and the votes on them.

Declarative models on CKAN's BaseModel, like territories/model.py; created by the
alembic migrations of `opendatalocale_engagement` (migration/opendatalocale_engagement).
What a requester wrote is kept; who they are is kept as a CKAN user id only (no
e-mail, no name copied here: their CKAN account holds that, RGPD minimisation). A
requester without an account may leave an e-mail: the territory's admins alone see
it, and it is erased on request or some days after the request closes. No client
address is ever stored here (the anonymous rate limit lives in Redis, hashed).
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
    requester_email = Column(types.UnicodeText)


class DataRequestVote(BaseModel):  # type: ignore[misc,valid-type]
    """One "moi aussi" per person and request (the unique constraint says so even
    when two clicks race). A vote without an account has no ``user_id``: its one per
    address is kept in Redis under a keyed hash, never here."""
    __tablename__ = "odl_engagement_data_request_vote"
    __table_args__ = (UniqueConstraint("data_request_id", "user_id"),)

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    data_request_id = Column(types.UnicodeText,
                             ForeignKey("odl_engagement_data_request.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="CASCADE"))
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)


class Reuse(BaseModel):  # type: ignore[misc,valid-type]
    """A reuse of the territory's data (udata-like). ``link_key`` is the normalised
    link, unique: the same application proposed twice is one reuse."""
    __tablename__ = "odl_engagement_reuse"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    title = Column(types.UnicodeText, nullable=False)
    description = Column(types.UnicodeText, nullable=False, default="")
    url = Column(types.UnicodeText, nullable=False)
    link_key = Column(types.UnicodeText, nullable=False, unique=True)
    image_url = Column(types.UnicodeText, nullable=False, default="")
    reuse_type = Column(types.UnicodeText, nullable=False)
    topic = Column(types.UnicodeText, nullable=False)
    author = Column(types.UnicodeText, nullable=False, default="")
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    state = Column(types.UnicodeText, nullable=False, default="proposee", index=True)
    reason = Column(types.UnicodeText, nullable=False, default="")
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    state_changed = Column(DateTime)
    state_changed_by = Column(types.UnicodeText)


class ReuseDataset(BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "odl_engagement_reuse_dataset"

    reuse_id = Column(types.UnicodeText, ForeignKey("odl_engagement_reuse.id", ondelete="CASCADE"),
                      primary_key=True)
    package_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="CASCADE"),
                        primary_key=True, index=True)


class Event(BaseModel):  # type: ignore[misc,valid-type]
    """An event a territory holds (atelier, hackathon, open-data day, internal
    training). Times in UTC; ``visibility`` "membres" keeps an internal training to
    the territory's members: never in a public list or feed. ``sequence`` counts the
    changes a calendar program must notice (RFC 5545 SEQUENCE)."""
    __tablename__ = "odl_engagement_event"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    title = Column(types.UnicodeText, nullable=False)
    description = Column(types.UnicodeText, nullable=False, default="")
    kind = Column(types.UnicodeText, nullable=False)
    starts_at = Column(DateTime, nullable=False, index=True)
    ends_at = Column(DateTime)
    place = Column(types.UnicodeText, nullable=False, default="")
    online_url = Column(types.UnicodeText, nullable=False, default="")
    audience = Column(types.UnicodeText, nullable=False, default="")
    registration_url = Column(types.UnicodeText, nullable=False, default="")
    visibility = Column(types.UnicodeText, nullable=False, default="publique")
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    created_by = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    modified = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    sequence = Column(types.Integer, nullable=False, default=0)


class DigestSent(BaseModel):  # type: ignore[misc,valid-type]
    """When a territory's admins last got their daily digest: the next one counts
    what came after ``last_sent``, and none goes out twice on the same Paris day."""
    __tablename__ = "odl_engagement_digest"

    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          primary_key=True)
    last_sent = Column(DateTime, nullable=False)
    last_day = Column(types.Date, nullable=False)


class SpamReport(BaseModel):  # type: ignore[misc,valid-type]
    """Someone says a public request, reuse or question is spam or abusive. Who
    reported is kept as a CKAN user id only, for "one report per person and item"
    (the unique constraint); an anonymous reporter's one report per item is
    remembered in Redis under a keyed hash of the address, never here. No e-mail."""
    __tablename__ = "odl_engagement_spam_report"
    __table_args__ = (UniqueConstraint("item_kind", "item_id", "user_id"),)

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    item_kind = Column(types.UnicodeText, nullable=False)
    item_id = Column(types.UnicodeText, nullable=False)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    reason = Column(types.UnicodeText, nullable=False)
    comment = Column(types.UnicodeText, nullable=False, default="")
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    state = Column(types.UnicodeText, nullable=False, default="ouvert", index=True)
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    handled = Column(DateTime)
    handled_by = Column(types.UnicodeText)


class ModerationSetting(BaseModel):  # type: ignore[misc,valid-type]
    """A territory's choice to let what the public writes be published at once. No
    row: everything waits for a moderator (the default)."""
    __tablename__ = "odl_engagement_moderation_setting"

    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          primary_key=True)
    premoderation = Column(types.Boolean, nullable=False, default=True)
    modified = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    modified_by = Column(types.UnicodeText)
