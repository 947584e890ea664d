"""Issue 11, points 1, 3, 4, 14, 15: hostile links and reports that must not be read."""
import http.server
import threading

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale.scdl.model import ResourceValidation

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"


@pytest.fixture
def territory_dataset():
    organization = factories.Organization(kind="commune")
    return factories.Dataset(owner_org=organization["id"])


@pytest.fixture
def secret_dataset():
    """Another territory's private dataset, indexed in the real Solr."""
    other = factories.Organization(kind="commune")
    return factories.Dataset(owner_org=other["id"], private=True,
                             title="Liste confidentielle", notes="SECRET-DE-LA-COMMUNE")


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    """A server on 127.0.0.1, where the platform's own services listen."""
    handler = type("H", (_Counter,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", handler.hits
    server.shutdown()


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestServerSideRequestForgery:
    def test_a_link_to_the_platforms_solr_never_reaches_the_report(
            self, territory_dataset, secret_dataset, run_jobs, app):
        solr = tk.config.get("solr_url").rstrip("/")
        url = (f"{solr}/select?q=*:*&wt=csv&rows=100&fl=title,notes,validated_data_dict")
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url, schema=SUBVENTIONS)
        run_jobs()
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "error"
        assert validation["report"] is None
        assert "boucle locale" in validation["error"]
        page = app.get(f"/dataset/{territory_dataset['name']}/resource/{resource['id']}/validation")
        assert "SECRET-DE-LA-COMMUNE" not in page.body

    def test_a_loopback_server_is_never_contacted(self, territory_dataset, loopback_server, run_jobs):
        url, hits = loopback_server
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url + "x.csv",
            schema=SUBVENTIONS)
        run_jobs()
        assert hits == []
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "error"

    @pytest.mark.ckan_config("ckanext.opendatalocale.fetch.allowed_networks", "")
    def test_without_the_allow_list_a_local_network_is_refused(
            self, territory_dataset, csv_server, run_jobs):
        url = csv_server(example_bytes("subventions"))
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url, schema=SUBVENTIONS)
        run_jobs()
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "error"
        assert "n'a pas été suivi" in validation["error"]

    def test_a_file_scheme_is_refused(self, territory_dataset, run_jobs):
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url="file:///etc/passwd",
            schema=SUBVENTIONS)
        run_jobs()
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "error"
        assert "http://" in validation["error"] and "root:" not in (validation["error"] or "")

    def test_a_synchronous_run_of_a_link_never_fetches_in_the_request(
            self, territory_dataset, csv_server):
        url = csv_server(example_bytes("subventions"))
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url, size=10,
            schema=SUBVENTIONS)
        # The declared size says "small"; the link is still left to the background job.
        result = helpers.call_action(
            "resource_validation_run", resource_id=resource["id"], **{"async": False})
        assert result["status"] == "running"


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestReportsOfDeletedResources:
    def _validated(self, create_with_upload, dataset, run_jobs):
        resource = create_with_upload(example_bytes("subventions"), "subventions.csv",
                                      package_id=dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        assert helpers.call_action("resource_validation_show", resource_id=resource["id"])
        return resource

    def test_deleting_the_resource_deletes_its_report(
            self, create_with_upload, territory_dataset, run_jobs):
        resource = self._validated(create_with_upload, territory_dataset, run_jobs)
        helpers.call_action("resource_delete", id=resource["id"])
        assert ResourceValidation.get(resource["id"]) is None
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("resource_validation_show", resource_id=resource["id"])

    def test_deleting_the_dataset_deletes_its_reports(
            self, create_with_upload, territory_dataset, run_jobs):
        resource = self._validated(create_with_upload, territory_dataset, run_jobs)
        helpers.call_action("package_delete", id=territory_dataset["id"])
        assert ResourceValidation.get(resource["id"]) is None
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("resource_validation_show", resource_id=resource["id"])

    def test_a_purged_datasets_report_is_not_readable(
            self, create_with_upload, territory_dataset, run_jobs):
        resource = self._validated(create_with_upload, territory_dataset, run_jobs)
        helpers.call_action("dataset_purge", id=territory_dataset["id"])
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert ResourceValidation.get(resource["id"]) is None

    def test_a_job_for_a_deleted_resource_ends_quietly(
            self, create_with_upload, territory_dataset, run_jobs, caplog):
        resource = create_with_upload(example_bytes("subventions"), "subventions.csv",
                                      package_id=territory_dataset["id"], schema=SUBVENTIONS)
        helpers.call_action("resource_delete", id=resource["id"])
        with caplog.at_level("ERROR"):
            run_jobs()
        assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
        assert ResourceValidation.get(resource["id"]) is None


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestEmptyUpload:
    def test_an_empty_file_is_validated_at_once(self, create_with_upload, territory_dataset):
        resource = create_with_upload(b"", "vide.csv", package_id=territory_dataset["id"])
        helpers.call_action("resource_patch", id=resource["id"], schema=SUBVENTIONS)
        result = helpers.call_action(
            "resource_validation_run", resource_id=resource["id"], **{"async": False})
        assert result["status"] in ("failure", "error")
        assert result["status"] != "running"
        text = str(result.get("error") or "") + str(result.get("report") or "")
        assert "empty-file" in text  # rendered as « Le fichier est vide » by messages.py
