"""Writing menus entered in the form as a scdl/menus-collectifs file.

Rows are written in the schema's column order with array fields as JSON
(``["lait","oeufs"]``, the published enum values verbatim, "sans porc "
with its trailing space). Saving a week replaces that restaurant's rows for
those dates and that meal, and keeps every other row of the file as it was,
unknown columns included. A round-trip test validates the output with the
suite's validator. Cells that spreadsheets would run as formulas are written
as text (``csv_cells``).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Dict, List, Optional, Sequence, Tuple

from ..csv_cells import neutralise_row
from ..scdl.csv_source import CsvSource
from .menu_file import MenuDish, slugify
from .vocabulary import MAIN_DISH, allergen_values, menu_field_names

DEFAULT_TEXTURE = "sans texture modifiée"
DEFAULT_GUESTS = "tous"
DEFAULT_MEAL = "déjeuner"
# The usual French school lunch, offered as empty lines in the form.
LUNCH_COURSES = ("entrée", MAIN_DISH, "garniture", "produit laitier", "dessert")


@dataclass
class DishEntry:
    served_on: date
    dish_type: str
    name: str
    siqo: Sequence[str] = ()
    diets: Sequence[str] = ()
    allergens: Optional[Sequence[str]] = None  # None: not known (« non renseignés »)
    textures: Sequence[str] = (DEFAULT_TEXTURE,)
    label: str = ""
    nutriscore: str = ""
    price: Optional[float] = None


@dataclass
class Service:
    """What the canteen-service dataset says, repeated on every row."""

    collectivite: str
    collectivite_siret: str
    producer: str = ""
    producer_siret: str = ""


@dataclass
class RestaurantEntry:
    name: str
    identifier: str = ""
    identifier_type: str = "sans"
    kind: str = "élémentaire"
    insee: str = ""

    @classmethod
    def from_service(cls, declared: dict) -> "RestaurantEntry":
        identifier = (declared.get("identifiant") or "").replace(" ", "")
        return cls(name=declared.get("nom") or "", identifier=identifier,
                   identifier_type=declared.get("type_identifiant") or ("autre" if identifier else "sans"),
                   kind=declared.get("type_restaurant") or "autre",
                   insee=declared.get("insee") or "")


@dataclass
class WeekEntry:
    service: Service
    restaurant: RestaurantEntry
    monday: date
    dishes: List[DishEntry] = field(default_factory=list)
    meal: str = DEFAULT_MEAL
    guests: str = DEFAULT_GUESTS

    @property
    def dates(self) -> List[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]


def _array(values: Optional[Sequence[str]], order: Optional[Sequence[str]] = None) -> str:
    if values is None:
        return ""
    values = list(dict.fromkeys(values))
    if order is not None:
        values = [v for v in order if v in values] + [v for v in values if v not in order]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_rows(entry: WeekEntry, *, published: Optional[str] = None,
               now: Optional[datetime] = None) -> List[Dict[str, str]]:
    """The rows of a week, as {column: text}."""
    stamp = _timestamp(now or datetime.now(timezone.utc))
    rows = []
    for dish in sorted(entry.dishes, key=lambda d: d.served_on):
        rows.append({
            "menuCollNom": entry.service.collectivite,
            "menuCollSiret": entry.service.collectivite_siret,
            "menuEtablissementNom": entry.service.producer or entry.service.collectivite,
            "menuEtablissementSiret": entry.service.producer_siret,
            "menuRestaurantNom": entry.restaurant.name,
            "menuRestaurantInsee": entry.restaurant.insee,
            "menuRestaurantId": entry.restaurant.identifier,
            "menuRestaurantIdType": entry.restaurant.identifier_type,
            "menuRestaurantType": entry.restaurant.kind,
            "menuRestaurantConvive": entry.guests,
            "menuDate": dish.served_on.isoformat(),
            "menuRepasType": entry.meal,
            "menuPlatType": dish.dish_type,
            "menuPlatNom": dish.name.strip(),
            "menuPlatCode": "",
            "menuPlatSiqo": _array(list(dish.siqo)) if dish.siqo else "",
            "menuPlatLabel": dish.label.strip(),
            "menuPlatPrecision": "",
            "menuPlatRegime": _array(list(dish.diets)) if dish.diets else "",
            "menuPlatAllergene": _array(dish.allergens, allergen_values()),
            "menuPlatTexture": _array(list(dish.textures) or [DEFAULT_TEXTURE]),
            "menuPlatNutriscore": dish.nutriscore,
            "menuPlatPrix": "" if dish.price is None else f"{dish.price:g}",
            "menuPublicationDate": published or stamp,
            "menuModificationDate": stamp if published else "",
            "menuModificationInfo": "",
        })
    return rows


def read_rows(source) -> Tuple[List[str], List[Dict[str, str]]]:
    """(labels, rows as dicts) of an existing file, through the suite's reader."""
    with CsvSource(source) as existing:
        labels = [label.strip() for label in existing.labels]
        rows = [dict(zip(labels, cells + [""] * (len(labels) - len(cells))))
                for _, cells in existing.rows() if any(cells)]
    return labels, rows


def merge(existing: List[Dict[str, str]], entry: WeekEntry, *,
          now: Optional[datetime] = None) -> List[Dict[str, str]]:
    """``existing`` rows with the entry's restaurant, week and meal replaced."""
    week = {d.isoformat() for d in entry.dates}
    restaurant = slugify(entry.restaurant.name)

    def replaced(row):
        return (row.get("menuDate") in week and row.get("menuRepasType") == entry.meal
                and (row.get("menuRestaurantConvive") or DEFAULT_GUESTS) == entry.guests
                and slugify(row.get("menuRestaurantNom") or "") == restaurant)

    previous = [row for row in existing if replaced(row)]
    published = min((r.get("menuPublicationDate") for r in previous
                     if r.get("menuPublicationDate")), default=None)
    kept = [row for row in existing if not replaced(row)]
    merged = kept + entry_rows(entry, published=published, now=now)
    return sorted(merged, key=lambda r: (r.get("menuDate") or "", r.get("menuRestaurantNom") or ""))


def write_csv(columns: Sequence[str], rows: List[Dict[str, str]]) -> bytes:
    """UTF-8, comma-separated, one header line: what the SCDL templates are.

    The published file is opened in spreadsheets: a cell that would run as a
    formula (a dish typed « =HYPERLINK(...) ») is written as text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(neutralise_row(columns))
    for row in rows:
        writer.writerow(neutralise_row(row.get(column, "") for column in columns))
    return out.getvalue().encode("utf-8")


def to_csv(rows: List[Dict[str, str]], labels: Sequence[str] = ()) -> bytes:
    """A menus file: the schema's columns first, then any other column of the file."""
    columns = menu_field_names() + [label for label in labels if label not in menu_field_names()]
    return write_csv(columns, rows)


def entries_from_dishes(dishes: Sequence[MenuDish]) -> List[DishEntry]:
    """Prefill the form with what a file already says for a week."""
    return [DishEntry(served_on=d.served_on, dish_type=d.dish_type, name=d.name,
                      siqo=list(d.siqo), diets=list(d.diets),
                      allergens=sorted(d.allergens) if d.allergen_given else None,
                      textures=list(d.textures) or [DEFAULT_TEXTURE],
                      label="; ".join(d.labels), nutriscore=d.nutriscore, price=d.price)
            for d in dishes]
