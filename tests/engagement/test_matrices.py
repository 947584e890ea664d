"""Issue 15, point 10, in one place and kept complete: the auth matrix (anonymous,
member, editor, admin of the territory, admin of another territory, sysadmin) over
EVERY engagement action and EVERY engagement page, each table checked against what
the plugin registers (a new action or page that does not join its table fails
here); XSS payloads in every text field, escaped on every page that shows them back,
in the forms shown again with their errors, in the iCalendar feeds and absent from
the e-mails; CSRF refused on every engagement form, the honeypot included.

The per-capability files test each flow in depth; this one proves nothing is left out.
"""
import datetime

import pytest
from ckan import model
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.logic import action as engagement_actions
from ckanext.opendatalocale.engagement.model import DataRequest, Event, Reuse, SpamReport
from ckanext.opendatalocale.engagement.question_model import Question, QuestionAnswer

from .conftest import ROLES, headers
from .test_anonymous_requests import clean_limits  # noqa: F401
from .test_digest import smtp, text_of  # noqa: F401
from .test_pages import REFUSED, browser, token_of

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
MEMBERS = {"member", "editor", "admin", "sysadmin"}
TEAM = {"editor", "admin", "sysadmin"}
MODERATORS = {"admin", "sysadmin"}
SYSADMIN = {"sysadmin"}
NEXT_YEAR = datetime.date.today().year + 1
XSS = '"><script>alert("x")</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert", "<img src=x")


def as_user(territory, role):
    return {"user": territory["users"][role]["name"]}


def _request(territory, title, state=None):
    created = helpers.call_action("odl_data_request_create",
                                  context=as_user(territory, "inhabitant"),
                                  territory_id="firminy", title=title,
                                  requester_kind="habitant")
    if state:
        helpers.call_action("odl_data_request_update", context=as_user(territory, "admin"),
                            id=created["id"], state=state)
    return created["id"]


def _reuse(territory, url, state=None):
    created = helpers.call_action(
        "odl_reuse_create", context=as_user(territory, "inhabitant"), territory_id="firminy",
        title="Carte des budgets", description="Une carte du budget.", url=url,
        reuse_type="visualization",
        topic="politics_and_public_life", datasets=["budget-2025"])
    if state:
        helpers.call_action("odl_reuse_update", context=as_user(territory, "admin"),
                            id=created["id"], state=state)
    return created["id"]


def _event(territory, visibility="publique"):
    return helpers.call_action(
        "odl_event_create", context=as_user(territory, "editor"), territory_id="firminy",
        title="Atelier des données", kind="atelier", starts_at=f"{NEXT_YEAR}-03-12T18:00",
        place="Médiathèque", visibility=visibility)["id"]


def _question(territory, title, published=False):
    created = helpers.call_action("odl_question_create", context=as_user(territory, "inhabitant"),
                                  dataset_id="budget-2025", title=title)
    if published:
        helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                            id=created["id"], state="publiee")
    return created["id"]


def _answer(territory, question_id):
    answered = helpers.call_action("odl_question_answer", context=as_user(territory, "editor"),
                                   id=question_id, body="L'année 2025.")
    return answered["answers"][0]["id"]


def _things(territory):
    """One object in every state an action or page acts on, made by others than the
    role under test."""
    open_request = _request(territory, "Arbres d'alignement", "acceptee")
    report = helpers.call_action("odl_spam_report_create",
                                 context=as_user(territory, "inhabitant"),
                                 item_kind="demande", item_id=open_request, reason="spam")
    return {
        "report": report["id"],
        "request_new": _request(territory, "Horaires des piscines"),
        "request_new2": _request(territory, "Plan des pistes cyclables"),
        "request_open": open_request,
        "request_gone": _request(territory, "Demande à supprimer", "acceptee"),
        "reuse_new": _reuse(territory, "https://carte.example.org/a"),
        "reuse_public": _reuse(territory, "https://carte.example.org/b", "publiee"),
        "event_public": _event(territory),
        "event_members": _event(territory, "membres"),
        "question_waiting": _question(territory, "Que couvre la ligne 65 ?"),
        "question_public": _question(territory, "Les montants sont-ils TTC ?", True),
        "answer": _answer(territory, _question(territory, "Quelle année ?", True)),
    }


