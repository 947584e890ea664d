"""axe-core finds, in the suite's pages, no serious or critical violation and no rule
broken that CKAN's own dataset search page does not already break in the same run
(every impact counted, minor included): the suite adds no violation to CKAN's. Each
page's content sits in its one `main` landmark, the one CKAN's pages have."""
import datetime

import ckan.plugins.toolkit as tk
import pytest
import requests
from ckan.tests import factories, helpers
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.menus.conftest import MENUS, canteen, year_csv  # noqa: F401  (fixtures)

PASSWORD = "Mot-de-passe-de-test-2024"

PAGES = [
    "/",  # the suite's home page replaces CKAN's whole content block
    "/territoires",
    "/territoires/commune-de-feurs",
    "/territoires/obligation",
    "/territoires/couverture-scdl",
    # engagement (phase 6): the pages written for inhabitants, with their forms
    "/territoires/commune-de-feurs/public",
    "/territoires/commune-de-feurs/demandes",
    "/territoires/commune-de-feurs/reutilisations",
    "/territoires/commune-de-feurs/evenements",
    "/territoires/commune-de-feurs/questions",
    "/evenements",
    "/schemas",
    "/schemas/scdl/subventions",
    "/guide",
    "/guide/methode",
]


# Where a page's content is: its landmarks `main`, and whether one holds a top heading.
MAIN_LANDMARK = (
    "return [document.querySelectorAll('main, [role=main]').length,"
    "        !!document.querySelector('main h1, [role=main] h1')];")


# The suite's charts (CSS bars in a figure) and their text alternatives: a figure's
# table with a row for each bar at least, a name for each drawn bar or picture.
CHARTS = """
const missing = []; let charts = 0;
document.querySelectorAll('figure, canvas, svg:not([aria-hidden="true"]), [role=img]')
  .forEach(el => {
    if (el.tagName === 'FIGURE') {
      charts++;
      const bars = el.querySelectorAll('[role=img]').length;
      const rows = el.querySelectorAll('table tbody tr').length;
      if (!rows || rows < bars) missing.push('figure.' + el.className + ' sans tableau');
    } else if (!(el.getAttribute('aria-label') || '').trim()
               && !el.getAttribute('aria-labelledby')
               && !(el.tagName.toLowerCase() === 'svg' && el.querySelector('title'))) {
      missing.push(el.outerHTML.slice(0, 120));
    }
  });
return [charts, missing];
"""


def _ckan_baseline(browser, live_server, axe_violations):
    """The rules CKAN's own dataset search page breaks, as the current user sees it."""
    browser.get(live_server + "/dataset/")
    assert browser.execute_script(MAIN_LANDMARK) == [1, True]
    return axe_violations()


# CKAN's resource page (package/resource_read.html: the suite adds only the validation
# badge to it) puts the resource's h1 in a `complementary` section before the main
# column, beside the sidebar's: two complementary landmarks without names
# (landmark-unique, moderate) and no h1 in main, on 2.11 and 2.12 alike. Its own, not
# the suite's; changing it means copying CKAN's whole `resource` block.
CKAN_RESOURCE_PAGE = {"landmark-unique"}


