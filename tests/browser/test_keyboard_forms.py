"""Issue 18, point 8 (RGAA 7.3, 10.7, 12.13): every form of the suite is used with the
keyboard alone. Tabbing through a page from its top reaches every control of every
form on it (the honeypots, off-screen and out of the tab order on purpose, aside),
each with a visible focus; and a visitor fills and sends a data request, a question
and a reuse with keys only."""
import json

import pytest
from ckan.tests import factories
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .test_accessibility import PASSWORD, _engagement_content

# A control's key: its form's rank, its name, its rank in the form (a radio group is
# one tab stop, arrows choose in it). The input CKAN's select2 widget puts beside a
# select (select2 3 on CKAN 2.11, 4 on 2.12) stands for that select.
CONTROL_KEY = """
function widgetSelect(el) {
  const box = el.closest('.select2-container');
  if (!box) return null;
  if (box.id && box.id.startsWith('s2id_')) return document.getElementById(box.id.slice(5));
  const before = box.previousElementSibling;
  return before && before.tagName === 'SELECT' ? before : null;
}
function widgetOf(select) {
  const before = select.previousElementSibling, after = select.nextElementSibling;
  if (before && before.classList.contains('select2-container')) return before;
  if (after && after.classList.contains('select2-container')) return after;
  return null;
}
function controlKey(el) {
  const form = el.form;
  if (!form) return null;
  const f = Array.from(document.forms).indexOf(form);
  const i = Array.from(form.elements).indexOf(el);
  return 'f' + f + '-' + (el.name || el.id || el.tagName.toLowerCase())
         + (el.type === 'radio' ? '' : '-' + i);
}
"""

# Which controls a person must reach: those of every form, shown and enabled; not a
# honeypot (out of the tab order and off-screen, which only a robot fills).
WANTED = CONTROL_KEY + """
const wanted = [];
Array.from(document.forms).forEach(form => {
  Array.from(form.elements).forEach(el => {
    if (el.type === 'hidden' || el.disabled || el.tagName === 'FIELDSET') return;
    if (el.closest('.select2-container')) return;  // the widget's own input
    const key = controlKey(el);
    const widget = el.tagName === 'SELECT' && widgetOf(el);
    const rect = el.getBoundingClientRect();
    const offscreen = rect.right <= 0 || rect.bottom <= 0 || rect.width <= 1;
    if (!widget && el.tabIndex < 0 && offscreen) return;
    if (wanted.some(w => w.key === key)) return;
    // inside a closed <details>: its summary is the tab stop that opens it
    if (el.closest('details:not([open])')) { wanted.push({key, details: true}); return; }
    if (!widget && !el.getClientRects().length) return;  // not shown
    wanted.push({key, details: false});
  });
});
return wanted;
"""

# The focused element: the control's key, whether its focus is visible (an outline or
# a ring; select2 draws its ring on the widget, not on its own input), its HTML, and
# whether the walk has met it already.
FOCUSED = CONTROL_KEY + """
let el = document.activeElement;
if (!el || el === document.body) return null;
const html = el.outerHTML.slice(0, 160);
// a date field's parts (day, month, year…) are tab stops of one element
const within = el === window.kbLast;
window.kbLast = el;
const again = !within && el.dataset.kbSeen === '1';  // focus came round to the top again
el.dataset.kbSeen = '1';
const select = widgetSelect(el);
const key = controlKey(select || el) || 'tag:' + el.tagName.toLowerCase();
if (select) {
  el = el.closest('.select2-container').querySelector(
    '.select2-choice, .select2-choices, .select2-selection') || el;
}
const s = getComputedStyle(el);
const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
             || (s.boxShadow && s.boxShadow !== 'none');
return [key, !!ring, html, again];
"""


def _tab_through(browser, limit=600):
    """Tab from the top of the page until focus leaves it or comes round again: the
    keys met, in order, and the controls focused without a visible focus."""
    browser.execute_script("window.scrollTo(0, 0);"
                           "if (document.activeElement) document.activeElement.blur();")
    met, unseen = [], []
    for _ in range(limit):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.execute_script(FOCUSED)
        if focused is None:
            break
        key, ring, html, again = focused
        if again:
            break
        if met and met[-1] == key:
            continue
        met.append(key)
        if not key.startswith("tag:") and not ring:
            unseen.append(html)
    else:
        raise AssertionError("la tabulation ne sort jamais de la page")
    return met, unseen


def _unreachable_controls(browser, path):
    """What the keyboard cannot use on the page: {unreached: [...], focus_invisible: [...]}."""
    met, unseen = _tab_through(browser)
    # after the walk: CKAN's modules (its select2 widgets) have long started
    wanted = browser.execute_script(WANTED)
    assert wanted, f"{path}: aucun formulaire"
    problems = {}
    unreached = [w["key"] for w in wanted if not w["details"] and w["key"] not in met]
    if unreached:
        problems["unreached"] = unreached
    if any(w["details"] for w in wanted) and "tag:summary" not in met:
        problems["unreached"] = problems.get("unreached", []) + ["summary"]
    if unseen:
        problems["focus_invisible"] = unseen
    return problems