def _action_calls(t):
    """(action, data, roles allowed): reads first, then each write on its own object,
    in an order where one that goes through does not change what the next one checks."""
    return [
        ("odl_territory_public_show", {"id": "firminy"}, EVERYONE),
        ("odl_data_request_show", {"id": t["request_open"]}, EVERYONE),
        ("odl_data_request_show", {"id": t["request_new"]}, TEAM),
        ("odl_data_request_list", {"territory_id": "firminy"}, EVERYONE),
        ("odl_data_request_list", {"territory_id": "firminy", "state": "nouvelle"}, TEAM),
        ("odl_data_request_similar", {"territory_id": "firminy", "title": "piscines"}, EVERYONE),
        ("odl_reuse_show", {"id": t["reuse_public"]}, EVERYONE),
        ("odl_reuse_show", {"id": t["reuse_new"]}, TEAM),
        ("odl_reuse_list", {"territory_id": "firminy"}, EVERYONE),
        ("odl_reuse_list", {"territory_id": "firminy", "state": "proposee"}, TEAM),
        ("odl_event_show", {"id": t["event_public"]}, EVERYONE),
        ("odl_event_show", {"id": t["event_members"]}, MEMBERS),
        ("odl_event_list", {"territory_id": "firminy"}, EVERYONE),
        ("odl_question_show", {"id": t["question_public"]}, EVERYONE),
        ("odl_question_show", {"id": t["question_waiting"]}, TEAM),
        ("odl_question_list", {"territory_id": "firminy"}, EVERYONE),
        ("odl_question_list", {"territory_id": "firminy", "state": "en_attente"}, TEAM),
        ("odl_question_figures", {"territory_id": "firminy"}, EVERYONE),
        ("odl_moderation_list", {"territory_id": "firminy"}, MODERATORS),
        ("odl_moderation_list", {}, SYSADMIN),
        ("odl_spam_report_list", {"territory_id": "firminy"}, MODERATORS),
        ("odl_spam_report_list", {}, SYSADMIN),
        ("odl_moderation_setting_show", {"territory_id": "firminy"}, MODERATORS),
        # writes
        ("odl_data_request_create", {"territory_id": "firminy", "title": "Menus des cantines",
                                     "requester_kind": "chercheur"}, EVERYONE),
        ("odl_data_request_vote", {"id": t["request_open"]}, EVERYONE),
        ("odl_data_request_vote_delete", {"id": t["request_open"]}, SIGNED_IN),
        ("odl_data_request_update", {"id": t["request_open"], "state": "en_cours"}, TEAM),
        ("odl_data_request_update", {"id": t["request_new"], "state": "acceptee"}, MODERATORS),
        ("odl_data_request_email_erase", {"id": t["request_open"]}, MODERATORS),
        ("odl_data_request_delete", {"id": t["request_gone"]}, MODERATORS),
        ("odl_data_request_emails_expire", {}, SYSADMIN),
        ("odl_reuse_create", {"territory_id": "firminy", "title": "Appli des horaires",
                              "description": "Les horaires en poche.",
                              "url": "https://appli.example.org", "reuse_type": "application",
                              "topic": "transport_and_mobility",
                              "datasets": ["budget-2025"]}, EVERYONE),
        ("odl_reuse_update", {"id": t["reuse_new"], "state": "publiee"}, MODERATORS),
        ("odl_reuse_delete", {"id": t["reuse_public"]}, MODERATORS),
        ("odl_event_create", {"territory_id": "firminy", "title": "Hackathon", "kind": "hackathon",
                              "starts_at": f"{NEXT_YEAR}-05-01T09:00", "place": "Gymnase"},
         TEAM),
        ("odl_event_update", {"id": t["event_public"], "title": "Atelier renommé",
                              "kind": "atelier", "starts_at": f"{NEXT_YEAR}-03-12T18:00"}, TEAM),
        ("odl_event_delete", {"id": t["event_members"]}, TEAM),
        ("odl_question_create", {"dataset_id": "budget-2025", "title": "Pourquoi 2025 ?"},
         EVERYONE),
        ("odl_question_update", {"id": t["question_waiting"], "title": "Question reformulée"},
         MODERATORS),
        ("odl_question_moderate", {"id": t["question_waiting"], "state": "publiee"}, MODERATORS),
        ("odl_question_answer", {"id": t["question_public"], "body": "Hors taxes."}, TEAM),
        ("odl_question_answer_update", {"id": t["answer"], "body": "Toutes taxes comprises."},
         TEAM),
        ("odl_question_answer_delete", {"id": t["answer"]}, MODERATORS),
        ("odl_question_close", {"id": t["question_public"]}, TEAM),
        ("odl_question_delete", {"id": t["question_public"]}, MODERATORS),
        ("odl_spam_report_create", {"item_kind": "demande", "item_id": t["request_open"],
                                    "reason": "spam"}, EVERYONE),
        ("odl_spam_report_dismiss", {"item_kind": "demande", "item_id": t["request_open"]},
         MODERATORS),
        ("odl_spam_report_show", {"id": t["report"]}, MODERATORS),
        ("odl_spam_report_delete", {"id": t["report"]}, MODERATORS),
        ("odl_moderation_decide", {"kind": "demande", "id": t["request_new2"],
                                   "decision": "approuver"}, MODERATORS),
        ("odl_moderation_setting_update", {"territory_id": "firminy", "premoderation": True},
         MODERATORS),
        ("odl_engagement_digests_send", {}, SYSADMIN),
    ]


