"""Template helpers of the territory pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import display
from . import kinds

__all__ = ["odl_indicator_value", "odl_short_date", "odl_territory_kind_label",
           "odl_territory_kinds", "odl_territory_kind_choices", "odl_referential_kind_choices"]


def odl_territory_kind_label(kind: str | None) -> str:
    """The label of a form kind (« intercommunalite ») or a referential one (« epci »)."""
    kind = kinds.FORM.get(kind, kind)
    return tk._(kinds.LABELS[kind]) if kind in kinds.LABELS else (kind or "")


def odl_territory_kinds() -> tuple:
    return kinds.VALUES


def odl_referential_kind_choices() -> list[tuple[str, str]]:
    """(referential kind, label) of the kinds the official referential knows."""
    return [(kind.referential, tk._(kind.label)) for kind in kinds.KINDS if kind.referential]


def odl_territory_kind_choices(field: dict) -> list[dict]:
    """The form's choices (scheming `choices_helper`); scheming translates the labels."""
    return [{"value": kind.value, "label": kind.label} for kind in kinds.KINDS]


def odl_indicator_value(criterion: dict) -> str:
    """A criterion's live value as a person reads it."""
    if not criterion.get("available"):
        return tk._("non disponible")
    value = criterion.get("value")
    if criterion.get("kind") == "milestone":
        return {"declared": tk._("déclaré"), "confirmed": tk._("confirmé"),
                "rejected": tk._("refusé")}.get(value, tk._("non déclaré"))
    if value is None:
        return tk._("aucune donnée")
    if isinstance(value, bool):
        return tk._("oui") if value else tk._("non")
    if criterion.get("unit") == "share":
        return display.percent(value, tk.h.lang(), share=True)
    # A median of days is a float: written the page's way (« 2,5 »), not Python's « 2.5 ».
    return display.number(value, tk.h.lang()) if isinstance(value, (int, float)) else str(value)


def odl_short_date(value: str | None) -> str:
    """ISO date or datetime as the page's language writes a short date (01/06/2025)."""
    return display.date(value, tk.h.lang(), long=False)