"""Progress, milestones, history, overview, exports and the SCDL coverage matrix
against the real stack (PostgreSQL, Solr)."""
import datetime
import html
import json

import pytest
import sqlalchemy as sa
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale.scdl.site_catalogue import catalogue
from ckanext.opendatalocale.territories import indicators


def commune(**fields):
    defaults = dict(kind="commune", siren="214202186", insee_code="42218")
    defaults.update(fields)
    return factories.Organization(**defaults)


def declare_schema(dataset, schema, status=None):
    """Resource extras as the SCDL plugin stores them (data.gouv.fr style)."""
    resource = model.Resource.get(dataset["resources"][0]["id"])
    resource.extras = dict(resource.extras or {}, schema=schema,
                           **({"validation_status": status} if status else {}))
    model.Session.commit()


def dataset_with_resource(territory, **fields):
    return factories.Dataset(owner_org=territory["id"], resources=[{"url": "https://x.fr/a.csv"}],
                             **fields)


def show(territory, user=""):
    return helpers.call_action("odl_territory_progress_show",
                               context={"user": user, "ignore_auth": False}, id=territory["name"])


def replace_public_datasets(monkeypatch, compute):
    """The public-datasets indicator computed by ``compute`` instead."""
    original = indicators.registered_indicators

    def replaced():
        found = original()
        found["public_datasets"] = indicators.Indicator("public_datasets", "x", compute)
        return found
    monkeypatch.setattr(indicators, "registered_indicators", replaced)