def test_the_action_matrix_names_every_engagement_action(app, territory):
    # Built on placeholders: only the action names are compared here.
    named = {call[0] for call in _action_calls({key: "x" for key in (
        "report", "request_new", "request_new2", "request_open", "request_gone", "reuse_new",
        "reuse_public", "event_public", "event_members", "question_waiting",
        "question_public", "answer")})}
    assert named == set(engagement_actions.__all__)


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_over_every_action(app, territory, clean_limits, smtp, role):
    user = territory["users"][role]
    things = _things(territory)
    wrong = []
    for number, (action, data, allowed) in enumerate(_action_calls(things)):
        response = app.post(f"/api/action/{action}", headers=headers(user), json=data,
                            environ_base={"REMOTE_ADDR": f"192.0.2.{100 + number}"})
        expected = 200 if role in allowed else 403
        if response.status_code != expected:
            wrong.append((action, data, response.status_code, response.body[:300]))
        elif expected == 403:
            assert response.json["success"] is False
    assert wrong == []


def _page_calls(t):
    """(endpoint, address, roles that get the page; the others get 403)."""
    event, members_event = t["event_public"], t["event_members"]
    return [
        ("public_page", "/territoires/firminy/public", EVERYONE),
        ("requests_page", "/territoires/firminy/demandes", EVERYONE),
        ("reuses_page", "/territoires/firminy/reutilisations", EVERYONE),
        ("questions_page", "/territoires/firminy/questions", EVERYONE),
        ("events_page", "/evenements", EVERYONE),
        ("territory_events_page", "/territoires/firminy/evenements", EVERYONE),
        ("events_feed", "/evenements.ics", EVERYONE),
        ("territory_events_feed", "/territoires/firminy/evenements.ics", EVERYONE),
        ("event_read", f"/evenements/{event}", EVERYONE),
        ("event_read", f"/evenements/{members_event}", MEMBERS),
        ("event_new", "/territoires/firminy/evenements/nouveau", TEAM),
        ("event_edit", f"/evenements/{event}/modifier", TEAM),
        ("moderation_queue_page", "/territoires/firminy/moderation", MODERATORS),
        ("moderation_platform_page", "/moderation", SYSADMIN),
    ]


def test_the_page_matrix_names_every_engagement_page(app):
    pages = {rule.endpoint.split(".", 1)[1] for rule in app.flask_app.url_map.iter_rules()
             if rule.endpoint.startswith("odl_engagement.") and "GET" in rule.methods}
    assert pages == {call[0] for call in _page_calls({"event_public": "x",
                                                      "event_members": "y"})}


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_over_every_page(app, territory, role):
    user = territory["users"][role]
    things = {"event_public": _event(territory), "event_members": _event(territory, "membres")}
    client = browser(app, user) if user else app.test_client()
    wrong = []
    for endpoint, address, allowed in _page_calls(things):
        status = client.get(address).status_code
        if status != (200 if role in allowed else 403):
            wrong.append((endpoint, address, status))
    # what the team alone may do is linked for the team alone
    requests_page = client.get("/territoires/firminy/demandes").body
    assert ("File de modération du territoire" in requests_page) is (role in MODERATORS)
    events_page = client.get("/territoires/firminy/evenements").body
    assert ("Annoncer un événement" in events_page) is (role in TEAM)
    assert wrong == []


