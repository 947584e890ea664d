"""Template helpers of the harvest plugin (opendatalocale_harvest)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_territory_harvest_sources", "odl_harvest_status_label"]

_STATUS = {"New": "En attente", "Running": "En cours", "Finished": "Terminé"}


def odl_territory_harvest_sources(territory_id: str):
    """The territory's harvest sources for its editors and admins; None for everyone
    else (run errors name internal addresses and are the territory's working list)."""
    if not tk.current_user.is_authenticated:
        return None
    try:
        return tk.get_action("odl_territory_harvest_sources")(
            {"user": tk.current_user.name}, {"id": territory_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def odl_harvest_status_label(status: str) -> str:
    return tk._(_STATUS.get(status or "", status or ""))