def _added_violations(browser, axe_violations, baseline, path, ckan_resource_page=False):
    """What the current page adds to CKAN's: the rules it breaks that CKAN's page does
    not (with impact and where), any serious or critical one even if CKAN's page breaks
    it too, and a `main` landmark missing, doubled or without the page's heading."""
    if ckan_resource_page:
        baseline = {**baseline, **dict.fromkeys(CKAN_RESOURCE_PAGE)}
    added = {rule: found for rule, found in axe_violations().items()
             if rule not in baseline or found[0] in ("serious", "critical")}
    mains, heading_inside = browser.execute_script(MAIN_LANDMARK)
    if mains != 1 or not (heading_inside or ckan_resource_page):
        added["main landmark"] = (f"{mains} main, h1 inside: {heading_inside}", path)
    _, missing = browser.execute_script(CHARTS)
    if missing:
        added["chart text alternative"] = ("missing", missing[:3])
    return added


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_suite_pages_add_no_accessibility_violation_to_ckans(
        browser, live_server, axe_violations):
    territory = factories.Organization(name="commune-de-feurs", title="Commune de Feurs",
                                       kind="commune", insee_code="42094")
    factories.Dataset(owner_org=territory["id"])
    event = helpers.call_action(
        "odl_event_create", territory_id=territory["id"], title="Atelier budget participatif",
        kind="atelier", starts_at=f"{datetime.date.today().year + 1}-03-12T18:00",
        place="Médiathèque de Feurs", registration_url="https://inscription.example.org/a")
    browser.delete_all_cookies()
    baseline = _ckan_baseline(browser, live_server, axe_violations)
    found, charts = {}, 0
    for path in PAGES + [f"/evenements/{event['id']}"]:
        assert requests.get(live_server + path, timeout=60).status_code == 200, path
        browser.get(live_server + path)
        added = _added_violations(browser, axe_violations, baseline, path)
        if added:
            found[path] = added
        charts += browser.execute_script(CHARTS)[0]
    assert found == {}, f"CKAN's /dataset/ breaks only {sorted(baseline)}"
    assert charts >= 1  # the territories' funnel at least: the check saw a chart


