"""navl schemas of the menu actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _v(name):
    return tk.get_validator(name)


def _service():
    """A canteen service (dataset id or name), or one of its resources."""
    return {
        "id": [_v("ignore_missing"), _v("unicode_safe")],
        "resource_id": [_v("ignore_missing"), _v("unicode_safe")],
    }


def _filters():
    return {
        "restaurant": [_v("ignore_missing"), _v("unicode_safe")],
        "exclude": [_v("ignore_missing"), _v("odl_menu_allergen_list")],
        "diet": [_v("ignore_missing"), _v("unicode_safe"), _v("odl_menu_diet")],
    }


def menu_search():
    schema = dict(_service(), **_filters())
    schema.update({
        "date_from": [_v("ignore_missing"), _v("odl_menu_date")],
        "date_to": [_v("ignore_missing"), _v("odl_menu_date")],
        "meal": [_v("ignore_missing"), _v("unicode_safe"), _v("odl_menu_meal")],
        "include_excluded": [_v("default")(False), _v("boolean_validator")],
        "limit": [_v("ignore_missing"), _v("natural_number_validator")],
        "offset": [_v("default")(0), _v("natural_number_validator")],
    })
    return schema


def menu_week_show():
    schema = dict(_service(), **_filters())
    schema["week"] = [_v("ignore_missing"), _v("unicode_safe"), _v("odl_menu_week")]
    return schema


def menu_indicators():
    return _service()


def menu_week_save():
    dish = {
        "date": [_v("not_empty"), _v("odl_menu_date")],
        "dish_type": [_v("not_empty"), _v("unicode_safe"), _v("odl_menu_dish_type")],
        "name": [_v("not_empty"), _v("unicode_safe"), _v("odl_menu_dish_name")],
        "siqo": [_v("ignore_missing"), _v("odl_menu_enum_list")("menuPlatSiqo")],
        "diets": [_v("ignore_missing"), _v("odl_menu_enum_list")("menuPlatRegime")],
        "allergens": [_v("ignore_missing"), _v("odl_menu_allergen_list")],
        "allergens_known": [_v("default")(False), _v("boolean_validator")],
        "textures": [_v("ignore_missing"), _v("odl_menu_enum_list")("menuPlatTexture")],
        "label": [_v("ignore_missing"), _v("unicode_safe"), _v("odl_menu_text_line")],
        "nutriscore": [_v("ignore_missing"), _v("unicode_safe"), _v("odl_menu_nutriscore")],
        "price": [_v("ignore_missing"), _v("odl_menu_price")],
    }
    return {
        "id": [_v("not_empty"), _v("unicode_safe")],
        "resource_id": [_v("ignore_missing"), _v("unicode_safe")],
        "restaurant": [_v("not_empty"), _v("unicode_safe")],
        "week": [_v("not_empty"), _v("unicode_safe"), _v("odl_menu_week")],
        "meal": [_v("default")("déjeuner"), _v("unicode_safe"), _v("odl_menu_meal")],
        "guests": [_v("default")("tous"), _v("unicode_safe"), _v("odl_menu_text_line")],
        "dishes": dish,
    }
