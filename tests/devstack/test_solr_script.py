"""devstack/solr.sh says clearly what is wrong and exits non-zero; it never hangs; with
SOLR_URL it uses an existing Solr (here: the one serving the tests) and starts nothing."""
import os
import shutil
import subprocess
import time
from urllib.parse import urlparse

import pytest
import ckan.plugins.toolkit as tk

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOLR_SH = os.path.join(REPO, "devstack", "solr.sh")


def _solr(*args, timeout=120):
    """The devstack's own Solr (the launcher), whatever SOLR_URL the run was given."""
    port = str(urlparse(tk.config["solr_url"]).port)
    env = {key: value for key, value in os.environ.items() if key not in ("SOLR_URL", "SOLR_CONFIGSET")}
    return subprocess.run(["bash", SOLR_SH, *args], capture_output=True, text=True,
                          timeout=timeout, env=dict(env, SOLR_PORT=port))


def test_a_core_whose_schema_does_not_load_is_reported(tmp_path):
    broken = tmp_path / "schema.xml"
    broken.write_text('<schema name="broken" version="1.6"><fieldType name="x" '
                      'class="solr.NoSuchFieldTypeClass"/></schema>', encoding="utf-8")
    try:
        result = _solr("start", "odl_broken_for_test", str(broken))
        assert result.returncode != 0
        assert "odl_broken_for_test" in result.stderr
        assert "NoSuchFieldTypeClass" in result.stderr + result.stdout
    finally:
        _solr("delete", "odl_broken_for_test")


def test_the_running_core_is_reused_quickly():
    core = urlparse(tk.config["solr_url"]).path.rstrip("/").split("/")[-1]
    import ckan

    schema = os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")
    result = _solr("start", core, schema, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "ready" in result.stdout


@pytest.mark.parametrize("args", [[], ["start"], ["start", "bad core!", "/nonexistent"]])
def test_wrong_arguments_are_refused(args):
    result = _solr(*args)
    assert result.returncode != 0
    assert result.stderr.strip()


# --- an existing Solr (SOLR_URL) --------------------------------------------------

def _test_core():
    url = urlparse(tk.config["solr_url"])
    base = f"{url.scheme}://{url.netloc}" + url.path.rstrip("/").rsplit("/", 1)[0]
    return base, url.path.rstrip("/").rsplit("/", 1)[1]


def _ckan_schema():
    import ckan

    return os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")


def _existing(tmp_path, *args, solr_url=None, timeout=60, **env):
    """solr.sh with SOLR_URL, an empty state folder and a port where nothing listens: it
    can only succeed by using the Solr at SOLR_URL."""
    base, _ = _test_core()
    return subprocess.run(
        ["bash", SOLR_SH, *args], capture_output=True, text=True, timeout=timeout,
        env=dict(os.environ, SOLR_URL=solr_url or base, SOLR_PORT="1",
                 ODL_STATE_DIR=str(tmp_path / "state"), **env))


def _core_names(base):
    import requests

    status = requests.get(f"{base}/admin/cores", params={"action": "STATUS", "wt": "json"}, timeout=10)
    return set(status.json()["status"])


def test_an_existing_solr_is_used_and_nothing_is_fetched_or_started(tmp_path):
    base, core = _test_core()
    started = time.monotonic()
    result = _existing(tmp_path, "start", core, _ckan_schema())
    assert result.returncode == 0, result.stderr
    assert f"{base}/{core}" in result.stdout
    assert time.monotonic() - started < 30
    assert not (tmp_path / "state").exists()  # no jars, no Solr home, no pid file


def test_stop_leaves_an_existing_solr_alone(tmp_path):
    base, core = _test_core()
    result = _existing(tmp_path, "stop")
    assert result.returncode == 0, result.stderr
    assert "not ours to stop" in result.stdout
    assert core in _core_names(base)


def test_a_missing_core_without_configset_says_what_it_needs(tmp_path):
    base, _ = _test_core()
    result = _existing(tmp_path, "start", "odl_absent_for_test", _ckan_schema())
    assert result.returncode != 0
    for words in ("odl_absent_for_test", "schema.xml", "SOLR_CONFIGSET"):
        assert words in result.stderr
    assert "odl_absent_for_test" not in _core_names(base)


def test_a_missing_core_is_created_from_a_configset(tmp_path):
    # The configset sits where the Solr serving the tests (the devstack's) reads them,
    # as a platform's administrator would put one on theirs.
    base, _ = _test_core()
    state = os.environ.get("ODL_STATE_DIR") or os.path.join(REPO, ".devstack")
    configset = os.path.join(state, "solr", "home", "configsets", "odl_configset_for_test")
    os.makedirs(os.path.join(configset, "conf"))
    try:
        shutil.copy(_ckan_schema(), os.path.join(configset, "conf", "schema.xml"))
        shutil.copy(os.path.join(REPO, "devstack", "solr", "solrconfig.xml"), os.path.join(configset, "conf"))
        for name in ("synonyms.txt", "protwords.txt", "stopwords.txt"):
            open(os.path.join(configset, "conf", name), "w").close()
        result = _existing(tmp_path, "start", "odl_created_for_test", _ckan_schema(),
                           SOLR_CONFIGSET="odl_configset_for_test")
        assert result.returncode == 0, result.stderr
        assert "creating core 'odl_created_for_test'" in result.stdout
        assert "odl_created_for_test" in _core_names(base)
    finally:
        _existing(tmp_path, "delete", "odl_created_for_test")
        shutil.rmtree(configset)
    assert "odl_created_for_test" not in _core_names(base)


@pytest.mark.parametrize("solr_url, words", [
    ("http://127.0.0.2:9/solr", "no Solr answers"),
    ("ftp://solr.example.org/solr", "must be the http(s) base URL"),
])
def test_an_unusable_solr_url_is_refused_quickly(tmp_path, solr_url, words):
    started = time.monotonic()
    result = _existing(tmp_path, "start", "odl_any", _ckan_schema(), solr_url=solr_url)
    assert result.returncode != 0
    assert words in result.stderr
    assert time.monotonic() - started < 20
