"""The allergen filter a parent can trust, checked on generated dishes (hypothesis).

Whatever the dishes and whatever is excluded, no dish containing an excluded
allergen and no dish whose allergen information is missing or incomplete is
ever presented as safe -- through the filter, through the week a page shows
and through the reader, from the text of a file.
"""
import json
from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from ckanext.opendatalocale.menus import reader
from ckanext.opendatalocale.menus.filtering import (CONTAINS, SAFE, UNKNOWN, AllergenFilter)
from ckanext.opendatalocale.menus.menu_file import COMPLETE, MenuDish
from ckanext.opendatalocale.menus.vocabulary import allergen_values, diets
from ckanext.opendatalocale.menus.week import MenuIndex, monday_of

from .helpers import menu_file, row

ALLERGENS = allergen_values()
allergen_sets = st.frozensets(st.sampled_from(ALLERGENS))
unrecognised = st.lists(st.sampled_from(["gluten", "noix", "traces", "Lait de chèvre"]), max_size=2)


@st.composite
def dishes(draw):
    given_info = draw(st.booleans())
    return MenuDish(
        row=draw(st.integers(2, 10_000)), served_on=date(2025, 9, 15) + timedelta(days=draw(st.integers(0, 4))),
        restaurant="École", meal="déjeuner", dish_type=draw(st.sampled_from(["entrée", "plat principal"])),
        name=draw(st.text(min_size=1, max_size=10)), allergens=draw(allergen_sets),
        allergen_given=given_info, allergen_unrecognised=tuple(draw(unrecognised)),
        diets=tuple(draw(st.lists(st.sampled_from(diets()), max_size=2, unique=True))))


filters = st.builds(AllergenFilter, allergen_sets,
                    st.one_of(st.none(), st.sampled_from(diets())))


@settings(max_examples=300, deadline=None)
@given(st.lists(dishes(), max_size=30), filters)
def test_nothing_unsafe_is_ever_shown_as_safe(menu, allergen_filter):
    for verdict in allergen_filter.apply(menu):
        dish = verdict.dish
        if verdict.shown_as_safe:
            assert allergen_filter.excluded, "no claim of safety without an exclusion"
            assert not (dish.allergens & allergen_filter.excluded)
            assert dish.allergen_given and not dish.allergen_unrecognised
            assert dish.allergen_info == COMPLETE
            if allergen_filter.diet:
                # The diet is the dish's, or one it implies: a vegetarian dish has no pork.
                assert allergen_filter.diet in dish.diets or (
                    allergen_filter.diet.strip() == "sans porc" and "végétarien" in dish.diets)
        if dish.allergens & allergen_filter.excluded:
            assert verdict.allergen == CONTAINS and not verdict.kept
        elif allergen_filter.excluded and dish.allergen_info != COMPLETE:
            assert verdict.allergen == UNKNOWN


@settings(max_examples=200, deadline=None)
@given(st.lists(dishes(), min_size=1, max_size=30), filters)
def test_the_week_shown_never_calls_an_unsafe_dish_safe(menu, allergen_filter):
    index = MenuIndex(menu)
    week = index.week("ecole", monday_of(date(2025, 9, 15)), allergen_filter)
    for day in week.days:
        for meal in day.meals:
            for verdict in meal.verdicts:
                if verdict.allergen == SAFE:
                    assert not (verdict.dish.allergens & allergen_filter.excluded)
                    assert verdict.dish.allergen_info == COMPLETE


cells = st.one_of(
    st.just(""),  # not given
    st.lists(st.sampled_from(ALLERGENS + ("gluten", "Lait", "Œufs", "arachide")), max_size=4)
    .map(lambda items: json.dumps(items, ensure_ascii=False)),
    st.lists(st.sampled_from(ALLERGENS + ("noix",)), min_size=1, max_size=3).map(", ".join),
    st.text(max_size=12).filter(lambda t: "\n" not in t and "\r" not in t),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, min_size=1, max_size=8), allergen_sets)
def test_from_file_text_to_verdict(allergen_cells, excluded):
    """Whatever is written in menuPlatAllergene, a dish is safe only if its
    cell lists, in recognised words, none of the excluded allergens."""
    data = menu_file(*[row(menuPlatNom=f"plat {i}", menuPlatAllergene=cell)
                       for i, cell in enumerate(allergen_cells)])
    menus = reader.read_menus(data)
    allergen_filter = AllergenFilter(excluded)
    for verdict in allergen_filter.apply(menus.dishes):
        if verdict.allergen != SAFE:
            continue
        cell = allergen_cells[int(verdict.dish.name.split()[1])]
        assert cell.strip(), "an empty cell is never safe"
        words = json.loads(cell) if cell.strip().startswith("[") else [w.strip() for w in cell.split(",")]
        assert all(w in ALLERGENS or w.lower() in ALLERGENS or w == "Œufs" for w in words if w)
        assert not (set(verdict.dish.allergens) & excluded)
