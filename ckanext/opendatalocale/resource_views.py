"""A suite view added to a resource that can show it: CKAN adds only the views named in
ckan.views.default_views, and those to every resource alike."""
from __future__ import annotations

import logging
from typing import Callable

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def ensure(context: dict, resource: dict, view_type: str, title: str,
           can_view: Callable[[dict], bool], first: bool = False) -> None:
    """Create the view once (`first`: shown before the resource's other views, which
    the resource page opens with); a view is a convenience: it never fails the upload."""
    if not can_view({"resource": resource}):
        return
    try:
        views = tk.get_action("resource_view_list")({"ignore_auth": True}, {"id": resource["id"]})
        if not any(v.get("view_type") == view_type for v in views):
            views.append(tk.get_action("resource_view_create")(
                {"ignore_auth": True, "user": context.get("user")},
                {"resource_id": resource["id"], "view_type": view_type, "title": title}))
        if first and views[0].get("view_type") != view_type:
            order = sorted(views, key=lambda v: v.get("view_type") != view_type)
            tk.get_action("resource_view_reorder")(
                {"ignore_auth": True, "user": context.get("user")},
                {"id": resource["id"], "order": [v["id"] for v in order]})
    except Exception:
        log.exception("Vue %s non créée pour la ressource %s", view_type, resource.get("id"))
