"""Who may read menus and who may enter them.

Reading follows the dataset: whoever may see the canteen service sees its
menus (anonymous visitors included for a public one). Entering a week needs
the right to edit the dataset.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_menu_search", "odl_menu_week_show", "odl_menu_indicators", "odl_menu_week_save"]


def _can(action, context, data_dict, message):
    target = data_dict.get("id")
    check, key = ("package_" + action, target) if target else ("resource_" + action,
                                                                data_dict.get("resource_id"))
    try:
        tk.check_access(check, dict(context), {"id": key})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return {"success": False, "msg": message}
    return {"success": True}


def _read(context, data_dict):
    return _can("show", context, data_dict, tk._("Vous ne pouvez pas consulter ces menus."))


odl_menu_search = tk.auth_allow_anonymous_access(_read)
odl_menu_week_show = tk.auth_allow_anonymous_access(_read)
odl_menu_indicators = tk.auth_allow_anonymous_access(_read)


def odl_menu_week_save(context, data_dict):
    return _can("update", context, {"id": data_dict.get("id")},
                tk._("Vous n'avez pas le droit de saisir les menus de ce service."))
