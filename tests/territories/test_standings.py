"""Kept standings (standing_store): the overview, the territory list and the
obligation page read them in SQL; a change marks its territory stale in the same
transaction; a page recomputes a few stale rows itself, more are left to the
`record-progress --stale` pass and shown with their last figures meanwhile."""
import pytest
import sqlalchemy as sa
import ckan.model as model
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from ckanext.opendatalocale.territories.model import TerritoryStanding


def commune(**fields):
    defaults = dict(kind="commune", siren="214202186", insee_code="42218")
    defaults.update(fields)
    return factories.Organization(**defaults)


def publish(territory, **fields):
    return factories.Dataset(owner_org=territory["id"], resources=[{"url": "https://x.fr/a.csv"}],
                             **fields)


def kept(territory):
    model.Session.expire_all()
    return model.Session.get(TerritoryStanding, territory["id"])


def listed(**filters):
    listing = helpers.call_action("odl_territory_progress_list", **filters)
    return listing, {row["name"]: row for row in listing["results"]}


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestKeptStandings:
    def test_a_change_marks_its_territory_and_the_next_page_shows_it(self):
        firminy = commune(name="firminy", title="Firminy")
        assert kept(firminy) is None  # a new territory has no figures yet
        listing, rows = listed()
        assert rows["firminy"]["public_datasets"] == 0 and listing["pending"] == 0
        assert kept(firminy).stale is False

        dataset = publish(firminy)
        assert kept(firminy).stale is True  # in the transaction of the change
        _, rows = listed()
        assert rows["firminy"]["public_datasets"] == 1
        assert rows["firminy"]["last_publication"] is not None
        assert kept(firminy).public_datasets == 1 and kept(firminy).stale is False

        helpers.call_action("package_patch", id=dataset["id"], private=True)
        _, rows = listed()
        assert rows["firminy"]["public_datasets"] == 0  # private is never counted

    def test_an_identity_change_shows_in_filters(self):
        territory = commune(name="roche", title="Roche-la-Molière", insee_code="42186")
        _, rows = listed(departement="42")
        assert rows["roche"]["departement"] == "42"
        helpers.call_action("organization_patch", id=territory["id"], insee_code="69123")
        assert kept(territory).stale is True
        assert listed(departement="42")[1] == {}
        assert set(listed(departement="69")[1]) == {"roche"}

    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.inline_refresh_max", "2")
    def test_past_the_limit_pages_show_kept_figures_until_the_stale_pass(self, app, cli):
        busy = commune(name="busy", title="Busy")
        listed()  # kept: 0 dataset
        publish(busy)
        others = [commune(name=f"autre-{n}", title=f"Autre {n}") for n in range(3)]

        listing, rows = listed()
        assert listing["pending"] == 4
        assert rows["busy"]["public_datasets"] == 0 and rows["busy"]["pending"] is True
        assert {name for name, row in rows.items() if row["pending"]} == {
            "busy", *(other["name"] for other in others)}
        assert listing["total"] == 4 and listing["funnel"][0]["count"] == 4
        page = app.get("/territoires")
        assert "4 territoires sont en cours de recalcul" in page.body

        result = cli.invoke(ckan, ["opendatalocale", "territories", "record-progress", "--stale"])
        assert "Territoires examinés : 4" in result.output, result.output
        listing, rows = listed()
        assert listing["pending"] == 0
        assert rows["busy"]["public_datasets"] == 1 and rows["busy"]["pending"] is False

    def test_the_funnel_counts_territories_that_reached_each_phase(self):
        from ckanext.opendatalocale.territories import standing_store

        territories = [commune(name=f"f-{n}") for n in range(4)]
        listed()
        for phase, territory in zip((0, 1, 1, 3), territories):
            model.Session.execute(standing_store.standing_table.update().where(
                standing_store.standing_table.c.territory_id == territory["id"]).values(
                current_phase=phase))
        model.Session.commit()
        funnel = [step["count"] for step in listed()[0]["funnel"]]
        assert funnel[:5] == [4, 3, 1, 1, 0] and listed(phase=1)[0]["count"] == 2

    def test_pages_sorted_by_a_figure_neither_repeat_nor_skip(self):
        territories = [commune(name=f"t-{n:02d}", title=f"T {n % 3}") for n in range(7)]
        for territory in territories[:3]:
            publish(territory)
        seen = []
        for offset in range(0, 7, 3):
            _, rows = listed(sort="public_datasets", order="desc", limit=3, offset=offset)
            seen += list(rows)
        assert sorted(seen) == sorted(t["name"] for t in territories)
        assert set(seen[:3]) == {t["name"] for t in territories[:3]}

    def test_a_hostile_search_is_text(self):
        commune(name="a-100", title="100% Loire_sud")
        commune(name="autre", title="Autre")
        assert set(listed(q="100%")[1]) == {"a-100"}
        assert set(listed(q="_")[1]) == {"a-100"}
        assert listed(q="'; DROP TABLE \"group\"; --")[1] == {}
        assert model.Session.execute(sa.text('SELECT count(*) FROM "group"')).scalar() >= 2

    def test_territory_list_and_obligation_read_the_kept_counts(self):
        saint_etienne = commune(name="saint-etienne", title="Saint-Étienne",
                                siren="214202186", insee_code="42218")
        publish(saint_etienne)
        publish(saint_etienne, private=True)
        listing = helpers.call_action("odl_territory_list")
        assert [(t["name"], t["public_dataset_count"]) for t in listing["results"]] == [
            ("saint-etienne", 1)]
        obligation = helpers.call_action("odl_territory_obligation_show", region="84",
                                         departement="42", kind="commune")
        found = next(row for row in obligation["results"] if row["code"] == "42218")
        assert found["territory"] == "saint-etienne" and found["public_datasets"] == 1


