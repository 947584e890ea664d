"""The domain modules of scdl/ need no CKAN (tests/domain_modules.py says how this is
checked), and the bundled schemas are verbatim copies."""
import hashlib
import json
import os

import ckanext.opendatalocale.scdl as scdl
from tests import domain_modules

# The CKAN wiring of scdl/; every other module is domain code and must stay CKAN-free.
WIRING = ["hooks", "logic", "model", "preview_view", "refresh", "repair_flow", "resource_validation",
          "site_catalogue", "validation_recovery", "views"]


def test_the_wiring_list_names_existing_modules():
    assert domain_modules.missing_wiring("scdl", WIRING) == []


def test_domain_modules_import_no_ckan():
    domain = domain_modules.domain_modules("scdl", WIRING)
    assert "ckanext.opendatalocale.scdl.validator" in domain
    assert domain_modules.ckan_import_chains(domain) == []


def test_domain_modules_import_with_ckan_blocked():
    domain = domain_modules.domain_modules("scdl", WIRING)
    assert domain_modules.modules_failing_without_ckan(domain) == []


def test_the_checks_see_ckan_where_it_is():
    # Both checks would pass vacuously if they could not see a CKAN import.
    views = "ckanext.opendatalocale.scdl.views"
    assert domain_modules.ckan_import_chains([views])[0][-1].startswith("ckan")
    refresh = domain_modules.ckan_import_chains(["ckanext.opendatalocale.scdl.refresh"])[0]
    assert len(refresh) > 2  # found through another suite module
    assert "ckan" in domain_modules.modules_failing_without_ckan([views])[0]


def test_bundled_data_is_a_verbatim_copy():
    data_dir = os.path.join(os.path.dirname(scdl.__file__), "data")
    with open(os.path.join(data_dir, "MANIFEST.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    for entry in manifest["schemas"]:
        for item in entry["files"]:
            with open(os.path.join(data_dir, item["path"]), "rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == item["sha256"], item["path"]
    for item in manifest["reference"]:
        assert os.path.exists(os.path.join(data_dir, item["path"]))
