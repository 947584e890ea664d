"""Data requests without an account (issue 15, point 2): a honeypot and a per-address
rate limit kept in Redis instead of a captcha, French refusals, and the requester's
optional e-mail seen by the territory's admins only, erased on request and by the
job some days after the request closes (RGPD)."""
import datetime

import pytest
from ckan.tests import helpers

from ckanext.opendatalocale.engagement import throttle
from ckanext.opendatalocale.engagement.model import DataRequest

from .conftest import ROLES, headers
from tests.scdl_site.conftest import run_jobs  # noqa: F401  (RQ worker on the real Redis)

from .test_pages import REFUSED, token_of

EMAIL = "lecteur.anonyme@example.org"
MAY_MODERATE = {"admin", "sysadmin"}

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)


@pytest.fixture
def clean_limits(territory):
    """The rate-limit counters of this site, gone before and after each test."""
    from ckan.lib.redis import connect_to_redis
    import ckan.plugins.toolkit as tk

    redis = connect_to_redis()
    pattern = f"{tk.config.get('ckan.site_id')}:odl:engagement:limit:*"

    def clear():
        for key in redis.scan_iter(pattern):
            redis.delete(key)
    clear()
    yield redis
    clear()


def anonymous_ask(app, address="192.0.2.10", status=200, **values):
    body = dict({"territory_id": "firminy", "title": "Horaires des déchetteries",
                 "requester_kind": "habitant"}, **values)
    return app.post("/api/action/odl_data_request_create", json=body, status=status,
                    environ_base={"REMOTE_ADDR": address})


def stored():
    from ckan import model
    return model.Session.query(DataRequest).all()


def test_honeypot_filled_is_refused_in_french_and_nothing_stored(app, territory, clean_limits):
    refused = anonymous_ask(app, status=409, site_web="http://spam.example").json["error"]
    assert "doit rester vide" in " ".join(refused["site_web"])
    assert stored() == []


@pytest.mark.ckan_config("ckanext.opendatalocale.engagement.anonymous_limit", "3")
def test_rate_limit_per_address_in_redis_without_storing_the_address(app, territory,
                                                                      clean_limits):
    for number in range(3):
        anonymous_ask(app, title=f"Demande anonyme {number}")
    over = anonymous_ask(app, status=409, title="Demande de trop").json["error"]
    assert "Trop d'envois sans compte" in " ".join(over["limite"])
    assert len(stored()) == 3
    # another address has its own allowance; a signed-in user none at all
    anonymous_ask(app, address="198.51.100.7", title="Autre connexion")
    app.post("/api/action/odl_data_request_create",
             headers=headers(territory["users"]["inhabitant"]),
             environ_base={"REMOTE_ADDR": "192.0.2.10"},
             json={"territory_id": "firminy", "title": "Avec un compte",
                   "requester_kind": "habitant"})
    assert len(stored()) == 5
    keys = [key.decode() for key in clean_limits.scan_iter("*odl:engagement:limit:*")]
    assert len(keys) == 2 and all("192.0.2.10" not in key for key in keys)
    assert all(0 < clean_limits.ttl(key) <= 3600 for key in keys)
    from ckan import model
    from sqlalchemy import text
    columns = " ".join(str(value) for row in model.Session.execute(
        text("SELECT * FROM odl_engagement_data_request")) for value in row)
    assert "192.0.2.10" not in columns and "198.51.100.7" not in columns


@pytest.mark.parametrize("email", ["pas-une-adresse", '"><script>alert(1)</script>@x.fr',
                                   "a@b"])
def test_bad_email_is_refused_in_french(app, territory, clean_limits, email):
    refused = anonymous_ask(app, status=409, email=email).json["error"]
    assert "adresse électronique n'est pas valide" in " ".join(refused["email"])
    assert stored() == []


def test_signed_in_requesters_email_field_is_ignored(app, territory, clean_limits):
    app.post("/api/action/odl_data_request_create",
             headers=headers(territory["users"]["inhabitant"]),
             json={"territory_id": "firminy", "title": "Horaires des piscines",
                   "requester_kind": "habitant", "email": "copie@example.org"})
    assert [r.requester_email for r in stored()] == [None]


@pytest.mark.parametrize("role", ROLES)
def test_anonymous_email_seen_by_the_territorys_admins_only(app, territory, clean_limits, role):
    users = territory["users"]
    created = anonymous_ask(app, email=EMAIL).json["result"]
    helpers.call_action("odl_data_request_update", context={"user": users["admin"]["name"]},
                        id=created["id"], state="acceptee")
    user = users[role]
    api = app.get("/api/action/odl_data_request_list?territory_id=firminy",
                  headers=headers(user)).body
    shown = app.get(f"/api/action/odl_data_request_show?id={created['id']}",
                    headers=headers(user)).body
    page = app.get("/territoires/firminy/demandes", headers=headers(user)).body
    public = app.get("/territoires/firminy/public", headers=headers(user)).body
    assert EMAIL not in public
    for body in (api, shown, page):
        assert (EMAIL in body) is (role in MAY_MODERATE), role


