"""PostgreSQL restarted (issue 18, point 6): the site recovers without being restarted —
the requests after the restart succeed, pages, API reads and saves alike — and a request
while the database is down answers at once with a French 503, not a 500, not a hang.

The database is the test's own cluster (conftest.OwnPostgres, a copy of the test
database); the app is created on it, and the other tests' engine is put back after."""
import time

import pytest
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from .browsing import PASSWORD, logged_in


@pytest.fixture
def site_on_own_postgres(with_plugins, odl_db, own_postgres, make_app, monkeypatch):
    # own_postgres after odl_db: it copies the clean, migrated test database
    saved_engine = model.meta.engine
    monkeypatch.setitem(tk.config, "sqlalchemy.url", own_postgres.url)
    try:
        app = make_app()
        assert model.meta.engine is not saved_engine
        yield app
    finally:
        own_engine = model.meta.engine
        model.init_model(saved_engine)
        if own_engine is not saved_engine:
            own_engine.dispose()  # before the cluster is dropped


def _site_works(app, client, headers, dataset, title):
    assert title in app.get(f"/dataset/{dataset['name']}").body
    assert "Commune de Firminy" in app.get("/territoires/firminy/public").body
    assert app.get("/schemas").status_code == 200
    assert client.get(f"/dataset/edit/{dataset['name']}").status_code == 200
    shown = app.get(f"/api/action/package_show?id={dataset['id']}", headers=headers)
    assert shown.json["result"]["title"] == title


def test_postgres_restarted_mid_run(site_on_own_postgres, own_postgres):
    app = site_on_own_postgres
    territory = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    admin = factories.SysadminWithToken(password=PASSWORD)
    dataset = factories.Dataset(owner_org=territory["id"], title="Subventions 2024")
    headers = {"Authorization": admin["token"]}
    client = logged_in(app, admin)
    _site_works(app, client, headers, dataset, "Subventions 2024")

    own_postgres.restart()  # every pooled connection is now dead

    # the very next requests succeed: dead connections are replaced, no restart of the site
    _site_works(app, client, headers, dataset, "Subventions 2024")
    app.post("/api/action/package_patch", headers=headers,
             json={"id": dataset["id"], "title": "Subventions 2024 (après redémarrage)"})
    _site_works(app, client, headers, dataset, "Subventions 2024 (après redémarrage)")

    own_postgres.stop()
    try:
        for path in (f"/dataset/{dataset['name']}", "/territoires/firminy/public"):
            started = time.monotonic()
            page = app.get(path, status=503)
            assert time.monotonic() - started < 10  # refused at once, not a hang
            assert "base de données du site est momentanément indisponible" in page.body
            assert "Traceback" not in page.body and "psycopg2" not in page.body
        signed_in = client.get("/dashboard/datasets")
        assert signed_in.status_code == 503
        assert "momentanément indisponible" in signed_in.body
        refused = app.post("/api/action/package_patch", headers=headers, status=503,
                           json={"id": dataset["id"], "title": "Perdu"})
        assert "momentanément indisponible" in refused.json["error"]["message"]
    finally:
        own_postgres.start()

    # back: the first request after it succeeds, nothing was lost, nothing half-written
    _site_works(app, client, headers, dataset, "Subventions 2024 (après redémarrage)")
