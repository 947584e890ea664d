"""Validators of the canteen-service type and of the menu actions (French messages)."""
from __future__ import annotations

import datetime
import re

import ckan.plugins.toolkit as tk

from .. import numbers
from ..logic.validators import odl_siret
from ..scdl.messages import suggest_date, value_message
from . import vocabulary
from .week import DateOutOfRange, bounded, read_week

__all__ = [
    "odl_menu_allergen_list", "odl_menu_enum_list", "odl_menu_diet", "odl_menu_meal",
    "odl_menu_dish_type", "odl_menu_nutriscore", "odl_menu_date", "odl_menu_week",
    "odl_menu_price", "odl_menu_dish_name", "odl_menu_text_line", "odl_restaurant_identifier",
    "odl_period_end_after_start",
]


# What a user typed, echoed in an error message, is cut to this length.
ECHOED_LENGTH = 80
MAX_PRICE = 1000  # euros: a dish's cost price above this is a typing error


def _echo(value) -> str:
    text = str(value)
    return text if len(text) <= ECHOED_LENGTH else text[:ECHOED_LENGTH] + "…"


def _items(value):
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple, set)):
        return [str(item).strip() for item in value if str(item).strip()]
    raise tk.Invalid(tk._("Une liste de valeurs est attendue."))


def _enum(field_name, value):
    """The schema's value. Case, accents or spaces are read as the file reader reads
    them only where the published list makes it certain (vocabulary.canonical); any
    other value is refused with the validator's sentence, which names the one value it
    differs from by case, accents or spaces when there is one — never chosen for the
    user."""
    found = vocabulary.canonical(field_name, str(value))
    if found is None:
        # the same sentence as the SCDL validator's for this column of a file
        field = {"constraints": {"enum": list(vocabulary.enum_of(field_name))}}
        raise tk.Invalid(value_message(field, _echo(value), constraint="enum"))
    return found


def odl_menu_allergen_list(value, context):
    return [_enum("menuPlatAllergene", item)
            for item in _items(value)]


def odl_menu_enum_list(field_name):
    def validator(value, context):
        return [_enum(field_name, item) for item in _items(value)]
    return validator


def odl_menu_diet(value, context):
    return _enum("menuPlatRegime", value) if value else value


def odl_menu_meal(value, context):
    return _enum("menuRepasType", value) if value else value


def odl_menu_dish_type(value, context):
    return _enum("menuPlatType", value)


def odl_menu_nutriscore(value, context):
    return _enum("menuPlatNutriscore", str(value).upper()) if value else ""


def _scalar(value):
    """Form fields sent twice (a crafted request) arrive as lists."""
    if isinstance(value, (list, tuple, dict, set)):
        raise tk.Invalid(tk._("Une seule valeur est attendue."))
    return value


def odl_menu_date(value, context):
    if isinstance(value, datetime.datetime):
        value = value.date()
    try:
        if isinstance(value, datetime.date):
            return bounded(value).isoformat()
        text = str(_scalar(value)).strip()
        return bounded(datetime.date.fromisoformat(text[:32]), text).isoformat()
    except DateOutOfRange as error:
        raise tk.Invalid(str(error))
    except ValueError:
        # the validator's sentence: « 04/10/2013 » […] ; écrivez 2013-10-04 (day first,
        # as French files write it); nothing is rewritten without the user
        raise tk.Invalid(value_message({"type": "date"}, _echo(value)))


def odl_menu_week(value, context):
    try:
        monday = read_week(str(_scalar(value)))
    except DateOutOfRange as error:
        raise tk.Invalid(str(error))
    except (ValueError, TypeError):
        day = suggest_date(str(value), "%Y-%m-%d") if isinstance(value, str) and len(value) < 40 else None
        if day:
            raise tk.Invalid(tk._("« {value} » n'est pas une semaine (ex. 2025-W38 ou 2025-09-15) ; "
                                  "écrivez {suggestion}").format(value=_echo(value), suggestion=day))
        raise tk.Invalid(tk._("« {value} » n'est pas une semaine (ex. 2025-W38 ou 2025-09-15).").format(
            value=_echo(value)))
    return monday.isoformat()


def odl_menu_price(value, context):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise tk.Invalid(value_message({"type": "number"}, _echo(value)))
    try:
        # « 2,35 » and « 2,35 € » are read as the French form field means them: one
        # comma is a decimal comma. Both separators (« 1.234,50 ») are refused with
        # the validator's sentence and its suggestion: the user decides.
        price = numbers.parse_decimal(_scalar(value), unit="€")
    except ValueError:
        raise tk.Invalid(value_message({"type": "number"}, _echo(value)))
    if price < 0:
        raise tk.Invalid(tk._("Le prix ne peut pas être négatif."))
    if price > MAX_PRICE:
        raise tk.Invalid(tk._("Un coût de revient de plus de {maximum} € par plat est sans doute "
                              "une erreur de saisie.").format(maximum=MAX_PRICE))
    return price


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def odl_menu_dish_name(value, context):
    if len(value) > 160:
        raise tk.Invalid(tk._("Le nom du plat dépasse 160 caractères : raccourcissez-le."))
    return odl_menu_text_line(value, context).strip()


def odl_menu_text_line(value, context):
    """One line of text: no line break or other control character (a name
    goes into CSV cells and calendar lines)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise tk.Invalid(tk._("Ce texte tient sur une ligne : retirez les retours à la ligne et "
                              "les caractères de contrôle."))
    return value


_FOURTEEN_DIGITS = re.compile(r"^\d{14}$")


def odl_restaurant_identifier(value, context):
    """A SIRET when it has 14 digits (checked by the suite's one SIRET check),
    otherwise a UAI or internal identifier, kept as written."""
    if value in (None, ""):
        return value
    compact = str(value).replace(" ", "")
    if _FOURTEEN_DIGITS.match(compact):
        return odl_siret(compact, context)
    return compact


def odl_period_end_after_start(key, data, errors, context):
    end = data.get(key)
    start = data.get(key[:-1] + ("period_start",))
    if end and start and str(end)[:10] < str(start)[:10]:
        errors[key].append(tk._("La fin de la période doit être postérieure à son début."))
