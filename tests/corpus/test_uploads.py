"""The corpus through every upload path of the suite: a file declared as
scdl/subventions gets a verdict and a report page in French; a menu file gets
its pages. No 500, no file left without a verdict, the XSS payload escaped on
every page that shows it, pages of a bounded size whatever the file holds.
"""
from __future__ import annotations

import io

import pytest
from ckan.tests import helpers

from tests.security.hostile import assert_escaped, assert_no_crash, shows_escaped

from .build import XSS
from .conftest import CANTEEN, SCDL_DATASET, corpus_file, corpus_names

SUBVENTIONS = "scdl/subventions"
MENUS = "scdl/menus-collectifs@1.2.3"
MAX_PAGE = 400_000  # characters: a report page stays readable whatever the file

# Verdict and French words of each scdl-* file's report page.
SCDL_EXPECTED = {
    "scdl-binary-png.csv": ("failure", "image"),
    "scdl-binary-xlsx.csv": ("failure", "Enregistrer sous"),
    "scdl-blank-lines.csv": ("failure", "vide"),
    "scdl-cp1252-semicolon.csv": ("success", "cp1252"),
    "scdl-cr-only.csv": ("success", "valide"),
    "scdl-empty.csv": ("failure", "vide"),
    "scdl-formulas.csv": ("success", "valide"),
    "scdl-header-only.csv": ("success", "aucune ligne de données"),
    "scdl-invalid-identifiers.csv": ("failure", "SIRET"),
    "scdl-latin-1.csv": ("success", "valide"),
    "scdl-long-fields.csv": ("failure", "SIRET"),
    "scdl-long-header.csv": ("success", "colonne"),
    "scdl-nul-bytes.csv": ("failure", "binaire"),
    "scdl-unclosed-quote.csv": ("failure", "ligne"),
    "scdl-utf-16.csv": ("success", "utf-16"),
    "scdl-utf-8-bom-tab.csv": ("success", "tabulation"),
    "scdl-xss.csv": ("failure", "SIRET"),
}


def upload(app, user, package_id, content: bytes, filename: str, **fields):
    data = {"package_id": package_id, "name": fields.pop("name", filename), **fields,
            "upload": (io.BytesIO(content), filename)}
    response = app.post("/api/3/action/resource_create", data=data,
                        headers={"Authorization": user["token"]},
                        content_type="multipart/form-data")
    assert_no_crash(response, f"upload of {filename}")
    return response


def test_every_scdl_corpus_file_has_an_expectation():
    assert set(corpus_names("scdl-")) == set(SCDL_EXPECTED)


@pytest.mark.usefixtures("clean_queues")
def test_scdl_corpus_gets_a_verdict_and_a_french_report(app, corpus_site, run_jobs):
    admin = corpus_site["admin"]
    created = {}
    for name in sorted(SCDL_EXPECTED):
        response = upload(app, admin, corpus_site["scdl"]["id"], corpus_file(name), name,
                          schema=SUBVENTIONS, description=XSS if "xss" in name else "")
        assert response.status_code == 200, (name, response.body[:500])
        created[name] = response.json["result"]["id"]
    run_jobs()
    problems = []
    for name, resource_id in created.items():
        status, words = SCDL_EXPECTED[name]
        shown = helpers.call_action("resource_show", id=resource_id)
        page = app.get(f"/dataset/{SCDL_DATASET}/resource/{resource_id}/validation")
        assert_no_crash(page, name)
        assert_escaped(page.body)
        if shown.get("validation_status") != status:
            problems.append(f"{name}: {shown.get('validation_status')} instead of {status}")
        if words.lower() not in page.body.lower():
            problems.append(f"{name}: « {words} » not on the report page")
        if len(page.body) > MAX_PAGE:
            problems.append(f"{name}: report page of {len(page.body)} characters")
        resource_page = app.get(f"/dataset/{SCDL_DATASET}/resource/{resource_id}")
        assert_no_crash(resource_page, name)
        assert_escaped(resource_page.body)
        if "xss" in name and not shows_escaped(page.body + resource_page.body):
            problems.append(f"{name}: the payload is not shown (escaped) anywhere")
    dataset_page = app.get(f"/dataset/{SCDL_DATASET}")
    assert_no_crash(dataset_page, "dataset page")
    assert_escaped(dataset_page.body)
    assert not problems, "\n".join(problems)