def criterion(standing, criterion_id):
    return next(c for phase in standing["phases"] for c in phase["criteria"]
                if c["id"] == criterion_id)


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestProgress:
    def test_new_territory_starts_before_phase_one(self):
        standing = show(commune())
        assert standing["current_phase"] == 0
        assert standing["phase_count"] == 6
        assert [s["id"] for s in standing["next_steps"]][:1] == ["referent_named"]
        assert len(standing["next_steps"]) == 3

    def test_milestone_and_datasets_move_the_territory_to_phase_two(self):
        territory = commune()
        admin = factories.Sysadmin()
        helpers.call_action("odl_milestone_update", context={"user": admin["name"]},
                            id=territory["id"], milestone="referent_named",
                            achieved_on="2025-03-01", note="Mme Martin",
                            evidence_url="https://www.firminy.fr/deliberation.pdf")
        assert show(territory)["current_phase"] == 1
        declare_schema(dataset_with_resource(territory), {"name": "scdl/deliberations",
                                                          "version": "2.1.3"}, "success")
        standing = show(territory)
        assert standing["current_phase"] == 2
        assert criterion(standing, "first_dataset")["value"] == 1
        assert criterion(standing, "first_scdl_resource")["met"] is True
        assert criterion(standing, "scdl_mostly_valid")["value"] == 1.0

    def test_indicator_no_plugin_provides_is_shown_unavailable(self, app, monkeypatch):
        original = indicators.registered_indicators
        # As on a site without the duplicates plugin.
        monkeypatch.setattr(indicators, "registered_indicators", lambda: {
            key: value for key, value in original().items() if key != "open_duplicate_clusters"})
        territory = commune()
        standing = show(territory)
        dedup = criterion(standing, "no_open_duplicates")
        assert (dedup["available"], dedup["met"]) == (False, False)
        assert "non disponible" in app.get(f"/territoires/{territory['name']}").body

    def test_failing_indicator_is_unavailable_not_a_crash(self, monkeypatch):
        def broken(context):
            raise RuntimeError("Solr en panne")

        replace_public_datasets(monkeypatch, broken)
        assert criterion(show(commune()), "first_dataset")["available"] is False

    def test_failing_query_of_an_indicator_leaves_the_page_working(self, monkeypatch):
        def missing_table(context):
            model.Session.execute(sa.text("SELECT * FROM odl_table_that_does_not_exist"))

        replace_public_datasets(monkeypatch, missing_table)
        territory = commune()
        assert criterion(show(territory), "first_dataset")["available"] is False
        # The failed query was rolled back alone: the rest of the request still reads.
        assert criterion(show(territory), "referent_named")["available"] is True
        assert model.Session.query(model.Group).filter_by(id=territory["id"]).count() == 1

    def test_private_datasets_are_counted_apart_for_members_only(self):
        territory = commune()
        member = factories.User()
        helpers.call_action("organization_member_create", id=territory["id"],
                            username=member["name"], role="member")
        dataset_with_resource(territory)
        declare_schema(dataset_with_resource(territory, private=True), "scdl/budget", "success")
        public_view = show(territory)
        assert public_view["public_dataset_count"] == 1
        assert "private_dataset_count" not in public_view
        assert criterion(public_view, "first_scdl_resource")["value"] == 0
        assert show(territory, member["name"])["private_dataset_count"] == 1

    def test_unknown_territory_and_unknown_milestone(self):
        with pytest.raises(tk.ObjectNotFound):
            show({"name": "nulle-part"})
        territory = commune()
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_milestone_update", id=territory["id"], milestone="inconnu")
        assert "milestone" in error.value.error_dict
        with pytest.raises(tk.ValidationError):
            helpers.call_action("odl_milestone_update", id=territory["id"],
                                milestone="referent_named", evidence_url="pas une url")

    def test_notes_have_a_length_limit(self):
        territory = commune()
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_milestone_update", id=territory["id"],
                                milestone="referent_named", note="x" * 2001)
        assert "trop long" in str(error.value.error_dict["note"])
        helpers.call_action("odl_milestone_update", id=territory["id"],
                            milestone="referent_named", note="x" * 2000)
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("odl_milestone_review", id=territory["id"],
                                milestone="referent_named", status="confirmed",
                                review_note="y" * 5000)
        assert "review_note" in error.value.error_dict


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestHistory:
    def test_progress_is_recorded_when_it_changes_and_a_lost_phase_shows(self, cli):
        territory = commune()
        helpers.call_action("odl_milestone_update", id=territory["id"], milestone="referent_named")
        helpers.call_action("odl_milestone_review", id=territory["id"], milestone="referent_named",
                            status="rejected", review_note="Pas de nom")
        timeline = show(territory)["timeline"]
        assert [(e["phase"], e["reached"]) for e in timeline] == [(1, True), (1, False)]

        result = helpers.call_action("odl_territory_progress_record")
        assert result["recorded"] == 0  # nothing changed since the review

    def test_daily_command_records_only_changes(self, cli):
        from ckan.cli.cli import ckan

        territory = commune()
        first = cli.invoke(ckan, ["opendatalocale", "territories", "record-progress"])
        assert first.exit_code == 0, first.output
        assert "avancements enregistrés : 1" in first.output
        dataset_with_resource(territory)
        again = cli.invoke(ckan, ["opendatalocale", "territories", "record-progress",
                                  "--territory", territory["name"]])
        assert "avancements enregistrés : 1" in again.output
        unchanged = cli.invoke(ckan, ["opendatalocale", "territories", "record-progress"])
        assert "avancements enregistrés : 0" in unchanged.output


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestOverview:
    def test_funnel_filters_sorting_and_exports(self, app):
        loire = commune(title="Commune de Firminy", name="firminy")
        factories.Organization(kind="departement", title="Département de la Loire",
                               name="loire", insee_code="42", siren="224200014")
        dataset_with_resource(loire, title="Budget")
        factories.Dataset(owner_org=loire["id"], private=True, title="Brouillon secret")

        listing = helpers.call_action("odl_territory_progress_list", sort="public_datasets",
                                      order="desc")
        assert [r["name"] for r in listing["results"]] == ["firminy", "loire"]
        assert listing["results"][0]["public_datasets"] == 1
        assert listing["funnel"][0]["count"] == 2
        only = helpers.call_action("odl_territory_progress_list", kind="departement")
        assert [r["name"] for r in only["results"]] == ["loire"]

        exported = json.loads(app.get("/territoires/export.json").body)
        assert {t["name"]: t["public_datasets"] for t in exported["territories"]} == {
            "firminy": 1, "loire": 0}
        csv_body = app.get("/territoires/export.csv?departement=42").body
        assert "Commune de Firminy" in csv_body and "Brouillon" not in csv_body
        page = app.get("/territoires?sort=title&order=desc")
        assert page.status_code == 200
        assert "aria-sort=\"descending\"" in page.body

    def test_invalid_filter_is_a_bad_request(self, app):
        app.get("/territoires?kind=canton", status=400)

    def test_coverage_matrix_shows_public_schemas_only(self, app):
        firminy = commune(title="Commune de Firminy", name="firminy")
        declare_schema(dataset_with_resource(firminy),
                       '{"name": "scdl/subventions", "version": "2.1.0"}', "success")
        declare_schema(dataset_with_resource(firminy, private=True), "scdl/budget")
        matrix = helpers.call_action("odl_territory_coverage_show")
        assert matrix["schemas"] == ["scdl/subventions"]
        assert matrix["territories"][0]["cells"]["scdl/subventions"]["state"] == "valid"
        page = app.get("/territoires/couverture-scdl")
        assert "scdl/subventions" in page.body and "scdl/budget" not in page.body
        # the column is headed by the schema's title, its id kept in the abbreviation's title
        title = catalogue().info("scdl/subventions").title
        assert f'title="scdl/subventions">{html.escape(title, quote=False)}</abbr>' in page.body
        assert "scdl/budget" not in app.get("/territoires/couverture-scdl.csv").body

    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.progress_read", "members")
    def test_overview_can_be_restricted(self, app):
        app.get("/territoires", status=403)
        app.get("/territoires/export.json", status=403)