def _engagement_content(territory, dataset, sysadmin):
    """Something in every state the team's forms act on: a waiting and an accepted
    request, a proposed and a published reuse, a waiting and an answered question,
    a spam report, an upcoming event."""
    who = {"user": sysadmin["name"]}
    for title in ("Horaires des piscines", "Arbres d'alignement"):
        request = helpers.call_action("odl_data_request_create", context=who,
                                      territory_id=territory["id"], title=title,
                                      requester_kind="agent_public", purpose="Une carte")
    helpers.call_action("odl_data_request_update", context=who, id=request["id"],
                        state="acceptee")
    for number, url in enumerate(("https://carte.example.org/a", "https://carte.example.org/b")):
        reuse = helpers.call_action(
            "odl_reuse_create", context=who, territory_id=territory["id"],
            title=f"Carte des budgets {number}", description="Une carte interactive.",
            url=url, reuse_type="visualization", topic="politics_and_public_life",
            datasets=[dataset["name"]])
    helpers.call_action("odl_reuse_update", context=who, id=reuse["id"], state="publiee")
    for title in ("Que couvre la ligne 65 ?", "Les montants sont-ils TTC ?"):
        question = helpers.call_action("odl_question_create", context=who,
                                       dataset_id=dataset["name"], title=title,
                                       body="Le détail y est-il ?")
    helpers.call_action("odl_question_moderate", context=who, id=question["id"],
                        state="publiee")
    helpers.call_action("odl_question_answer", context=who, id=question["id"],
                        body="Oui, hors taxes.")
    helpers.call_action("odl_spam_report_create", context=who, item_kind="demande",
                        item_id=request["id"], reason="spam", comment="Publicité")
    return helpers.call_action(
        "odl_event_create", context=who, territory_id=territory["id"],
        title="Formation des agents", kind="formation", visibility="membres",
        starts_at=f"{datetime.date.today().year + 1}-04-02T09:30", place="Mairie",
        audience="Agents de la commune", description="Publier un jeu de données SCDL.")


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_team_pages_and_forms_add_no_accessibility_violation_to_ckans(
        browser, live_server, axe_violations):
    """The pages and forms of the territory's team (its dashboard, inventory, kit,
    events, moderation queues, the answer and moderation forms of requests, reuses and
    questions, duplicates, bulk import), as a sysadmin sees them: every form of the
    team shown at once, against CKAN's dataset search page signed in."""
    territory = factories.Organization(name="commune-de-feurs", title="Commune de Feurs",
                                       kind="commune", insee_code="42094")
    dataset = factories.Dataset(owner_org=territory["id"], name="budget-feurs",
                                title="Budget de Feurs")
    sysadmin = factories.Sysadmin(password=PASSWORD)
    event = _engagement_content(territory, dataset, sysadmin)
    browser.delete_all_cookies()
    browser.get(live_server + "/user/login")
    browser.find_element(By.ID, "field-login").send_keys(sysadmin["name"])
    browser.find_element(By.ID, "field-password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "/user/login" not in b.current_url)
    pages = {
        "/territoires/commune-de-feurs": "Commune de Feurs",
        "/territoires/commune-de-feurs/inventaire": "Inventaire des données",
        "/territoires/commune-de-feurs/inventaire/nouveau": "Ajouter une donnée",
        "/territoires/commune-de-feurs/kit": "Kit d",
        "/doublons": "Doublons possibles",
        "/import": "Importer des jeux de données",
        "/territoires/commune-de-feurs/evenements/nouveau": "starts_at",
        f"/evenements/{event['id']}/modifier": "starts_at",
        f"/evenements/{event['id']}": "Formation des agents",
        "/territoires/commune-de-feurs/moderation": "Horaires des piscines",
        "/moderation": "Horaires des piscines",
        "/territoires/commune-de-feurs/demandes": "Horaires des piscines",
        "/territoires/commune-de-feurs/reutilisations": "Carte des budgets 0",
        "/territoires/commune-de-feurs/questions": "Que couvre la ligne 65",
        "/dataset/budget-feurs": "Oui, hors taxes.",
        "/territoires/commune-de-feurs/public": "Arbres d",
    }
    found = {}
    try:
        baseline = _ckan_baseline(browser, live_server, axe_violations)
        for path, shown in pages.items():
            browser.get(live_server + path)
            # signed in, and the page holds what its forms act on
            assert shown in browser.page_source, path
            added = _added_violations(browser, axe_violations, baseline, path)
            if added:
                found[path] = added
        # The event form again, sent empty: its errors are announced accessibly too.
        browser.get(live_server + "/territoires/commune-de-feurs/evenements/nouveau")
        send = browser.find_element(By.CSS_SELECTOR, "form[novalidate] button[type=submit]")
        browser.execute_script("arguments[0].click();", send)  # below the fold: no scrolling
        WebDriverWait(browser, 20).until(lambda b: "erreur-title" in b.page_source)
        added = _added_violations(browser, axe_violations, baseline, "event form")
        if added:
            found["event form with errors"] = added
    finally:
        browser.delete_all_cookies()
    assert found == {}, f"CKAN's /dataset/ breaks only {sorted(baseline)}"


@pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_menus")
def test_canteen_and_validation_pages_add_no_accessibility_violation_to_ckans(
        browser, live_server, axe_violations, canteen, create_with_upload, year_csv):  # noqa: F811
    """A canteen service's pages (its week of menus, the printable week, its indicators,
    the menu entry form), its dataset and resource pages and the file's validation
    report, as a sysadmin sees them."""
    resource = create_with_upload(year_csv, "menus.csv",
                                  package_id=canteen["dataset"]["id"], schema=MENUS)
    sysadmin = factories.Sysadmin(password=PASSWORD)
    week = "?restaurant=ecole-elementaire-jules-ferry&semaine=2025-W38"
    service = "/cantine/cantines-saint-chamond"
    dataset = "/dataset/cantines-saint-chamond"
    resource_page = f"{dataset}/resource/{resource['id']}"
    pages = {
        f"{service}/menus{week}": "Lundi 15 septembre",
        f"{service}/menus/imprimer{week}": "15 septembre",
        f"{service}/indicateurs": "Menus des cantines",
        f"{service}/menus/saisie": "Menus des cantines",
        dataset: "Menus des cantines",
        resource_page: "menus.csv",
        f"{dataset}/resource/{resource['id']}/validation": "Rapport de validation",
    }
    browser.delete_all_cookies()
    browser.get(live_server + "/user/login")
    browser.find_element(By.ID, "field-login").send_keys(sysadmin["name"])
    browser.find_element(By.ID, "field-password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "/user/login" not in b.current_url)
    found = {}
    try:
        baseline = _ckan_baseline(browser, live_server, axe_violations)
        for path, shown in pages.items():
            browser.get(live_server + path)
            assert shown.lower() in browser.page_source.lower(), path
            added = _added_violations(browser, axe_violations, baseline, path,
                                      ckan_resource_page=path == resource_page)
            if added:
                found[path] = added
    finally:
        browser.delete_all_cookies()
    assert found == {}, f"CKAN's /dataset/ breaks only {sorted(baseline)}"
