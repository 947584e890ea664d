"""The SCDL catalogue of a territory, downloaded from its page: valid against
scdl/catalogue with the suite's own validator, public datasets only."""
import csv
import io

import pytest
from ckan.tests import factories

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
    return firminy


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