@pytest.mark.usefixtures("with_plugins", "territories_db")
class TestTerritoryFields:
    def test_referent_contact_is_shown_to_members_only(self):
        member = factories.User()
        territory = commune(referent_name="Mme Martin", referent_role="DGS",
                            referent_contact="martin@firminy.fr")
        helpers.call_action("organization_member_create", id=territory["id"],
                            username=member["name"], role="member")
        anonymous = helpers.call_action("organization_show", context={"user": "", "ignore_auth": False},
                                        id=territory["id"])
        assert anonymous["referent_name"] == "Mme Martin"
        assert "referent_contact" not in anonymous
        as_member = helpers.call_action("organization_show", context={"user": member["name"]},
                                        id=territory["id"])
        assert as_member["referent_contact"] == "martin@firminy.fr"

    def test_parent_and_accompanied_territories_must_exist(self):
        loire = factories.Organization(kind="departement", name="loire")
        territory = commune(parent_territory=loire["id"], accompanies=["loire"])
        shown = helpers.call_action("organization_show", id=territory["id"])
        assert shown["parent_territory"] == "loire"
        assert shown["accompanies"] == ["loire"]
        assert criterion(show(territory), "accompanies_one")["met"] is True
        with pytest.raises(tk.ValidationError) as error:
            commune(accompanies=["nulle-part"])
        assert "Territoire inconnu" in str(error.value.error_dict["accompanies"])
        with pytest.raises(tk.ValidationError):
            commune(parent_territory="nulle-part")


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
def test_dashboard_links_phase_two_to_the_publishing_guides(app):
    territory = commune(name="firminy")
    standing = show(territory)
    first = criterion(standing, "first_dataset")
    assert first["guide"]["url"] == f"/dataset/new?owner_org={territory['id']}"
    assert "/guide/quelles-donnees" in [g["url"] for g in first["guides"]]
    body = app.get("/territoires/firminy").body
    for url in ("/guide/quelles-donnees", "/guide/ou-heberger", "/guide/combien-ca-coute",
                "/guide/combien-de-temps", "/guide/methode", 'href="/schemas"'):
        assert url in body


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
def test_visitors_get_guides_and_the_team_gets_the_forms(app):
    territory = commune(name="unieux")
    admin = factories.UserWithToken()
    helpers.call_action("organization_member_create", id=territory["id"],
                        username=admin["name"], role="admin")
    visitor = app.get("/territoires/unieux").body
    assert "/guide/quelles-donnees" in visitor
    assert "/dataset/new?owner_org=" not in visitor and "/organization/edit/" not in visitor
    member = app.get("/territoires/unieux", headers={"Authorization": admin["token"]}).body
    assert f"/dataset/new?owner_org={territory['id']}" in member
    # Links keep the visitor's language.
    assert 'href="/en/guide/quelles-donnees"' in app.get("/en/territoires/unieux").body


def test_a_median_of_days_is_written_the_pages_way(app):
    # data_request_median_days is a float: « 0.0 » was shown as Python writes it
    from ckanext.opendatalocale.territories.helpers import odl_indicator_value
    with app.flask_app.test_request_context("/"):
        assert odl_indicator_value({"available": True, "value": 2.5}) == "2,5"
        assert odl_indicator_value({"available": True, "value": 0.0}) == "0"
        assert odl_indicator_value({"available": True, "value": 12}) == "12"
        assert odl_indicator_value({"available": True, "value": None}) == "aucune donnée"