def _hostile_everything(app, territory):
    """XSS payloads in every text field of every object the public or the team writes."""
    users = territory["users"]
    request = helpers.call_action(
        "odl_data_request_create", context=as_user(territory, "inhabitant"),
        territory_id="firminy", title="Demande " + XSS, description="Description " + XSS,
        purpose="Usage " + XSS, requester_kind="habitant")
    helpers.call_action("odl_data_request_update", context=as_user(territory, "admin"),
                        id=request["id"], state="acceptee")
    refused = helpers.call_action(
        "odl_data_request_create", context=as_user(territory, "inhabitant"),
        territory_id="firminy", title="Refusée " + XSS, requester_kind="habitant")
    helpers.call_action("odl_data_request_update", context=as_user(territory, "admin"),
                        id=refused["id"], state="refusee", reason="Raison " + XSS)
    waiting = helpers.call_action(
        "odl_data_request_create", context=as_user(territory, "inhabitant"),
        territory_id="firminy", title="Attente " + XSS, description="Attente " + XSS,
        requester_kind="habitant")
    reuse = helpers.call_action(
        "odl_reuse_create", context=as_user(territory, "inhabitant"), territory_id="firminy",
        title="Carte " + XSS, description="Carte " + XSS, author="Auteur " + XSS,
        url='https://carte.example.org/?q="><script>alert(1)</script>',
        reuse_type="visualization", topic="politics_and_public_life", datasets=["budget-2025"])
    helpers.call_action("odl_reuse_update", context=as_user(territory, "admin"),
                        id=reuse["id"], state="publiee")
    helpers.call_action(
        "odl_reuse_create", context=as_user(territory, "inhabitant"), territory_id="firminy",
        title="Proposée " + XSS, description="Proposée " + XSS, author="Auteur " + XSS,
        url="https://autre.example.org/", reuse_type="application",
        topic="politics_and_public_life", datasets=["budget-2025"])
    event = helpers.call_action(
        "odl_event_create", context=as_user(territory, "editor"), territory_id="firminy",
        title="Atelier " + XSS, kind="atelier", starts_at=f"{NEXT_YEAR}-03-12T18:00",
        place="Salle " + XSS, audience="Public " + XSS, description="Programme " + XSS)
    question = helpers.call_action(
        "odl_question_create", context=as_user(territory, "inhabitant"),
        dataset_id="budget-2025", title="Question " + XSS, body="Corps " + XSS)
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=question["id"], state="publiee")
    helpers.call_action("odl_question_answer", context=as_user(territory, "editor"),
                        id=question["id"], body="Réponse " + XSS)
    helpers.call_action("odl_question_create", context=as_user(territory, "inhabitant"),
                        dataset_id="budget-2025", title="Question en attente " + XSS)
    app.post("/api/action/odl_spam_report_create", headers=headers(users["member"]),
             json={"item_kind": "demande", "item_id": request["id"], "reason": "autre",
                   "comment": "Commentaire " + XSS})
    return {"request": request["id"], "event": event["id"]}


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&#34;").replace("'", "&#39;")


def test_xss_payloads_escaped_wherever_they_are_shown(app, territory, clean_limits, smtp):
    made = _hostile_everything(app, territory)
    # (who reads, address, the words each must show escaped)
    pages = [
        (None, "/territoires/firminy/public", ["Demande ", "Carte ", "Atelier "]),
        (None, "/territoires/firminy/demandes", ["Demande ", "Description ", "Usage ",
                                                 "Refusée ", "Raison "]),
        (None, "/territoires/firminy/reutilisations", ["Carte ", "Auteur "]),
        (None, "/territoires/firminy/questions", ["Question ", "Corps ", "Réponse "]),
        (None, "/dataset/budget-2025", ["Carte ", "Question ", "Corps ", "Réponse "]),
        (None, "/territoires/firminy/evenements", ["Atelier ", "Salle "]),
        (None, "/evenements", ["Atelier ", "Salle "]),
        (None, f"/evenements/{made['event']}", ["Atelier ", "Salle ", "Public ", "Programme "]),
        ("editor", f"/evenements/{made['event']}/modifier", ["Atelier ", "Salle ", "Public ",
                                                            "Programme "]),
        ("admin", "/territoires/firminy/demandes", ["Attente "]),
        ("admin", "/territoires/firminy/reutilisations", ["Proposée ", "Auteur "]),
        ("admin", "/territoires/firminy/questions", ["Question en attente "]),
        ("admin", "/territoires/firminy/moderation", ["Attente ", "Proposée ", "Auteur ",
                                                      "Question en attente ", "Commentaire "]),
        ("sysadmin", "/moderation", ["Attente ", "Proposée ", "Question en attente ",
                                     "Commentaire "]),
    ]
    wrong = []
    for role, address, words in pages:
        user = territory["users"][role] if role else None
        body = app.get(address, headers=headers(user)).body
        if any(raw in body for raw in RAW):
            wrong.append((role, address, "raw payload"))
        for word in words:
            if _escaped(word + XSS) not in body:
                wrong.append((role, address, word))
    assert wrong == []

    # Feeds: the text comes back as the same text (icalendar parses it), never as markup
    # a calendar program would render, nor as lines of its own.
    from icalendar import Calendar
    for address in ("/evenements.ics", "/territoires/firminy/evenements.ics"):
        feed = Calendar.from_ical(app.get(address).body)
        entry = feed.walk("VEVENT")[0]
        assert str(entry["SUMMARY"]) == "Atelier " + XSS
        assert str(entry["LOCATION"]) == "Salle " + XSS
        assert len(feed.walk("VEVENT")) == 1

    # E-mails: the daily digest is plain text holding counts and links, none of the words.
    assert helpers.call_action("odl_engagement_digests_send")["mails"] == 1
    message = smtp.messages[0][1]
    assert [part.get_content_type() for part in message.walk()
            if not part.is_multipart()] == ["text/plain"]
    whole = message.as_string() + text_of(message)
    assert not any(word in whole for word in ("script", "onerror", "alert", "Atelier"))


