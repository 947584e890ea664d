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

from .. import request_states

__all__ = ["odl_territory_public_show", "odl_data_request_create", "odl_data_request_show",
           "odl_data_request_list", "odl_data_request_update", "odl_data_request_moderate",
           "odl_data_request_delete", "odl_data_request_vote", "odl_data_request_vote_delete"]


def _allowed(allowed: bool, message: str) -> dict:
    return {"success": True} if allowed else {"success": False, "msg": message}


def active_territory(reference) -> model.Group:
    territory = model.Group.get(str(reference or ""))
    if territory is None or not territory.is_organization or territory.state != "active":
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    return territory


def data_request(reference):
    from ..model import DataRequest
    found = model.Session.get(DataRequest, str(reference or "")) if hasattr(
        model.Session, "get") else model.Session.query(DataRequest).get(str(reference or ""))
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


def odl_data_request_create(context, data_dict):
    # Signed-in users only in this slice: anonymous requests need the honeypot and the
    # rate limit of issue 15 first.
    return _allowed(bool(context.get("user")),
                    tk._("Connectez-vous pour demander des données."))


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


def odl_data_request_vote(context, data_dict):
    if not context.get("user"):
        return _allowed(False, tk._("Connectez-vous pour soutenir une demande."))
    request = data_request(data_dict.get("id"))
    return _allowed(request_states.is_public(request.state),
                    tk._("Cette demande attend la modération du territoire."))


def odl_data_request_vote_delete(context, data_dict):
    return _allowed(bool(context.get("user")),
                    tk._("Connectez-vous pour retirer votre soutien."))
