"""The domain modules of menus/ need no CKAN (see tests/domain_modules.py)."""
from tests import domain_modules

# The CKAN wiring of menus/; every other module is domain code and must stay CKAN-free
# (reader, writer, checks, indicators, filtering, week, ical...).
# territory_indicators reads its rows through territories' SQL figures.
WIRING = ["demo", "helpers", "logic", "plugin", "resource_view", "store", "territory_indicators",
          "validators", "views"]


def test_the_wiring_list_names_existing_modules():
    assert domain_modules.missing_wiring("menus", WIRING) == []


def test_domain_modules_import_no_ckan():
    domain = domain_modules.domain_modules("menus", WIRING)
    assert "ckanext.opendatalocale.menus.reader" in domain
    assert domain_modules.ckan_import_chains(domain) == []


def test_domain_modules_import_with_ckan_blocked():
    domain = domain_modules.domain_modules("menus", WIRING)
    assert domain_modules.modules_failing_without_ckan(domain) == []
