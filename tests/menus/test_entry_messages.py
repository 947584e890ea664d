"""The menu entry form and odl_menu_week_save say what the SCDL validator says of the
same value in a file (scdl/messages.py), with the corrected value when a mechanical
repair is certain, and never rewrite an ambiguous value themselves (issue 17, point 4)."""
import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.opendatalocale.menus import sample, vocabulary
from ckanext.opendatalocale.scdl import messages

from .conftest import headers

SERVICE = "cantines-saint-chamond"
ROUTE = f"/cantine/{SERVICE}"
RESTAURANT = sample.DEMO_RESTAURANTS[0].name


def _refused(**dish):
    entry = {"date": "2025-09-15", "dish_type": "dessert", "name": "kiwi"}
    entry.update(dish)
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("odl_menu_week_save", id=SERVICE, restaurant=RESTAURANT,
                            week="2025-W38", dishes=[entry])
    return str(error.value.error_dict["dishes"])


def _saved_prices():
    return sorted(dish.get("price") for dish in helpers.call_action(
        "odl_menu_search", id=SERVICE)["dishes"])


def _page_text(response):
    return response.body.replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"')


def test_same_sentences_as_the_file_validator_with_the_certain_repair(canteen):
    # a date written day first: the validator's sentence and the ISO date, not saved
    said = _refused(date="15/09/2025")
    assert messages.value_message({"type": "date"}, "15/09/2025") in said
    assert "n'est pas une date au format AAAA-MM-JJ ; écrivez 2025-09-15" in said
    # an enum value in another case: named, never chosen for the user
    said = _refused(dish_type="Plat Principal")
    assert "« Plat Principal » n'est pas une valeur autorisée ; écrivez « plat principal »" in said
    field = {"constraints": {"enum": list(vocabulary.enum_of("menuPlatType"))}}
    assert messages.value_message(field, "Plat Principal", constraint="enum") in said
    # a value no enum value is close to: the list, as in a file's report
    said = _refused(dish_type="goûter")
    assert "« goûter » n'est pas une valeur autorisée ; valeurs possibles : " in said
    assert "« plat principal »" in said
    # thousands and decimal separators both: the number a spreadsheet means, suggested
    said = _refused(price="1.234,50")
    assert "« 1.234,50 » n'est pas un nombre ; le séparateur décimal est le point" in said
    assert "écrivez 1234.50" in said
    said = _refused(price="deux euros")
    assert "« deux euros » n'est pas un nombre (chiffres, point comme séparateur décimal" in said
    assert helpers.call_action("package_show", id=SERVICE)["resources"] == []


def test_the_form_reports_them_and_keeps_a_plain_decimal_comma(app, canteen):
    form = {"restaurant": RESTAURANT, "week": "2025-W38", "meal": "déjeuner",
            "dishes__0__date": "2025-09-15", "dishes__0__dish_type": "dessert",
            "dishes__0__name": "pomme", "dishes__0__allergens_known": "non",
            "dishes__0__price": "1.234,50"}
    page = app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]), data=form)
    shown = _page_text(page)
    assert page.status_code == 200 and "n'a pas été enregistrée" in shown
    assert "« 1.234,50 » n'est pas un nombre" in shown and "écrivez 1234.50" in shown
    assert helpers.call_action("package_show", id=SERVICE)["resources"] == []
    # one comma is the French decimal comma of a form field: read as meant
    form["dishes__0__price"] = "0,85"
    app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]), data=form)
    assert _saved_prices() == [0.85]


def test_a_week_typed_as_a_french_date_is_suggested(app, canteen):
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("odl_menu_week_show", id=SERVICE, week="15/09/2025")
    assert "« 15/09/2025 » n'est pas une semaine (ex. 2025-W38 ou 2025-09-15) ; écrivez 2025-09-15" \
        in str(error.value.error_dict["week"])
