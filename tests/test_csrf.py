"""CSRF on every suite form, through CKAN: a browser session (cookie) that POSTs
without the form's token is refused and nothing is stored; with the token taken
from the form page the POST goes through.

CKAN 2.11 exempts extension blueprints while ``ckan.csrf_protection.ignore_extensions``
is true (its default, set explicitly below), and CKAN 2.12 exempts a view for good
after one API-token request to it: both cases are exercised.
"""
import re

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale import csrf
from ckanext.opendatalocale.menus import sample, store
from ckanext.opendatalocale.territories.model import TerritoryMilestone

PASSWORD = "Mot-de-passe-de-test-2024"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
REFUSED = "Le formulaire a expiré ou ne vient pas de ce site"

# The suite's routes that take unsafe methods, each tested below: a new one must join them.
FORM_ROUTES = {
    ("odl_territories.milestone_update", "POST"),
    ("odl_territories.milestone_review", "POST"),
    ("odl_menus.entry", "POST"),
    # tested in tests/engagement/test_pages.py
    ("odl_engagement.request_create", "POST"),
    ("odl_engagement.request_vote", "POST"),
    ("odl_engagement.request_update", "POST"),
    ("odl_engagement.request_delete", "POST"),
    # tested in tests/engagement/test_anonymous_requests.py and test_reuses.py
    ("odl_engagement.request_email_erase", "POST"),
    ("odl_engagement.reuse_create", "POST"),
    ("odl_engagement.reuse_update", "POST"),
    ("odl_engagement.reuse_delete", "POST"),
    # tested in tests/engagement/test_events.py
    ("odl_engagement.event_new", "POST"),
    ("odl_engagement.event_edit", "POST"),
    ("odl_engagement.event_delete", "POST"),
    # tested in tests/engagement/test_discussions.py
    ("odl_engagement.question_create", "POST"),
    ("odl_engagement.question_moderate", "POST"),
    ("odl_engagement.question_answer", "POST"),
    ("odl_engagement.question_close", "POST"),
    ("odl_engagement.question_delete", "POST"),
    # tested in tests/engagement/test_moderation.py
    ("odl_engagement.moderation_decide", "POST"),
    ("odl_engagement.moderation_setting", "POST"),
    ("odl_engagement.spam_report_create", "POST"),
    # tested in tests/dedup/test_pages.py
    ("odl_duplicates.decide", "POST"),
    ("odl_duplicates.scan", "POST"),
    # tested in tests/publishing/test_import.py
    ("odl_publishing.upload", "POST"),
    ("odl_publishing.apply", "POST"),
    # tested in tests/publishing/test_inventory.py
    ("odl_inventory.new", "POST"),
    ("odl_inventory.edit", "POST"),
    ("odl_inventory.delete", "POST"),
    # tested in tests/publishing/test_quality.py
    ("odl_quality.check", "POST"),
    # its forged-token refusal is tested in tests/scdl_site/test_repair_flow.py
    ("odl_validation.repair", "POST"),
}
MENU_FORM = {
    "restaurant": sample.DEMO_RESTAURANTS[0].name, "week": "2025-W38", "meal": "déjeuner",
    "dishes__0__date": "2025-09-15", "dishes__0__dish_type": "plat principal",
    "dishes__0__name": "omelette", "dishes__0__allergens_known": "oui",
    "dishes__0__allergens": ["oeufs"], "dishes__0__price": "1,20",
}

pytestmark = [
    pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True),
    pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_csrf"),
]


@pytest.fixture
def suite(with_plugins, odl_db, clean_index):
    store.clear()
    territory = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    admin = factories.UserWithToken(password=PASSWORD)
    editor = factories.UserWithToken(password=PASSWORD)
    for user, role in ((admin, "admin"), (editor, "editor")):
        helpers.call_action("organization_member_create", id=territory["id"],
                            username=user["name"], role=role)
    sysadmin = factories.SysadminWithToken(password=PASSWORD)
    canteen = helpers.call_action(
        "package_create", type="cantine", name="cantines-firminy", title="Menus des cantines",
        owner_org=territory["id"], collectivite_nom="Commune de Firminy",
        collectivite_siret=sample.DEMO_SERVICE.collectivite_siret,
        restaurants=sample.restaurants_for_service(1),
        period_start="2025-09-01", period_end="2026-07-04", license_id="lo-2.0")
    return {"territory": territory, "admin": admin, "editor": editor, "sysadmin": sysadmin,
            "canteen": canteen}


