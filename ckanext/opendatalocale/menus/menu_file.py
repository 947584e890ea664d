"""What a menu file says, as plain objects: dishes, products, restaurants.

A dish's allergen information has three states, and the difference matters to
a parent: ``allergen_given`` false means *not given* (« allergènes non
renseignés », whatever ``allergens`` already lists: a product of the dish may
say « lait » while the others say nothing), given with an empty set means
*none of the 14*, and ``allergen_unrecognised`` lists words of the file that
are not one of the 14 (the information is then incomplete too).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, FrozenSet, List, Optional, Tuple

COMPLETE, MISSING, PARTIAL = "complete", "missing", "partial"


def slugify(text: str) -> str:
    """ASCII slug of a restaurant name, for URLs and iCalendar feeds."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "restaurant"


@dataclass(slots=True)
class Product:
    """One row of a plats-menus-collectifs file: a product in a dish."""

    row: int
    dish_code: str
    dish_name: str
    name: str
    supplier: str = ""
    supplier_siret: str = ""
    supplier_insee: str = ""
    siqo: Tuple[str, ...] = ()
    label: str = ""
    allergens: FrozenSet[str] = frozenset()
    allergen_given: bool = False
    allergen_unrecognised: Tuple[str, ...] = ()


@dataclass(slots=True)
class MenuDish:
    """One row of a menus-collectifs file: a dish served in a meal."""

    row: int
    served_on: date
    restaurant: str
    meal: str
    dish_type: str
    name: str
    restaurant_id: str = ""
    restaurant_id_type: str = ""
    restaurant_type: str = ""
    restaurant_insee: str = ""
    guests: str = ""
    collectivite: str = ""
    collectivite_siret: str = ""
    producer: str = ""
    producer_siret: str = ""
    code: str = ""
    siqo: Tuple[str, ...] = ()
    labels: Tuple[str, ...] = ()
    precision: str = ""
    diets: Tuple[str, ...] = ()
    textures: Tuple[str, ...] = ()
    allergens: FrozenSet[str] = frozenset()  # known to be present
    allergen_given: bool = False
    allergen_unrecognised: Tuple[str, ...] = ()
    nutriscore: str = ""
    price: Optional[float] = None
    published: str = ""
    modified: str = ""
    modification_info: str = ""
    products: Tuple[Product, ...] = ()
    source: str = ""  # resource id, when several files are combined
    _as_dict: Optional[dict] = field(default=None, repr=False, compare=False)

    @property
    def restaurant_key(self) -> str:
        return slugify(self.restaurant)

    @property
    def allergen_info(self) -> str:
        """complete, missing (not given) or partial (words not recognised)."""
        if not self.allergen_given:
            return MISSING
        if self.allergen_unrecognised:
            return PARTIAL
        return COMPLETE

    @property
    def all_siqo(self) -> Tuple[str, ...]:
        """The dish's signs of quality and those of its products (composition)."""
        if not self.products:
            return self.siqo
        seen = list(self.siqo)
        for product in self.products:
            for value in product.siqo:
                if value not in seen:
                    seen.append(value)
        return tuple(seen)

    def as_dict(self) -> dict:
        """JSON-able form for the API (built once per dish: files are cached)."""
        if self._as_dict is None:
            from .vocabulary import allergen_values

            order = allergen_values()
            self._as_dict = {
                "date": self.served_on.isoformat(),
                "restaurant": self.restaurant,
                "restaurant_key": self.restaurant_key,
                "restaurant_id": self.restaurant_id or None,
                "meal": self.meal,
                "dish_type": self.dish_type,
                "name": self.name,
                "code": self.code or None,
                "guests": self.guests or None,
                "siqo": list(self.all_siqo),
                "labels": list(self.labels),
                "precision": self.precision or None,
                "diets": list(self.diets),
                "textures": list(self.textures),
                "allergens": [a for a in order if a in self.allergens],
                "allergen_info": self.allergen_info,
                "allergen_unrecognised": list(self.allergen_unrecognised),
                "nutriscore": self.nutriscore or None,
                "price": self.price,
                "products": [{"name": p.name, "supplier": p.supplier or None,
                              "siqo": list(p.siqo), "label": p.label or None}
                             for p in self.products],
                "row": self.row,
            }
        return self._as_dict


@dataclass(frozen=True)
class Restaurant:
    key: str
    name: str
    identifier: str = ""
    kind: str = ""


@dataclass
class MenuProblem:
    """Something wrong or doubtful in a menu file; ``message()`` says it in French."""

    code: str
    row: Optional[int] = None
    column: str = ""
    value: str = ""
    params: Dict[str, object] = field(default_factory=dict)
    blocking: bool = False  # the file (or the row) could not be shown at all

    def to_dict(self) -> dict:
        from .problems import echoed, message

        return {"code": self.code, "row": self.row, "column": self.column or None,
                "value": echoed(self.value) or None, "message": message(self),
                "blocking": self.blocking}


def source_problem(error, row: Optional[int] = None) -> MenuProblem:
    """A file that cannot be read (a ``scdl.csv_source.CsvSourceError``), kept as
    its code and values: parsed files are cached across visitors, so the
    sentence is written when shown, in the reader's language."""
    return MenuProblem("source", row, params={"source_code": error.code,
                                              "source_params": dict(error.params)},
                       blocking=True)


@dataclass
class MenuFile:
    """The dishes read from one or more menu files, with what went wrong."""

    dishes: List[MenuDish] = field(default_factory=list)
    problems: List[MenuProblem] = field(default_factory=list)
    rows: int = 0

    def restaurants(self) -> List[Restaurant]:
        found: Dict[str, Restaurant] = {}
        for dish in self.dishes:
            key = dish.restaurant_key
            if key not in found:
                found[key] = Restaurant(key, dish.restaurant, dish.restaurant_id,
                                        dish.restaurant_type)
        return sorted(found.values(), key=lambda r: r.name.lower())

    def extend(self, other: "MenuFile") -> None:
        self.dishes.extend(other.dishes)
        self.problems.extend(other.problems)
        self.rows += other.rows
