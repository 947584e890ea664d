"""Questions on datasets in the moderation queue (logic/moderation_queue.py): the
questions waiting for the territory's admins, how one reads there, and the
decisions, taken through the question actions (their auth functions run again).
The public may report a published question of a public dataset only: a private
dataset's questions are never public, hence never reportable."""
from __future__ import annotations

import datetime
from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ... import compat
from .. import moderation
from .. import question_states as states
from ..question_model import Question
from .moderation_queue import Item, Source, _act, _waiting_select, register


def _entries(context, ids):
    rows = model.Session.query(Question, model.Package).join(
        model.Package, model.Package.id == Question.package_id).filter(Question.id.in_(ids))
    return {question.id: {
        "title": question.title, "text": question.body,
        "details": [(tk._("Jeu de données"), dataset.title or dataset.name)],
    } for question, dataset in rows}


def _decide(context, item_id, decision, reason):
    if decision == moderation.REMOVE:
        _act("odl_question_delete", context, {"id": item_id})
    elif decision == moderation.APPROVE:
        _act("odl_question_moderate", context, {"id": item_id, "state": states.PUBLISHED})
    else:
        _act("odl_question_moderate", context,
             {"id": item_id, "state": states.REFUSED, "reason": reason})


def _item(item_id) -> Optional[Item]:
    found = compat.get_row(Question, item_id) if item_id else None
    if found is None:
        return None
    dataset = model.Package.get(found.package_id)
    public = (found.state == states.PUBLISHED and dataset is not None
              and dataset.state == "active" and not dataset.private)
    return Item(found.territory_id, found.title, public)


def _unpublish(context, item_id):
    found = compat.get_row(Question, item_id)
    found.state = states.WAITING
    found.moderated = datetime.datetime.utcnow()
    found.moderated_by = getattr(context.get("auth_user_obj"), "id", None)


register(Source(
    kind=moderation.QUESTION, label="Questions sur les données",
    waiting=lambda: _waiting_select(moderation.QUESTION, Question, states.WAITING),
    entries=_entries, decide=_decide, item=_item,
    link=lambda name, item_id: tk.url_for("odl_engagement.questions_page", name=name,
                                          _anchor=f"question-{item_id}"),
    unpublish=_unpublish))
