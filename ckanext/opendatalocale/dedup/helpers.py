"""Template helpers of the dedup plugin: the notice on a dataset page."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_duplicate_notice"]


def odl_duplicate_notice(package: dict) -> dict | None:
    """What the dataset page says about duplicates to this visitor, or None.

    Open clusters are for those who may edit the dataset (they are the ones to act),
    and name only the other datasets they may read; "remplacé par" is for everyone
    who reads the page."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        status = tk.get_action("odl_duplicate_status")(context, {"id": package["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None
    if not tk.h.check_access("package_update", {"id": package["id"]}):
        status["clusters"] = []
    if not status["clusters"] and not status["superseded"]:
        return None
    return status
