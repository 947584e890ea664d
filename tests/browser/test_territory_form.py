"""The territory form's referential search, as an admin uses it with the keyboard."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from ckan.tests import factories

PASSWORD = "correct-horse-battery-staple-42"


def _log_in(browser, live_server, name):
    browser.get(live_server + "/user/login")
    browser.find_element(By.ID, "field-login").send_keys(name)
    browser.find_element(By.ID, "field-password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "/user/login" not in b.current_url)


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_choosing_a_commune_fills_the_identity_fields(browser, live_server):
    sysadmin = factories.Sysadmin(password=PASSWORD)
    browser.delete_all_cookies()
    _log_in(browser, live_server, sysadmin["name"])
    browser.get(live_server + "/organization/new")

    search = browser.find_element(By.ID, "field-referential_code-search")
    search.send_keys("st etienne")
    # the first search of a fresh process reads the referential (36,000 communes): on a
    # busy machine (a CKAN job worker beside the suite) it took more than 20 s
    wait = WebDriverWait(browser, 60)
    first = wait.until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, "#field-referential_code-listbox [role=option]")))
    assert "Saint-Étienne" in first.text
    assert search.get_attribute("aria-expanded") == "true"
    search.send_keys(Keys.ARROW_DOWN, Keys.ENTER)

    wait.until(lambda b: b.find_element(By.ID, "field-insee_code").get_attribute("value"))
    assert browser.find_element(By.ID, "field-insee_code").get_attribute("value") == "42218"
    assert browser.find_element(By.ID, "field-siren").get_attribute("value") == "214202186"
    assert browser.find_element(By.ID, "field-kind").get_attribute("value") == "commune"
    assert int(browser.find_element(By.ID, "field-population").get_attribute("value")) > 150000
