"""`ckan opendatalocale schemas refresh` from a schema.data.gouv.fr-style catalogue."""
import functools
import http.server
import json
import os
import shutil
import threading

import pytest
from ckan.cli.cli import ckan as ckan_command
from ckan.tests import helpers

from ckanext.opendatalocale.scdl.site_catalogue import schemas_folder

SITE = "https://schema.data.gouv.fr/schemas"


@pytest.fixture
def site_schemas_folder(with_plugins):
    folder = schemas_folder()
    shutil.rmtree(folder, ignore_errors=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _mirror(tmp_path, base_url: str) -> str:
    """A copy of the site listing one new version of the subventions schema."""
    bundled = helpers.call_action("odl_schema_show", id="scdl/subventions")
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "ckanext", "opendatalocale",
                           "scdl", "data", "subventions", "schema.json"), encoding="utf-8") as handle:
        descriptor = json.load(handle)
    descriptor["version"] = "9.9.9"
    target = tmp_path / "scdl" / "subventions" / "9.9.9"
    target.mkdir(parents=True)
    (target / "schema.json").write_text(json.dumps(descriptor), encoding="utf-8")
    catalogue = {"schemas": [{
        "name": "scdl/subventions", "title": bundled["title"], "schema_type": "tableschema",
        "labels": ["Socle Commun des Données Locales"],
        "versions": [
            {"version_name": bundled["version"],
             "schema_url": f"{base_url}/scdl/subventions/{bundled['version']}/schema.json"},
            {"version_name": "9.9.9", "schema_url": f"{base_url}/scdl/subventions/9.9.9/schema.json"},
        ],
    }]}
    (tmp_path / "schemas.json").write_text(json.dumps(catalogue), encoding="utf-8")
    return str(tmp_path)


@pytest.fixture
def http_mirror(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.2:{server.server_port}"
    _mirror(tmp_path, base)
    yield base
    server.shutdown()


@pytest.mark.usefixtures("site_schemas_folder")
class TestRefresh:
    def test_from_a_local_http_server_keeps_older_versions(self, cli, http_mirror):
        result = cli.invoke(ckan_command, ["opendatalocale", "schemas", "refresh",
                                           http_mirror + "/schemas.json"])
        assert result.exit_code == 0, result.output
        assert "ajouté : scdl/subventions 9.9.9" in result.output
        shown = helpers.call_action("odl_schema_show", id="scdl/subventions")
        assert shown["latest"] == "9.9.9"
        assert len(shown["versions"]) >= 2
        older = helpers.call_action("odl_schema_show", id="scdl/subventions",
                                    version=shown["versions"][0])
        assert older["version"] == shown["versions"][0]

        again = cli.invoke(ckan_command, ["opendatalocale", "schemas", "refresh",
                                          http_mirror + "/schemas.json"])
        assert again.exit_code == 0 and "Nouvelles versions : 0" in again.output

    def test_from_a_folder_mirroring_the_site(self, cli, tmp_path):
        folder = _mirror(tmp_path, SITE)
        result = cli.invoke(ckan_command, ["opendatalocale", "schemas", "refresh", folder])
        assert result.exit_code == 0, result.output
        assert "9.9.9" in helpers.call_action("odl_schema_show", id="scdl/subventions")["versions"]

    def test_unreadable_catalogue_is_a_clear_error(self, cli, tmp_path):
        (tmp_path / "schemas.json").write_text("<html>pas du JSON</html>", encoding="utf-8")
        result = cli.invoke(ckan_command, ["opendatalocale", "schemas", "refresh", str(tmp_path)])
        assert result.exit_code != 0
        assert "Catalogue illisible" in result.output
