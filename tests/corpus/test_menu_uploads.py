"""The menus-* corpus through the canteen's upload path: each file uploaded to a
canteen service as scdl/menus-collectifs gets a verdict and a French report once
the validation job has run, and every page and action that reads the service's
menus (week, print, indicators, calendar feed, resource view, week and search
actions) answers without a 500, with the XSS payload shown as text.

All files land in one service, as a territory's successive uploads would: a page
reads them together, so one broken file must not take the others' menus down.
"""
from __future__ import annotations

import html

import pytest
from ckan.tests import helpers

from tests.security.hostile import assert_escaped, assert_no_crash, shows_escaped

from .build import XSS
from .conftest import CANTEEN, corpus_file, corpus_names
from .test_uploads import MAX_PAGE, MENUS, upload

ROUTE = f"/cantine/{CANTEEN}"
WEEK = "2025-W36"  # the corpus's menus are served on 1 to 3 September 2025


# Verdict and French words of each menus-* file's report page.
MENUS_EXPECTED = {
    "menus-binary-png.csv": ("failure", "image"),
    "menus-cp1252-semicolon.csv": ("success", "cp1252"),
    "menus-empty.csv": ("failure", "vide"),
    "menus-far-dates.csv": ("failure", "date"),
    "menus-formulas.csv": ("success", "valide"),
    "menus-header-only.csv": ("success", "aucune ligne de données"),
    "menus-invalid-identifiers.csv": ("failure", "SIRET"),
    "menus-long-fields.csv": ("failure", "ligne"),
    "menus-utf-16.csv": ("success", "utf-16"),
    "menus-xss.csv": ("failure", "allerg"),
}


def test_every_menus_corpus_file_has_an_expectation():
    assert set(corpus_names("menus-")) == set(MENUS_EXPECTED)


@pytest.mark.usefixtures("clean_queues")
def test_menus_corpus_gets_a_verdict_and_every_menu_page_reads(app, corpus_site, run_jobs):
    admin = corpus_site["admin"]
    created = {}
    for name in sorted(MENUS_EXPECTED):
        response = upload(app, admin, corpus_site["canteen"]["id"], corpus_file(name), name,
                          schema=MENUS, description=XSS if "xss" in name else "")
        assert response.status_code == 200, (name, response.body[:500])
        created[name] = response.json["result"]["id"]
    run_jobs()

    problems = []
    for name, resource_id in created.items():
        status, words = MENUS_EXPECTED[name]
        shown = helpers.call_action("resource_show", id=resource_id)
        report = app.get(f"/dataset/{CANTEEN}/resource/{resource_id}/validation")
        assert_no_crash(report, name)
        assert_escaped(report.body)
        view = app.get(f"/dataset/{CANTEEN}/resource/{resource_id}")
        assert_no_crash(view, name)
        assert_escaped(view.body)
        if shown.get("validation_status") != status:
            problems.append(f"{name}: {shown.get('validation_status')} instead of {status}")
        if words.lower() not in html.unescape(report.body).lower():
            problems.append(f"{name}: « {words} » not on the report page")
        for what, page in (("report", report), ("resource page", view)):
            if len(page.body) > MAX_PAGE:
                problems.append(f"{name}: {what} of {len(page.body)} characters")
        if "xss" in name and not shows_escaped(report.body + view.body):
            problems.append(f"{name}: the payload is not shown (escaped) on its pages")

    pages = {}
    for path in (f"/menus?semaine={WEEK}", f"/menus/imprimer?semaine={WEEK}", "/indicateurs",
                 f"/menus/saisie?semaine={WEEK}", "/menus/ecole-elementaire-jules-ferry.ics",
                 "/menus/ecole-des-tilleuls.ics", f"/menus?semaine={WEEK}&restaurant="
                 "ecole-des-tilleuls"):
        page = app.get(ROUTE + path, headers={"Authorization": admin["token"]})
        assert_no_crash(page, path)
        assert_escaped(page.body)
        if len(page.body) > MAX_PAGE:
            problems.append(f"{path}: page of {len(page.body)} characters")
        pages[path] = page
    week = app.get(f"{ROUTE}/menus?semaine={WEEK}&restaurant=ecole-des-tilleuls")
    assert week.status_code == 200
    assert "Céleri rémoulade" in html.unescape(week.body)  # the good files are still read
    if not shows_escaped(week.body):
        problems.append("week page: the payload is not shown (escaped)")

    for action, data in (("odl_menu_week_show", {"id": CANTEEN, "week": WEEK}),
                         ("odl_menu_search", {"id": CANTEEN, "limit": 1000}),
                         ("odl_menu_indicators", {"id": CANTEEN})):
        answer = app.post(f"/api/3/action/{action}", json=data)
        assert_no_crash(answer, action)
        assert answer.status_code == 200, (action, answer.body[:500])
    assert not problems, "\n".join(problems)
