"""The one reader of canteen-menu files, built on the suite's CSV reader.

``read_menus`` turns a scdl/menus-collectifs file into ``MenuDish`` objects,
``read_composition`` a scdl/plats-menus-collectifs file into products by dish
code, and ``join_composition`` attaches products to dishes (``menuPlatCode`` =
``platCode``). Bytes become rows in ``scdl.csv_source`` (encoding, delimiter,
BOM...), typed values come from ``scdl.cells`` (the validator's own readers).

The reader is lenient where a person can still be helped and strict where a
parent could be misled: a date written 14/09/2025 is read (and reported), an
array written ``lait, oeufs`` instead of ``["lait","oeufs"]`` is read (and
reported), an allergen word that is not one of the 14 is *not* guessed: the
dish's allergen information is then incomplete and it is never shown as safe.
Conformity itself is the validator's business (``scdl.validator``).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from ..scdl.cells import compile_field
from ..scdl.csv_source import CsvSource, CsvSourceError, Source
from . import vocabulary
from .menu_file import MenuDish, MenuFile, MenuProblem, Product, source_problem
from .problems import echoed
from .week import FIRST_YEAR, LAST_YEAR, in_range

# menus-collectifs column -> MenuDish attribute (plain text columns).
_TEXT_COLUMNS = {
    "menuCollNom": "collectivite",
    "menuCollSiret": "collectivite_siret",
    "menuEtablissementNom": "producer",
    "menuEtablissementSiret": "producer_siret",
    "menuRestaurantInsee": "restaurant_insee",
    "menuRestaurantId": "restaurant_id",
    "menuRestaurantIdType": "restaurant_id_type",
    "menuRestaurantType": "restaurant_type",
    "menuRestaurantConvive": "guests",
    "menuPlatCode": "code",
    "menuPlatPrecision": "precision",
    "menuPlatNutriscore": "nutriscore",
    "menuPublicationDate": "published",
    "menuModificationDate": "modified",
    "menuModificationInfo": "modification_info",
}
_ARRAY_COLUMNS = {
    "menuPlatSiqo": "siqo",
    "menuPlatRegime": "diets",
    "menuPlatTexture": "textures",
}
_ALLERGEN_COLUMN = "menuPlatAllergene"
REQUIRED_FOR_VIEW = ("menuRestaurantNom", "menuDate", "menuPlatNom")
MAX_UNRECOGNISED = 10  # words of one cell kept to show beside a dish
# A hostile file's cell can hold megabytes, and every page, feed and action shows
# what the reader keeps: text past this length is cut (the stored file is untouched).
TEXT_LENGTH = 300
MAX_LABELS = 20  # labels of one dish (« Fait maison;Local;… »)


def _kept(text: str) -> str:
    return text[:TEXT_LENGTH] + "…" if len(text) > TEXT_LENGTH else text

ArrayResult = Tuple[Optional[Tuple[str, ...]], Tuple[str, ...], Tuple[Tuple[str, dict], ...]]


def _problem(problems: List[MenuProblem], code: str, row=None, column="", value="", **params):
    problems.append(MenuProblem(code, row, column, value, params))


def _read_allergens(target, parse, cell: str, problems, row_number: int, column: str) -> None:
    """Set a dish's or product's allergens from its cell; unreadable parts are problems.

    Left unset (allergen_given False) when the cell says nothing usable: such a
    dish is never shown as safe.
    """
    values, unknown, notes = parse(cell)
    if values is not None:
        target.allergens = frozenset(values)
        target.allergen_given = True
        target.allergen_unrecognised = unknown
    for code, params in notes:
        _problem(problems, code, row_number, column, cell, **params)


def _split_loose(cell: str) -> List[str]:
    """Items of an array cell not written as JSON: ``lait, oeufs`` or ``lait;oeufs``."""
    text = cell.strip().strip("[]")
    separator = ";" if ";" in text else ","
    return [part.strip().strip('"').strip("'") for part in text.split(separator)
            if part.strip().strip('"').strip("'")]


def parse_array(field_name: str, cell: str, enum_field: Optional[str] = None) -> ArrayResult:
    """(values or None when the cell is empty, unrecognised words, notes).

    Values are the published enum values (spellings such as « Œufs » or
    « sans porc » are mapped to them and noted). ``notes`` are
    (code, params) pairs for the problem list.
    """
    enum_field = enum_field or field_name
    if not cell.strip():
        return None, (), ()
    notes: List[Tuple[str, dict]] = []
    try:
        items = json.loads(cell)
        explicit_empty = items == []  # only ``[]`` says "none of them"
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            raise ValueError
    except ValueError:
        items, explicit_empty = _split_loose(cell), False
        notes.append(("array-format", {}))
    values: List[str] = []
    unrecognised: List[str] = []
    for item in items:
        if not isinstance(item, str):
            item = str(item)
        if item == "" or item in values:
            continue
        found = vocabulary.canonical(enum_field, item)
        if found is None:
            # Shown beside the dish: a hostile cell's words are cut, and few.
            if len(unrecognised) < MAX_UNRECOGNISED:
                unrecognised.append(echoed(item))
            notes.append(("unknown-value", {"item": item}))
        else:
            if found != item:
                notes.append(("enum-spelling", {"item": item, "expected": found}))
            if found not in values:
                values.append(found)
    if not values and not unrecognised and not explicit_empty:
        # « ; », « "" », « [""] »: something is written, nothing can be read.
        unrecognised.append(echoed(cell.strip()))
        notes.append(("unknown-value", {"item": cell.strip()}))
    return tuple(values), tuple(unrecognised), tuple(notes)


def _cached_parser(field_name: str, enum_field: Optional[str] = None) -> Callable[[str], ArrayResult]:
    cache: Dict[str, ArrayResult] = {}

    def parse(cell: str) -> ArrayResult:
        found = cache.get(cell)
        if found is None:
            found = parse_array(field_name, cell, enum_field)
            if len(cache) < 4096:
                cache[cell] = found
        return found

    return parse


def _date_reader() -> Callable[[str], Tuple[Optional[date], bool]]:
    """(date, written as AAAA-MM-JJ) from the schema's own date reader, with
    a lenient fallback for the French JJ/MM/AAAA."""
    field = compile_field(vocabulary.menu_fields()["menuDate"])
    cache: Dict[str, Tuple[Optional[date], bool]] = {}

    def read(cell: str):
        found = cache.get(cell)
        if found is None:
            value = field.parse(cell.strip())
            if value is not None:
                found = (value, True)
            else:
                found = (None, False)
                for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
                    try:
                        found = (datetime.strptime(cell.strip(), fmt).date(), False)
                        break
                    except ValueError:
                        continue
            if len(cache) < 4096:
                cache[cell] = found
        return found

    return read


def _columns(labels: List[str]) -> Dict[str, int]:
    """Column index of each label, exact names first, then ignoring case."""
    positions: Dict[str, int] = {}
    for index, label in enumerate(labels):
        positions.setdefault(label.strip(), index)
    lowered = {name.lower(): name for name in vocabulary.menu_field_names()}
    for index, label in enumerate(labels):
        name = lowered.get(label.strip().lower())
        if name:
            positions.setdefault(name, index)
    return positions


def read_menus(source: Source, *, source_id: str = "") -> MenuFile:
    """Read a scdl/menus-collectifs file (bytes, path or binary stream)."""
    result = MenuFile()
    problems = result.problems
    try:
        csv_source = CsvSource(source)
    except CsvSourceError as error:
        problems.append(source_problem(error))
        return result
    with csv_source:
        positions = _columns(csv_source.labels)
        missing = [name for name in REQUIRED_FOR_VIEW if name not in positions]
        if missing:
            for name in missing:
                _problem(problems, "missing-column", column=name)
            problems[-1].blocking = True
            return result
        text_columns = [(positions[c], a) for c, a in _TEXT_COLUMNS.items() if c in positions]
        array_columns = [(positions[c], a, _cached_parser(c), c)
                         for c, a in _ARRAY_COLUMNS.items() if c in positions]
        allergen_index = positions.get(_ALLERGEN_COLUMN)
        parse_allergens = _cached_parser(_ALLERGEN_COLUMN)
        restaurant_index = positions["menuRestaurantNom"]
        date_index = positions["menuDate"]
        name_index = positions["menuPlatNom"]
        meal_index = positions.get("menuRepasType")
        type_index = positions.get("menuPlatType")
        label_index = positions.get("menuPlatLabel")
        price_index = positions.get("menuPlatPrix")
        read_date = _date_reader()
        price_field = compile_field(vocabulary.menu_fields()["menuPlatPrix"])
        width = len(csv_source.labels)
        dishes = result.dishes
        try:
            for row_number, cells in csv_source.rows():
                if not any(cells):
                    continue
                result.rows += 1
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                name = _kept(cells[name_index].strip())
                raw_date = cells[date_index]
                served_on, iso = read_date(raw_date) if raw_date.strip() else (None, True)
                if served_on is None:
                    _problem(problems, "bad-date", row_number, "menuDate", raw_date)
                    continue
                if not in_range(served_on):
                    _problem(problems, "date-range", row_number, "menuDate", raw_date,
                             first=FIRST_YEAR, last=LAST_YEAR)
                    continue
                if not iso:
                    _problem(problems, "date-format", row_number, "menuDate", raw_date,
                             expected=served_on.isoformat())
                if not name:
                    _problem(problems, "missing-name", row_number, "menuPlatNom")
                    continue
                restaurant = _kept(cells[restaurant_index].strip())
                if not restaurant:
                    _problem(problems, "missing-restaurant", row_number, "menuRestaurantNom")
                    continue
                extra = {attribute: _kept(cells[index]) for index, attribute in text_columns
                         if cells[index]}
                for index, attribute, parse, column in array_columns:
                    cell = cells[index]
                    if not cell:
                        continue
                    values, _unknown, notes = parse(cell)
                    if values:
                        extra[attribute] = values
                    for code, params in notes:
                        _problem(problems, code, row_number, column, cell, **params)
                dish = MenuDish(
                    row_number, served_on, restaurant,
                    cells[meal_index].strip() if meal_index is not None else "",
                    cells[type_index].strip() if type_index is not None else "",
                    name, source=source_id, **extra)
                if allergen_index is not None:
                    _read_allergens(dish, parse_allergens, cells[allergen_index], problems,
                                    row_number, _ALLERGEN_COLUMN)
                if label_index is not None and cells[label_index].strip():
                    dish.labels = tuple(_kept(part.strip())
                                        for part in cells[label_index].split(";")[:MAX_LABELS]
                                        if part.strip())
                if price_index is not None and cells[price_index].strip():
                    price = price_field.parse(cells[price_index].strip().replace(",", "."))
                    if price is None:
                        _problem(problems, "bad-price", row_number, "menuPlatPrix",
                                 cells[price_index])
                    else:
                        dish.price = float(price)
                dishes.append(dish)
        except CsvSourceError as error:
            problems.append(source_problem(error, error.params.get("row")))
    if not result.dishes and not any(p.blocking for p in problems):
        problems.append(MenuProblem("no-dish", blocking=True))
    return result


_PRODUCT_COLUMNS = {
    "platCode": "dish_code",
    "platNom": "dish_name",
    "platProduitNom": "name",
    "platProduitFournisseurNom": "supplier",
    "platProduitFournisseurSiret": "supplier_siret",
    "platProduitFournisseurInsee": "supplier_insee",
    "platProduitLabel": "label",
}


def read_composition(source: Source) -> Tuple[Dict[str, List[Product]], List[MenuProblem]]:
    """Products by dish code from a scdl/plats-menus-collectifs file."""
    by_code: Dict[str, List[Product]] = {}
    problems: List[MenuProblem] = []
    try:
        csv_source = CsvSource(source)
    except CsvSourceError as error:
        return by_code, [source_problem(error)]
    parse_siqo = _cached_parser("platProduitSiqo", "menuPlatSiqo")
    parse_allergens = _cached_parser("platProduitAllergene", "menuPlatAllergene")
    with csv_source:
        positions = {label.strip(): i for i, label in enumerate(csv_source.labels)}
        if "platCode" not in positions or "platProduitNom" not in positions:
            column = "platCode" if "platCode" not in positions else "platProduitNom"
            return by_code, [MenuProblem("missing-column", column=column, blocking=True)]
        width = len(csv_source.labels)
        text = [(positions[c], a) for c, a in _PRODUCT_COLUMNS.items() if c in positions]
        try:
            for row_number, cells in csv_source.rows():
                if not any(cells):
                    continue
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                values = {attribute: _kept(cells[index].strip()) for index, attribute in text}
                if not values.get("dish_code"):
                    _problem(problems, "missing-dish-code", row_number, "platCode")
                    continue
                product = Product(row=row_number, **values)
                if "platProduitSiqo" in positions:
                    cell = cells[positions["platProduitSiqo"]]
                    siqo, _unknown, notes = parse_siqo(cell)
                    product.siqo = siqo or ()
                    for code, params in notes:
                        _problem(problems, code, row_number, "platProduitSiqo", cell, **params)
                if "platProduitAllergene" in positions:
                    _read_allergens(product, parse_allergens,
                                    cells[positions["platProduitAllergene"]], problems,
                                    row_number, "platProduitAllergene")
                by_code.setdefault(product.dish_code, []).append(product)
        except CsvSourceError as error:
            problems.append(source_problem(error, error.params.get("row")))
    return by_code, problems


def join_composition(dishes: Iterable[MenuDish], by_code: Dict[str, List[Product]]
                     ) -> List[MenuProblem]:
    """Attach products to dishes by ``menuPlatCode`` = ``platCode``.

    Allergens: a dish contains what its row says *and* what its products say.
    The information is given when the row gives it, or when every product of
    the dish gives it; otherwise it stays missing, and the allergens already
    known are kept (« contient au moins : lait »).
    """
    problems: List[MenuProblem] = []
    unknown_codes: Dict[str, int] = {}
    for dish in dishes:
        if not dish.code:
            continue
        products = by_code.get(dish.code)
        if not products:
            unknown_codes.setdefault(dish.code, dish.row)
            continue
        dish.products = tuple(products)
        dish.allergens = dish.allergens.union(*(p.allergens for p in products))
        if not dish.allergen_given:
            dish.allergen_given = all(p.allergen_given for p in products)
        unrecognised = tuple(w for p in products for w in p.allergen_unrecognised)
        if unrecognised:
            dish.allergen_unrecognised = tuple(
                dict.fromkeys(dish.allergen_unrecognised + unrecognised))
        dish._as_dict = None
    for code, row in unknown_codes.items():
        problems.append(MenuProblem("unknown-dish-code", row, "menuPlatCode", code))
    return problems
