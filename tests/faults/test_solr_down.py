"""Solr stopped mid-run (issue 18, point 6): pages that search say so in French (503, no
traceback), a save is refused in French and nothing is stored half-way, and once Solr is
back `ckan search-index rebuild -o` brings the index back to the database's state.

The Solr is the test's own JVM (conftest.OwnSolr), killed with SIGKILL, its index even
lost: the worst case, a Solr that comes back empty."""
import os
import subprocess
import sys

import pytest
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.tests import factories

from tests import derived_ini

from .browsing import PASSWORD, TOKEN, logged_in

# The suite's pages and CKAN's that cannot be shown without a search...
SEARCH_PAGES = ["/", "/dataset/", "/organization/{territory}", "/territoires/{territory}",
                "/territoires/{territory}/public", "/territoires/{territory}/catalogue-scdl.csv",
                "/catalog.ttl", "/catalog/{territory}.ttl"]
# ...and some that need none, still served meanwhile (signed in)
OTHER_PAGES = ["/schemas", "/guide", "/dataset/new", "/doublons", "/import", "/territoires",
               "/territoires/obligation", "/territoires/export.csv"]  # kept standings, SQL


@pytest.fixture
def site_on_own_solr(own_solr, with_plugins, odl_db, make_app, monkeypatch):
    """The app created while its Solr answers (CKAN checks the schema then)."""
    # CKAN 2.11 keeps the URL in SolrSettings once the app is made, 2.12 reads the config
    settings = getattr(search, "SolrSettings", None)
    saved = settings.get() if settings else None
    monkeypatch.setitem(tk.config, "solr_url", own_solr.url)
    try:
        yield make_app()
    finally:
        if settings:
            settings.init(*saved)  # the other tests' Solr


def _active_dataset_ids() -> set:
    model.Session.expire_all()
    return {row.id for row in model.Session.query(model.Package.id)
            .filter(model.Package.state == "active")}


def _rebuild_missing(request, solr_url, tmp_path):
    """What the administrator runs: the real command, on a configuration naming this Solr."""
    ini = derived_ini.write(tmp_path / "rebuild.ini", request, f"solr_url = {solr_url}")
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    result = subprocess.run([ckan, "-c", str(ini), "search-index", "rebuild", "-o"],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]


def test_solr_stopped_mid_run(site_on_own_solr, own_solr, request, tmp_path):
    app = site_on_own_solr
    territory = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    editor = factories.SysadminWithToken(password=PASSWORD)
    kept = [factories.Dataset(owner_org=territory["id"], title=f"Subventions {year}")
            for year in (2023, 2024)]
    headers = {"Authorization": editor["token"]}
    assert "Subventions 2024" in app.get("/dataset/").body
    pages = [path.format(territory="firminy") for path in SEARCH_PAGES]

    own_solr.crash()

    for path in pages:
        page = app.get(path, status=503)
        assert "Recherche indisponible" in page.body, path
        assert "momentanément indisponible" in page.body, path
        assert "Traceback" not in page.body and "Solr" not in page.body, path
        assert page.headers["Retry-After"] == "60"

    # a save through the API: refused in French, nothing stored
    created = app.post("/api/action/package_create", headers=headers, status=409, json={
        "name": "budget-2025", "title": "Budget 2025", "owner_org": territory["id"]})
    assert "moteur de recherche du site est indisponible" in created.json["error"]["recherche"][0]
    updated = app.post("/api/action/package_patch", headers=headers, status=409, json={
        "id": kept[0]["id"], "title": "Subventions 2023 (corrigé)"})
    assert "rien n'a été enregistré" in updated.json["error"]["recherche"][0]
    deleted = app.post("/api/action/package_delete", headers=headers, status=409,
                       json={"id": kept[1]["id"]})
    assert "recherche" in deleted.json["error"]

    client = logged_in(app, editor)
    for path in OTHER_PAGES:
        assert client.get(path).status_code == 200, path

    # a save through the form: shown again with what was typed and the French reason
    form = client.get(f"/dataset/edit/{kept[0]['name']}")
    edited = client.post(f"/dataset/edit/{kept[0]['name']}", data={
        "_csrf_token": TOKEN.search(form.body).group(1), "name": kept[0]["name"],
        "title": "Titre saisi pendant la panne", "owner_org": territory["id"],
        "notes": "", "save": ""})
    assert edited.status_code == 200
    assert "moteur de recherche du site est indisponible" in edited.body
    assert "Titre saisi pendant la panne" in edited.body

    model.Session.expire_all()
    assert model.Package.get("budget-2025") is None
    assert model.Package.get(kept[0]["id"]).title == "Subventions 2023"
    assert model.Package.get(kept[1]["id"]).state == "active"

    # Solr back, empty: the command gives it back everything the database holds
    own_solr.lose_index()
    own_solr.start()
    site_id = tk.config["ckan.site_id"]
    assert own_solr.dataset_ids(site_id) == set()
    _rebuild_missing(request, own_solr.url, tmp_path)
    in_database = _active_dataset_ids()
    assert {dataset["id"] for dataset in kept} <= in_database
    assert own_solr.dataset_ids(site_id) == in_database
    for path in pages:
        app.get(path, status=200)
    assert "Subventions 2023" in app.get("/dataset/").body
    # and saving works again
    app.post("/api/action/package_create", headers=headers, json={
        "name": "budget-2025", "title": "Budget 2025", "owner_org": territory["id"]})
    assert own_solr.dataset_ids(site_id) == _active_dataset_ids()
