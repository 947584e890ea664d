"""A validation whose job died (issue 18, point 6): a real `ckan jobs worker` killed in
the middle of one, and a job lost with Redis' data. `ckan opendatalocale validation
recover` queues it again, the rerun completes with one whole report, and a validation is
never left "en cours" for ever."""
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from ckan.tests import factories, helpers
from click.testing import CliRunner

from ckanext.opendatalocale.scdl import resource_validation, validation_recovery

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"


def _job_status(resource_id):
    from ckan.lib.redis import connect_to_redis
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        status = Job.fetch(resource_validation.job_id(resource_id),
                           connection=connect_to_redis()).get_status()
    except NoSuchJobError:
        return None
    return str(getattr(status, "value", status))


@pytest.fixture
def held_csv():
    """A CSV served on loopback that the first request waits for (a long validation)
    until ``release`` is set; later requests are answered at once."""
    release = threading.Event()
    asked = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if not asked.is_set():
                asked.set()
                release.wait(300)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(example_bytes("subventions"))

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.2:{server.server_port}/subventions.csv", asked, release
    release.set()
    server.shutdown()


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestInterruptedValidation:
    def test_a_worker_killed_mid_job_the_validation_is_queued_again_and_completes(
            self, held_csv, request, run_jobs):
        url, asked, release = held_csv
        dataset = factories.Dataset(owner_org=factories.Organization(kind="commune")["id"])
        resource = helpers.call_action("resource_create", package_id=dataset["id"], url=url,
                                       format="CSV", schema=SUBVENTIONS)
        assert _job_status(resource["id"]) == "queued"

        ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
        worker = subprocess.Popen([ckan, "-c", request.config.getoption("ckan_ini"), "jobs",
                                   "worker", "default"], start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert asked.wait(240), "the worker never fetched the file"
            deadline = time.monotonic() + 60
            while _job_status(resource["id"]) != "started" and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _job_status(resource["id"]) == "started"
        finally:
            os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse
            worker.wait(30)
        # RQ still says "started" (until the job's six-hour timeout): the row too
        assert _job_status(resource["id"]) == "started"
        assert helpers.call_action("resource_validation_show",
                                   resource_id=resource["id"])["status"] == "running"

        assert validation_recovery.recover(min_age_seconds=0)["requeued"] == 1
        assert _job_status(resource["id"]) == "queued"
        release.set()
        run_jobs()
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "success" and validation["rows_read"] == 29
        assert validation["report"]["stats"]["rows"] == 29
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"
        # nothing left to recover
        assert validation_recovery.recover(min_age_seconds=0) == {
            "running": 0, "requeued": 0, "closed": 0, "forgotten": 0}

    def test_a_job_lost_with_redis_data_is_queued_again_then_closed_after_three_losses(
            self, create_with_upload, run_jobs):
        from ckan.lib import jobs

        dataset = factories.Dataset(owner_org=factories.Organization(kind="commune")["id"])
        resource = create_with_upload(example_bytes("subventions"), "subventions.csv",
                                      package_id=dataset["id"], schema=SUBVENTIONS)
        young = validation_recovery.recover()  # just queued: left alone
        assert young["requeued"] == 0 and _job_status(resource["id"]) == "queued"

        def lose_the_queue():  # what a Redis restarted without its data leaves
            queue = jobs.get_queue()
            queue.empty()
            assert _job_status(resource["id"]) is None

        for attempt in range(validation_recovery.MAX_ATTEMPTS):
            lose_the_queue()
            result = CliRunner().invoke(_command(), ["validation", "recover", "--min-age", "0"],
                                        catch_exceptions=False)
            assert result.exit_code == 0 and "relancées : 1" in result.output, result.output
        lose_the_queue()
        assert validation_recovery.recover(min_age_seconds=0)["closed"] == 1
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "error" and "interrompue 3 fois" in validation["error"]
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "error"

        # the run button asks again, and it completes
        helpers.call_action("resource_validation_run", resource_id=resource["id"])
        run_jobs()
        assert helpers.call_action("resource_validation_show",
                                   resource_id=resource["id"])["status"] == "success"


def _command():
    from ckanext.opendatalocale.cli import opendatalocale

    return opendatalocale
