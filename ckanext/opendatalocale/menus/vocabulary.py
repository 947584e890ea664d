"""Controlled lists of the canteen-menu schemas, read from the bundled copies.

Enum values are taken verbatim from the published schemas (scdl/menus-collectifs
1.2.3): "sans porc " keeps its trailing space, "oeufs" has no ligature. The
words shown to people come from the reference lists (allergens.json: the 14 of
EU Regulation 1169/2011 annex II; egalim_labels.json: the ma-cantine model).
No CKAN import: usable by tests, benchmarks and the demo generator.
"""
from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from ..scdl.catalogue import default_catalogue
from ..scdl.i18n import N_, _

MENUS_SCHEMA = "scdl/menus-collectifs"
DISHES_SCHEMA = "scdl/plats-menus-collectifs"
PURCHASES_SCHEMA = "betagouv/ma-cantine:import-achats-siret"
MENU_SCHEMAS = (MENUS_SCHEMA, DISHES_SCHEMA, PURCHASES_SCHEMA)

_REFERENCE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "scdl", "data", "reference")

ORGANIC = "agriculture biologique"
VEGETARIAN = "végétarien"
MAIN_DISH = "plat principal"


@dataclass(frozen=True)
class Allergen:
    value: str  # exactly as the SCDL enum writes it
    number: int  # annex II order
    label: str  # short French name, for badges and filters
    long_label: str  # annex II heading
    includes: str = ""


def _read(name: str) -> dict:
    with open(os.path.join(_REFERENCE, name), encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def menu_fields() -> Dict[str, dict]:
    """Field descriptors of the bundled menus schema, by name."""
    descriptor = default_catalogue().get(MENUS_SCHEMA).descriptor
    return {field["name"]: field for field in descriptor["fields"]}


def menu_field_names() -> List[str]:
    return list(menu_fields())


def enum_of(field_name: str) -> Tuple[str, ...]:
    """The published enum of a menus field (arrays: of their items)."""
    field = menu_fields()[field_name]
    constraints = (field.get("arrayItem") or field).get("constraints") or {}
    return tuple(constraints.get("enum") or ())


# Short names for badges; the annex II headings stay available as long_label.
_SHORT_LABELS = {
    "céréales contenant du gluten": N_("Gluten"),
    "crustacés": N_("Crustacés"),
    "oeufs": N_("Œufs"),
    "poissons": N_("Poissons"),
    "arachides": N_("Arachides"),
    "soja": N_("Soja"),
    "lait": N_("Lait"),
    "fruits à coques": N_("Fruits à coque"),
    "céleri": N_("Céleri"),
    "moutarde": N_("Moutarde"),
    "graines de sésame": N_("Sésame"),
    "anhydride sulfureux et sulfites": N_("Sulfites"),
    "lupin": N_("Lupin"),
    "mollusques": N_("Mollusques"),
}


@lru_cache(maxsize=None)
def allergens() -> Tuple[Allergen, ...]:
    listed = _read("allergens.json")["allergens"]
    enum = enum_of("menuPlatAllergene")
    found = tuple(
        Allergen(item["scdl_value"], item["annex_ii_number"],
                 _SHORT_LABELS.get(item["scdl_value"], item["scdl_value"]),
                 item["label_fr"], item.get("includes_fr", ""))
        for item in listed)
    # The reference list and the schema must speak of the same 14 values.
    assert tuple(a.value for a in found) == enum, "allergens.json and the SCDL enum differ"
    return found


def allergen_values() -> Tuple[str, ...]:
    return tuple(a.value for a in allergens())


def allergen(value: str) -> Optional[Allergen]:
    for item in allergens():
        if item.value == value:
            return item
    return None


def allergen_label(value: str) -> str:
    item = allergen(value)
    return _(item.label) if item else value


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    return "".join(c for c in text if not unicodedata.combining(c)).strip().lower()


@lru_cache(maxsize=None)
def _folded_enums() -> Dict[str, Dict[str, str]]:
    return {name: {_fold(v): v for v in enum_of(name)}
            for name in ("menuPlatSiqo", "menuPlatRegime", "menuPlatAllergene", "menuPlatTexture")}


def canonical(field_name: str, value: str) -> Optional[str]:
    """The published enum value a spreadsheet spelling stands for, or None.

    « Fruits à coques », « œufs » or « sans porc » (without the trailing space)
    are recognised; a word that is not in the list is not guessed.
    """
    enum = enum_of(field_name)
    if value in enum:
        return value
    return _folded_enums().get(field_name, {}).get(_fold(value))


# The schema's diets, marked for translation (the published "sans porc " has a
# trailing space, not shown).
_DIET_LABELS = (N_("végétarien"), N_("sans sel"), N_("sans porc"), N_("sans sucre ajouté"))


def diet_label(value: str) -> str:
    """How a diet is shown, untranslated: callers translate it (see _DIET_LABELS)."""
    return value.strip()


SIQO_SHORT = {
    "agriculture biologique": N_("Bio"),
    "appellation d'origine protégée": N_("AOP"),
    "appellation d'origine contrôlée": N_("AOC"),
    "indication géographique protégée": N_("IGP"),
    "spécialité traditionnelle garantie": N_("STG"),
    "label rouge": N_("Label Rouge"),
}


def siqo_short(value: str) -> str:
    return _(SIQO_SHORT.get(value, value))


@lru_cache(maxsize=None)
def egalim() -> dict:
    return _read("egalim_labels.json")


def dish_types() -> Tuple[str, ...]:
    return enum_of("menuPlatType")


def meal_types() -> Tuple[str, ...]:
    return enum_of("menuRepasType")


def diets() -> Tuple[str, ...]:
    return enum_of("menuPlatRegime")


def siqo_values() -> Tuple[str, ...]:
    return enum_of("menuPlatSiqo")


def textures() -> Tuple[str, ...]:
    return enum_of("menuPlatTexture")


def restaurant_types() -> Tuple[str, ...]:
    return enum_of("menuRestaurantType")


def nutriscores() -> Tuple[str, ...]:
    return enum_of("menuPlatNutriscore")
