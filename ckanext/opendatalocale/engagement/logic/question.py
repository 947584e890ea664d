"""Questions on datasets (issue 15, point 4), registered through action.py: asked
by anyone who may read the dataset (without an account: the honeypot and the
per-address limit of data requests), published by the territory's admins,
answered by its editors and admins as the territory, closed by the signed-in
author or the territory.

A question is never more visible than its dataset: lists keep a private dataset's
questions to the members of its territory, and the public figures (response rate,
median time to a first answer) count published questions of public datasets only.
Who answered is stored for audit (``QuestionAnswer.user_id``) and shown to nobody
but the territory's admins through the API; pages and the public read the
territory's name.
"""
from __future__ import annotations

import datetime
from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .. import question_states as states
from ..question_model import Question, QuestionAnswer
from ...logic.navl import validated
from . import auth, question_auth
from . import question_schema as schema

__all__ = ["odl_question_create", "odl_question_show", "odl_question_list",
           "odl_question_update", "odl_question_delete", "odl_question_moderate",
           "odl_question_answer", "odl_question_close", "odl_question_figures",
           "odl_question_answer_update", "odl_question_answer_delete"]

DEFAULT_LIMIT, MAX_LIMIT = 20, 100


def _iso(value):
    return value.isoformat() if value else None


def _user_id(context) -> Optional[str]:
    return auth._user_id(context)


def _answers(question_ids) -> dict:
    found: dict = {}
    if not question_ids:
        return found
    for answer in model.Session.query(QuestionAnswer).filter(
            QuestionAnswer.question_id.in_(list(question_ids))).order_by(
            QuestionAnswer.created, QuestionAnswer.id):
        found.setdefault(answer.question_id, []).append(answer)
    return found


def question_dict(found: Question, context, answers: Optional[list] = None) -> dict:
    territory = model.Group.get(found.territory_id)
    dataset = model.Package.get(found.package_id)
    user = context.get("user")
    moderator = auth.may_moderate(found.territory_id, user)
    if answers is None:
        answers = _answers([found.id]).get(found.id, [])
    shown_territory = {"id": territory.id, "name": territory.name,
                       "title": territory.title or territory.name}
    shown = {
        "id": found.id,
        "territory": shown_territory,
        "dataset": {"id": dataset.id, "name": dataset.name, "title": dataset.title or dataset.name,
                    "private": bool(dataset.private)},
        "title": found.title, "body": found.body,
        "state": found.state,
        "state_label": tk._(states.STATE_LABELS.get(found.state, found.state)),
        "reason": found.reason if found.state == states.REFUSED else "",
        "created": _iso(found.created), "first_answered": _iso(found.first_answered),
        "closed": _iso(found.closed), "is_closed": found.closed is not None,
        "is_mine": question_auth.is_author(found, context),
        # Answered as the territory: its name, never the agent's.
        "answers": [{"id": a.id, "body": a.body, "created": _iso(a.created),
                     "answered_as": shown_territory["title"]} for a in answers],
    }
    if moderator:
        # For the territory's admins only (audit, moderation), never on a page.
        asker = model.User.get(found.user_id) if found.user_id else None
        shown["author"] = asker.name if asker else None
        posters = {a.user_id for a in answers if a.user_id}
        names = {u.id: u.name for u in model.Session.query(model.User).filter(
            model.User.id.in_(list(posters)))} if posters else {}
        for answer, row in zip(shown["answers"], answers):
            answer["posted_by"] = names.get(row.user_id)
    return shown


def odl_question_create(context, data_dict):
    """Ask a question on a dataset (``dataset_id``: id or name) of a territory:
    ``title``, ``body``. Anyone who may read the dataset; without an account the
    honeypot ``site_web`` stays empty and a few messages per address and hour are
    allowed (the data requests' limit). It waits for the territory's admins before
    anyone else sees it (unless the territory turned pre-moderation off)."""
    from .action import check_anonymous_limit
    from .moderation import premoderated
    data = validated(context, data_dict, schema.question_create(), auth="odl_question_create")
    dataset = question_auth.asked_dataset(data["dataset_id"])
    user_id = _user_id(context)
    if user_id is None:
        check_anonymous_limit("question")
    found = Question(territory_id=dataset.owner_org, package_id=dataset.id,
                     title=data["title"], body=data.get("body", ""), user_id=user_id,
                     state=states.WAITING, created=datetime.datetime.utcnow())
    # A territory that turned pre-moderation off lets the public see it at once.
    if not premoderated(dataset.owner_org):
        found.state, found.moderated = states.PUBLISHED, found.created
    model.Session.add(found)
    model.Session.commit()
    return question_dict(found, context, answers=[])


