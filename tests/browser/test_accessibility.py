"""axe-core finds no serious or critical accessibility violation in the suite's pages."""
import datetime

import pytest
import requests
from ckan.tests import factories, helpers
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Mot-de-passe-de-test-2024"

PAGES = [
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


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_suite_pages_have_no_serious_accessibility_violation(
        browser, live_server, accessibility_violations):
    territory = factories.Organization(name="commune-de-feurs", title="Commune de Feurs",
                                       kind="commune", insee_code="42094")
    factories.Dataset(owner_org=territory["id"])
    event = helpers.call_action(
        "odl_event_create", territory_id=territory["id"], title="Atelier budget participatif",
        kind="atelier", starts_at=f"{datetime.date.today().year + 1}-03-12T18:00",
        place="Médiathèque de Feurs", registration_url="https://inscription.example.org/a")
    found = {}
    for path in PAGES + [f"/evenements/{event['id']}"]:
        assert requests.get(live_server + path, timeout=60).status_code == 200, path
        browser.get(live_server + path)
        violations = accessibility_violations()
        if violations:
            found[path] = violations
    assert found == {}


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
def test_team_pages_and_forms_have_no_serious_accessibility_violation(
        browser, live_server, accessibility_violations):
    """The pages and forms of the territory's team (events, moderation queues, the
    answer and moderation forms of requests, reuses and questions), as a sysadmin
    sees them: every form of the team shown at once."""
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
        for path, shown in pages.items():
            browser.get(live_server + path)
            # signed in, and the page holds what its forms act on
            assert shown in browser.page_source, path
            violations = accessibility_violations()
            if violations:
                found[path] = violations
        # The event form again, sent empty: its errors are announced accessibly too.
        browser.get(live_server + "/territoires/commune-de-feurs/evenements/nouveau")
        send = browser.find_element(By.CSS_SELECTOR, "form[novalidate] button[type=submit]")
        browser.execute_script("arguments[0].click();", send)  # below the fold: no scrolling
        WebDriverWait(browser, 20).until(lambda b: "erreur-title" in b.page_source)
        violations = accessibility_violations()
        if violations:
            found["event form with errors"] = violations
    finally:
        browser.delete_all_cookies()
    assert found == {}
