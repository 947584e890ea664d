"""The territory's public page and the data-request pages through the web app:
private datasets never shown, Open Graph tags, the phase in plain words, this week's
canteen menu through the menus plugin's action, and every form refused without its
CSRF token (a real check: the same POST with the token from the page goes through)."""
import datetime
import re

import pytest
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.model import DataRequest, DataRequestVote
from ckanext.opendatalocale.menus import sample, store
from tests.scdl_site.conftest import run_jobs  # noqa: F401  (RQ worker on the real Redis)

from .conftest import PASSWORD, ROLES, headers

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
REFUSED = "Le formulaire a expiré ou ne vient pas de ce site"

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)


def browser(app, user):
    client = app.test_client()
    login_page = client.get("/user/login")
    client.post("/user/login", data={"login": user["name"], "password": PASSWORD,
                                     "_csrf_token": token_of(login_page)})
    return client


def token_of(page) -> str:
    found = TOKEN.search(page.body)
    assert found, "no CSRF token in the page"
    return found.group(1)


def count(table):
    from ckan import model
    return model.Session.query(table).count()


@pytest.mark.parametrize("role", ROLES)
def test_public_page_for_everyone_without_private_datasets(app, territory, role):
    page = app.get("/territoires/firminy/public", headers=headers(territory["users"][role]))
    assert page.status_code == 200
    body = page.body
    assert "Les données publiques de Commune de Firminy" in body
    assert "<strong>Firminy</strong>" in body  # the description's markdown, rendered
    assert "Budget primitif 2025" in body
    assert "Brouillon privé" not in body and "/dataset/brouillon" not in body
    assert '<meta property="og:title" content="Commune de Firminy · Données publiques">' in body
    assert '<meta property="og:url" content="http' in body and "/territoires/firminy/public" in body
    assert '<meta property="og:description"' in body
    assert 'name="viewport"' in body
    assert "Le programme d’ouverture des données compte" in body  # phase, in plain words


def test_public_page_figures_count_public_things_only(app, territory):
    shown = app.get("/api/action/odl_territory_public_show?id=firminy",
                    headers=headers(territory["users"]["admin"])).json["result"]
    assert shown["figures"]["public_datasets"] == 1
    assert [d["name"] for d in shown["latest_datasets"]] == ["budget-2025"]
    assert shown["phase"]["current"] >= 0 and shown["phase"]["count"] == 6
    assert shown["canteen_week"] is None
    missing = app.get("/territoires/nulle-part/public", status=404)
    assert "Territoire introuvable" in missing.body


def test_public_page_shows_this_weeks_canteen_menu(app, territory, create_with_upload):
    store.clear()
    canteen = helpers.call_action(
        "package_create", type="cantine", name="cantines-firminy", title="Menus des cantines",
        owner_org=territory["territory"]["id"], collectivite_nom="Commune de Firminy",
        collectivite_siret=sample.DEMO_SERVICE.collectivite_siret,
        restaurants=sample.restaurants_for_service(1),
        period_start="2025-09-01", period_end="2027-07-04", license_id="lo-2.0")
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    create_with_upload(sample.menu_csv(monday, days=7, restaurant_count=1), "menus.csv",
                       package_id=canteen["id"], schema="scdl/menus-collectifs@1.2.3")
    shown = app.get("/api/action/odl_territory_public_show?id=firminy").json["result"]
    week = shown["canteen_week"]
    assert week is not None and week["dish_count"] > 0 and week["monday"] == monday.isoformat()
    dish = week["days"][0]["meals"][0]["dishes"][0]["name"]
    body = app.get("/territoires/firminy/public").body
    assert "Au menu de la cantine cette semaine" in body
    assert dish.replace("'", "&#39;") in body
    # the week as inhabitants read it, not its ISO code (« 2026-W49 »)
    assert "semaine du " in body and week["week"] not in body


