"""Who may read and write a territory's inventory: it is the territory's own working
list, so its members read it, its editors and admins write it, nobody else sees it.

Sysadmins pass every check before these functions run (CKAN's check_access); anonymous
callers are refused by CKAN before them (no auth_allow_anonymous_access)."""
from __future__ import annotations

from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ..model import InventoryItem

__all__ = ["odl_inventory_item_create", "odl_inventory_item_update",
           "odl_inventory_item_delete", "odl_inventory_item_show", "odl_inventory_item_list",
           "odl_inventory_summary"]

WRITERS = ("editor", "admin")
READERS = ("member", "editor", "admin")


def territory(reference) -> model.Group:
    found = model.Group.get(str(reference or "")) if reference else None
    if found is None or not found.is_organization or found.state != "active":
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    return found


def inventory_item(reference) -> InventoryItem:
    found = model.Session.get(InventoryItem, str(reference or "")) if reference else None
    if found is None:
        raise tk.ObjectNotFound(tk._("Entrée d'inventaire introuvable."))
    return found


def role_in(territory_id: str, user: Optional[str]) -> Optional[str]:
    if not user:
        return None
    if authz.is_sysadmin(user):
        return "admin"
    return authz.users_role_for_group_or_org(territory_id, user)


def may_read(territory_id: str, user: Optional[str]) -> bool:
    return role_in(territory_id, user) in READERS


def may_write(territory_id: str, user: Optional[str]) -> bool:
    return role_in(territory_id, user) in WRITERS


def _read(territory_id: str, context) -> dict:
    if may_read(territory_id, context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "L'inventaire d'un territoire n'est visible que par ses membres.")}


def _write(territory_id: str, context) -> dict:
    if may_write(territory_id, context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Seuls les éditeurs et les administrateurs du territoire modifient son inventaire.")}


def odl_inventory_item_create(context, data_dict):
    return _write(territory(data_dict.get("territory")).id, context)


def odl_inventory_item_update(context, data_dict):
    return _write(inventory_item(data_dict.get("id")).territory_id, context)


def odl_inventory_item_delete(context, data_dict):
    return _write(inventory_item(data_dict.get("id")).territory_id, context)


def odl_inventory_item_show(context, data_dict):
    return _read(inventory_item(data_dict.get("id")).territory_id, context)


def odl_inventory_item_list(context, data_dict):
    return _read(territory(data_dict.get("territory")).id, context)


def odl_inventory_summary(context, data_dict):
    return _read(territory(data_dict.get("territory")).id, context)
