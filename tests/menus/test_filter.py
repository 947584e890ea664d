from datetime import date

import pytest

from ckanext.opendatalocale.menus.filtering import (CONTAINS, NOT_FILTERED, SAFE, UNKNOWN,
                                                     AllergenFilter, FilterError)
from ckanext.opendatalocale.menus.menu_file import MenuDish


def dish(allergens=(), given=True, unrecognised=(), diets=()):
    return MenuDish(2, date(2025, 9, 15), "École", "déjeuner", "plat principal", "plat",
                    allergens=frozenset(allergens), allergen_given=given,
                    allergen_unrecognised=tuple(unrecognised), diets=tuple(diets))


def test_verdicts():
    no_milk = AllergenFilter(frozenset({"lait"}))
    assert no_milk.judge(dish(["oeufs"])).allergen == SAFE
    assert no_milk.judge(dish(["lait"])).allergen == CONTAINS
    assert no_milk.judge(dish(given=False)).allergen == UNKNOWN
    assert no_milk.judge(dish(["oeufs"], unrecognised=["gluten"])).allergen == UNKNOWN
    assert no_milk.judge(dish(["lait"], given=False)).allergen == CONTAINS
    assert AllergenFilter().judge(dish()).allergen == NOT_FILTERED


def test_unknown_is_kept_and_flagged_contains_is_hidden():
    no_milk = AllergenFilter(frozenset({"lait"}))
    assert no_milk.judge(dish(given=False)).kept
    assert not no_milk.judge(dish(given=False)).shown_as_safe
    assert not no_milk.judge(dish(["lait"])).kept


def test_diet():
    vegetarian = AllergenFilter.parse([], "végétarien")
    assert vegetarian.judge(dish(diets=["végétarien"])).diet_ok is True
    assert not vegetarian.judge(dish()).kept
    assert AllergenFilter.parse([], "sans porc").diet == "sans porc "


def test_parse_maps_spellings_and_refuses_unknown_words():
    assert AllergenFilter.parse(["Lait,Œufs"]).excluded == {"lait", "oeufs"}
    with pytest.raises(FilterError):
        AllergenFilter.parse(["gluten"])


def test_a_vegetarian_dish_meets_the_no_pork_diet():
    no_pork = AllergenFilter.parse([], "sans porc")
    assert no_pork.judge(dish(diets=["végétarien"])).diet_ok is True
    assert no_pork.judge(dish(diets=["sans porc "])).diet_ok is True
    assert no_pork.judge(dish()).diet_ok is False
    # The other way round does not hold: a dish without pork may have meat.
    assert AllergenFilter.parse([], "végétarien").judge(dish(diets=["sans porc "])).diet_ok is False
