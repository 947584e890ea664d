"""The domain modules of territories/ need no CKAN (see tests/domain_modules.py)."""
from tests import domain_modules

# The CKAN wiring of territories/; every other module is domain code and must stay
# CKAN-free (phases, progress, coverage, freshness, identity, referential/...).
WIRING = ["catalogue_figures", "cli", "demo", "helpers", "indicators", "interfaces", "jobs", "logic",
          "model", "plugin", "portal_index", "progress_store", "standing_store", "validators",
          "views"]


def test_the_wiring_list_names_existing_modules():
    assert domain_modules.missing_wiring("territories", WIRING) == []


def test_domain_modules_import_no_ckan():
    domain = domain_modules.domain_modules("territories", WIRING)
    assert "ckanext.opendatalocale.territories.progress" in domain
    assert "ckanext.opendatalocale.territories.demo_journey" in domain
    assert domain_modules.ckan_import_chains(domain) == []


def test_domain_modules_import_with_ckan_blocked():
    domain = domain_modules.domain_modules("territories", WIRING)
    assert domain_modules.modules_failing_without_ckan(domain) == []
