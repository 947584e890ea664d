"""Territories are organizations with identity fields checked on the way in."""
import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestTerritoryIdentity:
    def test_identity_fields_are_stored_and_shown(self):
        territory = factories.Organization(
            kind="commune", siren="214 202 186", insee_code="42218", population="172565"
        )
        shown = helpers.call_action("organization_show", id=territory["id"])
        assert shown["kind"] == "commune"
        assert shown["siren"] == "214202186"
        assert shown["insee_code"] == "42218"
        assert shown["population"] == 172565

    def test_siren_with_wrong_check_digit_is_refused_in_french(self):
        with pytest.raises(tk.ValidationError) as error:
            factories.Organization(kind="commune", siren="214202187")
        assert "clé de contrôle" in str(error.value.error_dict["siren"])

    def test_la_poste_siren_is_accepted_despite_luhn(self):
        territory = factories.Organization(kind="autre", siren="356000000")
        assert helpers.call_action("organization_show", id=territory["id"])["siren"] == "356000000"

    @pytest.mark.parametrize("code", ["4221", "ABCDE", "2C004", "999999"])
    def test_malformed_insee_code_is_refused(self, code):
        with pytest.raises(tk.ValidationError) as error:
            factories.Organization(kind="commune", insee_code=code)
        assert "code officiel géographique" in str(error.value.error_dict["insee_code"])

    def test_kind_is_required(self):
        with pytest.raises(tk.ValidationError) as error:
            factories.Organization(kind="")
        assert "kind" in error.value.error_dict


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestTerritoryList:
    def test_private_datasets_are_not_counted(self, app):
        commune = factories.Organization(kind="commune", title="Commune de Firminy")
        factories.Organization(kind="departement", title="Département de la Loire")
        factories.Dataset(owner_org=commune["id"])
        factories.Dataset(owner_org=commune["id"], private=True)

        listing = helpers.call_action("odl_territory_list", context={"ignore_auth": False, "user": ""})
        by_title = {t["title"]: t for t in listing["results"]}
        assert listing["count"] == 2
        assert by_title["Commune de Firminy"]["public_dataset_count"] == 1
        assert by_title["Département de la Loire"]["public_dataset_count"] == 0

        only_communes = helpers.call_action("odl_territory_list", kind="commune")
        assert [t["title"] for t in only_communes["results"]] == ["Commune de Firminy"]

    @pytest.mark.usefixtures("territories_db")
    def test_page_lists_territories_and_escapes_their_names(self, app):
        factories.Organization(kind="commune", title="<script>alert(1)</script> Roanne")
        page = app.get("/territoires")
        assert page.status_code == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Roanne" in page.body
        assert "<script>alert(1)</script>" not in page.body

    def test_unknown_kind_is_a_validation_error(self):
        with pytest.raises(tk.ValidationError):
            helpers.call_action("odl_territory_list", kind="canton")


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestReservedNames:
    @pytest.mark.parametrize("name", ["couverture-scdl", "obligation", "export"])
    def test_page_names_under_territoires_are_refused_in_french(self, name):
        with pytest.raises(tk.ValidationError) as error:
            factories.Organization(kind="commune", name=name)
        assert "est réservée" in str(error.value.error_dict["name"])

    def test_every_fixed_page_under_territoires_is_reserved(self, app):
        from ckanext.opendatalocale.territories.views import RESERVED_NAMES

        fixed = {rule.rule.split("/")[2].split(".")[0] for rule in app.flask_app.url_map.iter_rules()
                 if rule.rule.startswith("/territoires/") and "<" not in rule.rule.split("/")[2]}
        assert fixed <= RESERVED_NAMES


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestOrganizationPage:
    def test_organization_page_links_to_the_territory_dashboard(self, app):
        territory = factories.Organization(kind="commune", name="firminy")
        page = app.get(f"/organization/{territory['name']}")
        assert 'href="/territoires/firminy"' in page.body
        assert "Avancement open data" in page.body
