"""Moderation and abuse through CKAN (issue 15, point 7): one queue per territory
(its admins) and one for the platform (sysadmins), paged, with decisions through
actions; spam reports by anyone (honeypot, per-address limit, one per person and
item, no e-mail); the territory's choice to publish at once; user text escaped;
every form refused without its CSRF token; private datasets never shown."""
import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.engagement.model import DataRequest, Reuse, SpamReport

from .conftest import ROLES, headers
from .test_anonymous_requests import clean_limits  # noqa: F401
from .test_pages import REFUSED, browser, token_of

MODERATORS = {"admin", "sysadmin"}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)


def as_user(territory, role):
    return {"user": territory["users"][role]["name"]}


def ask(territory, title="Horaires des déchetteries", role="inhabitant", **values):
    return helpers.call_action("odl_data_request_create", context=as_user(territory, role),
                               territory_id="firminy", title=title, requester_kind="habitant",
                               **values)


def propose(territory, url="https://carte.example.org/budget", role="inhabitant", **values):
    return helpers.call_action("odl_reuse_create", context=as_user(territory, role), **dict(
        {"territory_id": "firminy", "title": "Carte des budgets",
         "description": "Une carte interactive du budget communal.", "url": url,
         "reuse_type": "visualization", "topic": "politics_and_public_life",
         "datasets": ["budget-2025"]}, **values))


def accept(territory, request_id):
    helpers.call_action("odl_data_request_update", context=as_user(territory, "admin"),
                        id=request_id, state="acceptee")


def queue(territory, role="admin", **values):
    return helpers.call_action("odl_moderation_list", context=as_user(territory, role),
                               **dict({"territory_id": "firminy"}, **values))


def report(app, kind, item_id, user=None, address="192.0.2.40", status=200, **values):
    return app.post("/api/action/odl_spam_report_create", headers=headers(user),
                    environ_base={"REMOTE_ADDR": address}, status=status,
                    json=dict({"item_kind": kind, "item_id": item_id, "reason": "spam"},
                              **values)).json


def state_of(table, item_id):
    from ckan import model
    found = model.Session.get(table, item_id)
    model.Session.refresh(found)
    return found.state


def test_queue_lists_what_waits_and_the_admin_decides_through_the_page(app, territory):
    first = ask(territory, "Horaires des déchetteries")
    second = ask(territory, "Liste des arbres remarquables")
    reuse = propose(territory)
    listing = queue(territory)
    assert listing["count"] == 3 and listing["counts"]["demande"] == 2
    assert listing["counts"]["reutilisation"] == 1
    assert {entry["id"] for entry in listing["results"]} == {first["id"], second["id"],
                                                             reuse["id"]}
    admin = browser(app, territory["users"]["admin"])
    page = admin.get("/territoires/firminy/moderation")
    assert page.status_code == 200
    assert "Horaires des déchetteries" in page.body and "Carte des budgets" in page.body
    token = token_of(page)

    def decide(kind, item_id, decision, **extra):
        return admin.post("/moderation/decision", follow_redirects=False, data=dict({
            "kind": kind, "id": item_id, "decision": decision, "territoire": "firminy",
            "_csrf_token": token}, **extra))

    assert decide("demande", first["id"], "approuver").status_code == 302
    assert state_of(DataRequest, first["id"]) == "acceptee"
    # a refusal without its public reason is refused in French, nothing changes
    missing = decide("reutilisation", reuse["id"], "refuser")
    assert missing.status_code == 302 and state_of(Reuse, reuse["id"]) == "proposee"
    assert "raison du refus" in admin.get("/territoires/firminy/moderation").body
    assert decide("reutilisation", reuse["id"], "refuser",
                  reason="Lien sans rapport").status_code == 302
    assert state_of(Reuse, reuse["id"]) == "refusee"
    assert decide("demande", second["id"], "supprimer").status_code == 302
    from ckan import model
    assert model.Session.get(DataRequest, second["id"]) is None
    assert queue(territory)["count"] == 0
    assert "Horaires des déchetteries" in app.get("/territoires/firminy/demandes").body


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_of_the_actions(app, territory, role):
    user = territory["users"][role]
    request = ask(territory)
    accept(territory, request["id"])
    report(app, "demande", request["id"], user=territory["users"]["inhabitant"])
    allowed = 200 if role in MODERATORS else 403
    calls = [
        ("odl_moderation_list", {"territory_id": "firminy"}, allowed),
        ("odl_moderation_list", {}, 200 if role == "sysadmin" else 403),
        ("odl_spam_report_list", {"territory_id": "firminy"}, allowed),
        ("odl_spam_report_list", {}, 200 if role == "sysadmin" else 403),
        ("odl_moderation_setting_show", {"territory_id": "firminy"}, allowed),
    ]
    for action, body, status in calls:
        app.post(f"/api/action/{action}", headers=headers(user), json=body, status=status)
    # writes last: each one that goes through changes what the next one sees
    app.post("/api/action/odl_moderation_setting_update", headers=headers(user),
             json={"territory_id": "firminy", "premoderation": True}, status=allowed)
    app.post("/api/action/odl_spam_report_dismiss", headers=headers(user),
             json={"item_kind": "demande", "item_id": request["id"]}, status=allowed)
    waiting = ask(territory, "Plan des pistes cyclables")
    app.post("/api/action/odl_moderation_decide", headers=headers(user),
             json={"kind": "demande", "id": waiting["id"], "decision": "approuver"},
             status=allowed)
    assert state_of(DataRequest, waiting["id"]) == ("acceptee" if allowed == 200 else "nouvelle")


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_of_the_pages(app, territory, role):
    user = territory["users"][role]
    client = browser(app, user) if user else app.test_client()
    assert client.get("/territoires/firminy/moderation").status_code == (
        200 if role in MODERATORS else 403)
    assert client.get("/moderation").status_code == (200 if role == "sysadmin" else 403)
    # the queue is linked for its moderators, and the count waiting shown on the
    # territory's dashboard to them only, never to the public
    ask(territory)
    page = client.get("/territoires/firminy/demandes").body
    assert ("File de modération du territoire" in page) == (role in MODERATORS)
    dashboard = client.get("/territoires/firminy").body
    assert ("Modération : 1 élément en attente" in dashboard) == (role in MODERATORS)


