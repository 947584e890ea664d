"""Key pages as a visitor's browser renders them."""
import pytest
from selenium.webdriver.common.by import By
from ckan.tests import factories


def _visible_text(browser):
    return browser.find_element(By.TAG_NAME, "body").text


def _follow(browser, link):
    """Click a link as a visitor would, once scrolled into view (instantly: Bootstrap 5
    makes scrolling smooth, and a click during the scroll lands elsewhere)."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", link)
    link.click()


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestKeyPagesInChromium:
    def test_home_dataset_search_and_dataset_page(self, browser, live_server):
        territory = factories.Organization(kind="commune", title="Commune de Rive-de-Gier")
        dataset = factories.Dataset(owner_org=territory["id"], title="Menus des cantines scolaires")

        browser.get(live_server + "/")
        assert browser.execute_script("return document.documentElement.lang").startswith("fr")

        browser.get(live_server + "/dataset/")
        assert "Menus des cantines scolaires" in _visible_text(browser)

        _follow(browser, browser.find_element(By.LINK_TEXT, "Menus des cantines scolaires"))
        assert browser.current_url.endswith("/dataset/" + dataset["name"])
        assert "Commune de Rive-de-Gier" in _visible_text(browser)

    def test_territories_overview_leads_to_a_dashboard(self, browser, live_server):
        factories.Organization(kind="commune", title="Commune de Roanne", population=34000)
        browser.get(live_server + "/territoires")
        table = browser.find_element(By.CSS_SELECTOR, "table.odl-territories")
        headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert headers[0].startswith("Territoire")
        _follow(browser, table.find_element(By.LINK_TEXT, "Commune de Roanne"))
        assert "/territoires/" in browser.current_url
        assert "Commune de Roanne" in _visible_text(browser)

    def test_schema_documentation_and_guide_are_reachable_from_the_menu(self, browser, live_server):
        browser.get(live_server + "/")
        _follow(browser, browser.find_element(By.CSS_SELECTOR, "header a[href=\"/schemas\"]"))
        _follow(browser, browser.find_element(By.LINK_TEXT, "Subventions"))
        assert "dateConvention" in _visible_text(browser)
        _follow(browser, browser.find_element(By.CSS_SELECTOR, "header a[href=\"/guide\"]"))
        _follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Combien ça coûte"))
        assert "gratuite" in _visible_text(browser)
