"""Key pages as a visitor's browser renders them."""
import pytest
from selenium.webdriver.common.by import By
from ckan.tests import factories


def _visible_text(browser):
    return browser.find_element(By.TAG_NAME, "body").text


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestKeyPagesInChromium:
    def test_home_dataset_search_and_dataset_page(self, browser, live_server):
        territory = factories.Organization(kind="commune", title="Commune de Rive-de-Gier")
        dataset = factories.Dataset(owner_org=territory["id"], title="Menus des cantines scolaires")

        browser.get(live_server + "/")
        assert browser.execute_script("return document.documentElement.lang").startswith("fr")

        browser.get(live_server + "/dataset/")
        assert "Menus des cantines scolaires" in _visible_text(browser)

        browser.find_element(By.LINK_TEXT, "Menus des cantines scolaires").click()
        assert browser.current_url.endswith("/dataset/" + dataset["name"])
        assert "Commune de Rive-de-Gier" in _visible_text(browser)

    def test_territories_page_shows_a_readable_table(self, browser, live_server):
        factories.Organization(kind="commune", title="Commune de Roanne", population=34000)
        browser.get(live_server + "/territoires")
        table = browser.find_element(By.CSS_SELECTOR, "table")
        headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert headers[0] == "Territoire"
        assert "Commune de Roanne" in table.text
        assert "34\u202f000" in table.text or "34 000" in table.text
