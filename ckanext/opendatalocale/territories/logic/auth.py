"""Who may read progress and declare or review milestones.

Sysadmins pass every check before these functions run (CKAN's check_access)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

__all__ = ["odl_territory_list", "odl_territory_progress_show", "odl_territory_progress_list",
           "odl_territory_coverage_show", "odl_milestone_update", "odl_milestone_review",
           "odl_territory_progress_record", "odl_territory_lookup",
           "odl_territory_obligation_show"]


def _reading_policy() -> str:
    return tk.config.get("ckanext.opendatalocale.territories.progress_read") or "public"


def _allowed(allowed: bool, message: str) -> dict:
    return {"success": True} if allowed else {"success": False, "msg": message}


def _overview_readable(context) -> dict:
    policy = _reading_policy()
    if policy == "public":
        return {"success": True}
    if policy == "authenticated":
        return _allowed(bool(context.get("user")),
                        tk._("Connectez-vous pour voir l'avancement des territoires."))
    # "members" (or a mistyped value: the narrowest reading): sysadmins only.
    return _allowed(False, tk._("Seuls les administrateurs de la plateforme voient cette page."))


@tk.auth_allow_anonymous_access
def odl_territory_list(context, data_dict):
    # Only public figures are returned.
    return _overview_readable(context)


@tk.auth_allow_anonymous_access
def odl_territory_progress_list(context, data_dict):
    return _overview_readable(context)


@tk.auth_allow_anonymous_access
def odl_territory_coverage_show(context, data_dict):
    return _overview_readable(context)


def _territory(data_dict):
    territory = model.Group.get(str(data_dict.get("id") or ""))
    if territory is None or not territory.is_organization:
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    return territory


@tk.auth_allow_anonymous_access
def odl_territory_progress_show(context, data_dict):
    if _reading_policy() != "members" and territory_is_public(data_dict):
        return _overview_readable(context)
    territory = _territory(data_dict)
    user = context.get("user")
    return _allowed(bool(user) and authz.has_user_permission_for_group_or_org(
        territory.id, user, "read"),
        tk._("Seuls les membres du territoire voient son avancement."))


def territory_is_public(data_dict) -> bool:
    # CKAN organizations have no private flag; a deleted one is not public.
    territory = _territory(data_dict)
    return territory.state == "active"


def odl_milestone_update(context, data_dict):
    territory = _territory(data_dict)
    user = context.get("user")
    is_admin = bool(user) and authz.users_role_for_group_or_org(territory.id, user) == "admin"
    return _allowed(is_admin, tk._("Seuls les administrateurs du territoire déclarent ses jalons."))


def odl_milestone_review(context, data_dict):
    return _allowed(False, tk._("Seuls les administrateurs de la plateforme valident les jalons."))


def odl_territory_progress_record(context, data_dict):
    return _allowed(False, tk._("Seuls les administrateurs de la plateforme enregistrent l'avancement."))


@tk.auth_allow_anonymous_access
def odl_territory_lookup(context, data_dict):
    # The official list of territories (INSEE's COG) is public data.
    return {"success": True}


@tk.auth_allow_anonymous_access
def odl_territory_obligation_show(context, data_dict):
    return _overview_readable(context)
