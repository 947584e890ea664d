"""axe-core finds no serious or critical accessibility violation in the suite's pages."""
import pytest
from ckan.tests import factories

PAGES = [
    "/territoires",
    "/territoires/commune-de-feurs",
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
        browser.get(live_server + path)
        violations = accessibility_violations()
        if violations:
            found[path] = violations
    assert found == {}
