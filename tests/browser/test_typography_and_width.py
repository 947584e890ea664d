"""What the README's screenshots showed wrong (issue 19), as Chromium renders it:
French label colons, the canteen week's day headings, tables wider than a phone."""
import pytest
import ckan.plugins.toolkit as tk
from selenium.webdriver.common.by import By
from ckan.tests import factories

from tests.menus.conftest import MENUS, canteen, year_csv  # noqa: F401  (fixtures)

_AFTER = "return getComputedStyle(arguments[0], '::after').content"


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_label_colon_follows_the_page_language_and_box_labels_have_none(browser, live_server):
    browser.get(live_server + "/")
    label = browser.find_element(By.CSS_SELECTOR, "label[for='odl-home-search']")
    assert browser.execute_script(_AFTER, label) == '"\u00a0:"'  # « Rechercher des données : »
    browser.execute_script(
        "document.body.insertAdjacentHTML('beforeend',"
        " '<input type=checkbox id=odl-t><label for=odl-t id=odl-t-label>Lait</label>')")
    beside_box = browser.find_element(By.ID, "odl-t-label")
    assert browser.execute_script(_AFTER, beside_box) in ("none", "normal")

    browser.get(live_server + "/en/")
    label = browser.find_element(By.CSS_SELECTOR, "label[for='odl-home-search']")
    assert browser.execute_script(_AFTER, label) == '":"'  # "Search data:"


@pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_menus")
def test_day_heading_capitalises_the_weekday_not_the_month(
        browser, live_server, canteen, create_with_upload, year_csv):  # noqa: F811
    create_with_upload(year_csv, "menus.csv", package_id=canteen["dataset"]["id"], schema=MENUS)
    browser.get(live_server + "/cantine/cantines-saint-chamond/menus"
                "?restaurant=ecole-elementaire-jules-ferry&semaine=2025-W38")
    heading = browser.find_element(By.CSS_SELECTOR, ".odl-day__title")
    assert heading.text.lower() == "lundi 15 septembre 2025"
    # « Lundi 15 septembre 2025 »: the first letter only (capitalize gave « Septembre »)
    assert browser.execute_script("return getComputedStyle(arguments[0]).textTransform",
                                  heading) == "none"
    assert browser.execute_script(
        "return getComputedStyle(arguments[0], '::first-letter').textTransform",
        heading) == "uppercase"


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_territory_pages_are_no_wider_than_a_phone(browser, live_server):
    territory = factories.Organization(
        kind="commune", name="saint-just-saint-rambert", population=15000,
        title="Commune de Saint-Just-Saint-Rambert")
    factories.Dataset(owner_org=territory["id"], title="Subventions aux associations")
    browser.set_window_size(375, 900)
    try:
        overflows = {}
        for path in ("/territoires", f"/territoires/{territory['name']}", "/territoires/obligation"):
            browser.get(live_server + path)
            for summary in browser.find_elements(By.TAG_NAME, "summary"):  # folded tables too
                browser.execute_script("arguments[0].parentNode.open = true", summary)
            assert browser.find_elements(By.TAG_NAME, "table"), path
            overflows[path] = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth")
        assert all(overflow <= 0 for overflow in overflows.values()), overflows  # px past 375
    finally:
        browser.set_window_size(1280, 900)
