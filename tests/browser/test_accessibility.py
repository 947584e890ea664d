"""axe-core finds no serious or critical accessibility violation in the suite's pages."""
import pytest
import requests
from ckan.tests import factories

PAGES = [
    "/territoires",
    "/territoires/commune-de-feurs",
    "/territoires/obligation",
    "/territoires/couverture-scdl",
    # engagement (phase 6): the pages written for inhabitants, with their forms
    "/territoires/commune-de-feurs/public",
    "/territoires/commune-de-feurs/demandes",
    "/territoires/commune-de-feurs/reutilisations",
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
    found = {}
    for path in PAGES:
        assert requests.get(live_server + path, timeout=60).status_code == 200, path
        browser.get(live_server + path)
        violations = accessibility_violations()
        if violations:
            found[path] = violations
    assert found == {}