@tk.side_effect_free
def odl_question_show(context, data_dict):
    data = validated(context, data_dict, schema.question_show(), auth="odl_question_show")
    return question_dict(question_auth.question(data["id"]), context)


def _memberships(user_id: Optional[str]) -> dict:
    """{territory id: capacity} of the caller's active memberships."""
    if not user_id:
        return {}
    rows = model.Session.query(model.Member.group_id, model.Member.capacity).join(
        model.Group, model.Group.id == model.Member.group_id).filter(
        model.Member.table_name == "user", model.Member.table_id == user_id,
        model.Member.state == "active", model.Group.is_organization.is_(True),
        model.Group.state == "active")
    return dict(rows.all())


def visible_questions(context):
    """The questions the caller may see: of active datasets, a private one's to its
    territory's members only; published ones, their own, and every state for the
    territory's editors and admins. Sysadmins see everything."""
    query = model.Session.query(Question).join(model.Package,
                                               model.Package.id == Question.package_id)
    user = context.get("user")
    if user and authz.is_sysadmin(user):
        return query
    user_id = _user_id(context)
    roles = _memberships(user_id)
    readers = sorted(roles)
    team = sorted(t for t, capacity in roles.items() if capacity in ("editor", "admin"))
    query = query.filter(model.Package.state == "active")
    query = query.filter(model.Package.private.is_(False) | model.Package.owner_org.in_(readers))
    shown = Question.state == states.PUBLISHED
    if user_id:
        shown = shown | (Question.user_id == user_id)
    if team:
        shown = shown | Question.territory_id.in_(team)
    return query.filter(shown)


@tk.side_effect_free
def odl_question_list(context, data_dict):
    """Questions, newest first, a page at a time (``limit`` ≤ 100, ``offset``).
    Filters: ``territory_id`` (id or name), ``dataset_id`` (id or name), ``state``
    (en_attente, publiee, refusee: the first and last for the territory's team).
    Only what the caller may see; a private dataset's questions for its territory's
    members only."""
    data = validated(context, data_dict, schema.question_list(), auth="odl_question_list")
    limit = min(data.get("limit", DEFAULT_LIMIT), MAX_LIMIT)
    offset = data.get("offset", 0)
    query = visible_questions(context)
    if data.get("territory_id"):
        territory = auth.active_territory(data["territory_id"])
        query = query.filter(Question.territory_id == territory.id)
    if data.get("dataset_id"):
        dataset = question_auth.asked_dataset(data["dataset_id"])
        query = query.filter(Question.package_id == dataset.id)
    if data.get("state"):
        query = query.filter(Question.state == data["state"])
    count = query.count()
    found = query.order_by(Question.created.desc(), Question.id).offset(offset).limit(limit).all()
    answers = _answers([q.id for q in found])
    return {"count": count, "offset": offset, "limit": limit,
            "results": [question_dict(q, context, answers.get(q.id, [])) for q in found]}


def odl_question_update(context, data_dict):
    """Reword a question (``title``, ``body``): its signed-in author while it waits
    for moderation, the territory's admins at any time (to take out personal data)."""
    data = validated(context, data_dict, schema.question_update(), auth="odl_question_update")
    found = question_auth.question(data["id"])
    if "title" in data:
        found.title = data["title"]
    if "body" in data:
        found.body = data["body"]
    model.Session.commit()
    return question_dict(found, context)


def odl_question_delete(context, data_dict):
    """Remove a question and its answers (spam, personal data): the territory's admins."""
    data = validated(context, data_dict, schema.question_delete(), auth="odl_question_delete")
    model.Session.delete(question_auth.question(data["id"]))
    model.Session.commit()
    return {"id": data["id"], "deleted": True}


def odl_question_moderate(context, data_dict):
    """Publish (``state`` publiee) or refuse (refusee, with an optional ``reason``
    its author reads) a question: the territory's admins. A published question may
    be refused later (abuse), a refused one published."""
    data = validated(context, data_dict, schema.question_moderate(),
                     auth="odl_question_moderate")
    found = question_auth.question(data["id"])
    refused = states.check_moderation(found.state, data["state"])
    if refused:
        raise tk.ValidationError({"state": [tk._(refused).format(
            current=tk._(states.STATE_LABELS[found.state]),
            wanted=tk._(states.STATE_LABELS[data["state"]]))]})
    found.state = data["state"]
    found.reason = data.get("reason", "") if data["state"] == states.REFUSED else ""
    found.moderated = datetime.datetime.utcnow()
    found.moderated_by = _user_id(context)
    model.Session.commit()
    return question_dict(found, context)


