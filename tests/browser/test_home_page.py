"""The home page as a visitor's browser renders it (issue 19), on a desktop and a
phone width: key content, the search box leading to results, no serious or critical
axe-core violation, nothing wider than the screen."""
import pytest
from selenium.webdriver.common.by import By
from ckan.tests import factories


def _body(browser):
    return browser.find_element(By.TAG_NAME, "body").text


@pytest.fixture(autouse=True)
def fresh_funnel():
    from ckanext.opendatalocale import home
    home._funnel_cache.clear()


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
@pytest.mark.parametrize("width", [1280, 375])
def test_home_page_key_content_search_and_accessibility(
        browser, live_server, accessibility_violations, width):
    territory = factories.Organization(kind="commune", name="commune-de-feurs",
                                       title="Commune de Feurs", insee_code="42094")
    factories.Dataset(owner_org=territory["id"], title="Équipements sportifs de Feurs")
    factories.Dataset(owner_org=territory["id"], private=True, title="Brouillon interne")
    browser.set_window_size(width, 900)
    try:
        browser.get(live_server + "/")
        text = _body(browser)
        assert "Votre collectivité veut ouvrir ses données ?" in text
        assert "Où en sont les territoires ?" in text
        assert "Équipements sportifs de Feurs" in text and "Brouillon interne" not in text
        # the funnel's text alternative opens into its table
        summary = browser.find_element(By.CSS_SELECTOR, ".odl-home__sections details summary")
        browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", summary)
        summary.click()
        assert "pas encore commencé" in _body(browser)
        assert accessibility_violations() == []
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"la page dépasse l'écran de {overflow} px à {width} px"

        box = browser.find_element(By.ID, "odl-home-search")
        box.send_keys("sportifs")
        box.submit()
        assert "/dataset/" in browser.current_url and "q=sportifs" in browser.current_url
        assert "Équipements sportifs de Feurs" in _body(browser)
    finally:
        browser.set_window_size(1280, 900)