@pytest.mark.parametrize("role", ROLES)
def test_erasure_on_request_by_the_territorys_admins(app, territory, clean_limits, role):
    created = anonymous_ask(app, email=EMAIL).json["result"]
    user = territory["users"][role]
    response = app.post("/api/action/odl_data_request_email_erase", headers=headers(user),
                        json={"id": created["id"]},
                        status=200 if role in MAY_MODERATE else 403).json
    assert response["success"] is (role in MAY_MODERATE)
    assert stored()[0].requester_email == (None if role in MAY_MODERATE else EMAIL)


def test_erasure_job_after_the_retention_days(app, territory, clean_limits, run_jobs):
    from ckan import model
    from ckanext.opendatalocale.engagement import jobs

    admin = {"user": territory["users"]["admin"]["name"]}
    old_closed, recent_closed, old_open = (
        anonymous_ask(app, email=f"n{n}@example.org", title=f"Demande numéro {n}")
        .json["result"]["id"] for n in range(3))
    for request_id in (old_closed, recent_closed):
        helpers.call_action("odl_data_request_update", context=dict(admin), id=request_id,
                            state="refusee", reason="Hors compétence.")
    helpers.call_action("odl_data_request_update", context=dict(admin), id=old_open,
                        state="acceptee")
    long_ago = datetime.datetime.utcnow() - datetime.timedelta(days=31)
    for request_id in (old_closed, old_open):
        model.Session.get(DataRequest, request_id).state_changed = long_ago
    model.Session.commit()
    denied = app.post("/api/action/odl_data_request_emails_expire",
                      headers=headers(territory["users"]["admin"]), json={}, status=403).json
    assert "administrateurs de la plateforme" in denied["error"]["message"]
    jobs.enqueue_erase_expired_emails()
    run_jobs()
    model.Session.expire_all()
    emails = {r.id: r.requester_email for r in stored()}
    assert emails == {old_closed: None, recent_closed: "n1@example.org",
                      old_open: "n2@example.org"}


def test_anonymous_form_with_token_honeypot_and_erase_button(app, territory, clean_limits):
    client = app.test_client()
    page = client.get("/territoires/firminy/demandes")
    form = {"title": "Horaires des bibliothèques", "requester_kind": "habitant",
            "email": EMAIL, "site_web": ""}
    refused = client.post("/territoires/firminy/demandes", environ_base={"REMOTE_ADDR": "192.0.2.30"}, data=form, follow_redirects=False)
    # CKAN marks every request without a session as "logged in by API token", which
    # exempted anonymous forms from the suite's CSRF guard: the guard checks them now.
    assert refused.status_code == 400 and REFUSED in refused.body and stored() == []
    robot = client.post("/territoires/firminy/demandes", environ_base={"REMOTE_ADDR": "192.0.2.30"}, follow_redirects=False,
                        data=dict(form, site_web="http://spam.example",
                                  _csrf_token=token_of(page)))
    assert robot.status_code == 400 and "doit rester vide" in robot.body and stored() == []
    sent = client.post("/territoires/firminy/demandes", environ_base={"REMOTE_ADDR": "192.0.2.30"}, follow_redirects=False,
                       data=dict(form, _csrf_token=token_of(page)))
    assert sent.status_code == 302 and stored()[0].requester_email == EMAIL

    from .test_pages import browser
    admin = browser(app, territory["users"]["admin"])
    listing = admin.get("/territoires/firminy/demandes")
    assert EMAIL in listing.body and "Effacer l’adresse du demandeur" in listing.body
    route = f"/demandes-de-donnees/{stored()[0].id}/adresse"
    assert admin.post(route, follow_redirects=False).status_code == 400
    assert stored()[0].requester_email == EMAIL
    assert admin.post(route, follow_redirects=False,
                      data={"_csrf_token": token_of(listing)}).status_code == 302
    from ckan import model
    model.Session.expire_all()
    assert stored()[0].requester_email is None


def test_address_key_is_a_keyed_hash():
    key = throttle.address_key("site", "data_request", "192.0.2.10", "secret")
    assert "192.0.2.10" not in key and key.startswith("site:odl:engagement:limit:")
    assert key != throttle.address_key("site", "data_request", "192.0.2.10", "other")


def _accepted(territory, title="Horaires des piscines"):
    users = territory["users"]
    created = helpers.call_action("odl_data_request_create",
                                  context={"user": users["inhabitant"]["name"]},
                                  territory_id="firminy", title=title,
                                  requester_kind="habitant")
    helpers.call_action("odl_data_request_update", context={"user": users["admin"]["name"]},
                        id=created["id"], state="acceptee")
    return created


def anonymous_vote(app, request_id, address="192.0.2.60", status=200, **values):
    return app.post("/api/action/odl_data_request_vote", status=status,
                    environ_base={"REMOTE_ADDR": address},
                    json=dict({"id": request_id}, **values)).json


def votes_of(request_id):
    from ckan import model
    from ckanext.opendatalocale.engagement.model import DataRequestVote
    model.Session.expire_all()
    return model.Session.query(DataRequestVote).filter_by(data_request_id=request_id).all()


