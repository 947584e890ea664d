"""Canteen services through CKAN: dataset type, validation, pages, API, feed, form, views."""
import datetime

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale.menus import sample

from .conftest import MENUS, headers
from .helpers import menu_file, row

ROUTE = "/cantine/cantines-saint-chamond"

# Test instances share Redis: a site id of our own keeps other runs' workers off our jobs.
pytestmark = pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_menus")


def upload(create_with_upload, canteen, data, schema=MENUS, name="menus.csv"):
    return create_with_upload(data, name, package_id=canteen["dataset"]["id"], schema=schema)


class TestCanteenType:
    def test_service_fields_are_stored(self, canteen):
        shown = helpers.call_action("package_show", id="cantines-saint-chamond")
        assert shown["type"] == "cantine"
        assert [r["nom"] for r in shown["restaurants"]] == ["École élémentaire Jules-Ferry",
                                                            "École maternelle Les Tilleuls"]
        assert shown["collectivite_siret"] == sample.DEMO_SERVICE.collectivite_siret

    def test_siret_is_checked_by_the_suite(self, canteen):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("package_patch", id="cantines-saint-chamond",
                                collectivite_siret="21420218600017")
        assert "clé de contrôle" in str(error.value.error_dict["collectivite_siret"])

    def test_period_must_end_after_it_starts(self, canteen):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("package_patch", id="cantines-saint-chamond",
                                period_start="2026-09-01", period_end="2026-07-04")
        assert "postérieure" in str(error.value.error_dict)


