"""Issue 15, point 1: the pages written for inhabitants are mobile-friendly — as
Chromium renders them 375 px wide, with a request, a reuse, a question answered and
an event on them, none is wider than the phone."""
import datetime

import pytest
from ckan.tests import factories, helpers

from .test_accessibility import PASSWORD, _engagement_content


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_engagement_pages_are_no_wider_than_a_phone(browser, live_server):
    territory = factories.Organization(name="commune-de-feurs", title="Commune de Feurs",
                                       kind="commune", insee_code="42094")
    dataset = factories.Dataset(owner_org=territory["id"], name="budget-feurs",
                                title="Budget de Feurs")
    _engagement_content(territory, dataset, factories.Sysadmin(password=PASSWORD))
    event = helpers.call_action(
        "odl_event_create", territory_id=territory["id"],
        title="Journée des données ouvertes de la commune de Feurs", kind="journee",
        starts_at=f"{datetime.date.today().year + 1}-03-12T18:00",
        place="Médiathèque de Feurs, salle polyvalente",
        online_url="https://visio.example.org/une-tres-longue-adresse-de-reunion-en-ligne",
        registration_url="https://inscription.example.org/journee-des-donnees-ouvertes-2027")
    paths = ["/territoires/commune-de-feurs/public", "/territoires/commune-de-feurs/demandes",
             "/territoires/commune-de-feurs/reutilisations",
             "/territoires/commune-de-feurs/questions", "/territoires/commune-de-feurs/evenements",
             "/evenements", f"/evenements/{event['id']}"]
    browser.delete_all_cookies()
    browser.set_window_size(375, 900)
    try:
        overflows = {}
        for path in paths:
            browser.get(live_server + path)
            assert "Commune de Feurs" in browser.page_source, path
            overflows[path] = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth")
        assert all(overflow <= 0 for overflow in overflows.values()), overflows  # px past 375
        # the viewport is the phone's, not a desktop page shrunk
        assert "width=device-width" in browser.find_element(
            "css selector", "meta[name=viewport]").get_attribute("content")
    finally:
        browser.set_window_size(1280, 900)
