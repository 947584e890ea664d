"""Redis stopped (issue 18, point 6): an action that queues work says in French that it
could not be queued, nothing is marked "en cours" with no job to finish it, nothing the
user sent is lost, and the work can be asked for again once Redis is back.

"Stopped" is real: CKAN is pointed at a loopback port where nothing listens (connection
refused, as when Redis is down), then back at the test site's Redis."""
import contextlib
import socket

import pytest
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.publishing.model import BulkImport
from tests.publishing.test_import import ROWS, import_file

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        return probe.getsockname()[1]  # closed again when the socket is


@contextlib.contextmanager
def redis_stopped(monkeypatch):
    from ckan.lib import jobs, redis as ckan_redis

    with monkeypatch.context() as patch:
        patch.setitem(tk.config, "ckan.redis.url", f"redis://127.0.0.2:{_closed_port()}/0")
        # CKAN keeps its connection pool and its queues once made: made again, dead
        patch.setattr(ckan_redis, "_connection_pool", None)
        patch.setattr(jobs, "_queues", {})
        if hasattr(jobs, "push_connection"):
            # CKAN 2.11 also pushes each connection on RQ's process-wide stack, where the
            # dead one would outlive this block (the next test's worker would use it)
            patch.setattr(jobs, "push_connection", lambda connection: None)
        yield


def _queued_jobs() -> list:
    return helpers.call_action("job_list", queues=["default"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestRedisStopped:
    def test_an_upload_is_kept_and_its_report_says_the_validation_was_not_started(
            self, create_with_upload, monkeypatch, run_jobs):
        dataset = factories.Dataset(owner_org=factories.Organization(kind="commune")["id"])
        with redis_stopped(monkeypatch):
            resource = create_with_upload(example_bytes("subventions"), "subventions.csv",
                                          package_id=dataset["id"], schema=SUBVENTIONS)
        shown = helpers.call_action("resource_show", id=resource["id"])
        assert shown["url_type"] == "upload"  # the file is saved: nothing lost
        assert shown["validation_status"] == "error"  # not "running" forever
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "error"
        assert "indisponible" in validation["error"] and "réessayez" in validation["error"]

        # Redis back: asked again, it runs
        helpers.call_action("resource_validation_run", resource_id=resource["id"])
        assert [job["title"] for job in _queued_jobs()] == [
            f"Validation SCDL de la ressource {resource['id']}"]
        run_jobs()
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"

    def test_asking_for_a_validation_is_refused_with_a_french_message(
            self, create_with_upload, monkeypatch):
        dataset = factories.Dataset(owner_org=factories.Organization(kind="commune")["id"])
        resource = create_with_upload(example_bytes("subventions"), "subventions.csv",
                                      package_id=dataset["id"])
        helpers.call_action("resource_patch", id=resource["id"], schema=SUBVENTIONS)
        with redis_stopped(monkeypatch):
            with pytest.raises(tk.ValidationError) as refused:
                helpers.call_action("resource_validation_run", resource_id=resource["id"])
        assert "la validation du fichier n'a pas pu être lancé" in refused.value.error_dict["job"][0]
        assert helpers.call_action("resource_validation_show",
                                   resource_id=resource["id"])["status"] == "error"

    def test_a_bulk_import_stays_checked_to_be_applied_again(self, monkeypatch):
        firminy = factories.Organization(kind="commune", name="firminy")
        editor = factories.User()
        helpers.call_action("organization_member_create", id=firminy["id"],
                            username=editor["name"], role="editor")
        context = {"user": editor["name"]}
        checked = helpers.call_action("odl_bulk_import_check", dict(context), upload=import_file(ROWS[1]),
                                      file_name="import.csv")
        with redis_stopped(monkeypatch):
            with pytest.raises(tk.ValidationError) as refused:
                helpers.call_action("odl_bulk_import_apply", dict(context), id=checked["id"])
        assert "l'import n'a pas pu être lancé" in refused.value.error_dict["job"][0]
        model.Session.expire_all()
        assert model.Session.get(BulkImport, checked["id"]).state == "checked"
        applied = helpers.call_action("odl_bulk_import_apply", dict(context), id=checked["id"])
        assert applied["state"] == "queued"
        assert len(_queued_jobs()) == 1

    def test_a_link_check_is_refused_with_a_french_message(self, monkeypatch):
        organization = factories.Organization(kind="commune")
        dataset = factories.Dataset(owner_org=organization["id"])
        with redis_stopped(monkeypatch):
            with pytest.raises(tk.ValidationError) as refused:
                helpers.call_action("odl_quality_check", id=dataset["id"])
        assert "la vérification des liens n'a pas pu être lancé" in refused.value.error_dict["job"][0]
        assert _queued_jobs() == []
