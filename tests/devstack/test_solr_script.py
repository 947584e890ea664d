"""devstack/solr.sh says clearly what is wrong and exits non-zero; it never hangs."""
import os
import subprocess
from urllib.parse import urlparse

import pytest
import ckan.plugins.toolkit as tk

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOLR_SH = os.path.join(REPO, "devstack", "solr.sh")


def _solr(*args, timeout=120):
    port = str(urlparse(tk.config["solr_url"]).port)
    return subprocess.run(["bash", SOLR_SH, *args], capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, SOLR_PORT=port))


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
