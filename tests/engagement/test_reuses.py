"""Reuses through CKAN (issue 15, point 3): proposed by anyone, published by the
territory's admins, on the territory's public page and on each dataset used;
public datasets only, a link checked as text (never fetched) and unique once
normalised; user text escaped; every form CSRF-protected."""
import pytest
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.model import Reuse, ReuseDataset

from .conftest import ROLES, headers
from .test_anonymous_requests import clean_limits  # noqa: F401
from .test_pages import REFUSED, browser, token_of

MAY_MODERATE = {"admin", "sysadmin"}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def propose(app, user=None, status=200, **values):
    body = dict({"territory_id": "firminy", "title": "Carte des budgets",
                 "description": "Une carte interactive du budget communal.",
                 "url": "https://carte.example.org/budget", "reuse_type": "visualization",
                 "topic": "politics_and_public_life", "author": "Collectif Données Loire",
                 "datasets": ["budget-2025"]}, **values)
    return app.post("/api/action/odl_reuse_create", headers=headers(user), json=body,
                    status=status, environ_base={"REMOTE_ADDR": "192.0.2.20"}).json


def publish(territory, reuse_id):
    helpers.call_action("odl_reuse_update", context={"user": territory["users"]["admin"]["name"]},
                        id=reuse_id, state="publiee")


def count(table):
    from ckan import model
    return model.Session.query(table).count()


def test_anonymous_proposal_waits_then_shows_on_public_and_dataset_pages(app, territory,
                                                                         clean_limits):
    created = propose(app)["result"]
    assert created["state"] == "proposee" and created["reuse_type_label"] == "Visualisation"
    assert "Carte des budgets" not in app.get("/territoires/firminy/public").body
    assert app.get(f"/api/action/odl_reuse_show?id={created['id']}", status=403)
    publish(territory, created["id"])
    public = app.get("/territoires/firminy/public").body
    assert "Carte des budgets" in public and 'href="https://carte.example.org/budget"' in public
    assert "Carte des budgets" in app.get("/dataset/budget-2025").body
    shown = app.get("/api/action/odl_territory_public_show?id=firminy").json["result"]
    assert shown["figures"]["reuses"] == 1


@pytest.mark.parametrize("values,field,words", [
    ({"url": "javascript:alert(1)"}, "url", "https://"),
    ({"url": "ftp://example.org/x"}, "url", "https://"),
    ({"reuse_type": "film"}, "reuse_type", "type de réutilisation"),
    ({"topic": "astrologie"}, "topic", "thème"),
    ({"datasets": []}, "datasets", "Valeur manquante"),
    ({"datasets": ["brouillon"]}, "datasets", "pas publics : brouillon"),
    ({"datasets": ["nulle-part"]}, "datasets", "pas publics : nulle-part"),
    ({"image_url": "http://img.example.org/a.png"}, "image_url", "https://"),
    ({"site_web": "http://spam.example"}, "site_web", "doit rester vide"),
])
def test_bad_proposals_refused_in_french_nothing_stored(app, territory, clean_limits,
                                                        values, field, words):
    error = propose(app, territory["users"]["inhabitant"], status=409, **values)["error"]
    assert words in " ".join(error[field])
    assert count(Reuse) == 0 and count(ReuseDataset) == 0


def test_private_dataset_error_says_the_same_as_a_missing_one(app, territory, clean_limits):
    private = propose(app, status=409, datasets=["brouillon"])["error"]["datasets"][0]
    missing = propose(app, status=409, datasets=["xyz"])["error"]["datasets"][0]
    assert private.replace("brouillon", "N") == missing.replace("xyz", "N")


def test_a_dataset_of_the_territory_is_needed(app, territory, clean_limits):
    from ckan.tests import factories
    factories.Dataset(owner_org=territory["other"]["id"], name="roanne-budget")
    error = propose(app, status=409, datasets=["roanne-budget"])["error"]
    assert "publié par Commune de Firminy" in " ".join(error["datasets"])


def test_same_link_twice_after_normalisation_is_refused(app, territory, clean_limits):
    propose(app)
    again = propose(app, status=409, url="HTTP://www.carte.example.org/budget/?utm_source=x#a")
    assert "déjà été proposée" in " ".join(again["error"]["url"])
    assert count(Reuse) == 1


def test_dataset_made_private_disappears_from_the_reuse(app, territory, clean_limits):
    created = propose(app, datasets=["budget-2025", "brouillon"], status=409)
    created = propose(app)["result"]
    publish(territory, created["id"])
    helpers.call_action("package_patch", id="budget-2025", private=True)
    shown = app.get(f"/api/action/odl_reuse_show?id={created['id']}").json["result"]
    assert shown["datasets"] == []
    assert "Budget primitif 2025" not in app.get("/territoires/firminy/reutilisations").body