@pytest.mark.ckan_config("ckanext.opendatalocale.engagement.anonymous_vote_limit", "3")
def test_anonymous_votes_one_per_address_rate_limited_honeypot(app, territory, clean_limits):
    # Issue 15, point 2: "one per person; anonymous votes rate-limited".
    first = _accepted(territory)
    shown = anonymous_vote(app, first["id"])["result"]
    assert shown["vote_count"] == 1
    again = anonymous_vote(app, first["id"], status=409)["error"]
    assert "déjà" in " ".join(again["id"])
    assert [vote.user_id for vote in votes_of(first["id"])] == [None]
    # another address counts once more; a signed-in person votes beside it
    anonymous_vote(app, first["id"], address="198.51.100.9")
    app.post("/api/action/odl_data_request_vote", json={"id": first["id"]},
             headers=headers(territory["users"]["member"]),
             environ_base={"REMOTE_ADDR": "192.0.2.60"})
    assert helpers.call_action("odl_data_request_show", id=first["id"])["vote_count"] == 3

    robot = anonymous_vote(app, first["id"], address="203.0.113.5", status=409,
                           site_web="http://spam.example")["error"]
    assert "doit rester vide" in " ".join(robot["site_web"])
    assert len(votes_of(first["id"])) == 3

    # The window's allowance is per address: the 4th vote of 192.0.2.60 is refused
    # (its repeat above counted), whatever the request.
    others = [_accepted(territory, title=f"Demande {n}") for n in range(3)]
    anonymous_vote(app, others[0]["id"])
    over = anonymous_vote(app, others[1]["id"], status=409)["error"]
    assert "Trop d'envois sans compte" in " ".join(over["limite"])
    assert len(votes_of(others[1]["id"])) == 0
    # refused by the limit: the one-per-request memory was not spent
    counters = [key for key in clean_limits.scan_iter("*:limit:vote:*")
                if ":" not in key.decode().split(":limit:vote:")[1]]
    assert len(counters) == 2  # one per address; the per-request memories stay
    clean_limits.delete(*counters)
    anonymous_vote(app, others[1]["id"])

    # Waiting requests take no vote; nothing of an address is kept but keyed hashes.
    waiting = helpers.call_action("odl_data_request_create",
                                  context={"user": territory["users"]["inhabitant"]["name"]},
                                  territory_id="firminy", title="En attente",
                                  requester_kind="habitant")
    refused = anonymous_vote(app, waiting["id"], address="198.51.100.10", status=403)
    assert "modération" in refused["error"]["message"]
    keys = [key.decode() for key in clean_limits.scan_iter("*odl:engagement:limit:*")]
    assert keys and not any(a in key for key in keys
                            for a in ("192.0.2.60", "198.51.100.9", "198.51.100.10"))
    from ckan import model
    from sqlalchemy import text
    columns = " ".join(str(value) for row in model.Session.execute(
        text("SELECT * FROM odl_engagement_data_request_vote")) for value in row)
    assert "192.0.2.60" not in columns and "198.51.100.9" not in columns


def test_anonymous_vote_through_the_form_needs_the_token(app, territory, clean_limits):
    request = _accepted(territory)
    client = app.test_client()
    page = client.get("/territoires/firminy/demandes")
    assert "Moi aussi" in page.body and f'id="soutien-site-{request["id"]}"' in page.body
    route = f"/demandes-de-donnees/{request['id']}/soutien"
    address = {"REMOTE_ADDR": "192.0.2.70"}
    refused = client.post(route, environ_base=address, follow_redirects=False,
                          data={"site_web": ""})
    assert refused.status_code == 400 and REFUSED in refused.body
    assert votes_of(request["id"]) == []
    robot = client.post(route, environ_base=address, follow_redirects=True,
                        data={"site_web": "http://spam.example",
                              "_csrf_token": token_of(page)})
    assert "doit rester vide" in robot.body and votes_of(request["id"]) == []
    sent = client.post(route, environ_base=address, follow_redirects=True,
                       data={"site_web": "", "_csrf_token": token_of(page)})
    assert "votre soutien est compté" in sent.body and len(votes_of(request["id"])) == 1
    twice = client.post(route, environ_base=address, follow_redirects=True,
                        data={"site_web": "", "_csrf_token": token_of(page)})
    assert "Vous soutenez déjà cette demande" in twice.body
    assert len(votes_of(request["id"])) == 1


def test_a_userless_vote_withdrawal_leaves_the_anonymous_votes(app, territory, clean_limits):
    # A call that skips auth has no user: its withdrawal must not read as "the votes
    # with no user", which would be every anonymous vote of the request.
    request = _accepted(territory)
    anonymous_vote(app, request["id"])
    anonymous_vote(app, request["id"], address="198.51.100.9")
    helpers.call_action("odl_data_request_vote_delete", context={"user": ""},
                        id=request["id"])
    assert len(votes_of(request["id"])) == 2
    assert helpers.call_action("odl_data_request_show", id=request["id"])["vote_count"] == 2
