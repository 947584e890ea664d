"""Fixtures of the hostile-input tests: one small site holding an object of every
kind a suite page or action takes (a territory, a canteen service with a year of
menus, an SCDL dataset whose resource has a validation report, a declared
milestone), the people who visit it, and helpers to read what they are shown."""
from __future__ import annotations

import html
import io
import json
from datetime import date

import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.menus import sample, store
from tests.menus.conftest import MENUS  # noqa: F401  (re-exported for the tests)
from tests.scdl_site.conftest import example_bytes, run_jobs  # noqa: F401  (RQ on the real Redis)

SUBVENTIONS = "scdl/subventions"
TERRITORY = "saint-chamond"
CANTEEN = "cantines-saint-chamond"
SCDL_DATASET = "subventions-saint-chamond"


def headers(user) -> dict:
    return {"Authorization": user["token"]} if user else {}


def text(response) -> str:
    """The page as a reader sees it: entities turned back into characters."""
    return html.unescape(response.body)


def api_upload(app, user, package_id: str, content: bytes, filename: str, **fields):
    """A file sent to resource_create the way a client does: a multipart upload."""
    data = {"package_id": package_id, "name": fields.pop("name", filename), **fields,
            "upload": (io.BytesIO(content), filename)}
    return app.post("/api/3/action/resource_create", data=data, headers=headers(user),
                    content_type="multipart/form-data", expect_errors=True)


def response_json(response) -> dict:
    try:
        return json.loads(response.body)
    except ValueError:
        return {}


@pytest.fixture
def hostile_site(app, with_plugins, odl_db, clean_index, clean_queues, run_jobs):  # noqa: F811
    """Everything a route or an action may point at, and three callers: nobody, a
    logged-in stranger to the territory, and the territory's admin."""
    store.clear()
    sysadmin = factories.SysadminWithToken()
    territory = factories.Organization(kind="commune", name=TERRITORY,
                                       title="Commune de Saint-Chamond")
    admin = factories.UserWithToken()
    outsider = factories.UserWithToken()
    helpers.call_action("organization_member_create", id=territory["id"],
                        username=admin["name"], role="admin")
    canteen = helpers.call_action(
        "package_create", type="cantine", name=CANTEEN, title="Menus des cantines",
        owner_org=territory["id"], collectivite_nom="Commune de Saint-Chamond",
        collectivite_siret=sample.DEMO_SERVICE.collectivite_siret,
        restaurants=sample.restaurants_for_service(2),
        period_start="2025-09-01", period_end="2026-07-04", license_id="lo-2.0")
    menus = api_upload(app, admin, canteen["id"], sample.menu_csv(date(2025, 9, 1), days=30),
                       "menus.csv", schema=MENUS)
    assert menus.status_code == 200, menus.body
    scdl = factories.Dataset(owner_org=territory["id"], name=SCDL_DATASET,
                             title="Subventions 2025")
    uploaded = api_upload(app, admin, scdl["id"], example_bytes("subventions"),
                          "subventions.csv", schema=SUBVENTIONS)
    assert uploaded.status_code == 200, uploaded.body
    helpers.call_action("odl_milestone_update", {"user": sysadmin["name"]}, id=TERRITORY,
                        milestone="referent_named", note="Nommée en conseil")
    run_jobs()
    return {
        "users": {"anonymous": None, "outsider": outsider, "admin": admin},
        "sysadmin": sysadmin,
        "territory": territory,
        "canteen": helpers.call_action("package_show", id=CANTEEN),
        "scdl": helpers.call_action("package_show", id=SCDL_DATASET),
        "scdl_resource": response_json(uploaded)["result"],
        "menus_resource": response_json(menus)["result"],
        "restaurants": [r["nom"] for r in canteen["restaurants"]],
        "restaurant_keys": [r["key"] for r in helpers.call_action(
            "odl_menu_search", id=CANTEEN, limit=0)["restaurants"]],
    }
