"""The « Menus de la semaine » resource view of a menus file (IResourceView)."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

from .store import role_of

log = logging.getLogger(__name__)

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
    if not can_view({"resource": resource}):
        return
    try:
        views = tk.get_action("resource_view_list")({"ignore_auth": True}, {"id": resource["id"]})
        if any(v.get("view_type") == VIEW_TYPE for v in views):
            return
        tk.get_action("resource_view_create")(
            {"ignore_auth": True, "user": context.get("user")},
            {"resource_id": resource["id"], "view_type": VIEW_TYPE,
             "title": tk._("Menus de la semaine")})
    except Exception:  # a view is a convenience: never fail the upload for it
        log.exception("Vue des menus non créée pour la ressource %s", resource.get("id"))