@pytest.mark.usefixtures("clean_queues")
class TestMenuPages:
    def test_valid_file_is_validated_and_shown_week_by_week(self, app, canteen, create_with_upload,
                                                            year_csv, run_jobs):
        resource = upload(create_with_upload, canteen, year_csv)
        run_jobs()
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"
        page = app.get(f"{ROUTE}/menus?restaurant=ecole-elementaire-jules-ferry&semaine=2025-W38")
        assert page.status_code == 200
        body = page.body
        assert "École élémentaire Jules-Ferry" in body
        assert "Semaine du lundi 15 septembre 2025" in body
        assert "Semaine précédente" in body and "Semaine suivante" in body
        assert "Allergènes :" in body  # allergens in words
        assert 'name="exclure"' in body and "Fruits à coque" in body
        assert "odl-badge--bio" in body and "(agriculture biologique)" in body
        assert "menus.css" in body

    def test_allergen_filter_hides_dishes_and_never_calls_missing_info_safe(
            self, app, canteen, create_with_upload):
        data = menu_file(row(menuPlatNom="gratin au lait", menuPlatAllergene='["lait"]'),
                         row(menuPlatNom="mystère", menuPlatType="dessert", menuPlatAllergene=""),
                         row(menuPlatNom="carottes", menuPlatType="entrée", menuPlatAllergene="[]"),
                         row(menuRestaurantNom=sample.DEMO_RESTAURANTS[0].name))
        data = menu_file(*[dict(r, menuRestaurantNom=sample.DEMO_RESTAURANTS[0].name)
                           for r in (row(menuPlatNom="gratin au lait", menuPlatAllergene='["lait"]'),
                                     row(menuPlatNom="mystère", menuPlatType="dessert", menuPlatAllergene=""),
                                     row(menuPlatNom="carottes", menuPlatType="entrée", menuPlatAllergene="[]"))])
        upload(create_with_upload, canteen, data)
        page = app.get(f"{ROUTE}/menus?semaine=2025-W38&exclure=lait").body
        assert "gratin au lait" not in page
        assert "mystère" in page and "Allergènes non renseignés : renseignez-vous" in page
        assert "Sans les allergènes exclus" in page  # the carrots, information complete
        assert "Sans : Lait." in page

        result = app.get("/api/action/odl_menu_search",
                         query_string={"id": "cantines-saint-chamond", "exclude": "lait"}).json["result"]
        verdicts = {d["name"]: d["allergen_verdict"] for d in result["dishes"]}
        assert verdicts == {"mystère": "unknown", "carottes": "safe"}
        assert not any(d["shown_as_safe"] for d in result["dishes"] if d["allergen_info"] != "complete")
        everything = helpers.call_action("odl_menu_search", id="cantines-saint-chamond",
                                         exclude=["lait"], include_excluded=True)
        assert everything["count"] == 3

    def test_search_by_dates_restaurant_and_diet(self, canteen, create_with_upload, year_csv):
        upload(create_with_upload, canteen, year_csv)
        result = helpers.call_action("odl_menu_search", id="cantines-saint-chamond",
                                     restaurant="École maternelle Les Tilleuls",
                                     date_from="2025-09-15", date_to="2025-09-19", diet="végétarien")
        assert result["count"] > 0
        assert all("végétarien" in d["diets"] for d in result["dishes"])
        assert {d["restaurant"] for d in result["dishes"]} == {"École maternelle Les Tilleuls"}
        assert all("2025-09-15" <= d["date"] <= "2025-09-19" for d in result["dishes"])
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_search", id="cantines-saint-chamond", exclude="gluten")
        # the SCDL validator's sentence for an allergen column (issue 17)
        assert "« gluten » n'est pas une valeur autorisée ; valeurs possibles : « céréales " \
            "contenant du gluten »" in str(error.value.error_dict["exclude"])

    def test_invalid_file_gets_the_french_report_and_the_page_explains(
            self, app, canteen, create_with_upload, run_jobs):
        data = menu_file(row(menuDate="15/09/2025", menuPlatAllergene="lait, oeufs",
                             menuRestaurantNom=sample.DEMO_RESTAURANTS[0].name),
                         row(menuDate="2026-08-20", menuRestaurantNom="École fantôme"),
                         row(menuRestaurantNom="École fantôme"), row(menuRestaurantNom="École fantôme"))
        upload(create_with_upload, canteen, data)
        run_jobs()
        page = app.get(f"{ROUTE}/menus?restaurant=ecole-fantome&semaine=2025-W38")
        assert page.status_code == 200
        body = page.body
        assert "non conforme au schéma SCDL" in body and "Voir le rapport de validation" in body
        assert "15/09/2025" in body and "2025-09-15" in body  # the validator's French message
        assert "hors de la période du service" in body
        assert "École fantôme" in body and "Restaurants inconnus du service" in body
        assert "Plats en double" in body

    def test_unreadable_file_does_not_break_the_page(self, app, canteen, create_with_upload, run_jobs):
        upload(create_with_upload, canteen, b"PK\x03\x04" + b"\x00" * 200, name="menus.xlsx")
        run_jobs()
        page = app.get(f"{ROUTE}/menus")
        assert page.status_code == 200
        assert "Aucun menu n&#39;a pu être lu" in page.body or "Aucun menu n'a pu être lu" in page.body
        assert "classeur Excel" in page.body

    def test_print_view_and_ical_feed(self, app, canteen, create_with_upload, year_csv):
        upload(create_with_upload, canteen, year_csv)
        page = app.get(f"{ROUTE}/menus/imprimer?restaurant=ecole-elementaire-jules-ferry&semaine=2025-W38")
        assert page.status_code == 200 and "odl-print" in page.body and "Retour aux menus" in page.body
        feed = app.get(f"{ROUTE}/menus/ecole-elementaire-jules-ferry.ics")
        assert feed.headers["Content-Type"].startswith("text/calendar")
        assert feed.body.count("BEGIN:VEVENT") == 30
        assert app.get(f"{ROUTE}/menus/inconnue.ics", status=404)

    def test_indicators_with_purchases_are_purchase_value_shares(self, app, canteen, create_with_upload,
                                                                  year_csv):
        upload(create_with_upload, canteen, year_csv)
        upload(create_with_upload, canteen, sample.purchases_csv(datetime.date(2025, 9, 1)),
               schema="betagouv/ma-cantine:import-achats-siret", name="achats.csv")
        figures = helpers.call_action("odl_menu_indicators", id="cantines-saint-chamond")
        assert figures["egalim"]["basis"] == "purchase_value_ht"
        assert figures["egalim"]["thresholds"] == {"quality_pct": 50, "organic_pct": 20,
                                                   "meat_fish_quality_pct": 60}
        assert figures["monthly"][0]["period"] == "2025-09"
        page = app.get(f"{ROUTE}/indicateurs").body
        assert "EGalim : part des achats (en valeur)" in page
        assert "pas en valeur d&#39;achat" in page or "pas en valeur d'achat" in page

    def test_resource_view_is_added_and_renders(self, app, canteen, create_with_upload, year_csv):
        resource = upload(create_with_upload, canteen, year_csv)
        views = helpers.call_action("resource_view_list", id=resource["id"])
        assert [v["view_type"] for v in views].count("odl_menu_view") == 1
        page = app.get(f"/cantine/cantines-saint-chamond/resource/{resource['id']}")
        assert page.status_code == 200

    def test_private_service_menus_are_not_shown_to_anonymous(self, app, canteen, create_with_upload,
                                                              year_csv):
        upload(create_with_upload, canteen, year_csv)
        helpers.call_action("package_patch", id="cantines-saint-chamond", private=True)
        app.get(f"{ROUTE}/menus", status=404)
        response = app.get("/api/action/odl_menu_search?id=cantines-saint-chamond", status=403)
        assert response.json["success"] is False


