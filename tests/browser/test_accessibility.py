"""axe-core finds no serious or critical accessibility violation in the suite's pages."""
import datetime

import pytest
import requests
from ckan.tests import factories, helpers

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
