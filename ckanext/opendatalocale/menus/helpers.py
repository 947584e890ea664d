"""Template helpers of the menu pages."""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

from . import vocabulary
from .store import role_of

__all__ = ["odl_menu_allergen_label", "odl_menu_siqo_short", "odl_menu_diet_label",
           "odl_menu_day_label", "odl_menu_percent", "odl_menu_has_menus"]

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def odl_menu_allergen_label(value: str) -> str:
    return vocabulary.allergen_label(value)


def odl_menu_siqo_short(value: str) -> str:
    return vocabulary.siqo_short(value)


def odl_menu_diet_label(value: str) -> str:
    return tk._(vocabulary.diet_label(value))


def odl_menu_day_label(value, with_day: bool = True) -> str:
    """« lundi 15 septembre 2025 » from an ISO date."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
    text = f"{day.day} {tk._(_MONTHS[day.month - 1])} {day.year}"
    return f"{tk._(_DAYS[day.weekday()])} {text}" if with_day else text


def odl_menu_percent(share) -> str:
    """0.4231 → « 42 % »; '–' when there is nothing to divide."""
    if share is None:
        return "–"
    return f"{round(share * 100):d}\u202f%"


def odl_menu_has_menus(dataset: dict) -> bool:
    return any(role_of(r) == "menus" for r in dataset.get("resources") or [])