@pytest.mark.usefixtures("clean_queues")
class TestEntryForm:
    def form(self, monday="2025-09-15"):
        return {
            "restaurant": sample.DEMO_RESTAURANTS[0].name, "week": "2025-W38", "meal": "déjeuner",
            "dishes__0__date": monday, "dishes__0__dish_type": "plat principal",
            "dishes__0__name": "omelette", "dishes__0__allergens_known": "oui",
            "dishes__0__allergens": ["oeufs", "lait"], "dishes__0__diets": "végétarien",
            "dishes__0__siqo": "agriculture biologique", "dishes__0__price": "1,20",
            "dishes__1__date": monday, "dishes__1__dish_type": "dessert", "dishes__1__name": "pomme",
            "dishes__1__allergens_known": "non",
            "dishes__2__date": monday, "dishes__2__dish_type": "entrée", "dishes__2__name": "",
        }

    def test_form_needs_edit_rights_and_carries_csrf(self, app, canteen):
        app.get(f"{ROUTE}/menus/saisie", status=403)
        page = app.get(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]))
        assert 'name="_csrf_token"' in page.body and 'method="post"' in page.body
        assert "Non renseignés" in page.body

    def test_saved_week_validates_through_the_suite_and_can_be_edited(self, app, canteen, run_jobs):
        response = app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]),
                            data=self.form(), follow_redirects=False)
        assert response.status_code == 302
        dataset = helpers.call_action("package_show", id="cantines-saint-chamond")
        resource = dataset["resources"][0]
        assert resource["schema"] == {"name": "scdl/menus-collectifs", "version": "1.2.3"}
        run_jobs()
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "success", validation["report"]["errors"]
        week = helpers.call_action("odl_menu_week_show", id="cantines-saint-chamond", week="2025-W38")
        dishes = {d["name"]: d for d in week["days"][0]["meals"][0]["dishes"]}
        assert dishes["omelette"]["allergens"] == ["oeufs", "lait"]
        assert dishes["omelette"]["price"] == 1.2
        assert dishes["pomme"]["allergen_info"] == "missing"

        edit = app.get(f"{ROUTE}/menus/saisie?restaurant={sample.DEMO_RESTAURANTS[0].name}&semaine=2025-W38",
                       headers=headers(canteen["editor"]))
        assert 'value="omelette"' in edit.body
        form = self.form()
        form["dishes__0__name"] = "omelette aux herbes"
        app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]), data=form)
        dataset = helpers.call_action("package_show", id="cantines-saint-chamond")
        assert len(dataset["resources"]) == 1
        names = [d["name"] for d in helpers.call_action("odl_menu_search", id="cantines-saint-chamond")["dishes"]]
        assert sorted(names) == ["omelette aux herbes", "pomme"]

    def test_bad_week_is_reported_in_french(self, app, canteen):
        form = self.form()
        form["dishes__1__date"] = "2025-09-22"  # next week
        form["dishes__2__name"] = "omelette"
        form["dishes__2__date"] = "2025-09-15"
        form["dishes__2__dish_type"] = "plat principal"
        page = app.post(f"{ROUTE}/menus/saisie", headers=headers(canteen["editor"]), data=form)
        assert "n&#39;a pas été enregistrée" in page.body or "n'a pas été enregistrée" in page.body
        assert "pas dans la semaine du 2025-09-15" in page.body
        assert "saisi deux fois" in page.body
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_week_save", id="cantines-saint-chamond",
                                restaurant="École inconnue", week="2025-W38", dishes=[])
        assert "n'est pas dans la liste des restaurants" in str(error.value.error_dict)
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_menu_week_save", id="cantines-saint-chamond",
                                restaurant=sample.DEMO_RESTAURANTS[0].name, week="2026-W30",
                                dishes=[{"date": "2026-07-20", "dish_type": "dessert", "name": "kiwi"}])
        assert "hors de la période du service" in str(error.value.error_dict)


def test_phase5_indicator(canteen, create_with_upload, year_csv):
    from ckanext.opendatalocale.territories.indicators import IndicatorContext, registered_indicators

    upload(create_with_upload, canteen, year_csv)
    indicators = registered_indicators()
    assert {"canteen_menu_recent", "canteen_menu_services", "canteen_menu_valid_share"} <= set(indicators)
    territory = canteen["territory"]["id"]
    context = IndicatorContext({territory: {}})
    assert indicators["canteen_menu_recent"].compute(context) == {territory: 1}
    later = IndicatorContext({territory: {}}, now=datetime.datetime.utcnow() + datetime.timedelta(days=40))
    assert indicators["canteen_menu_recent"].compute(later) == {}


@pytest.mark.ckan_config("ckanext.opendatalocale.territories.recent_days", 60)
def test_phase5_recent_window_is_the_territories_option(canteen, create_with_upload, year_csv):
    from ckanext.opendatalocale.territories.indicators import IndicatorContext, registered_indicators

    upload(create_with_upload, canteen, year_csv)
    recent = registered_indicators()["canteen_menu_recent"]
    territory = canteen["territory"]["id"]
    now = datetime.datetime.utcnow()
    assert recent.compute(IndicatorContext({territory: {}}, now=now + datetime.timedelta(days=40))) == {territory: 1}
    assert recent.compute(IndicatorContext({territory: {}}, now=now + datetime.timedelta(days=70))) == {}