def odl_question_answer(context, data_dict):
    """Answer a published, open question (``body``) as the territory: its editors and
    admins. The answer shows the territory's name; who posted it is kept for audit."""
    data = validated(context, data_dict, schema.question_answer(), auth="odl_question_answer")
    found = question_auth.question(data["id"])
    if found.state != states.PUBLISHED:
        raise tk.ValidationError({"id": [tk._(
            "Publiez d'abord la question : une question en attente ou refusée n'a pas de "
            "réponse.")]})
    if found.closed is not None:
        raise tk.ValidationError({"id": [tk._("Cette question est close.")]})
    now = datetime.datetime.utcnow()
    model.Session.add(QuestionAnswer(question_id=found.id, territory_id=found.territory_id,
                                     body=data["body"], user_id=_user_id(context), created=now))
    if found.first_answered is None:
        found.first_answered = now
    model.Session.commit()
    return question_dict(found, context)


def odl_question_answer_update(context, data_dict):
    """Correct an answer (``id`` of the answer, ``body``): the territory's editors and
    admins, still as the territory; who corrected it is kept for audit."""
    data = validated(context, data_dict, schema.question_answer(),
                     auth="odl_question_answer_update")
    answer = question_auth.answer(data["id"])
    answer.body = data["body"]
    answer.user_id = _user_id(context)
    model.Session.commit()
    return question_dict(question_auth.question(answer.question_id), context)


def odl_question_answer_delete(context, data_dict):
    """Remove an answer (``id`` of the answer): the territory's admins. The time to a
    first answer is then the remaining answers' (none: the question is unanswered)."""
    data = validated(context, data_dict, schema.question_close(),
                     auth="odl_question_answer_delete")
    answer = question_auth.answer(data["id"])
    found = question_auth.question(answer.question_id)
    model.Session.delete(answer)
    model.Session.flush()
    found.first_answered = model.Session.query(sa.func.min(QuestionAnswer.created)).filter(
        QuestionAnswer.question_id == found.id).scalar()
    model.Session.commit()
    return question_dict(found, context)


def odl_question_close(context, data_dict):
    """Close a question: its signed-in author, or the territory's editors and admins.
    It stays readable with its answers; no new answer is taken."""
    data = validated(context, data_dict, schema.question_close(), auth="odl_question_close")
    found = question_auth.question(data["id"])
    if found.closed is None:
        found.closed = datetime.datetime.utcnow()
        found.closed_by = _user_id(context)
        model.Session.commit()
    return question_dict(found, context)


def figures(territory_ids=None) -> dict:
    """{territory id: {asked, answered, response_rate, median_hours}} over published
    questions of active public datasets: one aggregate query for all the territories
    asked about (PostgreSQL's percentile_cont ignores the unanswered ones)."""
    delay = sa.extract("epoch", Question.first_answered - Question.created)
    query = model.Session.query(
        Question.territory_id, sa.func.count(Question.id), sa.func.count(Question.first_answered),
        sa.func.percentile_cont(0.5).within_group(delay)).join(
        model.Package, model.Package.id == Question.package_id).filter(
        Question.state == states.PUBLISHED, model.Package.private.is_(False),
        model.Package.state == "active")
    if territory_ids is not None:
        query = query.filter(Question.territory_id.in_(list(territory_ids)))
    return {territory_id: {"asked": asked, "answered": answered,
                           "response_rate": states.response_rate(answered, asked),
                           "median_hours": states.median_hours(median)}
            for territory_id, asked, answered, median in query.group_by(Question.territory_id)}


def territory_figures(territory_id: str) -> dict:
    return figures([territory_id]).get(territory_id, {
        "asked": 0, "answered": 0, "response_rate": None, "median_hours": None})


@tk.side_effect_free
def odl_question_figures(context, data_dict):
    """A territory's public response figures: questions published on its public
    datasets (``asked``), those with an answer (``answered``), the ``response_rate``
    (percent) and the ``median_hours`` to a first answer (over the answered ones)."""
    data = validated(context, data_dict, schema.question_figures(), auth="odl_question_figures")
    territory = auth.active_territory(data["territory_id"])
    return dict(territory_figures(territory.id), territory_id=territory.id)


# Last: the moderation queue's source for questions reads this module's actions.
from . import question_moderation  # noqa: E402,F401  (registers the queue's source)
