"""The allergen and diet filter a parent can trust.

A dish is declared *safe* for a set of excluded allergens only when its
allergen information is given, complete (every word recognised) and names
none of them. A dish whose information is missing or incomplete is
« allergènes non renseignés », never safe -- even if the part that is known
looks harmless. A property-based test (tests/menus/test_filter_property.py)
holds this module to that promise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import FrozenSet, Iterable, List, Optional, Tuple

from .menu_file import COMPLETE, MenuDish
from .vocabulary import allergen_values, canonical, diets

SAFE = "safe"  # complete information, none of the excluded allergens
CONTAINS = "contains"  # names at least one excluded allergen
UNKNOWN = "unknown"  # information missing or incomplete: not safe
NOT_FILTERED = "not-filtered"  # no allergen excluded: no claim is made


class FilterError(ValueError):
    """An excluded allergen or a diet that is not in the published lists."""

    def __init__(self, kind: str, value: str):
        self.kind, self.value = kind, value
        super().__init__(f"{kind}: {value}")


@dataclass(slots=True)
class DishVerdict:
    dish: MenuDish
    allergen: str  # SAFE, CONTAINS, UNKNOWN or NOT_FILTERED
    contains: Tuple[str, ...] = ()  # excluded allergens the dish names
    diet_ok: Optional[bool] = None  # None when no diet is asked

    @property
    def shown_as_safe(self) -> bool:
        return self.allergen == SAFE and self.diet_ok is not False

    @property
    def kept(self) -> bool:
        """Kept when the page hides what does not fit (unknown is kept, flagged)."""
        return self.allergen != CONTAINS and self.diet_ok is not False


# A diet that another one implies: a vegetarian dish has no pork in it.
_IMPLIED_BY = {"sans porc": ("végétarien",)}


def _meets_diet(wanted: str, dish_diets) -> bool:
    if wanted in dish_diets:
        return True
    return any(diet in dish_diets for diet in _IMPLIED_BY.get(wanted.strip(), ()))


@dataclass(frozen=True)
class AllergenFilter:
    excluded: FrozenSet[str] = field(default_factory=frozenset)
    diet: Optional[str] = None

    @classmethod
    def parse(cls, excluded: Iterable[str] = (), diet: Optional[str] = None) -> "AllergenFilter":
        """From request values; spellings are mapped to the published values.

        Raises FilterError for a value that is not one of the lists.
        """
        chosen = set()
        for value in excluded or ():
            for part in str(value).split(","):
                if not part.strip():
                    continue
                found = canonical("menuPlatAllergene", part.strip())
                if found is None:
                    raise FilterError("allergen", part.strip())
                chosen.add(found)
        wanted_diet = None
        if diet and str(diet).strip():
            wanted_diet = canonical("menuPlatRegime", str(diet))
            if wanted_diet is None:
                raise FilterError("diet", str(diet))
        return cls(frozenset(chosen), wanted_diet)

    @property
    def active(self) -> bool:
        return bool(self.excluded) or self.diet is not None

    def judge(self, dish: MenuDish) -> DishVerdict:
        diet_ok = None if self.diet is None else _meets_diet(self.diet, dish.diets)
        if not self.excluded:
            return DishVerdict(dish, NOT_FILTERED, (), diet_ok)
        hit = dish.allergens & self.excluded
        if hit:
            return DishVerdict(dish, CONTAINS, tuple(a for a in allergen_values() if a in hit), diet_ok)
        if dish.allergen_info != COMPLETE:
            return DishVerdict(dish, UNKNOWN, (), diet_ok)
        return DishVerdict(dish, SAFE, (), diet_ok)

    def apply(self, dishes: Iterable[MenuDish]) -> List[DishVerdict]:
        return [self.judge(dish) for dish in dishes]

    def query_args(self) -> dict:
        args = {}
        if self.excluded:
            args["exclure"] = [a for a in allergen_values() if a in self.excluded]
        if self.diet:
            args["regime"] = self.diet
        return args


def diet_choices() -> Tuple[str, ...]:
    return diets()
