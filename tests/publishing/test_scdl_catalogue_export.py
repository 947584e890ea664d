"""The SCDL catalogue of a territory, downloaded from its page: valid against
scdl/catalogue with the suite's own validator, public datasets only."""
import csv
import io

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.publishing import importer, scdl_catalogue

from ckanext.opendatalocale.scdl.catalogue import default_catalogue
from ckanext.opendatalocale.scdl.validator import validate_csv

pytestmark = [pytest.mark.usefixtures("with_plugins")]

ANNUAL = "http://publications.europa.eu/resource/authority/frequency/ANNUAL"


@pytest.fixture
def territory(odl_db, clean_index):
    firminy = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy",
                                     siren="214200990")
    factories.Dataset(owner_org=firminy["id"], name="subventions-2025",
                      title="Subventions 2025", notes="Montants votés par le conseil.",
                      license_id="lo-2.0", frequency=ANNUAL, tags=[{"name": "subventions"}],
                      resources=[{"url": "https://data.example.fr/s.csv", "format": "CSV"}])
    factories.Dataset(owner_org=firminy["id"], name="bancs", title="=1+1",
                      resources=[{"url": "https://data.example.fr/bancs.geojson"}])
    factories.Dataset(owner_org=firminy["id"], name="brouillon", title="Brouillon secret",
                      private=True, resources=[{"url": "https://data.example.fr/b.csv"}])
    roanne = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne",
                                    siren="214201873")
    editor = factories.User()
    helpers.call_action("organization_member_create", id=roanne["id"], username=editor["name"],
                        role="editor")
    return {"firminy": firminy, "roanne": roanne, "editor": editor}


def test_territory_catalogue_is_valid_scdl_and_public_only(app, territory):
    response = app.get("/territoires/firminy/catalogue-scdl.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    body = response.get_data()
    report = validate_csv(body, default_catalogue().get("scdl/catalogue"))
    assert report["valid"], report["tasks"] if "tasks" in report else report
    records = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(r["URL"].rsplit("/", 1)[-1] for r in records) == ["bancs", "subventions-2025"]
    assert "Brouillon" not in body.decode("utf-8")
    subventions = next(r for r in records if r["TITRE"] == "Subventions 2025")
    assert subventions["COLL_SIRET"].startswith("214200990")
    assert subventions["FREQ_MAJ"] == "Annuelle" and subventions["LICENCE"] == "Licence Ouverte-LO"
    assert any(r["TITRE"] == "'=1+1" for r in records)
    assert app.get("/territoires/nulle-part/catalogue-scdl.csv").status_code == 404
    assert "/territoires/firminy/catalogue-scdl.csv" in app.get("/territoires/firminy").body


def records_of(body: bytes):
    return sorted(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))), key=lambda r: r["ID"])


def test_round_trip_into_an_empty_territory(app, territory):
    first = app.get("/territoires/firminy/catalogue-scdl.csv").get_data()
    # The agent adds the column naming the territory to import into.
    lines = first.decode("utf-8-sig").splitlines()
    content = "\n".join([lines[0] + ",territoire"] + [line + ",roanne" for line in lines[1:]])
    user = model.User.get(territory["editor"]["name"])
    bulk = importer.dry_run(user, content.encode("utf-8"), "catalogue.csv")
    assert bulk.errors == [] and len(bulk.plan) == 2
    assert {entry["action"] for entry in bulk.plan} == {"create"}
    importer.start(bulk)
    importer.run(bulk.id)
    assert [r["outcome"] for r in model.Session.get(type(bulk), bulk.id).results] == [
        "created", "created"]

    second = app.get("/territoires/roanne/catalogue-scdl.csv").get_data()
    assert validate_csv(second, default_catalogue().get("scdl/catalogue"))["valid"]
    before, after = records_of(first), records_of(second)
    assert len(after) == 2
    # The catalogue lists no resource file: each imported dataset has one resource, the
    # page the catalogue pointed at.
    carried = [c for c in scdl_catalogue.COLUMNS if c not in scdl_catalogue.TERRITORY_COLUMNS
               and c not in ("NOMBRE_RESSOURCES", "FORMAT_RESSOURCES")]
    assert [{c: r[c] for c in carried} for r in after] == [
        {c: r[c] for c in carried} for r in before]
    assert all(r["COLL_NOM"] == "Commune de Roanne" for r in after)