def _territory():
    territory = factories.Organization(name="commune-de-feurs", title="Commune de Feurs",
                                       kind="commune", insee_code="42094")
    dataset = factories.Dataset(owner_org=territory["id"], name="budget-feurs",
                                title="Budget de Feurs")
    return territory, dataset


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_every_form_is_reached_by_the_keyboard(browser, live_server):
    territory, dataset = _territory()
    sysadmin = factories.Sysadmin(password=PASSWORD)
    event = _engagement_content(territory, dataset, sysadmin)
    public = ["/territoires/commune-de-feurs/demandes",
              "/territoires/commune-de-feurs/reutilisations",
              "/territoires/commune-de-feurs/questions",
              "/dataset/budget-feurs"]
    team = public + [
        "/territoires/commune-de-feurs",
        "/territoires/commune-de-feurs/inventaire/nouveau",
        "/territoires/commune-de-feurs/evenements/nouveau",
        f"/evenements/{event['id']}/modifier",
        "/territoires/commune-de-feurs/moderation",
        "/moderation",
        "/import",
    ]
    found = {}
    browser.delete_all_cookies()
    try:
        for path in public:
            browser.get(live_server + path)
            problems = _unreachable_controls(browser, path)
            if problems:
                found[f"anonyme {path}"] = problems
        browser.get(live_server + "/user/login")
        browser.find_element(By.ID, "field-login").send_keys(sysadmin["name"])
        browser.find_element(By.ID, "field-password").send_keys(PASSWORD + Keys.ENTER)
        WebDriverWait(browser, 20).until(lambda b: "/user/login" not in b.current_url)
        for path in team:
            browser.get(live_server + path)
            problems = _unreachable_controls(browser, path)
            if problems:
                found[f"équipe {path}"] = problems
    finally:
        browser.delete_all_cookies()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def _keys(browser, *keys):
    ActionChains(browser).send_keys(*keys).perform()


def _fill_by_keyboard(browser, form_css, values, send_label):
    """Tab from the top of the page to the form, type each field's keys when it has the
    focus, and press Enter on the send button: no click, no script."""
    browser.execute_script("window.scrollTo(0, 0);"
                           "if (document.activeElement) document.activeElement.blur();")
    filled = set()
    for _ in range(400):
        _keys(browser, Keys.TAB)
        el = browser.switch_to.active_element
        if el.tag_name == "body":
            break
        inside = browser.execute_script(
            "return !!arguments[0].closest(arguments[1]);", el, form_css)
        name = el.get_attribute("name")
        if inside and name in values and name not in filled:
            _keys(browser, values[name])
            filled.add(name)
        elif inside and el.tag_name == "button" and el.text.strip() == send_label:
            assert filled == set(values), f"champs non atteints : {set(values) - filled}"
            _keys(browser, Keys.ENTER)
            return
    raise AssertionError(f"« {send_label} » n'est pas atteint au clavier")


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_redis")
def test_a_visitor_sends_a_request_a_question_and_a_reuse_with_the_keyboard(
        browser, live_server):
    import sqlalchemy as sa
    from ckan import model

    territory, dataset = _territory()
    browser.delete_all_cookies()
    base = live_server + "/territoires/commune-de-feurs"

    browser.get(base + "/demandes")
    # a select takes the first letters of its option, as a person types them
    _fill_by_keyboard(browser, "form[action$='/demandes']", {
        "title": "Horaires des déchetteries", "purpose": "Une application",
        "requester_kind": "Habitant"}, "Envoyer la demande")
    WebDriverWait(browser, 20).until(lambda b: "Demande envoyée" in b.page_source)

    browser.get(base + "/questions")
    _fill_by_keyboard(browser, "form[action$='/questions']", {
        "dataset_id": "Budget", "title": "Les montants sont-ils TTC ?"}, "Poser la question")
    WebDriverWait(browser, 20).until(lambda b: "alert-success" in b.page_source)

    browser.get(base + "/reutilisations")
    _fill_by_keyboard(browser, "form[action$='/reutilisations']", {
        "title": "Carte des budgets", "description": "Une carte interactive.",
        "url": "https://carte.example.org/budgets", "reuse_type": "Visualisation",
        "topic": "Politique", "datasets": "budget-feurs"}, "Proposer")
    WebDriverWait(browser, 20).until(lambda b: "alert-success" in b.page_source)

    sent = model.Session.execute(sa.text(
        "select (select requester_kind from odl_engagement_data_request where title = :a),"
        "       (select package_id from odl_engagement_question where title = :b),"
        "       (select reuse_type || ' ' || topic from odl_engagement_reuse where title = :c)"),
        {"a": "Horaires des déchetteries", "b": "Les montants sont-ils TTC ?",
         "c": "Carte des budgets"}).one()
    assert tuple(sent) == ("habitant", dataset["id"], "visualization politics_and_public_life")
