"""navl schemas of the menu actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import blank_is_absent, text_length

# A label (« Fait maison ») or the guests (« tous ») are a few words written into
# every row of the published file: a page of text there is a mistake or an attack.
TEXT_LINE_MAX = 200


@tk.validator_args
def _service(ignore_missing, unicode_safe):
    """A canteen service (dataset id or name), or one of its resources."""
    return {
        "id": [ignore_missing, unicode_safe],
        "resource_id": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def _filters(ignore_missing, unicode_safe, odl_menu_allergen_list, odl_menu_diet):
    return {
        "restaurant": [ignore_missing, unicode_safe],
        "exclude": [ignore_missing, odl_menu_allergen_list],
        "diet": [ignore_missing, unicode_safe, odl_menu_diet],
    }


@tk.validator_args
def menu_search(ignore_missing, unicode_safe, default, boolean_validator,
                natural_number_validator, odl_menu_date, odl_menu_meal):
    schema = dict(_service(), **_filters())
    schema.update({
        "date_from": [ignore_missing, odl_menu_date],
        "date_to": [ignore_missing, odl_menu_date],
        "meal": [ignore_missing, unicode_safe, odl_menu_meal],
        "include_excluded": [default(False), boolean_validator],
        "limit": [ignore_missing, blank_is_absent, natural_number_validator],
        "offset": [default(0), blank_is_absent, natural_number_validator],
    })
    return schema


@tk.validator_args
def menu_week_show(ignore_missing, unicode_safe, odl_menu_week):
    schema = dict(_service(), **_filters())
    schema["week"] = [ignore_missing, unicode_safe, odl_menu_week]
    return schema


def menu_indicators():
    return _service()


@tk.validator_args
def menu_week_save(not_empty, ignore_missing, unicode_safe, default, boolean_validator,
                   odl_menu_date, odl_menu_dish_type, odl_menu_dish_name, odl_menu_enum_list,
                   odl_menu_allergen_list, odl_menu_text_line, odl_menu_nutriscore,
                   odl_menu_price, odl_menu_week, odl_menu_meal):
    dish = {
        "date": [not_empty, odl_menu_date],
        "dish_type": [not_empty, unicode_safe, odl_menu_dish_type],
        "name": [not_empty, unicode_safe, odl_menu_dish_name],
        "siqo": [ignore_missing, odl_menu_enum_list("menuPlatSiqo")],
        "diets": [ignore_missing, odl_menu_enum_list("menuPlatRegime")],
        "allergens": [ignore_missing, odl_menu_allergen_list],
        "allergens_known": [default(False), boolean_validator],
        "textures": [ignore_missing, odl_menu_enum_list("menuPlatTexture")],
        "label": [ignore_missing, unicode_safe, odl_menu_text_line, text_length(0, TEXT_LINE_MAX)],
        "nutriscore": [ignore_missing, unicode_safe, odl_menu_nutriscore],
        "price": [ignore_missing, odl_menu_price],
    }
    return {
        "id": [not_empty, unicode_safe],
        "resource_id": [ignore_missing, unicode_safe],
        "restaurant": [not_empty, unicode_safe],
        "week": [not_empty, unicode_safe, odl_menu_week],
        "meal": [default("déjeuner"), unicode_safe, odl_menu_meal],
        "guests": [default("tous"), unicode_safe, odl_menu_text_line,
                   text_length(0, TEXT_LINE_MAX)],
        "dishes": dish,
    }
