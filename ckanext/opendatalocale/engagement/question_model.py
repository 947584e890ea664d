"""The tables of questions on datasets and their answers (issue 15, point 4).

Beside model.py rather than in it: created by the migration c4d9e2f7a815 of
`opendatalocale_engagement`. Who asked is kept as a CKAN user id only (nothing of
an anonymous asker: the rate limit lives in Redis, hashed); who answered, for
audit only.
"""
from __future__ import annotations

import datetime

from sqlalchemy import Column, DateTime, ForeignKey, types

import ckan.model.types as ckan_types
from ckan.model.base import BaseModel


class Question(BaseModel):  # type: ignore[misc,valid-type]
    """A question from the public on one dataset (issue 15, point 4), seen by others
    once the territory's admins let it through (``state``), closed (``closed``) by
    its signed-in author or the territory. ``territory_id`` is the dataset's
    organization when it was asked: the one that answers. ``first_answered`` is kept
    here so the response figures are one aggregate query."""
    __tablename__ = "odl_engagement_question"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    package_id = Column(types.UnicodeText, ForeignKey("package.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    title = Column(types.UnicodeText, nullable=False)
    body = Column(types.UnicodeText, nullable=False, default="")
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    state = Column(types.UnicodeText, nullable=False, default="en_attente", index=True)
    reason = Column(types.UnicodeText, nullable=False, default="")
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
    moderated = Column(DateTime)
    moderated_by = Column(types.UnicodeText)
    first_answered = Column(DateTime)
    closed = Column(DateTime)
    closed_by = Column(types.UnicodeText)


class QuestionAnswer(BaseModel):  # type: ignore[misc,valid-type]
    """An answer given as the territory: pages and the API show the territory's
    name, never the agent's. ``user_id`` says who posted it, for audit only."""
    __tablename__ = "odl_engagement_question_answer"

    id = Column(types.UnicodeText, primary_key=True, default=ckan_types.make_uuid)
    question_id = Column(types.UnicodeText,
                         ForeignKey("odl_engagement_question.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    territory_id = Column(types.UnicodeText, ForeignKey("group.id", ondelete="CASCADE"),
                          nullable=False)
    body = Column(types.UnicodeText, nullable=False)
    user_id = Column(types.UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    created = Column(DateTime, nullable=False, default=datetime.datetime.utcnow)