def test_reports_reach_the_queue_one_per_person_then_dismissed_or_unpublished(
        app, territory, clean_limits):
    request = ask(territory)
    accept(territory, request["id"])
    inhabitant = territory["users"]["inhabitant"]
    report(app, "demande", request["id"], comment="Publicité pour un site marchand")
    again = report(app, "demande", request["id"], status=409)["error"]
    assert "déjà signalé" in " ".join(again["item_id"])
    report(app, "demande", request["id"], user=inhabitant, reason="abusif")
    assert report(app, "demande", request["id"], user=inhabitant, status=409)
    # another address is another person
    report(app, "demande", request["id"], address="198.51.100.9")
    entries = queue(territory, kind="signalement")["results"]
    assert len(entries) == 1 and entries[0]["report_count"] == 3
    assert entries[0]["comments"] == ["Publicité pour un site marchand"]
    listed = helpers.call_action("odl_spam_report_list", context=as_user(territory, "admin"),
                                 territory_id="firminy")
    assert listed["count"] == 3
    # no reporter is named, no e-mail is asked or kept
    assert all("user" not in key and "email" not in key for key in listed["results"][0])
    from ckan import model
    assert not [c for c in SpamReport.__table__.columns if "mail" in c.name]
    helpers.call_action("odl_moderation_decide", context=as_user(territory, "admin"),
                        kind="signalement", id=f"demande:{request['id']}", decision="rejeter")
    assert queue(territory)["count"] == 0
    assert state_of(DataRequest, request["id"]) == "acceptee"
    # a new report, upheld: the request leaves the public list and waits again
    report(app, "demande", request["id"], address="203.0.113.5", reason="donnees_personnelles")
    helpers.call_action("odl_moderation_decide", context=as_user(territory, "admin"),
                        kind="signalement", id=f"demande:{request['id']}", decision="depublier")
    assert state_of(DataRequest, request["id"]) == "nouvelle"
    assert "Horaires des déchetteries" not in app.get("/territoires/firminy/demandes").body
    waiting = queue(territory)["results"]
    assert [(e["kind"], e["id"]) for e in waiting] == [("demande", request["id"])]
    states = {r.state for r in model.Session.query(SpamReport)}
    assert states == {"rejete", "retenu"}


def test_reuse_report_removed_through_the_queue(app, territory, clean_limits):
    reuse = propose(territory)
    helpers.call_action("odl_reuse_update", context=as_user(territory, "admin"),
                        id=reuse["id"], state="publiee")
    report(app, "reutilisation", reuse["id"], reason="hors_sujet")
    helpers.call_action("odl_moderation_decide", context=as_user(territory, "admin"),
                        kind="signalement", id=f"reutilisation:{reuse['id']}",
                        decision="supprimer")
    from ckan import model
    assert model.Session.get(Reuse, reuse["id"]) is None
    assert queue(territory)["count"] == 0


