"""The referential through CKAN: public look-up action, territory form, the
`link` and `onboard` commands, the obligation page and its exports."""
import csv
import io
import json

import pytest
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers


def lookup(**params):
    return helpers.call_action("odl_territory_lookup", context={"user": "", "ignore_auth": False},
                               **params)


def organizations():
    return {g.name: g for g in model.Session.query(model.Group).filter_by(is_organization=True,
                                                                           state="active")}


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestLookupAction:
    def test_anyone_may_look_up_by_name_code_and_postal_code(self, app):
        found = lookup(q="st etienne", limit=3)["results"][0]
        assert (found["name"], found["kind"], found["insee_code"], found["siren"]) == (
            "Saint-Étienne", "commune", "42218", "214202186")
        assert found["parent"]["name"] == "Saint-Étienne Métropole"
        assert found["parent"]["kind"] == "intercommunalite"
        assert found["departement"]["name"] == "Loire"
        assert lookup(code="244200770")["results"][0]["kind"] == "intercommunalite"
        assert [r["code"] for r in lookup(postal_code="42100")["results"]] == ["42218"]
        assert lookup(q="loire", kind="departement")["results"][0]["code"] == "42"
        response = app.get("/api/3/action/odl_territory_lookup?q=abergement%20clemenciat")
        assert response.json["result"]["results"][0]["code"] == "01001"
        assert response.json["result"]["source"]["version"] == "6.0.0"

    def test_old_code_leads_to_todays_commune_and_says_so(self):
        found = lookup(code="42190")["results"][0]
        assert found["code"] == "42218"
        assert "Rochetaillée" in found["redirect"]

    def test_the_search_box_takes_codes_as_people_type_them(self, app):
        for typed in ("214202186", "214 202 186", "42218", "42190"):
            response = app.get("/api/3/action/odl_territory_lookup", params={"q": typed})
            assert response.json["result"]["results"][0]["code"] == "42218", typed
        by_postal = app.get("/api/3/action/odl_territory_lookup", params={"q": "42100"})
        assert "42218" in [r["code"] for r in by_postal.json["result"]["results"]]
        old = lookup(q="42190")["results"][0]
        assert "Rochetaillée" in old["redirect"]

    def test_parent_on_this_portal_is_named_for_the_form(self):
        factories.Organization(name="saint-etienne-metropole", kind="intercommunalite",
                               siren="244200770")
        found = lookup(code="42218")["results"][0]
        assert found["parent"]["portal_name"] == "saint-etienne-metropole"

    def test_parents_on_the_portal_follow_this_sites_changes_at_once(self):
        assert lookup(code="42218")["results"][0]["parent"]["portal_name"] is None
        metropole = factories.Organization(name="saint-etienne-metropole",
                                           kind="intercommunalite", siren="244200770")
        assert lookup(code="42218")["results"][0]["parent"]["portal_name"] == metropole["name"]
        helpers.call_action("organization_delete", id=metropole["id"])
        assert lookup(code="42218")["results"][0]["parent"]["portal_name"] is None

    def test_bad_input_is_refused(self):
        with pytest.raises(tk.ValidationError) as error:
            lookup()
        assert "Indiquez un nom" in str(error.value.error_dict)
        with pytest.raises(tk.ValidationError):
            lookup(q="lyon", kind="canton")
        with pytest.raises(tk.ValidationError):
            lookup(q="lyon", limit="beaucoup")
        with pytest.raises(tk.ValidationError) as error:
            lookup(code="214202187")
        assert "clé de contrôle" in str(error.value.error_dict["code"])
        unknown = lookup(code="99999")
        assert unknown["results"] == [] and "Aucun territoire" in unknown["message"]


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestTerritoryForm:
    def test_form_offers_an_accessible_referential_search(self, app):
        sysadmin = factories.Sysadmin()
        headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
        body = app.get("/organization/new", headers=headers).body
        assert 'data-module="odl-territory-lookup"' in body
        assert 'role="combobox"' in body and 'aria-controls="field-referential_code-listbox"' in body
        assert 'role="listbox"' in body and 'aria-live="polite"' in body
        assert "territory_lookup" in body  # the JS bundle

    def test_manual_entry_stays_possible_and_siren_is_still_checked(self):
        syndicat = factories.Organization(kind="syndicat", siren="253800825", title="SIEL")
        assert helpers.call_action("organization_show", id=syndicat["id"])["kind"] == "syndicat"
        with pytest.raises(tk.ValidationError):
            factories.Organization(kind="syndicat", siren="253800826")


def run(cli, *args):
    return cli.invoke(ckan, ["opendatalocale", "territories", *args])