def browser(app, user):
    """A client logged in through CKAN's login form: a cookie session, as a browser has."""
    client = app.test_client()
    login_page = client.get("/user/login")
    client.post("/user/login", data={"login": user["name"], "password": PASSWORD,
                                     "_csrf_token": token_of(login_page)})
    assert user["name"] in client.get("/dashboard/datasets").body  # logged in
    return client


def token_of(page) -> str:
    found = TOKEN.search(page.body)
    assert found, "no CSRF token in the page"
    return found.group(1)


def milestones(territory_id):
    from ckan import model
    return {m.milestone: m.status for m in model.Session.query(TerritoryMilestone)
            .filter_by(territory_id=territory_id)}


def test_the_app_really_checks_csrf(app):
    # CKAN's test settings may switch the check off: these tests would then prove nothing.
    assert app.flask_app.config["WTF_CSRF_ENABLED"] is True


def test_every_suite_blueprint_is_guarded_and_every_form_route_is_tested(app):
    flask_app = app.flask_app
    suite_blueprints = {name for name in flask_app.blueprints if name.startswith("odl_")}
    assert {"odl_territories", "odl_menus", "odl_guide", "odl_schemas", "odl_validation"} <= suite_blueprints
    for name in suite_blueprints:
        assert csrf._protect_form in flask_app.before_request_funcs.get(name, []), name
    unsafe = {(rule.endpoint, method) for rule in flask_app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in suite_blueprints
              for method in rule.methods & csrf.UNSAFE_METHODS}
    assert unsafe == FORM_ROUTES


def test_milestone_declaration_needs_the_form_token(app, suite):
    client = browser(app, suite["admin"])
    form = {"milestone": "council_decision", "achieved_on": "2024-11-12", "note": "Délibération"}
    refused = client.post("/territoires/firminy/jalons", data=form, follow_redirects=False)
    assert refused.status_code == 400
    assert REFUSED in refused.body
    assert milestones(suite["territory"]["id"]) == {}

    wrong = client.post("/territoires/firminy/jalons", follow_redirects=False,
                        data=dict(form, _csrf_token="forged-token"))
    assert wrong.status_code == 400
    assert milestones(suite["territory"]["id"]) == {}

    page = client.get("/territoires/firminy")
    accepted = client.post("/territoires/firminy/jalons", follow_redirects=False,
                           data=dict(form, _csrf_token=token_of(page)))
    assert accepted.status_code == 302
    assert milestones(suite["territory"]["id"]) == {"council_decision": "declared"}


def test_milestone_review_needs_the_form_token(app, suite):
    helpers.call_action("odl_milestone_update", id="firminy", milestone="council_decision")
    client = browser(app, suite["sysadmin"])
    route = "/territoires/firminy/jalons/council_decision/revue"
    refused = client.post(route, data={"status": "confirmed"}, follow_redirects=False)
    assert refused.status_code == 400
    assert milestones(suite["territory"]["id"]) == {"council_decision": "declared"}

    page = client.get("/territoires/firminy")
    accepted = client.post(route, follow_redirects=False,
                           data={"status": "confirmed", "_csrf_token": token_of(page)})
    assert accepted.status_code == 302
    assert milestones(suite["territory"]["id"]) == {"council_decision": "confirmed"}


def test_menu_entry_form_needs_the_form_token(app, suite):
    client = browser(app, suite["editor"])
    route = "/cantine/cantines-firminy/menus/saisie"
    refused = client.post(route, data=MENU_FORM, follow_redirects=False)
    assert refused.status_code == 400
    assert REFUSED in refused.body
    assert helpers.call_action("package_show", id="cantines-firminy")["resources"] == []

    page = client.get(route)
    accepted = client.post(route, follow_redirects=False,
                           data=dict(MENU_FORM, _csrf_token=token_of(page)))
    assert accepted.status_code == 302
    assert len(helpers.call_action("package_show", id="cantines-firminy")["resources"]) == 1


def test_an_api_token_request_does_not_open_the_form_to_cookie_sessions(app, suite):
    # CKAN 2.12 exempts a view for good once an API token reached it.
    by_token = app.post("/territoires/firminy/jalons", follow_redirects=False,
                        headers={"Authorization": suite["admin"]["token"]},
                        data={"milestone": "referent_named"})
    assert by_token.status_code == 302
    client = browser(app, suite["admin"])
    refused = client.post("/territoires/firminy/jalons", follow_redirects=False,
                          data={"milestone": "council_decision"})
    assert refused.status_code == 400
    assert milestones(suite["territory"]["id"]) == {"referent_named": "declared"}
