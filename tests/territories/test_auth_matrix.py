"""Who sees and does what, through the web app and the API: anonymous, member,
editor and admin of the territory, admin of another territory, sysadmin."""
import pytest
from ckan.tests import factories, helpers

ROLES = ["anonymous", "member", "editor", "admin", "other_admin", "sysadmin"]
INSIDERS = {"member", "editor", "admin", "sysadmin"}
MAY_DECLARE = {"admin", "sysadmin"}
MAY_REVIEW = {"sysadmin"}


@pytest.fixture
def territory_and_users(with_plugins, territories_db, clean_index):
    territory = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    other = factories.Organization(kind="commune", name="roanne")
    users = {"anonymous": None, "sysadmin": factories.SysadminWithToken()}
    for role in ("member", "editor", "admin"):
        users[role] = factories.UserWithToken()
        helpers.call_action("organization_member_create", id=territory["id"],
                            username=users[role]["name"], role=role)
    users["other_admin"] = factories.UserWithToken()
    helpers.call_action("organization_member_create", id=other["id"],
                        username=users["other_admin"]["name"], role="admin")
    factories.Dataset(owner_org=territory["id"], title="Budget public")
    factories.Dataset(owner_org=territory["id"], private=True, title="Brouillon privé")
    return territory, users


def headers(user):
    return {"Authorization": user["token"]} if user else {}


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_page_and_private_count(app, territory_and_users, role):
    territory, users = territory_and_users
    page = app.get("/territoires/firminy", headers=headers(users[role]))
    assert page.status_code == 200
    assert "Brouillon privé" not in page.body
    assert ("privé (visible par les membres)" in page.body) is (role in INSIDERS)
    assert ('action="/territoires/firminy/jalons"' in page.body) is (role in MAY_DECLARE)


@pytest.mark.parametrize("role", ROLES)
def test_api_progress_show_counts_private_datasets_for_insiders_only(app, territory_and_users, role):
    _, users = territory_and_users
    response = app.get("/api/action/odl_territory_progress_show?id=firminy",
                       headers=headers(users[role]))
    result = response.json["result"]
    assert result["public_dataset_count"] == 1
    assert ("private_dataset_count" in result) is (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_overview_and_exports_show_public_figures_to_everyone(app, territory_and_users, role):
    _, users = territory_and_users
    listing = app.get("/api/action/odl_territory_progress_list",
                      headers=headers(users[role])).json["result"]
    assert {r["name"]: r["public_datasets"] for r in listing["results"]}["firminy"] == 1
    assert "Brouillon" not in app.get("/territoires/export.csv", headers=headers(users[role])).body


@pytest.mark.parametrize("role", ROLES)
def test_api_milestone_declaration(app, territory_and_users, role):
    _, users = territory_and_users
    response = app.post("/api/action/odl_milestone_update", headers=headers(users[role]),
                        json={"id": "firminy", "milestone": "referent_named"},
                        status=200 if role in MAY_DECLARE else 403)
    assert response.json["success"] is (role in MAY_DECLARE)


@pytest.mark.parametrize("role", ROLES)
def test_api_milestone_review(app, territory_and_users, role):
    _, users = territory_and_users
    helpers.call_action("odl_milestone_update", id="firminy", milestone="referent_named")
    response = app.post("/api/action/odl_milestone_review", headers=headers(users[role]),
                        json={"id": "firminy", "milestone": "referent_named", "status": "confirmed"},
                        status=200 if role in MAY_REVIEW else 403)
    assert response.json["success"] is (role in MAY_REVIEW)


@pytest.mark.parametrize("role", ROLES)
def test_web_milestone_form_posts(app, territory_and_users, role):
    _, users = territory_and_users
    # API tokens authenticate the POST; CSRF protection applies to cookie sessions.
    response = app.post("/territoires/firminy/jalons", headers=headers(users[role]),
                        data={"milestone": "council_decision", "achieved_on": "2024-11-12"},
                        follow_redirects=False)
    if role in MAY_DECLARE:
        assert response.status_code == 302
        standing = helpers.call_action("odl_territory_progress_show", id="firminy")
        declared = {m["id"]: m["declaration"] for m in standing["milestones"]}
        assert declared["council_decision"]["achieved_on"] == "2024-11-12"
    else:
        # no token, no session: the CSRF guard refuses before the permission check
        assert response.status_code == (400 if role == "anonymous" else 403)
        standing = helpers.call_action("odl_territory_progress_show", id="firminy")
        declared = {m["id"]: m["declaration"] for m in standing["milestones"]}
        assert not declared.get("council_decision")


def test_web_form_carries_a_csrf_token(app, territory_and_users):
    _, users = territory_and_users
    page = app.get("/territoires/firminy", headers=headers(users["sysadmin"]))
    assert page.body.count('name="_csrf_token"') >= 1