@pytest.mark.parametrize("form", ["demande", "reutilisation", "question", "evenement"])
def test_forms_shown_again_with_errors_escape_what_was_typed(app, territory, clean_limits,
                                                             form):
    if form == "evenement":
        client = browser(app, territory["users"]["editor"])
        route = "/territoires/firminy/evenements/nouveau"
        data = {"title": "Atelier " + XSS, "kind": "atelier", "starts_at": "pas une date",
                "place": "Salle " + XSS, "audience": "Public " + XSS,
                "description": "Programme " + XSS, "visibility": "publique"}
        token_page = route
    else:
        client = app.test_client()
        route, data = {
            "demande": ("/territoires/firminy/demandes", {
                "title": "Demande " + XSS, "description": "Description " + XSS,
                "purpose": "Usage " + XSS, "requester_kind": "inconnu", "email": ""}),
            "reutilisation": ("/territoires/firminy/reutilisations", {
                "title": "Carte " + XSS, "description": "Carte " + XSS,
                "author": "Auteur " + XSS, "url": "javascript:alert(1)",
                "reuse_type": "visualization", "topic": "politics_and_public_life",
                "datasets": "budget-2025"}),
            "question": ("/territoires/firminy/questions", {
                "dataset_id": "budget-2025", "title": "ab", "body": "Corps " + XSS}),
        }[form]
        token_page = route
    page = client.get(token_page)
    again = client.post(route, environ_base={"REMOTE_ADDR": "192.0.2.90"},
                        data=dict(data, site_web="", _csrf_token=token_of(page)))
    assert again.status_code == 400, again.body[:500]
    assert not any(raw in again.body for raw in RAW)
    shown_back = [value for key, value in data.items() if XSS in value]
    assert shown_back and all(_escaped(value) in again.body for value in shown_back), form


def _rows():
    model.Session.expire_all()
    return {table.__name__: model.Session.query(table).count()
            for table in (DataRequest, Reuse, Event, Question, QuestionAnswer, SpamReport)}


