"""The domain modules of publishing/ need no CKAN (see tests/domain_modules.py)."""
from tests import domain_modules

WIRING = ["helpers", "importer", "inventory_indicators", "inventory_views", "kit_views",
          "logic", "model", "plugin", "views", "quality_indicators", "quality_jobs",
          "quality_store", "quality_views"]


def test_the_wiring_list_names_existing_modules():
    assert domain_modules.missing_wiring("publishing", WIRING) == []


def test_domain_modules_import_no_ckan():
    domain = domain_modules.domain_modules("publishing", WIRING)
    assert "ckanext.opendatalocale.publishing.rows" in domain
    assert "ckanext.opendatalocale.publishing.scdl_catalogue" in domain
    assert "ckanext.opendatalocale.publishing.inventory" in domain
    assert "ckanext.opendatalocale.publishing.quality" in domain
    assert "ckanext.opendatalocale.publishing.quality_mqa" in domain
    assert domain_modules.ckan_import_chains(domain) == []
