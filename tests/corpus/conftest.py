"""Fixtures of the corpus tests: one territory with an admin who logs in through
CKAN's form (a browser's cookie session, so the forms' CSRF tokens are real),
an SCDL dataset and a canteen service; the corpus files by name."""
from __future__ import annotations

import os
import re

import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.menus import sample, store
from tests.scdl_site.conftest import run_jobs  # noqa: F401  (RQ on the real Redis)

from . import build

PASSWORD = "Mot-de-passe-du-corpus-2025"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
TERRITORY = "firminy"
CANTEEN = "cantines-firminy"
SCDL_DATASET = "subventions-firminy"


def corpus_file(name: str) -> bytes:
    """A committed corpus file, or one written at test time when too big to commit."""
    path = os.path.join(build.FILES, name)
    if os.path.exists(path):
        with open(path, "rb") as handle:
            return handle.read()
    return build.generated()[name]


def corpus_names(prefix: str) -> list:
    return sorted(name for name in list(build.corpus()) + list(build.generated())
                  if name.startswith(prefix))


def token_of(page) -> str:
    found = TOKEN.search(page.body)
    assert found, "no CSRF token in the page"
    return found.group(1)


def browser(app, user):
    """A client logged in through CKAN's login form, as a browser is."""
    client = app.test_client()
    login_page = client.get("/user/login")
    client.post("/user/login", data={"login": user["name"], "password": PASSWORD,
                                     "_csrf_token": token_of(login_page)})
    assert user["name"] in client.get("/dashboard/datasets").body
    return client


@pytest.fixture
def corpus_site(with_plugins, odl_db, clean_index, clean_queues):
    store.clear()
    territory = factories.Organization(kind="commune", name=TERRITORY, title="Commune de Firminy")
    admin = factories.UserWithToken(password=PASSWORD)
    helpers.call_action("organization_member_create", id=territory["id"],
                        username=admin["name"], role="admin")
    canteen = helpers.call_action(
        "package_create", type="cantine", name=CANTEEN, title="Menus des cantines",
        owner_org=territory["id"], collectivite_nom="Commune de Firminy",
        collectivite_siret=sample.DEMO_SERVICE.collectivite_siret,
        restaurants=sample.restaurants_for_service(1),
        period_start="2025-09-01", period_end="2026-07-04", license_id="lo-2.0")
    scdl = factories.Dataset(owner_org=territory["id"], name=SCDL_DATASET, title="Subventions")
    return {"territory": territory, "admin": admin, "canteen": canteen, "scdl": scdl,
            "sysadmin": factories.SysadminWithToken(password=PASSWORD)}
