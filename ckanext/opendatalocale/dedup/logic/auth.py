"""Who may scan, read and decide on duplicates.

Sysadmins pass every check before these functions run (CKAN's check_access)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import store

__all__ = ["odl_duplicate_scan", "odl_duplicate_scan_show", "odl_duplicate_list",
           "odl_duplicate_decide", "odl_duplicate_status", "odl_duplicate_similar"]


def odl_duplicate_scan(context, data_dict):
    return {"success": False, "msg": tk._("Seuls les administrateurs de la plateforme "
                                          "lancent une analyse des doublons.")}


def odl_duplicate_scan_show(context, data_dict):
    return odl_duplicate_scan(context, data_dict)


@tk.auth_allow_anonymous_access
def odl_duplicate_list(context, data_dict):
    # Everyone may ask; the action returns only pairs of datasets the caller may read.
    return {"success": True}


def odl_duplicate_decide(context, data_dict):
    """An admin of a territory owning one of the cluster's (or the pair's) datasets, who
    may read them all (a dataset a decision deleted: who may edit it). Deleting needs
    CKAN's package_delete on each dataset deleted besides (checked by the action)."""
    user = context.get("user")
    refused = {"success": False, "msg": tk._(
        "Seuls les administrateurs d'un territoire concerné, qui voient tous les jeux de "
        "ce groupe, décident d'un doublon.")}
    if not user:
        return refused
    target = store.decision_target(data_dict)
    if target is None:
        raise tk.ObjectNotFound(tk._("Groupe ou paire de doublons introuvable."))
    members = target[1]
    packages = model.Session.query(model.Package).filter(model.Package.id.in_(members)).all()
    if len(packages) != len(members):
        return refused
    admin_of_one = False
    reader = {"user": user, "model": model, "auth_user_obj": model.User.get(user)}
    for package in packages:
        if not authz.is_authorized_boolean("package_show", dict(reader), {"id": package.id}):
            return refused
        if package.owner_org and authz.users_role_for_group_or_org(
                package.owner_org, user) == "admin":
            admin_of_one = True
    return {"success": True} if admin_of_one else refused


@tk.auth_allow_anonymous_access
def odl_duplicate_status(context, data_dict):
    """Whoever may read the dataset; the action names only datasets they may read too."""
    user = context.get("user")
    reader = {"user": user, "model": model, "auth_user_obj": model.User.get(user) if user else None}
    if authz.is_authorized_boolean("package_show", reader, {"id": str(data_dict.get("id") or "")}):
        return {"success": True}
    return {"success": False, "msg": tk._("Jeu de données non accessible.")}


def odl_duplicate_similar(context, data_dict):
    """Agents typing a dataset's title (signed in); the action searches as them, so it
    finds only datasets they may read."""
    if context.get("user") and model.User.get(context["user"]) is not None:
        return {"success": True}
    return {"success": False, "msg": tk._("Connectez-vous pour chercher des jeux de "
                                          "données semblables.")}
