"""Template helpers of the menu pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import display
from . import vocabulary, week
from .store import role_of

__all__ = ["odl_menu_allergen_label", "odl_menu_siqo_short", "odl_menu_diet_label",
           "odl_menu_day_label", "odl_menu_period_label", "odl_menu_percent", "odl_menu_has_menus"]


def odl_menu_allergen_label(value: str) -> str:
    return vocabulary.allergen_label(value)


def odl_menu_siqo_short(value: str) -> str:
    return vocabulary.siqo_short(value)


def odl_menu_diet_label(value: str) -> str:
    return tk._(vocabulary.diet_label(value))


def odl_menu_day_label(value, with_day: bool = True) -> str:
    """« lundi 15 septembre 2025 » / "Monday, September 15, 2025" from an ISO date."""
    return display.date(value, tk.h.lang(), weekday=with_day)


def odl_menu_period_label(key: str) -> str:
    """An indicator's period (``2025-W38`` or ``2025-09``) in words; the key as is otherwise."""
    text = str(key or "")
    monday = week.parse_week(text) if "W" in text else None
    if monday is not None:
        return tk._("semaine du %(start)s") % {"start": odl_menu_day_label(monday, with_day=False)}
    year, _, month_number = text.partition("-")
    if year.isdigit() and month_number.isdigit() and 1 <= int(month_number) <= 12:
        return display.month(int(year), int(month_number), tk.h.lang())
    return text


def odl_menu_percent(share) -> str:
    """0.4231 → « 42 % »; '–' when there is nothing to divide."""
    return display.percent(share, tk.h.lang(), share=True)


def odl_menu_has_menus(dataset: dict) -> bool:
    return any(role_of(r) == "menus" for r in dataset.get("resources") or [])
