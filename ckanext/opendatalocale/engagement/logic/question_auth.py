"""Who may ask, read, answer, moderate and close questions on datasets.

Sysadmins pass every check before these functions run (CKAN's check_access).
A question is never more visible than its dataset: whoever may not read the
dataset (CKAN's own package_show check) may not read its questions. Then: the
public sees published questions; the author their own; the territory's editors
and admins all of them. Editors and admins answer (as the territory), admins
alone moderate and delete; the signed-in author or the territory's editors and
admins close.
"""
from __future__ import annotations

from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ... import compat
from .. import question_states as states
from .auth import _allowed, _user_id, active_territory, may_answer, may_moderate

__all__ = ["odl_question_create", "odl_question_show", "odl_question_list",
           "odl_question_update", "odl_question_delete", "odl_question_moderate",
           "odl_question_answer", "odl_question_close", "odl_question_figures",
           "odl_question_answer_update", "odl_question_answer_delete"]


def question(reference):
    from ..question_model import Question
    found = compat.get_row(Question, str(reference or ""))
    if found is None:
        raise tk.ObjectNotFound(tk._("Question introuvable."))
    return found


def may_read_dataset(package_id: str, context) -> bool:
    try:
        tk.check_access("package_show", {"user": context.get("user"),
                                         "auth_user_obj": context.get("auth_user_obj")},
                        {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def is_author(found, context) -> bool:
    user_id = _user_id(context)
    return user_id is not None and found.user_id == user_id


def may_see_question(found, context) -> bool:
    if not may_read_dataset(found.package_id, context):
        return False
    return found.state == states.PUBLISHED or is_author(found, context) or may_answer(
        found.territory_id, context.get("user"))


def asked_dataset(reference) -> model.Package:
    """The dataset a question is asked on: active, owned by an active territory."""
    dataset = model.Package.get(str(reference or ""))
    if dataset is None or dataset.state != "active" or not dataset.owner_org:
        raise tk.ObjectNotFound(tk._("Jeu de données introuvable."))
    active_territory(dataset.owner_org)
    return dataset


@tk.auth_allow_anonymous_access
def odl_question_create(context, data_dict):
    # Anyone who may read the dataset asks; without an account, the action checks the
    # honeypot and the per-address rate limit, as for data requests.
    dataset = asked_dataset(data_dict.get("dataset_id"))
    return _allowed(may_read_dataset(dataset.id, context),
                    tk._("Vous ne pouvez pas poser de question sur ce jeu de données."))


@tk.auth_allow_anonymous_access
def odl_question_show(context, data_dict):
    return _allowed(may_see_question(question(data_dict.get("id")), context),
                    tk._("Cette question n'est pas visible (modération en cours ou jeu de "
                         "données non public)."))


@tk.auth_allow_anonymous_access
def odl_question_list(context, data_dict):
    # The action leaves out what the caller may not see; the moderation queue itself
    # (waiting or refused questions) is for the territory's team.
    if data_dict.get("dataset_id"):
        dataset = asked_dataset(data_dict["dataset_id"])
        if not may_read_dataset(dataset.id, context):
            return _allowed(False, tk._("Jeu de données non public."))
    if data_dict.get("state") in (states.WAITING, states.REFUSED):
        territory_id = data_dict.get("territory_id")
        if not territory_id:
            return _allowed(False, tk._("Indiquez le territoire dont vous modérez les "
                                        "questions."))
        territory = active_territory(territory_id)
        return _allowed(may_answer(territory.id, context.get("user")),
                        tk._("Seule l'équipe du territoire voit les questions à modérer."))
    return {"success": True}


def odl_question_update(context, data_dict):
    found = question(data_dict.get("id"))
    if is_author(found, context) and found.state == states.WAITING:
        return {"success": True}
    return _allowed(may_moderate(found.territory_id, context.get("user")),
                    tk._("Seuls son auteur (avant modération) et les administrateurs du "
                         "territoire modifient une question."))


def odl_question_delete(context, data_dict):
    found = question(data_dict.get("id"))
    return _allowed(may_moderate(found.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire suppriment une question."))


def odl_question_moderate(context, data_dict):
    found = question(data_dict.get("id"))
    return _allowed(may_moderate(found.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire modèrent les questions."))


def odl_question_answer(context, data_dict):
    found = question(data_dict.get("id"))
    return _allowed(may_answer(found.territory_id, context.get("user")),
                    tk._("Seuls les éditeurs et administrateurs du territoire répondent, "
                         "au nom du territoire."))


def answer(reference):
    from ..question_model import QuestionAnswer
    found = compat.get_row(QuestionAnswer, str(reference or ""))
    if found is None:
        raise tk.ObjectNotFound(tk._("Réponse introuvable."))
    return found


def odl_question_answer_update(context, data_dict):
    found = answer(data_dict.get("id"))
    return _allowed(may_answer(found.territory_id, context.get("user")),
                    tk._("Seuls les éditeurs et administrateurs du territoire corrigent ses "
                         "réponses."))


def odl_question_answer_delete(context, data_dict):
    found = answer(data_dict.get("id"))
    return _allowed(may_moderate(found.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire suppriment une réponse."))


def odl_question_close(context, data_dict):
    found = question(data_dict.get("id"))
    allowed = (is_author(found, context) and may_see_question(found, context)) or may_answer(
        found.territory_id, context.get("user"))
    return _allowed(allowed, tk._("Seuls l'auteur de la question et l'équipe du territoire "
                                  "la closent."))


@tk.auth_allow_anonymous_access
def odl_question_figures(context, data_dict):
    # Public figures by construction: published questions on public datasets only.
    return {"success": True}


def role_reads_private(territory_id: str, user: Optional[str]) -> bool:
    """Whether a list may hold the territory's private datasets' questions: its
    members read its private datasets (CKAN's organization roles)."""
    from .auth import role_in
    return role_in(territory_id, user) in ("member", "editor", "admin", "sysadmin")