def test_only_public_items_are_reported_and_robots_are_refused(app, territory, clean_limits):
    waiting = ask(territory)
    proposed = propose(territory)
    assert report(app, "demande", waiting["id"], status=404)
    assert report(app, "reutilisation", proposed["id"], status=404)
    assert report(app, "demande", "nulle-part", status=404)
    accept(territory, waiting["id"])
    robot = report(app, "demande", waiting["id"], status=409, site_web="http://spam.example")
    assert "doit rester vide" in " ".join(robot["error"]["site_web"])
    unknown = report(app, "demande", waiting["id"], status=409, reason="pas-content")
    assert "Dites pourquoi vous signalez" in " ".join(unknown["error"]["reason"])
    from ckan import model
    assert model.Session.query(SpamReport).count() == 0


@pytest.mark.ckan_config("ckanext.opendatalocale.engagement.anonymous_limit", "2")
def test_anonymous_reports_are_rate_limited_per_address(app, territory, clean_limits):
    ids = []
    for number in range(3):
        found = ask(territory, f"Demande numéro {number}")
        accept(territory, found["id"])
        ids.append(found["id"])
    report(app, "demande", ids[0])
    report(app, "demande", ids[1])
    over = report(app, "demande", ids[2], status=409)["error"]
    assert "Trop d'envois sans compte" in " ".join(over["limite"])
    report(app, "demande", ids[2], address="198.51.100.20")
    keys = [key.decode() for key in clean_limits.scan_iter("*odl:engagement:limit:*")]
    assert keys and all("192.0.2.40" not in key for key in keys)
    from ckan import model
    assert model.Session.query(SpamReport).count() == 3


