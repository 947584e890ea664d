"""Who may read, ask, vote on, answer and moderate data requests.

Sysadmins pass every check before these functions run (CKAN's check_access).
Roles are the territory's (the CKAN organization's): its editors and admins answer
requests; its admins alone moderate (let a new request be seen, or remove one).
"""
from __future__ import annotations

from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ... import compat
from .. import request_states
from .digest import digests_send_auth as odl_engagement_digests_send
from .moderation_auth import (odl_moderation_decide, odl_moderation_list,
                              odl_moderation_setting_show, odl_moderation_setting_update,
                              odl_spam_report_create, odl_spam_report_delete,
                              odl_spam_report_dismiss, odl_spam_report_list,
                              odl_spam_report_show)
from .event_auth import (odl_event_create, odl_event_delete, odl_event_list, odl_event_show,
                         odl_event_update)

__all__ = ["odl_territory_public_show", "odl_data_request_create", "odl_data_request_show",
           "odl_data_request_list", "odl_data_request_update", "odl_data_request_moderate",
           "odl_data_request_delete", "odl_data_request_vote", "odl_data_request_vote_delete",
           "odl_data_request_email_erase", "odl_data_request_emails_expire",
           "odl_data_request_similar", "odl_reuse_create", "odl_reuse_show", "odl_reuse_list",
           "odl_reuse_update", "odl_reuse_delete", "odl_event_create", "odl_event_show",
           "odl_event_list", "odl_event_update", "odl_event_delete",
           "odl_engagement_digests_send", "odl_moderation_list", "odl_moderation_decide",
           "odl_spam_report_create", "odl_spam_report_list", "odl_spam_report_dismiss",
           "odl_spam_report_show", "odl_spam_report_delete",
           "odl_moderation_setting_show", "odl_moderation_setting_update"]


def _allowed(allowed: bool, message: str) -> dict:
    return {"success": True} if allowed else {"success": False, "msg": message}


def active_territory(reference) -> model.Group:
    territory = model.Group.get(str(reference or ""))
    if territory is None or not territory.is_organization or territory.state != "active":
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    return territory


def data_request(reference):
    from ..model import DataRequest
    found = compat.get_row(DataRequest, str(reference or ""))
    if found is None:
        raise tk.ObjectNotFound(tk._("Demande de données introuvable."))
    return found


def role_in(territory_id: str, user: Optional[str]) -> Optional[str]:
    if not user:
        return None
    if authz.is_sysadmin(user):
        return "sysadmin"
    return authz.users_role_for_group_or_org(territory_id, user)


def may_answer(territory_id: str, user: Optional[str]) -> bool:
    return role_in(territory_id, user) in ("editor", "admin", "sysadmin")


def may_moderate(territory_id: str, user: Optional[str]) -> bool:
    return role_in(territory_id, user) in ("admin", "sysadmin")


def _user_id(context) -> Optional[str]:
    # The API gives anonymous callers CKAN's AnonymousUser as auth_user_obj: no user.
    if not context.get("user"):
        return None
    user = context.get("auth_user_obj") or (
        model.User.get(context["user"]) if context.get("user") else None)
    return getattr(user, "id", None)


def may_see(request, context) -> bool:
    if request_states.is_public(request.state):
        return True
    user_id = _user_id(context)
    return (user_id is not None and request.user_id == user_id) or may_answer(
        request.territory_id, context.get("user"))


@tk.auth_allow_anonymous_access
def odl_territory_public_show(context, data_dict):
    # What the page shows is public by construction: public datasets, public requests.
    return {"success": True}


@tk.auth_allow_anonymous_access
def odl_data_request_create(context, data_dict):
    # Anyone asks: without an account, the action checks the honeypot and the
    # per-address rate limit (throttle.py) in place of a captcha.
    return {"success": True}


@tk.auth_allow_anonymous_access
def odl_data_request_show(context, data_dict):
    request = data_request(data_dict.get("id"))
    return _allowed(may_see(request, context),
                    tk._("Cette demande attend la modération du territoire."))


@tk.auth_allow_anonymous_access
def odl_data_request_list(context, data_dict):
    # The action leaves out what the caller may not see; asking for the moderation
    # queue itself needs the right to moderate it.
    if data_dict.get("state") == request_states.NEW:
        territory_id = data_dict.get("territory_id")
        if not territory_id:
            return _allowed(False, tk._("Indiquez le territoire dont vous modérez les demandes."))
        territory = active_territory(territory_id)
        return _allowed(may_answer(territory.id, context.get("user")),
                        tk._("Seule l'équipe du territoire voit les demandes à modérer."))
    return {"success": True}


