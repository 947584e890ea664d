"""The new dataset form warns while the title is typed that similar datasets exist
(issue 14, point 5), as Decidim does for proposals."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from ckan.tests import factories, helpers

PASSWORD = "correct-horse-battery-staple-42"


def _log_in(browser, live_server, name):
    browser.get(live_server + "/user/login")
    browser.find_element(By.ID, "field-login").send_keys(name)
    browser.find_element(By.ID, "field-password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "/user/login" not in b.current_url)


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_typing_a_title_lists_similar_datasets_under_the_field(browser, live_server):
    editor = factories.User(password=PASSWORD)
    firminy = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    roanne = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    helpers.call_action("organization_member_create", id=firminy["id"],
                        username=editor["name"], role="editor")
    factories.Dataset(owner_org=roanne["id"], name="arbres-roanne",
                      title="Arbres d'alignement de Roanne")
    factories.Dataset(owner_org=roanne["id"], name="secret", private=True,
                      title="Arbres d'alignement secrets")
    browser.delete_all_cookies()
    _log_in(browser, live_server, editor["name"])
    browser.get(live_server + "/dataset/new")

    panel = browser.find_element(By.ID, "odl-similar-datasets")
    assert not panel.is_displayed()
    browser.find_element(By.ID, "field-title").send_keys("Arbres d'alignement")
    wait = WebDriverWait(browser, 20)
    link = wait.until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, "#odl-similar-datasets a")))
    assert "des jeux de données semblables existent déjà" in panel.text.lower()
    assert link.text == "Arbres d'alignement de Roanne"
    assert link.get_attribute("href").endswith("/dataset/arbres-roanne")
    assert "secrets" not in panel.text  # another territory's private dataset
    # Placed right under the title field, before the next field.
    following = browser.execute_script(
        "return document.getElementById('field-title').closest('.form-group')"
        ".nextElementSibling.id")
    assert following == "odl-similar-datasets"

    title = browser.find_element(By.ID, "field-title")
    title.send_keys(Keys.CONTROL, "a")
    title.send_keys("Hor")
    wait.until(lambda b: not b.find_element(By.ID, "odl-similar-datasets").is_displayed())
