"""A live CKAN server and a headless Chromium for browser tests.

The server is the test app itself, served over HTTP from a thread, so it shares
the test's configuration, database and Solr core. Chromium and chromedriver are
Debian's packages (devstack/packages.sh installs them).
"""
import configparser
import shutil
import socket
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live_server(make_app, ckan_config, monkeypatch):
    # site_url must be this server: CKAN's JavaScript calls the API at site_url,
    # and redirects (after login) go there.
    from werkzeug.serving import make_server  # CKAN's; the pure runs have no werkzeug

    port = _free_port()
    monkeypatch.setitem(ckan_config, "ckan.site_url", f"http://127.0.0.1:{port}")
    app = make_app()
    server = make_server("127.0.0.1", port, app.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    assert chromium and chromedriver, "chromium et chromium-driver doivent être installés (devstack/packages.sh)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--window-size=1280,900",
                 "--lang=fr-FR"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _axe_js(pytestconfig) -> str:
    """Where devstack/setup.sh put axe-core: a line of the test configuration that CKAN
    does not declare (the suite declares only what a site runs with), so it is read
    from the file given with --ckan-ini rather than through CKAN's config."""
    parser = configparser.RawConfigParser(strict=False)
    parser.read(pytestconfig.getoption("ckan_ini"), encoding="utf-8")
    return parser.get("app:main", "ckanext.opendatalocale.test.axe_js", fallback="")


@pytest.fixture
def axe_violations(browser, pytestconfig):
    """Run axe-core in the current page: every violation, whatever its impact, as
    {rule id: (impact, the first three nodes' selectors)}."""
    path = _axe_js(pytestconfig)
    assert path, "ckanext.opendatalocale.test.axe_js manque (devstack/setup.sh le renseigne)"
    with open(path, encoding="utf-8") as handle:
        axe_source = handle.read()

    def check():
        browser.execute_script(axe_source)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));")
        return {v["id"]: (v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result}
    return check


@pytest.fixture
def accessibility_violations(axe_violations):
    """Run axe-core in the current page; serious and critical violations only."""
    def check():
        return [(rule, impact, targets) for rule, (impact, targets) in axe_violations().items()
                if impact in ("serious", "critical")]
    return check