@pytest.mark.parametrize("role", ROLES)
def test_moderation_matrix(app, territory, clean_limits, role):
    created = propose(app, territory["users"]["inhabitant"])["result"]
    user = territory["users"][role]
    queue = app.get("/api/action/odl_reuse_list?territory_id=firminy&state=proposee",
                    headers=headers(user), status=200 if role in {"editor", "admin", "sysadmin"}
                    else 403).json
    assert queue["success"] is (role in {"editor", "admin", "sysadmin"})
    moderated = app.post("/api/action/odl_reuse_update", headers=headers(user),
                         json={"id": created["id"], "state": "publiee"},
                         status=200 if role in MAY_MODERATE else 403).json
    assert moderated["success"] is (role in MAY_MODERATE)
    deleted = app.post("/api/action/odl_reuse_delete", headers=headers(user),
                       json={"id": created["id"]},
                       status=200 if role in MAY_MODERATE else 403).json
    assert deleted["success"] is (role in MAY_MODERATE)
    assert count(Reuse) == (0 if role in MAY_MODERATE else 1)


def test_refusal_needs_a_reason_shown_publicly(app, territory, clean_limits):
    created = propose(app)["result"]
    no_reason = app.post("/api/action/odl_reuse_update",
                         headers=headers(territory["users"]["admin"]),
                         json={"id": created["id"], "state": "refusee"}, status=409).json
    assert "raison du refus" in " ".join(no_reason["error"]["reason"])


def test_user_text_escaped_everywhere(app, territory, clean_limits):
    created = propose(app, title="Carte " + XSS, description=XSS, author=XSS,
                      url="https://carte.example.org/?q=\"><script>alert(1)</script>")["result"]
    publish(territory, created["id"])
    for url in ("/territoires/firminy/public", "/territoires/firminy/reutilisations",
                "/dataset/budget-2025"):
        body = app.get(url, headers=headers(territory["users"]["admin"])).body
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;alert" in body, url


def test_forms_need_the_token(app, territory, clean_limits):
    client = app.test_client()
    client.get("/territoires/firminy/reutilisations")  # a session, as a browser has
    form = {"title": "Application des horaires", "description": "Les horaires en poche.",
            "url": "https://app.example.org", "reuse_type": "application",
            "topic": "transport_and_mobility", "datasets": "budget-2025", "author": "",
            "site_web": ""}
    refused = client.post("/territoires/firminy/reutilisations", environ_base={"REMOTE_ADDR": "192.0.2.31"}, data=form,
                          follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body and count(Reuse) == 0
    page = client.get("/territoires/firminy/reutilisations")
    bad = client.post("/territoires/firminy/reutilisations", environ_base={"REMOTE_ADDR": "192.0.2.31"}, follow_redirects=False,
                      data=dict(form, url="javascript:alert(1)", _csrf_token=token_of(page)))
    assert bad.status_code == 400 and "Le lien doit commencer par https://" in bad.body
    assert count(Reuse) == 0
    sent = client.post("/territoires/firminy/reutilisations", environ_base={"REMOTE_ADDR": "192.0.2.31"}, follow_redirects=False,
                       data=dict(form, _csrf_token=token_of(page)))
    assert sent.status_code == 302 and count(Reuse) == 1
    reuse_id = helpers.call_action("odl_reuse_list", context={"ignore_auth": True,
                                                              "user": territory["users"]["sysadmin"]["name"]},
                                   territory_id="firminy", state="proposee")["results"][0]["id"]
    admin = browser(app, territory["users"]["admin"])
    route = f"/reutilisations/{reuse_id}/etat"
    assert admin.post(route, data={"state": "publiee"}, follow_redirects=False).status_code == 400
    listing = admin.get("/territoires/firminy/reutilisations")
    assert "Application des horaires" in listing.body
    assert admin.post(route, follow_redirects=False, data={
        "state": "publiee", "_csrf_token": token_of(listing)}).status_code == 302
    assert helpers.call_action("odl_reuse_show", id=reuse_id)["state"] == "publiee"
    member = browser(app, territory["users"]["member"])
    page = member.get("/territoires/firminy/reutilisations")
    assert member.post(f"/reutilisations/{reuse_id}/suppression", follow_redirects=False,
                       data={"_csrf_token": token_of(page)}).status_code == 403
    assert count(Reuse) == 1


@pytest.mark.ckan_config("ckanext.opendatalocale.engagement.anonymous_limit", "2")
def test_anonymous_proposals_are_rate_limited_per_address(app, territory, clean_limits):
    # Issue 15, point 10: the rate limit holds for reuses too, per address, with its
    # own counter (a proposal does not spend an allowance of data requests).
    for number in range(2):
        propose(app, url=f"https://carte.example.org/{number}")
    over = propose(app, status=409, url="https://carte.example.org/de-trop")["error"]
    assert "Trop d'envois sans compte" in " ".join(over["limite"])
    assert count(Reuse) == 2
    assert app.post("/api/action/odl_data_request_create", json={
        "territory_id": "firminy", "title": "Horaires", "requester_kind": "habitant"},
        environ_base={"REMOTE_ADDR": "192.0.2.20"}).json["success"]
    signed_in = propose(app, territory["users"]["inhabitant"],
                        url="https://carte.example.org/avec-compte")
    assert signed_in["success"] and count(Reuse) == 3
    keys = [key.decode() for key in clean_limits.scan_iter("*odl:engagement:limit:reuse:*")]
    assert len(keys) == 1 and "192.0.2.20" not in keys[0]
