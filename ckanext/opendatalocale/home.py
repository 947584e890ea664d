"""What the platform's home page shows, one helper per block of `home/index.html`.

Each block asks for its own figures, so a platform that overrides a block also
drops its cost. The capabilities (territories, menus, engagement) are separate
plugins that the core must not import: their actions are called by name and a
block is left out when its plugin is not enabled or its figures are not public.
"""
from __future__ import annotations

import datetime
import threading
import time
from typing import Any, Optional

import ckan.plugins.toolkit as tk

__all__ = ["odl_home_latest_datasets", "odl_home_funnel", "odl_home_canteen_weeks",
           "odl_home_data_requests"]

LATEST_DATASETS = 6
CANTEEN_WEEKS = 3
DATA_REQUESTS = 5
# Moderated requests still waiting for their answer (engagement's request_states).
_OPEN_REQUEST_STATES = ("acceptee", "en_cours")


def _action(name: str):
    try:
        return tk.get_action(name)
    except KeyError:
        return None


def _context() -> dict:
    # The visitor's own rights: a page never reads more than its reader may.
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _public(action_name: str, data_dict: dict) -> Optional[Any]:
    action = _action(action_name)
    if action is None:
        return None
    try:
        return action(_context(), data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def odl_home_latest_datasets(limit: int = LATEST_DATASETS) -> list[dict]:
    """The latest public datasets, newest first; private ones never, whoever reads."""
    found = _public("package_search", {"include_private": False, "rows": limit,
                                        "sort": "metadata_modified desc"})
    return found["results"] if found else []


# The funnel grows with the number of territories (every indicator of every one):
# one computation per web process every few minutes, by language, whoever asks.
_funnel_cache: dict[str, tuple[float, Optional[dict]]] = {}
_funnel_lock = threading.Lock()


def odl_home_funnel() -> Optional[dict]:
    """Territories per phase reached, or None when the territories plugin is off or
    the site keeps progress for members (checked for each visitor)."""
    if _action("odl_territory_progress_list") is None:
        return None
    try:
        tk.check_access("odl_territory_progress_list", _context(), {})
    except tk.NotAuthorized:
        return None
    seconds = tk.config.get("ckanext.opendatalocale.home.funnel_seconds")
    language = tk.h.lang() or ""
    cached = _funnel_cache.get(language)
    if seconds and cached and cached[0] > time.monotonic():
        return cached[1]
    with _funnel_lock:
        listing = _public("odl_territory_progress_list", {"limit": 1})
        funnel = ({"total": listing["total"], "phases": listing["phases"],
                   "funnel": listing["funnel"]} if listing and listing.get("total") else None)
        _funnel_cache[language] = (time.monotonic() + (seconds or 0), funnel)
    return funnel


def odl_home_canteen_weeks(limit: int = CANTEEN_WEEKS) -> list[dict]:
    """This week's menus of the latest canteen services that publish one."""
    if _action("odl_menu_week_show") is None:
        return []
    canteens = _public("package_search", {"fq": "dataset_type:cantine", "include_private": False,
                                          "sort": "metadata_modified desc", "rows": limit})
    weeks = []
    today = datetime.date.today().isoformat()
    for canteen in (canteens or {}).get("results", []):
        week = _public("odl_menu_week_show", {"id": canteen["id"], "week": today})
        if week and week.get("dish_count"):
            weeks.append({"dataset": canteen, "week": week})
    return weeks


def odl_home_data_requests(limit: int = DATA_REQUESTS) -> Optional[list[dict]]:
    """The most supported open data requests; None when the engagement plugin is off."""
    if _action("odl_data_request_list") is None:
        return None
    shown: list[dict] = []
    for state in _OPEN_REQUEST_STATES:
        found = _public("odl_data_request_list", {"state": state, "sort": "votes", "limit": limit})
        shown.extend((found or {}).get("results", []))
    shown.sort(key=lambda request: request["created"] or "", reverse=True)
    shown.sort(key=lambda request: request["vote_count"], reverse=True)
    return shown[:limit]
