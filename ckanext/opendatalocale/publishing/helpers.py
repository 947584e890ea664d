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


def odl_quality_sort() -> str:
    """The search sort of "Qualité": the best score first."""
    from . import quality_store
    return quality_store.SORT


def odl_quality_of(dataset: dict):
    """The dataset's quality score as this visitor may see it (the advice only for its
    editors, by odl_quality_show); None when the score cannot be read."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        return tk.get_action("odl_quality_show")(context, {"id": dataset["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def odl_territory_quality(territory_id: str):
    """The territory's average quality score and European (MQA) points over its public
    datasets, for the dashboard: {"score": x of 10, "mqa": y of 405, "rating": ...}."""
    from . import quality, quality_mqa, quality_store
    score = quality_store.territory_averages([territory_id]).get(territory_id)
    mqa = quality_store.territory_mqa_averages([territory_id]).get(territory_id)
    if score is None and mqa is None:
        return None
    return {"score": score, "max_score": quality.MAX_SCORE, "mqa": mqa,
            "mqa_max": quality_mqa.MAX_POINTS,
            "rating_label": tk._(quality_mqa.RATING_LABELS[quality_mqa.rating(mqa)])
            if mqa is not None else None}
