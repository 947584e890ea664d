"""Menu indicators, each saying what it measures.

These are *dish counts*: the share of dishes carrying a label is not the
EGalim figure, whose thresholds are on purchase value (see ``purchases.py``).
Every indicator carries its own French label and a ``measure`` sentence that
pages print beside the figure, so a dish share is never read as an EGalim
share. Figures are computed once and kept across visitors; the words are added
per request (``labelled``), in each visitor's language.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Dict, Iterable, List

from ..scdl.i18n import _
from .menu_file import COMPLETE, MISSING, MenuDish
from .vocabulary import MAIN_DISH, ORGANIC, VEGETARIAN, allergen_label, allergens
from .week import is_vegetarian_meal, monday_of, week_label


def _share(part: int, whole: int):
    return round(part / whole, 4) if whole else None


def _period_key(day: date, period: str) -> str:
    if period == "week":
        return week_label(monday_of(day))
    return f"{day.year}-{day.month:02d}"


def label_shares(dishes: Iterable[MenuDish], period: str = "week") -> List[dict]:
    """Per week (``2025-W38``) or month (``2025-09``): dishes, share organic, share SIQO."""
    counts: Dict[str, List[int]] = OrderedDict()
    for dish in sorted(dishes, key=lambda d: d.served_on):
        key = _period_key(dish.served_on, period)
        bucket = counts.setdefault(key, [0, 0, 0])
        siqo = dish.all_siqo
        bucket[0] += 1
        if ORGANIC in siqo:
            bucket[1] += 1
        if siqo:
            bucket[2] += 1
    return [{"period": key, "dishes": total, "organic_dishes": organic,
             "organic_share": _share(organic, total), "siqo_dishes": siqo,
             "siqo_share": _share(siqo, total)}
            for key, (total, organic, siqo) in counts.items()]


def vegetarian_meals(dishes: Iterable[MenuDish]) -> List[dict]:
    """Per week and restaurant: meals served, vegetarian menus (every dish
    marked « végétarien »), and meals offering a vegetarian main dish."""
    meals: Dict[tuple, List[MenuDish]] = {}
    for dish in dishes:
        meals.setdefault((dish.restaurant, dish.served_on, dish.meal, dish.guests), []).append(dish)
    weeks: Dict[tuple, List[int]] = {}
    for (restaurant, day, _meal, _guests), served in meals.items():
        bucket = weeks.setdefault((week_label(monday_of(day)), restaurant), [0, 0, 0])
        bucket[0] += 1
        bucket[1] += is_vegetarian_meal(served)
        bucket[2] += any(d.dish_type == MAIN_DISH and VEGETARIAN in d.diets for d in served)
    return [{"week": week, "restaurant": restaurant, "meals": total,
             "vegetarian_meals": whole, "meals_with_vegetarian_option": option}
            for (week, restaurant), (total, whole, option) in sorted(weeks.items())]


def allergen_frequency(dishes: Iterable[MenuDish]) -> dict:
    """How often each of the 14 allergens appears, among dishes whose
    allergen information is given, and how many dishes lack it."""
    return with_allergen_labels(allergen_counts(dishes))


def with_allergen_labels(counts: dict) -> dict:
    """``allergen_counts`` with each allergen's label in the reader's language."""
    return dict(counts, allergens=[dict(row, label=allergen_label(row["allergen"]))
                                   for row in counts["allergens"]])


def allergen_counts(dishes: Iterable[MenuDish]) -> dict:
    """``allergen_frequency`` without words: what may be kept across visitors."""
    total = given = missing = 0
    counts = {a.value: 0 for a in allergens()}
    for dish in dishes:
        total += 1
        if dish.allergen_info == MISSING:
            missing += 1
        if dish.allergen_info == COMPLETE:
            given += 1
        for value in dish.allergens:
            counts[value] += 1
    return {
        "dishes": total,
        "dishes_with_allergen_info": given,
        "dishes_without_allergen_info": missing,
        "allergens": [{"allergen": a.value,
                       "dishes": counts[a.value], "share": _share(counts[a.value], given)}
                      for a in allergens()],
    }


def measures() -> Dict[str, str]:
    """What each indicator measures, printed beside it."""
    return {
        "label_shares": _(
            "Part des plats servis (en nombre de plats, pas en valeur d'achat) portant le "
            "label bio ou un signe officiel de qualité (SIQO : bio, Label Rouge, AOP/AOC, "
            "IGP, STG), d'après la colonne menuPlatSiqo et la composition des plats. Ce n'est "
            "pas l'indicateur EGalim, qui porte sur la valeur des achats."),
        "vegetarian_meals": _(
            "Menus végétariens (tous les plats du repas marqués « végétarien » : un plat "
            "sans mention peut contenir viande ou poisson), et repas proposant au moins un "
            "plat principal végétarien, par semaine et par restaurant."),
        "allergen_frequency": _(
            "Nombre de plats contenant chacun des 14 allergènes réglementaires ; la part est "
            "calculée sur les plats dont les allergènes sont renseignés."),
        "egalim": _(
            "Parts de la valeur hors taxes des achats alimentaires (fichier d'achats au modèle "
            "ma-cantine) : produits durables et de qualité (objectif 50 %), dont bio "
            "(objectif 20 %), et pour les viandes et poissons (objectif 60 %)."),
    }


def menu_figures(dishes: List[MenuDish]) -> dict:
    """The indicators' figures only, free of any language: computed once per
    set of files and kept for every visitor (``labelled`` adds the words)."""
    return {
        "weekly": label_shares(dishes, "week"),
        "monthly": label_shares(dishes, "month"),
        "vegetarian": vegetarian_meals(dishes),
        "allergens": allergen_counts(dishes),
    }


def labelled(figures: dict) -> dict:
    """``menu_figures`` with labels and measures in the reader's language."""
    return dict(figures, allergens=with_allergen_labels(figures["allergens"]),
                measures=measures())


def menu_indicators(dishes: List[MenuDish]) -> dict:
    return labelled(menu_figures(dishes))