def test_public_page_lists_only_moderated_requests(app, territory):
    users = territory["users"]
    waiting = helpers.call_action("odl_data_request_create",
                                  context={"user": users["inhabitant"]["name"]},
                                  territory_id="firminy", title="Demande en attente",
                                  requester_kind="association")
    open_one = helpers.call_action("odl_data_request_create",
                                   context={"user": users["inhabitant"]["name"]},
                                   territory_id="firminy", title="Arbres d'alignement",
                                   requester_kind="agent_public")
    helpers.call_action("odl_data_request_update", context={"user": users["admin"]["name"]},
                        id=open_one["id"], state="acceptee")
    body = app.get("/territoires/firminy/public").body
    assert "Arbres d&#39;alignement" in body and "Demande en attente" not in body
    assert waiting["id"] not in body
    listing = app.get("/territoires/firminy/demandes").body
    assert "Arbres d&#39;alignement" in listing and "Demande en attente" not in listing
    assert "Connectez-vous pour suivre vos demandes" in listing
    assert "Moi aussi" in listing  # votes without an account too (rate-limited)
    assert 'name="email"' in listing and 'name="site_web"' in listing


def test_asking_through_the_form_needs_the_token(app, territory):
    client = browser(app, territory["users"]["inhabitant"])
    form = {"title": "Horaires des bibliothèques", "requester_kind": "habitant",
            "description": "", "purpose": ""}
    refused = client.post("/territoires/firminy/demandes", data=form, follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body
    forged = client.post("/territoires/firminy/demandes", follow_redirects=False,
                         data=dict(form, _csrf_token="forged"))
    assert forged.status_code == 400 and count(DataRequest) == 0
    page = client.get("/territoires/firminy/demandes")
    bad = client.post("/territoires/firminy/demandes", follow_redirects=False,
                      data=dict(form, requester_kind="", _csrf_token=token_of(page)))
    assert bad.status_code == 400 and "Dites qui vous êtes" in bad.body
    assert 'value="Horaires des bibliothèques"' in bad.body  # what was typed is kept
    assert count(DataRequest) == 0
    accepted = client.post("/territoires/firminy/demandes", follow_redirects=False,
                           data=dict(form, _csrf_token=token_of(page)))
    assert accepted.status_code == 302 and count(DataRequest) == 1


def test_vote_answer_and_delete_forms_need_the_token(app, territory):
    users = territory["users"]
    request = helpers.call_action("odl_data_request_create",
                                  context={"user": users["inhabitant"]["name"]},
                                  territory_id="firminy", title="Parkings vélo",
                                  requester_kind="habitant")
    admin = browser(app, users["admin"])
    route = f"/demandes-de-donnees/{request['id']}"
    assert admin.post(f"{route}/etat", data={"state": "acceptee"},
                      follow_redirects=False).status_code == 400
    assert helpers.call_action("odl_data_request_show", id=request["id"])["state"] == "nouvelle"
    page = admin.get("/territoires/firminy/demandes")
    assert admin.post(f"{route}/etat", follow_redirects=False, data={
        "state": "acceptee", "_csrf_token": token_of(page)}).status_code == 302
    assert helpers.call_action("odl_data_request_show", id=request["id"])["state"] == "acceptee"

    voter = browser(app, users["member"])
    assert voter.post(f"{route}/soutien", follow_redirects=False).status_code == 400
    assert count(DataRequestVote) == 0
    page = voter.get("/territoires/firminy/demandes")
    assert "Moi aussi" in page.body
    assert voter.post(f"{route}/soutien", follow_redirects=False,
                      data={"_csrf_token": token_of(page)}).status_code == 302
    assert count(DataRequestVote) == 1
    assert "Retirer mon soutien" in voter.get("/territoires/firminy/demandes").body

    assert admin.post(f"{route}/suppression", follow_redirects=False).status_code == 400
    assert count(DataRequest) == 1
    page = admin.get("/territoires/firminy/demandes")
    assert admin.post(f"{route}/suppression", follow_redirects=False,
                      data={"_csrf_token": token_of(page)}).status_code == 302
    assert count(DataRequest) == 0


def test_a_member_cannot_answer_through_the_form(app, territory):
    users = territory["users"]
    request = helpers.call_action("odl_data_request_create",
                                  context={"user": users["inhabitant"]["name"]},
                                  territory_id="firminy", title="Parkings vélo",
                                  requester_kind="habitant")
    member = browser(app, users["member"])
    page = member.get("/territoires/firminy/demandes")
    refused = member.post(f"/demandes-de-donnees/{request['id']}/etat", follow_redirects=False,
                          data={"state": "acceptee", "_csrf_token": token_of(page)})
    assert refused.status_code == 403
    assert helpers.call_action("odl_data_request_show", id=request["id"])["state"] == "nouvelle"
