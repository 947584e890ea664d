"""Template helpers shared by the suite's plugins."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["odl_territory_kind_label", "odl_format_population"]

TERRITORY_KINDS = {
    "commune": "Commune",
    "intercommunalite": "Intercommunalité",
    "departement": "Département",
    "region": "Région",
    "syndicat": "Syndicat",
    "autre": "Autre",
}


def odl_territory_kind_label(kind: str | None) -> str:
    return tk._(TERRITORY_KINDS.get(kind or "", kind or ""))


def odl_format_population(population: Any) -> str:
    """French digit grouping with a narrow no-break space: 172 565."""
    try:
        return f"{int(population):,}".replace(",", "\u202f")
    except (TypeError, ValueError):
        return ""