@pytest.mark.usefixtures("with_plugins", "territories_db")
class TestOnboard:
    def test_creates_territories_with_parents_and_reruns_without_duplicates(self, cli):
        args = ("onboard", "--region", "84", "--departement", "42", "--min-population", "20000")
        result = run(cli, *args)
        assert result.exit_code == 0, result.output
        created = organizations()
        # Région, Loire, the EPCI above 20,000 inhabitants, three communes.
        assert {"region-auvergne-rhone-alpes", "departement-loire", "saint-etienne-metropole",
                "saint-etienne", "roanne", "saint-chamond"} <= set(created)
        shown = helpers.call_action("organization_show", id="saint-etienne")
        assert (shown["kind"], shown["insee_code"], shown["siren"], shown["population"]) == (
            "commune", "42218", "214202186", 173136)
        assert shown["parent_territory"] == "saint-etienne-metropole"
        assert helpers.call_action("organization_show", id="saint-etienne-metropole")[
            "parent_territory"] == "departement-loire"
        assert helpers.call_action("organization_show", id="departement-loire")[
            "parent_territory"] == "region-auvergne-rhone-alpes"
        assert "créés" in result.output and "[" in result.output  # progress

        again = run(cli, *args)
        assert again.exit_code == 0, again.output
        assert "Territoires créés : 0" in again.output and "existe déjà" in again.output
        assert len(organizations()) == len(created)

    def test_dry_run_creates_nothing(self, cli):
        result = run(cli, "onboard", "--region", "84", "--departement", "42", "--dry-run")
        assert result.exit_code == 0, result.output
        assert "Territoires à créer" in result.output and "saint-etienne" in result.output
        assert organizations() == {}

    @pytest.mark.parametrize("args, message", [
        (("--region", "99"), "la région « 99 » n'existe pas"),
        (("--region", "84", "--departement", "13"), "n'est pas dans la région 84"),
        (("--region", "84", "--departement", "XX"), "le département « XX » n'existe pas"),
        (("--region", "84", "--min-population", "beaucoup"), "attend un nombre"),
        (("--region", "84", "--kinds", "commune,canton"), "types inconnus « canton »"),
    ])
    def test_bad_input_is_refused_in_french_before_anything_is_created(self, cli, args, message):
        result = run(cli, "onboard", *args)
        assert result.exit_code != 0
        assert message in result.output
        assert organizations() == {}


@pytest.mark.usefixtures("with_plugins", "territories_db")
class TestLink:
    def test_completes_matched_territories_and_explains_the_others(self, cli):
        factories.Organization(name="ville-de-roanne", kind="commune", insee_code="42187")
        factories.Organization(name="rochetaillee", kind="commune", insee_code="42190")
        factories.Organization(name="siel", kind="syndicat", siren="253800825")
        factories.Organization(name="sans-code", kind="commune")
        result = run(cli, "link")
        assert result.exit_code == 0, result.output
        roanne = helpers.call_action("organization_show", id="ville-de-roanne")
        assert roanne["siren"] == "214201873" and roanne["population"] > 30000
        assert "rochetaillee" in result.output and "Saint-Étienne (42218)" in result.output
        assert "siel : type « syndicat » hors du référentiel" in result.output
        assert "sans-code : ni SIREN ni code INSEE" in result.output
        rochetaillee = helpers.call_action("organization_show", id="rochetaillee")
        assert not rochetaillee.get("siren")  # a merged commune is flagged, not rewritten


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestObligation:
    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.obligation_regions", "84")
    def test_page_counts_filters_and_exports(self, app):
        saint_etienne = factories.Organization(name="saint-etienne", kind="commune",
                                               insee_code="42218", siren="214202186")
        factories.Dataset(owner_org=saint_etienne["id"])
        roanne = factories.Organization(name="roanne", kind="commune", insee_code="42187")
        factories.Dataset(owner_org=roanne["id"], private=True)  # private: not a publication

        result = helpers.call_action("odl_territory_obligation_show",
                                     context={"user": "", "ignore_auth": False},
                                     departement="42", kind="commune")
        assert result["label"] == "plus de 3 500 habitants (effectif d'agents non connu)"
        by_code = {row["code"]: row for row in result["results"]}
        assert by_code["42218"]["status"] == "published" and by_code["42218"]["territory"] == "saint-etienne"
        assert by_code["42187"]["status"] == "not_started" and by_code["42187"]["public_datasets"] == 0
        assert result["summary"]["published"] == 1
        assert result["summary"]["by_departement"][0]["code"] == "42"

        page = app.get("/territoires/obligation?departement=42").body
        assert "plus de 3 500 habitants (effectif d&#39;agents non connu)" in page
        assert "Données du graphique" in page and 'role="img"' in page
        not_started = json.loads(app.get("/territoires/obligation.json?status=not_started&kind=commune").body)
        assert "42218" not in {row["code"] for row in not_started["results"]}
        csv_body = app.get("/territoires/obligation.csv?departement=42").body
        assert "Saint-Étienne" in csv_body and "published" in csv_body
        assert "Territoires de plus de 3 500 habitants" in app.get("/territoires").body
        app.get("/territoires/obligation?status=fini", status=400)

    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.obligation_regions", "84")
    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.overview_page_size", 10)
    def test_page_is_paged_and_exports_are_whole(self, app):
        whole = helpers.call_action("odl_territory_obligation_show", departement="42")
        assert whole["count"] > 20 and len(whole["results"]) == whole["count"]
        second = helpers.call_action("odl_territory_obligation_show", departement="42",
                                     limit=10, offset=10)
        assert [row["code"] for row in second["results"]] == [
            row["code"] for row in whole["results"][10:20]]
        assert second["summary"] == whole["summary"]  # figures count every row, not the page

        page = app.get("/territoires/obligation?departement=42&page=2").body
        # INSEE and SIREN codes (5 and 9 digits) are not also département numbers
        long_codes = [row["code"] for row in whole["results"] if len(row["code"]) > 3]
        shown = [code for code in long_codes if f"<td>{code}</td>" in page]
        assert shown == [row["code"] for row in whole["results"][10:20] if len(row["code"]) > 3]
        assert shown
        assert "Intercommunalité (EPCI)" in page or "Commune" in page
        assert "<td>epci</td>" not in page and "<td>commune</td>" not in page
        assert 'aria-current="page">2<' in page and "departement=42" in page
        last = (whole["count"] + 9) // 10
        assert f"page={last}" in page  # the last page is one click away, not every page
        assert len(whole["results"]) == len(list(csv.reader(io.StringIO(
            app.get("/territoires/obligation.csv?departement=42").body)))) - 1

    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.progress_read", "members")
    def test_obligation_follows_the_reading_policy(self, app):
        app.get("/territoires/obligation", status=403)