def declare_schema(dataset, schema):
    resource = model.Resource.get(dataset["resources"][0]["id"])
    resource.extras = dict(resource.extras or {}, schema=schema)
    model.Session.commit()
    return resource.id


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestCoverageFromStandings:
    def test_a_validation_verdict_marks_its_territory_stale(self):
        from ckanext.opendatalocale.scdl import resource_validation

        territory = commune(name="firminy", title="Firminy")
        resource_id = declare_schema(publish(territory), '{"name": "scdl/budget"}')
        matrix = helpers.call_action("odl_territory_coverage_show")
        assert matrix["territories"][0]["cells"]["scdl/budget"]["state"] == "published"
        assert kept(territory).stale is False

        resource_validation.set_resource_status(resource_id, "success")
        assert kept(territory).stale is True
        matrix = helpers.call_action("odl_territory_coverage_show")
        assert matrix["territories"][0]["cells"]["scdl/budget"]["state"] == "valid"

    def test_the_matrix_is_paged_and_its_csv_complete(self, app, monkeypatch):
        from ckanext.opendatalocale.territories import views

        for n in range(5):
            territory = commune(name=f"t-{n}", title=f"Commune {n}")
            declare_schema(publish(territory), '{"name": "scdl/budget"}' if n % 2 else
                           '{"name": "scdl/subventions"}')
        commune(name="rien", title="Ne publie rien")
        first = helpers.call_action("odl_territory_coverage_show", limit=2)
        second = helpers.call_action("odl_territory_coverage_show", limit=2, offset=2)
        third = helpers.call_action("odl_territory_coverage_show", limit=2, offset=4)
        names = [t["name"] for page in (first, second, third) for t in page["territories"]]
        assert names == [f"t-{n}" for n in range(5)] and first["count"] == 5
        assert first["territory_counts"] == {"scdl/budget": 2, "scdl/subventions": 3}
        assert first["schemas"] == ["scdl/budget", "scdl/subventions"]

        page = app.get("/territoires/couverture-scdl?page=3")
        assert "Commune 4" not in page.body or "Commune 0" not in page.body

        monkeypatch.setattr(views, "_EXPORT_PAGE", 2)
        body = app.get("/territoires/couverture-scdl.csv").body.lstrip("\ufeff")
        lines = body.strip().splitlines()
        assert lines[0] == "name,title,scdl/budget,scdl/subventions"
        assert [line.split(",")[0] for line in lines[1:]] == [f"t-{n}" for n in range(5)]
        only_budget = helpers.call_action("odl_territory_coverage_show", departement="42")
        assert only_budget["count"] == 5
