"""The domain modules of dedup/ need no CKAN (see tests/domain_modules.py)."""
from tests import domain_modules

# The CKAN wiring of dedup/; every other module (urls, identifiers, matching, clusters)
# is domain code and must stay CKAN-free.
WIRING = ["catalogue", "catalogue_rows", "cli", "helpers", "incremental", "logic", "model",
          "plugin", "reasons", "scan", "store", "territory_indicators", "views"]


def test_the_wiring_list_names_existing_modules():
    assert domain_modules.missing_wiring("dedup", WIRING) == []


def test_domain_modules_import_no_ckan():
    domain = domain_modules.domain_modules("dedup", WIRING)
    assert "ckanext.opendatalocale.dedup.matching" in domain
    assert domain_modules.ckan_import_chains(domain) == []


def test_domain_modules_import_with_ckan_blocked():
    domain = domain_modules.domain_modules("dedup", WIRING)
    assert domain_modules.modules_failing_without_ckan(domain) == []
