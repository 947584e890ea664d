"""The domain modules of federation/ need no CKAN (see tests/domain_modules.py)."""
from tests import domain_modules

# The CKAN wiring of federation/ (the RDF profile builds on ckanext-dcat, itself CKAN);
# every other module is domain code and must stay CKAN-free (dcat_terms...).
WIRING = ["catalogue_fragments", "ckan_harvester", "demo", "harvest_helpers", "harvest_views",
          "harvesting", "logic", "model", "page_cache", "plugin", "profile", "views"]


def test_the_wiring_list_names_existing_modules():
    assert domain_modules.missing_wiring("federation", WIRING) == []


def test_domain_modules_import_no_ckan():
    domain = domain_modules.domain_modules("federation", WIRING)
    assert "ckanext.opendatalocale.federation.dcat_terms" in domain
    assert domain_modules.ckan_import_chains(domain) == []


def test_domain_modules_import_with_ckan_blocked():
    domain = domain_modules.domain_modules("federation", WIRING)
    assert domain_modules.modules_failing_without_ckan(domain) == []
