"""The demo canteen service: a commune, two schools, ~180 school days, valid files."""
import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale.menus import demo

# Test instances share Redis: a site id of our own keeps other runs' workers off our jobs.
pytestmark = pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_menus")


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_demo_canteen_service(run_jobs):
    admin = factories.Sysadmin()
    factories.Organization(name=demo.TERRITORY, kind="commune")
    said = []
    assert demo.load(admin["name"], echo=said.append) == "created"
    assert demo.load(admin["name"], echo=said.append) == "kept"
    run_jobs()
    dataset = helpers.call_action("package_show", id=demo.DATASET_NAME)
    assert dataset["type"] == "cantine" and len(dataset["restaurants"]) == 2
    assert [helpers.call_action("resource_show", id=r["id"])["validation_status"]
            for r in dataset["resources"]] == ["success"] * 3
    found = helpers.call_action("odl_menu_search", id=demo.DATASET_NAME, limit=5000)
    assert found["count"] == len(found["dishes"]) > 1000
    days = {d["date"] for d in found["dishes"]}
    assert len(days) == 180
    assert {d["restaurant"] for d in found["dishes"]} == {r["nom"] for r in dataset["restaurants"]}
    assert any(d["allergen_info"] == "missing" for d in found["dishes"])
    assert any("agriculture biologique" in d["siqo"] for d in found["dishes"])
    assert any(d["products"] for d in found["dishes"])  # joined to the composition file
    figures = helpers.call_action("odl_menu_indicators", id=demo.DATASET_NAME)
    assert figures["egalim"]["quality_pct"] > 0
    assert helpers.call_action("odl_menu_week_show", id=demo.DATASET_NAME)["problems"] == []
