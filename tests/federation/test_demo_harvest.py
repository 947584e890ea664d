"""Demo (issue 13, point 9): the Ville de Saint-Étienne's own portal, a static DCAT file
that `make run` serves on a loopback address, harvested by the demo load into the
Saint-Étienne territory, its files with their SCDL schema; loading again harvests
again, updating the same datasets."""
import functools
import http.server
import threading

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.opendatalocale import demo
from ckanext.opendatalocale.federation import demo as federation_demo, demo_catalogue

from .test_harvest import harvest_db  # noqa: F401 (fixture)

PLUGINS = ("scheming_datasets scheming_organizations opendatalocale opendatalocale_territories "
           "dcat opendatalocale_dcat harvest dcat_rdf_harvester opendatalocale_harvest "
           "opendatalocale_ckan_harvester")


@pytest.fixture
def served_catalogue(tmp_path):
    """The folder run.sh serves, written the way run.sh writes it, on 127.0.0.2."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    base = f"http://127.0.0.2:{httpd.server_port}"
    demo_catalogue.write(str(tmp_path), base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index")
def test_demo_harvests_the_communes_portal_into_its_territory(served_catalogue, monkeypatch):
    monkeypatch.setitem(tk.config, "ckanext.opendatalocale.demo.harvest_source_url",
                        served_catalogue + "/catalogue.ttl")
    demo.ensure_sysadmin("admin", "mot-de-passe-demo")
    for territory in demo.DEMO_TERRITORIES:
        demo.ensure_territory("admin", territory)
    said = []
    federation_demo.load("admin", said.append)
    assert said == [f"moissonnage {federation_demo.SOURCE_NAME} : 2 jeu(x) de données à jour"]

    source = helpers.call_action("harvest_source_show", id=federation_demo.SOURCE_NAME)
    territory = helpers.call_action("organization_show", id=demo_catalogue.TERRITORY)
    assert source["owner_org"] == territory["id"]
    found = helpers.call_action("package_search", fq=f'owner_org:"{territory["id"]}" +dataset_type:dataset',
                                rows=50)["results"]
    harvested = {d["title"]: d for d in found if d["identifier"].startswith(demo_catalogue.PORTAL)}
    assert sorted(harvested) == sorted(d.title for d in demo_catalogue.DATASETS)
    for expected in demo_catalogue.DATASETS:
        dataset = harvested[expected.title]
        assert dataset["license_id"] == "lo-2.0"
        [resource] = dataset["resources"]
        assert resource["url"] == f"{served_catalogue}/{expected.example}.csv"
        assert resource["schema"]["name"] == expected.schema_id
    ids = sorted(d["id"] for d in harvested.values())

    # `make run` again: same source, harvested again, the same datasets updated
    said.clear()
    federation_demo.load("admin", said.append)
    assert said == [f"moissonnage {federation_demo.SOURCE_NAME} : 2 jeu(x) de données à jour"]
    again = helpers.call_action("package_search", fq=f'owner_org:"{territory["id"]}"', rows=50)["results"]
    assert sorted(d["id"] for d in again if d["identifier"].startswith(demo_catalogue.PORTAL)) == ids
    assert len(helpers.call_action("harvest_source_list")) == 1


@pytest.mark.usefixtures("with_plugins", "odl_db")
def test_demo_without_a_catalogue_url_harvests_nothing():
    said = []
    federation_demo.load("admin", said.append)
    assert said and "non configuré" in said[0]
