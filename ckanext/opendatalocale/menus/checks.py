"""Consistency of menu files with their canteen service.

The validator says whether a file follows the schema; these checks say
whether it fits the service it is published in: dates inside the declared
period, restaurants that the service lists, no dish entered twice.
"""
from __future__ import annotations

from datetime import date
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .menu_file import MenuDish, MenuProblem, slugify

MAX_LISTED = 20  # per kind of problem; the count is always exact


def dates_outside_period(dishes: Iterable[MenuDish], start: Optional[date],
                         end: Optional[date]) -> List[MenuProblem]:
    """One problem per date outside [start, end] (with its first row)."""
    if start is None and end is None:
        return []
    seen: Dict[date, int] = {}
    for dish in dishes:
        day = dish.served_on
        if (start and day < start) or (end and day > end):
            seen.setdefault(day, dish.row)
    return [MenuProblem("outside-period", row, "menuDate", day.isoformat(),
                        {"start": start.isoformat() if start else "",
                         "end": end.isoformat() if end else ""})
            for day, row in sorted(seen.items())]


def restaurant_keys(restaurants: Sequence[dict]) -> Tuple[set, set]:
    """(name slugs, identifiers) of the restaurants a service declares."""
    names = {slugify(r.get("nom") or r.get("name") or "") for r in restaurants or ()}
    identifiers = {str(r.get("identifiant") or "").replace(" ", "")
                   for r in restaurants or () if r.get("identifiant")}
    return names - {"restaurant"}, identifiers


def unknown_restaurants(dishes: Iterable[MenuDish], restaurants: Sequence[dict]
                        ) -> List[MenuProblem]:
    """Restaurants of the file that the service does not list (by name or id).

    A service that lists no restaurant yet accepts any.
    """
    names, identifiers = restaurant_keys(restaurants)
    if not names and not identifiers:
        return []
    unknown: Dict[str, int] = {}
    for dish in dishes:
        if dish.restaurant_id and dish.restaurant_id.replace(" ", "") in identifiers:
            continue
        if dish.restaurant_key in names:
            continue
        unknown.setdefault(dish.restaurant, dish.row)
    return [MenuProblem("unknown-restaurant", row, "menuRestaurantNom", name)
            for name, row in unknown.items()]


def duplicate_dishes(dishes: Iterable[MenuDish]) -> List[MenuProblem]:
    """The same dish twice in one meal (restaurant, date, meal, guests, type, name)."""
    first: Dict[tuple, int] = {}
    problems: List[MenuProblem] = []
    for dish in dishes:
        key = (dish.restaurant_key, dish.served_on, dish.meal, dish.guests.lower(),
               dish.dish_type, dish.name.strip().lower(), tuple(dish.textures))
        row = first.get(key)
        if row is None:
            first[key] = dish.row
        else:
            problems.append(MenuProblem("duplicate-dish", dish.row, "menuPlatNom", dish.name,
                                        {"first_row": row, "date": dish.served_on.isoformat(),
                                         "restaurant": dish.restaurant}))
    return problems


def check_service(dishes: List[MenuDish], *, start: Optional[date] = None,
                  end: Optional[date] = None, restaurants: Sequence[dict] = ()
                  ) -> List[MenuProblem]:
    return (dates_outside_period(dishes, start, end)
            + unknown_restaurants(dishes, restaurants)
            + duplicate_dishes(dishes))


def summarise(problems: Iterable[MenuProblem], limit: int = MAX_LISTED) -> List[dict]:
    """Problems grouped by kind for a page: exact count, first few messages."""
    from .problems import kind_title, message

    groups: Dict[str, dict] = {}
    for problem in problems:
        group = groups.get(problem.code)
        if group is None:
            group = groups[problem.code] = {"code": problem.code, "title": kind_title(problem.code),
                                            "count": 0, "messages": [],
                                            "blocking": False}
        group["count"] += 1
        group["blocking"] = group["blocking"] or problem.blocking
        if len(group["messages"]) < limit:
            group["messages"].append(message(problem))
    return sorted(groups.values(), key=lambda g: (not g["blocking"], -g["count"]))
