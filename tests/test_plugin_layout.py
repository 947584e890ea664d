"""Each capability is a folder with its own plugin: a site that enables only the core
plugin loads no territories or menus code, and still serves its pages."""
import os
import subprocess
import sys
import textwrap

import pytest

from tests import derived_ini

CAPABILITIES = ("territories", "menus", "engagement", "dedup", "federation",
                "publishing")

_PROBE = textwrap.dedent("""
    import sys
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from ckan.tests.helpers import CKANTestApp

    app = CKANTestApp(make_app(load_config(sys.argv[1])))
    for url in ("/", "/dataset/", "/schemas", "/guide"):
        status = app.get(url).status_code
        assert status == 200, (url, status)
    loaded = sorted(name for name in sys.modules
                    if name.startswith(tuple("ckanext.opendatalocale." + capability
                                             for capability in sys.argv[2:])))
    print("\\n".join(loaded))
""")


@pytest.fixture
def core_only_ini(tmp_path, request):
    """The test configuration with only the core plugin and its schemas."""
    return derived_ini.write(tmp_path / "core-only.ini", request, """
        ckan.plugins = scheming_datasets opendatalocale
        scheming.dataset_schemas = ckanext.opendatalocale.schemas:dataset.yaml
        scheming.organization_schemas =
    """)


@pytest.mark.ckan  # CKAN runs in a subprocess started with the --ckan-ini file
def test_core_plugin_alone_imports_no_capability(core_only_ini, odl_db, clean_index):
    # A clean database and index: a dataset of a capability's type left by an earlier
    # test (the demo's canteen menus) would name a route the core plugin alone lacks.
    probe = subprocess.run([sys.executable, "-c", _PROBE, core_only_ini, *CAPABILITIES],
                           capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert probe.stdout.split() == []


def test_each_capability_keeps_its_plugin_templates_and_declaration():
    import ckanext.opendatalocale as suite

    root = os.path.dirname(suite.__file__)
    for capability in CAPABILITIES:
        folder = os.path.join(root, capability)
        for part in ("plugin.py", "config_declaration.yaml"):
            assert os.path.exists(os.path.join(folder, part)), (capability, part)
        assert not os.path.exists(os.path.join(root, "templates", capability))
