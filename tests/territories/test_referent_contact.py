"""The referent's contact (territory members and sysadmins only) never reaches
anyone else, whichever CKAN action shows the organization: the value itself is
looked for in the whole JSON answer, on CKAN 2.11 (extras tables) and 2.12
(extras in a JSONB column)."""
import json

import pytest
from ckan.tests import factories, helpers

CONTACT = "martin.referente@firminy.fr"
READS = [
    ("organization_show", {"id": "firminy"}),
    ("organization_show", {"id": "firminy", "include_extras": True, "include_datasets": True}),
    ("organization_list", {"all_fields": True}),
    ("organization_list", {"all_fields": True, "include_extras": True}),
    ("group_list", {"all_fields": True, "include_extras": True, "type": "organization"}),
    ("package_show", {"id": "budget-firminy"}),
    ("package_search", {"q": "*:*"}),
    ("package_search", {"fq": "organization:firminy", "include_private": True}),
    ("current_package_list_with_resources", {}),
    ("organization_list_for_user", {"include_dataset_count": True}),
]


@pytest.fixture
def territory(with_plugins, territories_db, clean_index):
    territory = factories.Organization(
        name="firminy", kind="commune", siren="214202186", insee_code="42218",
        referent_name="Mme Martin", referent_role="DGS", referent_contact=CONTACT)
    member, outsider = factories.UserWithToken(), factories.UserWithToken()
    helpers.call_action("organization_member_create", id=territory["id"],
                        username=member["name"], role="member")
    factories.Dataset(name="budget-firminy", owner_org=territory["id"])
    return {"member": member, "outsider": outsider, "sysadmin": factories.SysadminWithToken()}


def api(app, action, params, user=None):
    headers = {"Authorization": user["token"]} if user else {}
    response = app.post(f"/api/action/{action}", json=params, headers=headers)
    assert response.status_code == 200, response.body
    return json.dumps(response.json["result"], ensure_ascii=False)


@pytest.mark.parametrize("action,params", READS)
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_contact_is_hidden_from_anonymous_and_non_members(app, territory, action, params, who):
    assert CONTACT not in api(app, action, params, territory.get(who))


def test_members_and_sysadmins_still_see_it(app, territory):
    for who in ("member", "sysadmin"):
        assert CONTACT in api(app, "organization_show", {"id": "firminy"}, territory[who])


@pytest.mark.parametrize("page", ["/organization/firminy", "/organization/about/firminy",
                                  "/dataset/budget-firminy", "/territoires/firminy",
                                  "/territoires/export.json", "/territoires/export.csv"])
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_contact_is_hidden_from_the_pages(app, territory, page, who):
    user = territory.get(who)
    response = app.get(page, headers={"Authorization": user["token"]} if user else {})
    assert response.status_code == 200
    assert CONTACT not in response.body


def test_members_see_it_on_the_about_page(app, territory):
    page = app.get("/organization/about/firminy",
                   headers={"Authorization": territory["member"]["token"]})
    assert CONTACT in page.body
