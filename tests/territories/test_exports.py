"""Exports of the territory pages through CKAN: spreadsheet formulas neutralised in
every CSV, and every territory exported however many there are."""
import csv
import io
import json
import random

import pytest
import ckan.model as model
from ckan.tests import factories, helpers

HOSTILE = '=HYPERLINK("http://x","y")'


def csv_rows(app, url):
    response = app.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))


def declare_schema(dataset, schema):
    resource = model.Resource.get(dataset["resources"][0]["id"])
    resource.extras = dict(resource.extras or {}, schema=schema, validation_status="success")
    model.Session.commit()


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestFormulaCells:
    @pytest.mark.ckan_config("ckanext.opendatalocale.territories.obligation_regions", "84")
    def test_hostile_title_and_schema_are_text_in_every_export(self, app):
        territory = factories.Organization(name="-1-1", title=HOSTILE, kind="commune",
                                           insee_code="42218", siren="214202186")
        dataset = factories.Dataset(owner_org=territory["id"],
                                    resources=[{"url": "https://x.fr/a.csv"}])
        declare_schema(dataset, '{"name": "+cmd|/C calc", "version": "1"}')

        exported = csv_rows(app, "/territoires/export.csv")
        assert exported[0][:2] == ["name", "title"]
        assert exported[1][:2] == ["'-1-1", "'" + HOSTILE]
        assert exported[1][7] == "1"  # figures stay figures

        coverage = csv_rows(app, "/territoires/couverture-scdl.csv")
        assert coverage[0] == ["name", "title", "'+cmd|/C calc"]
        assert coverage[1] == ["'-1-1", "'" + HOSTILE, "valid"]

        obligation = csv_rows(app, "/territoires/obligation.csv?departement=42&kind=commune")
        columns = obligation[0]
        saint_etienne = next(row for row in obligation[1:] if row[columns.index("code")] == "42218")
        assert saint_etienne[columns.index("territory")] == "'-1-1"
        for row in exported + coverage + obligation:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or cell.lstrip("-").isdigit(), cell

        # JSON keeps the text as it is: no spreadsheet reads it.
        listing = json.loads(app.get("/territoires/export.json").body)
        assert listing["territories"][0]["title"] == HOSTILE


def many_territories(count):
    """Organizations straight through the ORM: the factories take a second each."""
    order = list(range(count))
    random.Random(count).shuffle(order)  # not in name order: ties must be broken by name
    for index in order:
        group = model.Group(name=f"territoire-{index:05d}", title=f"Territoire n° {index:05d}",
                            type="organization", is_organization=True)
        group.state = "active"
        model.Session.add(group)
        model.Session.flush()
        group.extras = {"kind": "commune", "population": str(1000 + index)}
    model.Session.commit()
    return {f"territoire-{index:05d}" for index in range(count)}


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestWholeExports:
    def test_more_than_a_thousand_territories_are_all_exported(self, app):
        names = many_territories(2150)

        listing = json.loads(app.get("/territoires/export.json").body)
        assert listing["count"] == 2150
        exported = [territory["name"] for territory in listing["territories"]]
        assert len(exported) == 2150 and set(exported) == names

        rows = csv_rows(app, "/territoires/export.csv?sort=title&order=desc")
        assert len(rows) == 2151
        assert [row[0] for row in rows[1:]] == sorted(names, reverse=True)

    def test_pages_neither_repeat_nor_skip_territories_with_equal_values(self, app):
        names = many_territories(1010)
        # Every territory has phase 0: only the name orders them from page to page.
        rows = csv_rows(app, "/territoires/export.csv?sort=phase")
        assert [row[0] for row in rows[1:]] == sorted(names)


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_territories_without_a_value_come_last_whatever_the_order(order):
    for name in ("aurec", "bonson", "chazelles"):
        territory = factories.Organization(name=name, kind="commune")
        if name != "bonson":
            factories.Dataset(owner_org=territory["id"])
    listing = helpers.call_action("odl_territory_progress_list", sort="last_publication",
                                  order=order)
    names = [row["name"] for row in listing["results"]]
    assert names[-1] == "bonson"
    assert names[:2] == (["aurec", "chazelles"] if order == "asc" else ["chazelles", "aurec"])
