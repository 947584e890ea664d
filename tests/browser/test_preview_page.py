"""The « Aperçu » of a file with errors, in Chromium (issue 17, point 5): the filter
« seulement les lignes en erreur » and the table are reached and used with the
keyboard alone, and axe-core finds no serious or critical violation."""
from urllib.parse import parse_qs, urlparse

import pytest
from ckan.tests import factories, helpers
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.scdl_site.conftest import run_jobs  # noqa: F401  (RQ on the real Redis)
from tests.scdl_site.test_preview_view import _subventions  # the example, French dates on some rows

FAULTY_ROWS = (3, 6)


def _tab_to(browser, is_target, limit=150):
    """Press Tab from the top of the page until ``is_target(active element)``; the element."""
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    for _press in range(limit):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if is_target(active):
            return active
    raise AssertionError("not reached with the Tab key")


def _row_numbers(browser):
    return [int(cell.text) for cell in browser.find_elements(
        By.CSS_SELECTOR, ".odl-preview__table tbody th[scope=row]")]


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_preview_is_used_with_the_keyboard_and_passes_axe(
        browser, live_server, accessibility_violations, create_with_upload, run_jobs):
    territory = factories.Organization(kind="commune", title="Commune de Feurs")
    dataset = factories.Dataset(owner_org=territory["id"], title="Subventions 2025")
    resource = create_with_upload(_subventions(12, faulty=FAULTY_ROWS), "subventions.csv",
                                  package_id=dataset["id"], schema="scdl/subventions", format="CSV")
    run_jobs()
    view = [v for v in helpers.call_action("resource_view_list", id=resource["id"])
            if v["view_type"] == "odl_apercu"][0]
    browser.get(f"{live_server}/dataset/{dataset['name']}/resource/{resource['id']}?view_id={view['id']}")
    assert _row_numbers(browser) == list(range(2, 14))
    assert accessibility_violations() == []

    # the filter: Tab to it, Space ticks it, Tab to « Afficher », Enter sends the form
    checkbox = _tab_to(browser, lambda el: el.get_attribute("id") == "odl-preview-errors")
    checkbox.send_keys(Keys.SPACE)
    assert checkbox.is_selected()
    button = _tab_to(browser, lambda el: el.tag_name == "button"
                     and el.text.strip() == "Afficher")
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "erreurs=1" in b.current_url
                                     and b.execute_script("return document.readyState") == "complete")
    assert parse_qs(urlparse(browser.current_url).query).get("erreurs") == ["1"]
    assert _row_numbers(browser) == list(FAULTY_ROWS)
    errors = browser.find_elements(By.CSS_SELECTOR, ".odl-preview__cell--error")
    # the error is in the cell's text, as a screen reader reads it
    assert errors and all("Erreur :" in cell.text and "écrivez 2013-10-04" in cell.text
                          for cell in errors)
    assert browser.find_element(By.ID, "odl-preview-errors").is_selected()
    assert accessibility_violations() == []

    # the table: its scrolling region takes the focus, and the arrow keys scroll it
    region = _tab_to(browser, lambda el: "odl-preview__scroll" in (el.get_attribute("class") or ""))
    assert region.get_attribute("aria-labelledby") == "odl-preview-caption"
    # the schema's 16 columns are wider than the page: only the keyboard scrolls them here
    assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", region)
    for _press in range(10):
        region.send_keys(Keys.ARROW_RIGHT)
    assert browser.execute_script("return arguments[0].scrollLeft", region) > 0
    # and « Toutes les lignes » comes back by keyboard too
    link = _tab_to(browser, lambda el: el.tag_name == "a" and el.text.strip() == "Toutes les lignes")
    link.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "erreurs=1" not in b.current_url
                                     and b.execute_script("return document.readyState") == "complete")
    assert "erreurs" not in parse_qs(urlparse(browser.current_url).query)
    assert _row_numbers(browser) == list(range(2, 14))
