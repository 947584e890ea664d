"""Weeks of menus: the calendar a page shows, and the index searches run on.

``MenuIndex`` is built once per set of files (the CKAN layer caches it) and
answers "this restaurant, this week" and "these dates" without scanning the
whole year.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..scdl.i18n import _
from .filtering import AllergenFilter, DishVerdict
from .menu_file import MenuDish, Restaurant
from .vocabulary import MAIN_DISH, VEGETARIAN

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Menus are served in these years. Bounding every date a user or a file gives
# keeps week arithmetic (previous and next weeks, an event's end the next day)
# far from date.min and date.max, where Python raises OverflowError.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class DateOutOfRange(ValueError):
    """A readable date outside FIRST_YEAR..LAST_YEAR; str() is a French sentence."""

    def __init__(self, text: str):
        super().__init__(_("« {value} » est hors des années {first} à {last} : vérifiez "
                           "l'année.").format(value=text, first=FIRST_YEAR, last=LAST_YEAR))


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def bounded(day: date, text: str = "") -> date:
    """``day`` itself, or DateOutOfRange when its year is outside the bounds."""
    if not in_range(day):
        raise DateOutOfRange(text or day.isoformat())
    return day


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def read_week(text: str) -> date:
    """Monday of ``2025-W38`` or of the week holding ``2025-09-17``.

    ValueError when unreadable, DateOutOfRange (a ValueError) when the year is
    outside the bounds."""
    text = text.strip()
    if len(text) > 32:
        raise ValueError(text)
    if "W" in text.upper():
        year, week = text.upper().split("-W")
        year_number = int(year)
        if not FIRST_YEAR <= year_number <= LAST_YEAR:
            raise DateOutOfRange(text)
        return date.fromisocalendar(year_number, int(week), 1)
    return monday_of(bounded(date.fromisoformat(text), text))


def parse_week(text: Optional[str]) -> Optional[date]:
    """Monday of ``2025-W38`` or of the week holding ``2025-09-17``; None if
    unreadable or outside the years menus are served in."""
    if not text:
        return None
    try:
        return read_week(str(text))
    except (ValueError, TypeError):
        return None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _order(values: Sequence[str]) -> Dict[str, int]:
    return {value: index for index, value in enumerate(values)}


_MEAL_ORDER = _order(("petit-déjeuner", "collation", "déjeuner", "goûter", "dîner",
                      "pique-nique", "autre"))
_TYPE_ORDER = _order(("entrée", "plat principal", "garniture", "produit laitier", "dessert",
                      "pain", "autre"))


def dish_sort_key(dish: MenuDish):
    return (dish.served_on, _MEAL_ORDER.get(dish.meal, 99), dish.guests,
            _TYPE_ORDER.get(dish.dish_type, 99), dish.row)


def is_vegetarian_meal(dishes: List[MenuDish]) -> bool:
    """A vegetarian menu: it has a main dish and every dish is marked
    « végétarien » (a dish saying nothing may hold meat or fish)."""
    return (any(d.dish_type == MAIN_DISH for d in dishes)
            and all(VEGETARIAN in d.diets for d in dishes))


@dataclass
class Meal:
    served_on: date
    meal: str
    guests: str
    verdicts: List[DishVerdict]

    @property
    def vegetarian(self) -> bool:
        return is_vegetarian_meal([v.dish for v in self.verdicts])


@dataclass
class Day:
    served_on: date
    meals: List[Meal] = field(default_factory=list)

    @property
    def name(self) -> str:
        return DAY_NAMES[self.served_on.weekday()]


@dataclass
class Week:
    monday: date
    restaurant: Optional[Restaurant]
    days: List[Day]
    previous: Optional[date]
    next: Optional[date]

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def dish_count(self) -> int:
        return sum(len(m.verdicts) for d in self.days for m in d.meals)


class MenuIndex:
    """Dishes by restaurant and week, plus a date-sorted list for searches."""

    def __init__(self, dishes: Iterable[MenuDish]):
        self.dishes: List[MenuDish] = sorted(dishes, key=dish_sort_key)
        self.dates: List[date] = [d.served_on for d in self.dishes]
        self.by_week: Dict[Tuple[str, date], List[MenuDish]] = {}
        self.restaurants: Dict[str, Restaurant] = {}
        for dish in self.dishes:
            key = dish.restaurant_key
            if key not in self.restaurants:
                self.restaurants[key] = Restaurant(key, dish.restaurant, dish.restaurant_id,
                                                   dish.restaurant_type)
            self.by_week.setdefault((key, monday_of(dish.served_on)), []).append(dish)
        self.weeks: Dict[str, List[date]] = {}
        for key, monday in sorted(self.by_week):
            self.weeks.setdefault(key, []).append(monday)

    def restaurant_list(self) -> List[Restaurant]:
        return sorted(self.restaurants.values(), key=lambda r: r.name.lower())

    def default_week(self, restaurant_key: str, today: date) -> Optional[date]:
        """This week if it has menus, else the next one that has, else the last."""
        weeks = self.weeks.get(restaurant_key) or []
        if not weeks:
            return None
        monday = monday_of(today)
        position = bisect.bisect_left(weeks, monday)
        return weeks[position] if position < len(weeks) else weeks[-1]

    def week(self, restaurant_key: str, monday: date,
             allergen_filter: Optional[AllergenFilter] = None) -> Week:
        allergen_filter = allergen_filter or AllergenFilter()
        dishes = self.by_week.get((restaurant_key, monday), [])
        days: Dict[date, Day] = {}
        meals: Dict[tuple, Meal] = {}
        for dish in dishes:
            day = days.get(dish.served_on)
            if day is None:
                day = days[dish.served_on] = Day(dish.served_on)
            key = (dish.served_on, dish.meal, dish.guests)
            meal = meals.get(key)
            if meal is None:
                meal = meals[key] = Meal(dish.served_on, dish.meal, dish.guests, [])
                day.meals.append(meal)
            meal.verdicts.append(allergen_filter.judge(dish))
        weeks = self.weeks.get(restaurant_key) or []
        position = bisect.bisect_left(weeks, monday)
        previous = weeks[position - 1] if position > 0 else None
        following = position + 1 if position < len(weeks) and weeks[position] == monday else position
        return Week(monday, self.restaurants.get(restaurant_key),
                    [days[d] for d in sorted(days)], previous,
                    weeks[following] if following < len(weeks) else None)

    def search(self, *, restaurant_key: Optional[str] = None, start: Optional[date] = None,
               end: Optional[date] = None, meal: Optional[str] = None) -> List[MenuDish]:
        """Dishes between two dates (inclusive), by bisection on the sorted dates."""
        low = bisect.bisect_left(self.dates, start) if start else 0
        high = bisect.bisect_right(self.dates, end) if end else len(self.dates)
        found = self.dishes[low:high]
        if restaurant_key:
            found = [d for d in found if d.restaurant_key == restaurant_key]
        if meal:
            found = [d for d in found if d.meal == meal]
        return found