def test_every_engagement_form_refused_without_its_token(app, territory, clean_limits):
    """Each POST route of the blueprint, sent by who may use it but without the form's
    token (then with a forged one): 400 with the French refusal, nothing stored or
    changed. The same routes with the token go through in the per-capability files;
    here one accepted post shows the refusal was the token's."""
    t = _things(territory)
    t["report"] = app.post("/api/action/odl_spam_report_create",
                           headers=headers(territory["users"]["member"]),
                           json={"item_kind": "demande", "item_id": t["request_open"],
                                 "reason": "spam"}).json["result"]["id"]
    posts = [
        (None, "request_create", "/territoires/firminy/demandes",
         {"title": "Sans jeton", "requester_kind": "habitant", "site_web": ""}),
        (None, "request_vote", f"/demandes-de-donnees/{t['request_open']}/soutien",
         {"site_web": ""}),
        ("admin", "request_update", f"/demandes-de-donnees/{t['request_new']}/etat",
         {"state": "acceptee"}),
        ("admin", "request_delete", f"/demandes-de-donnees/{t['request_gone']}/suppression", {}),
        ("admin", "request_email_erase", f"/demandes-de-donnees/{t['request_open']}/adresse", {}),
        (None, "reuse_create", "/territoires/firminy/reutilisations",
         {"title": "Sans jeton", "description": "Sans jeton.",
          "url": "https://sans-jeton.example.org",
          "reuse_type": "application", "topic": "politics_and_public_life",
          "datasets": "budget-2025", "site_web": ""}),
        ("admin", "reuse_update", f"/reutilisations/{t['reuse_new']}/etat", {"state": "publiee"}),
        ("admin", "reuse_delete", f"/reutilisations/{t['reuse_public']}/suppression", {}),
        ("editor", "event_new", "/territoires/firminy/evenements/nouveau",
         {"title": "Sans jeton", "kind": "atelier", "starts_at": f"{NEXT_YEAR}-05-01T09:00",
          "visibility": "publique"}),
        ("editor", "event_edit", f"/evenements/{t['event_public']}/modifier",
         {"title": "Sans jeton", "kind": "atelier", "starts_at": f"{NEXT_YEAR}-05-01T09:00",
          "visibility": "publique"}),
        ("editor", "event_delete", f"/evenements/{t['event_members']}/suppression", {}),
        (None, "question_create", "/territoires/firminy/questions",
         {"dataset_id": "budget-2025", "title": "Question sans jeton", "site_web": ""}),
        ("admin", "question_moderate", f"/questions/{t['question_waiting']}/moderation",
         {"state": "publiee"}),
        ("editor", "question_answer", f"/questions/{t['question_public']}/reponse",
         {"body": "Réponse sans jeton"}),
        ("editor", "question_close", f"/questions/{t['question_public']}/cloture", {}),
        ("admin", "question_delete", f"/questions/{t['question_public']}/suppression", {}),
        ("admin", "moderation_decide", "/moderation/decision",
         {"kind": "demande", "id": t["request_new2"], "decision": "approuver",
          "territoire": "firminy"}),
        ("admin", "moderation_setting", "/territoires/firminy/moderation/reglage",
         {"premoderation": "non"}),
        (None, "spam_report_create", "/signalements",
         {"item_kind": "demande", "item_id": t["request_open"], "reason": "spam",
          "site_web": ""}),
    ]
    from tests.test_csrf import FORM_ROUTES
    assert {f"odl_engagement.{endpoint}" for _, endpoint, _, _ in posts} == {
        endpoint for endpoint, _ in FORM_ROUTES if endpoint.startswith("odl_engagement.")}

    def state():
        model.Session.expire_all()
        return (_rows(), {row.id: (row.state, row.requester_email, row.vote_count)
                          for row in model.Session.query(DataRequest)},
                {row.id: row.state for row in model.Session.query(Reuse)},
                {row.id: (row.title, row.sequence) for row in model.Session.query(Event)},
                {row.id: (row.state, row.closed) for row in model.Session.query(Question)},
                helpers.call_action("odl_moderation_setting_show",
                                    territory_id="firminy")["premoderation"])
    before = state()
    clients = {}
    wrong = []
    for role, endpoint, address, data in posts:
        if role not in clients:
            clients[role] = browser(app, territory["users"][role]) if role else app.test_client()
            clients[role].get("/territoires/firminy/demandes")  # a session, as a browser has
        for forged in (None, "jeton-contrefait"):
            sent = dict(data, _csrf_token=forged) if forged else data
            response = clients[role].post(address, data=sent, follow_redirects=False,
                                          environ_base={"REMOTE_ADDR": "192.0.2.95"})
            if response.status_code != 400 or REFUSED not in response.body:
                wrong.append((endpoint, forged, response.status_code))
    assert wrong == []
    assert state() == before

    # The refusal was the token's: the same anonymous vote with it goes through.
    client = clients[None]
    page = client.get("/territoires/firminy/demandes")
    accepted = client.post(f"/demandes-de-donnees/{t['request_open']}/soutien",
                           follow_redirects=False, environ_base={"REMOTE_ADDR": "192.0.2.95"},
                           data={"site_web": "", "_csrf_token": token_of(page)})
    assert accepted.status_code == 302
    assert model.Session.get(DataRequest, t["request_open"]).vote_count == 1