def odl_data_request_update(context, data_dict):
    request = data_request(data_dict.get("id"))
    return _allowed(may_answer(request.territory_id, context.get("user")),
                    tk._("Seuls les éditeurs et administrateurs du territoire répondent "
                         "aux demandes."))


def odl_data_request_moderate(context, data_dict):
    """Checked by odl_data_request_update when a request leaves `nouvelle`."""
    request = data_request(data_dict.get("id"))
    return _allowed(may_moderate(request.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire modèrent les demandes."))


def odl_data_request_delete(context, data_dict):
    request = data_request(data_dict.get("id"))
    return _allowed(may_moderate(request.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire suppriment une demande."))


@tk.auth_allow_anonymous_access
def odl_data_request_vote(context, data_dict):
    # Anyone supports a public request: without an account, the action checks the
    # honeypot, the per-address rate limit and one vote per address (issue 15, point 2).
    request = data_request(data_dict.get("id"))
    return _allowed(request_states.is_public(request.state),
                    tk._("Cette demande attend la modération du territoire."))


def odl_data_request_vote_delete(context, data_dict):
    return _allowed(bool(context.get("user")),
                    tk._("Connectez-vous pour retirer votre soutien."))


def odl_data_request_email_erase(context, data_dict):
    # The e-mail is seen by the territory's admins only; they erase it when asked.
    request = data_request(data_dict.get("id"))
    return _allowed(may_moderate(request.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire effacent l'adresse "
                         "d'un demandeur."))


def odl_data_request_emails_expire(context, data_dict):
    # Platform-wide erasure run by the job: sysadmins only (who pass before this).
    return _allowed(False, tk._("Seuls les administrateurs de la plateforme lancent "
                                "l'effacement des adresses."))


@tk.auth_allow_anonymous_access
def odl_data_request_similar(context, data_dict):
    # Anyone typing a request: the action looks among what the caller may see only.
    return {"success": True}


def reuse(reference):
    from ..model import Reuse
    found = compat.get_row(Reuse, str(reference or ""))
    if found is None:
        raise tk.ObjectNotFound(tk._("Réutilisation introuvable."))
    return found


def may_see_reuse(found, context) -> bool:
    from .. import reuse_kinds
    if found.state == reuse_kinds.PUBLISHED:
        return True
    user_id = _user_id(context)
    return (user_id is not None and found.user_id == user_id) or may_answer(
        found.territory_id, context.get("user"))


@tk.auth_allow_anonymous_access
def odl_reuse_create(context, data_dict):
    # Proposed by anyone (udata, issue 15 point 3); without an account the action
    # checks the honeypot and the per-address rate limit. Published after moderation.
    return {"success": True}


@tk.auth_allow_anonymous_access
def odl_reuse_show(context, data_dict):
    return _allowed(may_see_reuse(reuse(data_dict.get("id")), context),
                    tk._("Cette réutilisation attend la modération du territoire."))


@tk.auth_allow_anonymous_access
def odl_reuse_list(context, data_dict):
    from .. import reuse_kinds
    if data_dict.get("state") in (reuse_kinds.PROPOSED, reuse_kinds.REFUSED):
        territory_id = data_dict.get("territory_id")
        if not territory_id:
            return _allowed(False, tk._("Indiquez le territoire dont vous modérez les "
                                        "réutilisations."))
        territory = active_territory(territory_id)
        return _allowed(may_answer(territory.id, context.get("user")),
                        tk._("Seule l'équipe du territoire voit les réutilisations à modérer."))
    return {"success": True}


def odl_reuse_update(context, data_dict):
    found = reuse(data_dict.get("id"))
    return _allowed(may_moderate(found.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire modèrent les réutilisations."))


def odl_reuse_delete(context, data_dict):
    found = reuse(data_dict.get("id"))
    return _allowed(may_moderate(found.territory_id, context.get("user")),
                    tk._("Seuls les administrateurs du territoire suppriment une réutilisation."))


# Questions on datasets (issue 15, point 4): last, the module reads this one's checks.
from .question_auth import (odl_question_answer, odl_question_answer_delete,  # noqa: E402
                            odl_question_answer_update, odl_question_close,
                            odl_question_create, odl_question_delete, odl_question_figures,
                            odl_question_list, odl_question_moderate, odl_question_show,
                            odl_question_update)
from .question_auth import __all__ as _question_checks  # noqa: E402

__all__ += _question_checks
