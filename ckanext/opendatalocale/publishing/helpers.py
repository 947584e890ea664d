"""Template helpers of the publishing plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import inventory


def odl_inventory_summary(territory_id: str):
    """The inventory figures of the territory's dashboard, for its members; None for
    everyone else (the inventory is the territory's own working list)."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    if not context["user"]:
        return None
    try:
        return tk.get_action("odl_inventory_summary")(context, {"territory": territory_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def odl_inventory_status_label(status: str) -> str:
    return tk._(inventory.STATUS_LABELS.get(status, status))


def odl_inventory_priority_label(priority: str) -> str:
    return tk._(inventory.PRIORITY_LABELS.get(priority, priority))


def odl_inventory_blocker_label(blocker) -> str:
    return tk._(inventory.BLOCKER_LABELS[blocker]) if blocker in inventory.BLOCKER_LABELS else ""
