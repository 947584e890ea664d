"""A 50 MB file through CKAN's upload (written at test time into a temporary
folder, never committed): past the site's ``ckan.max_resource_size`` it is refused
in French before anything is stored (no resource, no file, no job, nothing in the
search index); within it, it gets its verdict from the background validation.
"""
from __future__ import annotations

import os
import re

import pytest
from ckan.tests import helpers

from tests.security.hostile import assert_no_crash

from .build import big_subventions
from .conftest import SCDL_DATASET, browser, token_of
from .test_uploads import SUBVENTIONS

SIZE = 50 * 1024 * 1024


@pytest.fixture
def big_file(tmp_path):
    return big_subventions(str(tmp_path / "subventions-50-mo.csv"), SIZE)


def stored_files() -> list:
    root = os.path.join(helpers.config["ckan.storage_path"], "resources")
    return [os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names]


def post_file(app, user, package_id, path):
    with open(path, "rb") as handle:
        return app.post("/api/3/action/resource_create", content_type="multipart/form-data",
                        headers={"Authorization": user["token"]},
                        data={"package_id": package_id, "name": "Subventions 50 Mo",
                              "schema": SUBVENTIONS, "upload": (handle, os.path.basename(path))})


@pytest.mark.usefixtures("clean_queues")
def test_a_file_past_the_sites_limit_is_refused_in_french_and_nothing_is_kept(
        app, corpus_site, big_file):
    from ckan.lib import jobs
    files_before = stored_files()
    response = post_file(app, corpus_site["admin"], corpus_site["scdl"]["id"], big_file)
    assert_no_crash(response, "50 MB upload")
    assert response.status_code == 409, response.body[:500]
    message = str(response.json["error"])
    assert re.search(r"Le fichier fait 50(,\d)? Mo : ce site accepte au plus 10 Mo", message), message
    assert helpers.call_action("package_show", id=SCDL_DATASET)["resources"] == []
    indexed = helpers.call_action("package_search", q=f"name:{SCDL_DATASET}")["results"]
    assert [dataset["num_resources"] for dataset in indexed] == [0]
    assert stored_files() == files_before
    assert jobs.get_queue().count == 0

    # The same file through CKAN's resource form: the French reason on the form.
    client = browser(app, corpus_site["admin"])
    token = token_of(client.get(f"/dataset/{SCDL_DATASET}/resource/new"))
    with open(big_file, "rb") as handle:
        page = client.post(f"/dataset/{SCDL_DATASET}/resource/new", follow_redirects=False,
                           content_type="multipart/form-data",
                           data={"_csrf_token": token, "id": "", "name": "Subventions 50 Mo",
                                 "schema": SUBVENTIONS, "save": "go-metadata",
                                 "upload": (handle, "subventions-50-mo.csv")})
    assert_no_crash(page, "50 MB upload through the form")
    assert re.search(r"fait 50(,\d)? Mo", page.get_data(as_text=True)), \
        page.get_data(as_text=True)[-3000:]
    assert helpers.call_action("package_show", id=SCDL_DATASET)["resources"] == []
    assert stored_files() == files_before


@pytest.mark.ckan_config("ckan.max_resource_size", 100)
@pytest.mark.usefixtures("clean_queues")
def test_a_file_within_the_limit_gets_its_verdict_in_the_background(
        app, corpus_site, big_file, run_jobs):
    response = post_file(app, corpus_site["admin"], corpus_site["scdl"]["id"], big_file)
    assert_no_crash(response, "50 MB upload")
    assert response.status_code == 200, response.body[:500]
    resource = helpers.call_action("resource_show", id=response.json["result"]["id"])
    assert resource["size"] == os.path.getsize(big_file)
    assert resource["validation_status"] == "running"  # too big to check in the request
    run_jobs()
    assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] \
        == "success"
    report = app.get(f"/dataset/{SCDL_DATASET}/resource/{resource['id']}/validation")
    assert_no_crash(report, "report of the 50 MB file")
    assert "valide" in report.get_data(as_text=True)
