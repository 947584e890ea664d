"""The « Menus de la semaine » resource view of a menus file (IResourceView)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import resource_views
from .store import role_of

VIEW_TYPE = "odl_menu_view"


def info() -> dict:
    return {"name": VIEW_TYPE, "title": tk._("Menus de la semaine"),
            "default_title": tk._("Menus de la semaine"), "icon": "calendar",
            "iframed": False, "always_available": False}


def can_view(data_dict: dict) -> bool:
    return role_of(data_dict.get("resource") or {}) == "menus"


def template_variables(context: dict, data_dict: dict) -> dict:
    """The current week of the first restaurant; a French explanation when the
    file cannot be shown, never an error page."""
    resource = data_dict["resource"]
    try:
        week = tk.get_action("odl_menu_week_show")(
            {"user": context.get("user")},
            {"resource_id": resource["id"], **({"restaurant": tk.request.args["restaurant"]}
                                               if tk.request and tk.request.args.get("restaurant") else {})})
    except (tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized) as error:
        return {"week": None, "reason": str(error)}
    return {"week": week, "reason": None}


def ensure_view(context: dict, resource: dict) -> None:
    """Add the view to a new menus resource (CKAN only adds ckan.views.default_views)."""
    # first: a menu file's page opens on its week, not on the table preview
    resource_views.ensure(context, resource, VIEW_TYPE, tk._("Menus de la semaine"), can_view,
                          first=True)
