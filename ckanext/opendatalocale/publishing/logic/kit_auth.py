"""Who may read a territory's kit d'accompagnement.

The public kit is the territory's journey told to a neighbour: whoever may read the
territory's progress (the territories plugin's reading policy) may read it. The
members' kit adds the inventory, so it follows the inventory's rule: the territory's
members only. Sysadmins pass every check before these functions run."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import kit
from . import inventory_auth

__all__ = ["odl_kit_show"]


@tk.auth_allow_anonymous_access
def odl_kit_show(context, data_dict):
    territory = inventory_auth.territory(data_dict.get("territory"))
    if data_dict.get("audience") == kit.MEMBERS:
        if inventory_auth.may_read(territory.id, context.get("user")):
            return {"success": True}
        return {"success": False, "msg": tk._(
            "La version du kit avec l'inventaire n'est visible que par les membres du "
            "territoire.")}
    try:
        tk.check_access("odl_territory_progress_show", dict(context), {"id": territory.id})
    except tk.NotAuthorized as error:
        return {"success": False, "msg": str(error) or tk._(
            "Le kit de ce territoire n'est pas public.")}
    return {"success": True}