def test_setting_off_publishes_at_once_still_reportable(app, territory, clean_limits):
    shown = helpers.call_action("odl_moderation_setting_show",
                                context=as_user(territory, "admin"), territory_id="firminy")
    assert shown["premoderation"] is True
    admin = browser(app, territory["users"]["admin"])
    page = admin.get("/territoires/firminy/moderation")
    refused = admin.post("/territoires/firminy/moderation/reglage", data={},
                         follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body
    # the unticked box: pre-moderation off
    assert admin.post("/territoires/firminy/moderation/reglage", follow_redirects=False,
                      data={"_csrf_token": token_of(page)}).status_code == 302
    assert helpers.call_action("odl_moderation_setting_show",
                               context=as_user(territory, "admin"),
                               territory_id="firminy")["premoderation"] is False
    request = app.post("/api/action/odl_data_request_create",
                       environ_base={"REMOTE_ADDR": "192.0.2.50"},
                       json={"territory_id": "firminy", "title": "Bancs publics",
                             "requester_kind": "habitant"}).json["result"]
    assert request["state"] == "acceptee"
    assert "Bancs publics" in app.get("/territoires/firminy/demandes").body
    assert propose(territory)["state"] == "publiee"
    assert "Carte des budgets" in app.get("/territoires/firminy/public").body
    assert queue(territory)["count"] == 0
    report(app, "demande", request["id"])
    assert queue(territory)["counts"]["signalement"] == 1
    # another territory keeps its default
    assert helpers.call_action("odl_moderation_setting_show",
                               context=as_user(territory, "other_admin"),
                               territory_id="roanne")["premoderation"] is True


def test_user_text_escaped_in_the_queues(app, territory, clean_limits):
    request = ask(territory, f"Titre {XSS}", description=f"Texte {XSS}", purpose=XSS)
    accept(territory, request["id"])
    report(app, "demande", request["id"], comment=f"Commentaire {XSS}")
    propose(territory, title=f"Carte {XSS}", author=XSS)
    for role, url in (("admin", "/territoires/firminy/moderation"),
                      ("sysadmin", "/moderation")):
        body = browser(app, territory["users"][role]).get(url).body
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;alert" in body and "Commentaire" in body, url


def test_forms_refused_without_the_token(app, territory, clean_limits):
    request = ask(territory)
    accept(territory, request["id"])
    client = app.test_client()
    page = client.get("/territoires/firminy/demandes")  # a session, as a browser has
    form = {"item_kind": "demande", "item_id": request["id"], "reason": "spam",
            "comment": "", "site_web": ""}
    refused = client.post("/signalements", data=form, follow_redirects=False,
                          environ_base={"REMOTE_ADDR": "192.0.2.60"})
    assert refused.status_code == 400 and REFUSED in refused.body
    from ckan import model
    assert model.Session.query(SpamReport).count() == 0
    sent = client.post("/signalements", follow_redirects=False,
                       environ_base={"REMOTE_ADDR": "192.0.2.60"},
                       data=dict(form, _csrf_token=token_of(page)))
    assert sent.status_code == 302 and model.Session.query(SpamReport).count() == 1
    assert "Merci" in client.get(sent.headers["Location"]).body
    admin = browser(app, territory["users"]["admin"])
    waiting = ask(territory, "Plan des pistes cyclables")
    decision = {"kind": "demande", "id": waiting["id"], "decision": "approuver",
                "territoire": "firminy"}
    refused = admin.post("/moderation/decision", data=decision, follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body
    assert state_of(DataRequest, waiting["id"]) == "nouvelle"
    page = admin.get("/territoires/firminy/moderation")
    assert admin.post("/moderation/decision", follow_redirects=False, data=dict(
        decision, _csrf_token=token_of(page))).status_code == 302
    assert state_of(DataRequest, waiting["id"]) == "acceptee"
    # a member with a valid token is still refused
    member = browser(app, territory["users"]["member"])
    page = member.get("/territoires/firminy/demandes")
    third = ask(territory, "Qualité de l'air par quartier")
    assert member.post("/moderation/decision", follow_redirects=False, data=dict(
        decision, id=third["id"], _csrf_token=token_of(page))).status_code == 403
    assert member.post("/territoires/firminy/moderation/reglage", follow_redirects=False,
                       data={"_csrf_token": token_of(page)}).status_code == 403


def test_private_datasets_and_other_territories_never_shown(app, territory):
    roanne_data = factories.Dataset(owner_org=territory["other"]["id"], name="roanne-velos",
                                    title="Vélos en libre-service de Roanne")
    propose(territory, datasets=["budget-2025", "roanne-velos"])
    helpers.call_action("package_patch", id=roanne_data["id"], private=True)
    firminy = browser(app, territory["users"]["admin"]).get("/territoires/firminy/moderation")
    assert "Carte des budgets" in firminy.body and "Budget primitif 2025" in firminy.body
    assert "Vélos en libre-service" not in firminy.body
    roanne_admin = territory["users"]["other_admin"]
    assert helpers.call_action("odl_moderation_list", context={"user": roanne_admin["name"]},
                               territory_id="roanne")["count"] == 0
    app.post("/api/action/odl_moderation_list", headers=headers(roanne_admin),
             json={"territory_id": "firminy"}, status=403)


@pytest.mark.ckan_config("ckanext.opendatalocale.engagement.moderation_page_size", "20")
def test_queues_are_paged(app, territory):
    for number in range(23):
        ask(territory, f"Demande en attente {number:02d}")
    first = queue(territory, limit=20)
    rest = queue(territory, limit=20, offset=20)
    assert first["count"] == 23 and len(first["results"]) == 20 and len(rest["results"]) == 3
    assert not {e["id"] for e in first["results"]} & {e["id"] for e in rest["results"]}
    sysadmin = browser(app, territory["users"]["sysadmin"])
    page_two = sysadmin.get("/moderation?page=2").body
    assert page_two.count('class="odl-moderation-entry"') == 3
    assert "Commune de Firminy" in page_two
    assert sysadmin.get("/moderation?page=99999999").status_code == 200
    assert app.post("/api/action/odl_moderation_list", json={"offset": 10**12},
                    headers=headers(territory["users"]["sysadmin"]), status=409)


def test_a_report_shown_without_its_reporter_then_deleted(app, territory, clean_limits):
    # Issue 15, point 9: reports have show and delete too (the API of every object).
    request = ask(territory)
    accept(territory, request["id"])
    reporter = territory["users"]["inhabitant"]
    made = report(app, "demande", request["id"], user=reporter, comment="Publicité")["result"]
    shown = helpers.call_action("odl_spam_report_show", context=as_user(territory, "admin"),
                                id=made["id"])
    assert shown["comment"] == "Publicité" and shown["state"] == "ouvert"
    assert reporter["name"] not in str(shown) and reporter["id"] not in str(shown)
    app.post("/api/action/odl_spam_report_delete", headers=headers(territory["users"]["admin"]),
             json={"id": made["id"]})
    from ckan import model
    assert model.Session.query(SpamReport).count() == 0
    assert state_of(DataRequest, request["id"]) == "acceptee"  # the item stays as it is
    missing = app.post("/api/action/odl_spam_report_show", json={"id": made["id"]},
                       headers=headers(territory["users"]["admin"]), status=404).json
    assert "Signalement introuvable" in missing["error"]["message"]
