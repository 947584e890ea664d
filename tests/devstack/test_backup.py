"""make backup and make restore: a backup of this run's site, restored into a fresh
stack (its own database, Solr core and storage folder), gives back every dataset
(private ones too), uploaded file, validation report and milestone, and search finds
the datasets again (the index is rebuilt from the database)."""
import json
import os
import subprocess
import sys
import textwrap

import pytest
import ckan
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.scdl_site.conftest import example_bytes, run_jobs  # noqa: F401 (fixture)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUBVENTIONS = "scdl/subventions"

# Run in the restored site's own process: what a visitor and an admin find there.
_READ_BACK = textwrap.dedent("""
    import json, sys
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(sys.argv[1]))
    with app._wsgi_app.test_request_context():
        import ckan.plugins.toolkit as tk
        admin = {"ignore_auth": True}
        found = {}
        found["public_search"] = tk.get_action("package_search")(
            {"ignore_auth": True}, {"q": "*:*", "include_private": False})["count"]
        found["all_search"] = tk.get_action("package_search")(
            admin, {"q": "*:*", "include_private": True})["count"]
        secret = tk.get_action("package_show")(admin, {"id": sys.argv[2]})
        found["secret_title"] = secret["title"]
        resource = secret["resources"][0]
        found["validation_status"] = resource.get("validation_status")
        report = tk.get_action("resource_validation_show")(admin, {"resource_id": resource["id"]})
        found["report_status"] = report["status"]
        from ckan.lib import uploader
        path = uploader.get_resource_uploader(resource).get_path(resource["id"])
        found["file"] = open(path, "rb").read().decode("utf-8")
        progress = tk.get_action("odl_territory_progress_show")(admin, {"id": sys.argv[3]})
        found["milestones"] = sorted(
            c["id"] for phase in progress["phases"] for c in phase["criteria"]
            if c.get("kind") == "milestone" and c.get("value") == "declared")
        print("RESULT " + json.dumps(found))
""")


def _bash(script, *args, env=None, timeout=600):
    return subprocess.run(["bash", os.path.join(REPO, "devstack", script), *args],
                          capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, CKAN_VERSION=ckan.__version__, **(env or {})))


def _logging_sections(ini):
    """CKAN's command line reads logging from the file it is given, not from `use`."""
    text = open(ini, encoding="utf-8").read()
    return "\n" + text[text.index("[loggers]"):]


@pytest.fixture
def fresh_stack(tmp_path):
    """A config file with a database, a Solr core and a storage folder of its own."""
    version = tk.config["ckan.site_id"].removeprefix("opendatalocale_test_")
    name = f"odl_restore_{version}"
    solr = tk.config["solr_url"].rsplit("/", 1)[0]
    schema = os.path.join(os.path.dirname(tk.__file__), "..", "config", "solr", "schema.xml")
    started = subprocess.run(["bash", os.path.join(REPO, "devstack", "solr.sh"), "start", name,
                              os.path.abspath(schema)], capture_output=True, text=True,
                             timeout=300)
    assert started.returncode == 0, started.stderr
    ini = tmp_path / "restored.ini"
    ini.write_text(textwrap.dedent(f"""\
        [app:main]
        use = config:{tk.config['__file__']}
        sqlalchemy.url = postgresql://ckan:ckan@127.0.0.1/{name}
        solr_url = {solr}/{name}
        ckan.storage_path = {tmp_path / 'storage'}
        """) + _logging_sections(tk.config["__file__"]), encoding="utf-8")
    yield ini
    subprocess.run(["su", "postgres", "-c", f'psql -qc "DROP DATABASE IF EXISTS {name} WITH (FORCE)"'],
                   capture_output=True, timeout=120)
    subprocess.run(["bash", os.path.join(REPO, "devstack", "solr.sh"), "delete", name],
                   capture_output=True, timeout=120)


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_a_backup_restored_into_a_fresh_stack_gives_everything_back(
        tmp_path, fresh_stack, create_with_upload, run_jobs):
    territory = factories.Organization(name="firminy", title="Commune de Firminy", kind="commune")
    factories.Dataset(owner_org=territory["id"], title="Budget primitif")
    secret = factories.Dataset(owner_org=territory["id"], private=True, title="Liste confidentielle")
    create_with_upload(example_bytes("subventions"), "subventions.csv",
                       package_id=secret["id"], schema=SUBVENTIONS)
    run_jobs()
    helpers.call_action("odl_milestone_update", id="firminy", milestone="referent_named")

    # CKAN's create_with_upload stores files in a folder of its own: the site is this
    # run's config with that folder
    site = tmp_path / "site.ini"
    site.write_text(f"[app:main]\nuse = config:{tk.config['__file__']}\n"
                    f"ckan.storage_path = {tk.config['ckan.storage_path']}\n"
                    + _logging_sections(tk.config["__file__"]), encoding="utf-8")
    backup = tmp_path / "site.tar"
    made = _bash("backup.sh", str(backup), env={"CKAN_INI": str(site)})
    assert made.returncode == 0, made.stderr
    restored = _bash("restore.sh", str(backup), env={"CKAN_INI": str(fresh_stack)})
    assert restored.returncode == 0, restored.stderr

    read = subprocess.run([sys.executable, "-c", _READ_BACK, str(fresh_stack), secret["id"],
                           "firminy"], capture_output=True, text=True, timeout=300)
    line = next((l for l in read.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line, read.stderr[-3000:]
    found = json.loads(line[len("RESULT "):])
    assert found["secret_title"] == "Liste confidentielle"
    assert (found["public_search"], found["all_search"]) == (1, 2)  # private stays private
    assert found["validation_status"] == found["report_status"] == "success"
    assert found["file"] == example_bytes("subventions").decode("utf-8")
    assert "referent_named" in found["milestones"]


def test_restore_refuses_what_is_not_a_backup_and_touches_nothing(tmp_path):
    junk = tmp_path / "not-a-backup.tar"
    junk.write_bytes(b"\x00" * 1024)
    refused = _bash("restore.sh", str(junk), env={"CKAN_INI": tk.config["__file__"]})
    assert refused.returncode != 0
    assert "n'est pas une sauvegarde" in refused.stderr
    assert _bash("restore.sh", str(tmp_path / "absent.tar"),
                 env={"CKAN_INI": tk.config["__file__"]}).returncode != 0
