"""Questions on datasets through CKAN (issue 15, point 4): asked by the public (with
or without an account: the data requests' honeypot and rate limit), published by the
territory's admins, answered as the territory (its name shown, never the agent's),
closed by the author or the territory; a private dataset's questions never leak;
the public response rate and median time to a first answer; the phase-6 indicator
and the daily digest; every form refused without its CSRF token."""
import datetime

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.engagement import territory_indicators
from ckanext.opendatalocale.engagement.question_model import Question, QuestionAnswer

from .conftest import ROLES, headers
from .test_anonymous_requests import clean_limits  # noqa: F401
from .test_digest import send, smtp, text_of  # noqa: F401
from .test_pages import REFUSED, browser, token_of

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)

XSS = '<script>alert("q")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;"
MAY_MODERATE = {"admin", "sysadmin"}
MAY_ANSWER = {"editor", "admin", "sysadmin"}
READS_PRIVATE = {"member", "editor", "admin", "sysadmin"}


def ask(app, user=None, status=200, address="192.0.2.50", **values):
    body = dict({"dataset_id": "budget-2025", "title": "Que couvre la ligne 65 ?",
                 "body": "Le détail des subventions y est-il ?"}, **values)
    return app.post("/api/action/odl_question_create", headers=headers(user), json=body,
                    status=status, environ_base={"REMOTE_ADDR": address}).json


def as_user(territory, role):
    return {"user": territory["users"][role]["name"]}


def published(territory, who="inhabitant", **values):
    created = helpers.call_action("odl_question_create", context=as_user(territory, who),
                                  **dict({"dataset_id": "budget-2025",
                                          "title": "Que couvre la ligne 65 ?"}, **values))
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=created["id"], state="publiee")
    return created


def call(app, action, user, status, **data):
    return app.post(f"/api/action/{action}", headers=headers(user), json=data,
                    status=status).json


def test_ask_moderate_answer_as_the_territory_then_close(app, territory, clean_limits):
    users = territory["users"]
    inhabitant, editor = users["inhabitant"], users["editor"]
    created = ask(app, inhabitant)["result"]
    assert created["state"] == "en_attente" and created["is_mine"]

    # Waiting: nobody but the author and the territory's team sees it.
    for role in ("anonymous", "member", "other_admin"):
        page = app.get("/territoires/firminy/questions", headers=headers(users[role])).body
        assert "Que couvre la ligne 65" not in page, role
        assert "Que couvre la ligne 65" not in app.get("/dataset/budget-2025",
                                                       headers=headers(users[role])).body
    assert "Que couvre la ligne 65" in app.get("/dataset/budget-2025",
                                               headers=headers(inhabitant)).body

    admin = browser(app, users["admin"])
    listing = admin.get("/territoires/firminy/questions")
    assert "Que couvre la ligne 65" in listing.body and "Modérer cette question" in listing.body
    moderated = admin.post(f"/questions/{created['id']}/moderation", follow_redirects=False,
                           data={"state": "publiee", "_csrf_token": token_of(listing)})
    assert moderated.status_code == 302
    assert "Que couvre la ligne 65" in app.get("/territoires/firminy/questions").body

    agent = browser(app, editor)
    listing = agent.get("/territoires/firminy/questions")
    assert "Répondre au nom de Commune de Firminy" in listing.body
    answered = agent.post(f"/questions/{created['id']}/reponse", follow_redirects=False,
                          data={"body": "Oui : voir la colonne « subventions ».",
                                "_csrf_token": token_of(listing)})
    assert answered.status_code == 302
    stored = model.Session.query(QuestionAnswer).one()
    assert stored.user_id == editor["id"]  # kept for audit

    for role in ROLES:
        user = users[role]
        for address in ("/dataset/budget-2025", "/territoires/firminy/questions"):
            body = app.get(address, headers=headers(user)).body
            assert "Réponse de Commune de Firminy" in body, (role, address)
            assert "colonne « subventions »" in body
            # The territory answers, not the agent: their account is on no page (but
            # the agent's own, where the site's header names who is signed in).
            if role != "editor":
                assert editor["name"] not in body, (role, address)
        shown = app.get(f"/api/action/odl_question_show?id={created['id']}",
                        headers=headers(user)).json["result"]
        assert shown["answers"][0]["answered_as"] == "Commune de Firminy"
        assert (editor["name"] in str(shown)) is (role in MAY_MODERATE), role
        assert ("posted_by" in shown["answers"][0]) is (role in MAY_MODERATE)

    author = browser(app, inhabitant)
    page = author.get("/territoires/firminy/questions")
    assert "Clore la question" in page.body
    closed = author.post(f"/questions/{created['id']}/cloture", follow_redirects=False,
                         data={"_csrf_token": token_of(page)})
    assert closed.status_code == 302
    shown = helpers.call_action("odl_question_show", id=created["id"])
    assert shown["is_closed"] and len(shown["answers"]) == 1
    refused = call(app, "odl_question_answer", editor, 409, id=created["id"],
                   body="Encore une réponse")
    assert "close" in " ".join(refused["error"]["id"])


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_of_actions(app, territory, clean_limits, role):
    users = territory["users"]
    user = users[role]
    # Asking: anyone on a public dataset; on a private one, who may read it.
    assert ask(app, user, status=200)["success"]
    private = ask(app, user, status=200 if role in READS_PRIVATE else 403,
                  dataset_id="brouillon", title="Question sur le brouillon")
    assert private["success"] is (role in READS_PRIVATE)

    waiting = helpers.call_action("odl_question_create", context=as_user(territory, "inhabitant"),
                                  dataset_id="budget-2025", title="Question en attente")
    seen = app.get(f"/api/action/odl_question_show?id={waiting['id']}", headers=headers(user),
                   status=200 if role in MAY_ANSWER else 403).json
    assert seen["success"] is (role in MAY_ANSWER)
    queue = app.get("/api/action/odl_question_list?territory_id=firminy&state=en_attente",
                    headers=headers(user), status=200 if role in MAY_ANSWER else 403).json
    assert queue["success"] is (role in MAY_ANSWER)
    assert call(app, "odl_question_update", user, 200 if role in MAY_MODERATE else 403,
                id=waiting["id"], title="Question reformulée")["success"] is (role in MAY_MODERATE)
    moderated = call(app, "odl_question_moderate", user, 200 if role in MAY_MODERATE else 403,
                     id=waiting["id"], state="publiee")
    assert moderated["success"] is (role in MAY_MODERATE)

    question = published(territory, title="Question publiée")
    answer = call(app, "odl_question_answer", user, 200 if role in MAY_ANSWER else 403,
                  id=question["id"], body="Réponse du territoire.")
    assert answer["success"] is (role in MAY_ANSWER)
    close = call(app, "odl_question_close", user, 200 if role in MAY_ANSWER else 403,
                 id=question["id"])
    assert close["success"] is (role in MAY_ANSWER)
    delete = call(app, "odl_question_delete", user, 200 if role in MAY_MODERATE else 403,
                  id=question["id"])
    assert delete["success"] is (role in MAY_MODERATE)
    assert (model.Session.query(Question).filter_by(id=question["id"]).count() == 0) is (
        role in MAY_MODERATE)
    # Figures are public.
    assert app.get("/api/action/odl_question_figures?territory_id=firminy",
                   headers=headers(user)).json["success"]


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_of_pages(app, territory, role):
    users = territory["users"]
    question = published(territory, title="Question publiée pour tous")
    helpers.call_action("odl_question_create", context=as_user(territory, "inhabitant"),
                        dataset_id="budget-2025", title="Question encore en attente")
    headers_ = headers(users[role])
    page = app.get("/territoires/firminy/questions", headers=headers_).body
    assert "Question publiée pour tous" in page and 'name="_csrf_token"' in page
    assert ("Question encore en attente" in page) is (role in MAY_ANSWER)
    assert ("Modérer cette question" in page) is (role in MAY_MODERATE)
    assert (f"/questions/{question['id']}/reponse" in page) is (role in MAY_ANSWER)
    assert "Question publiée pour tous" in app.get("/dataset/budget-2025", headers=headers_).body
    assert "Vos questions sur les données" in app.get("/territoires/firminy/public",
                                                      headers=headers_).body
    # The POST routes refuse who may not (a token from a page they may read).
    if role in ("anonymous",):
        return
    client = browser(app, users[role])
    token = token_of(client.get("/territoires/firminy/questions"))
    routes = {"reponse": ({"body": "Réponse"}, MAY_ANSWER),
              "moderation": ({"state": "refusee"}, MAY_MODERATE),
              "cloture": ({}, MAY_ANSWER),
              "suppression": ({}, MAY_MODERATE)}
    for route, (data, allowed) in routes.items():
        response = client.post(f"/questions/{question['id']}/{route}", follow_redirects=False,
                               data=dict(data, _csrf_token=token))
        assert (response.status_code == 302) is (role in allowed), (role, route)
        if role not in allowed:
            assert response.status_code == 403, (role, route)
        if route == "moderation" and role in allowed:  # refused: published again
            helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                                id=question["id"], state="publiee")
        if route == "cloture" and role in allowed:
            model.Session.query(Question).filter_by(id=question["id"]).update({"closed": None})
            model.Session.commit()


def test_xss_payloads_escaped_on_every_page(app, territory, clean_limits):
    question = published(territory, title=f"Titre {XSS}", body=f"Corps {XSS}")
    helpers.call_action("odl_question_answer", context=as_user(territory, "editor"),
                        id=question["id"], body=f"Réponse {XSS}")
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=question["id"], state="refusee", reason=f"Raison {XSS}")
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=question["id"], state="publiee")
    waiting = ask(app, territory["users"]["inhabitant"], title=f"Attente {XSS}")["result"]
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=waiting["id"], state="refusee", reason=f"Refus {XSS}")
    for role in ("anonymous", "admin", "inhabitant"):
        for address in ("/territoires/firminy/questions", "/dataset/budget-2025",
                        "/territoires/firminy/public"):
            body = app.get(address, headers=headers(territory["users"].get(role))).body
            assert XSS not in body and "<img src=x" not in body, (role, address)
            if address != "/territoires/firminy/public":
                assert ESCAPED in body, (role, address)
    # The author reads the refusal's reason, escaped.
    mine = app.get("/territoires/firminy/questions",
                   headers=headers(territory["users"]["inhabitant"])).body
    assert "Refus &lt;script&gt;" in mine
    # The form shown again with its errors escapes what was typed.
    client = app.test_client()
    page = client.get("/territoires/firminy/questions")
    again = client.post("/territoires/firminy/questions", environ_base={"REMOTE_ADDR": "192.0.2.51"},
                        data={"dataset_id": "budget-2025", "title": "ab", "body": XSS,
                              "_csrf_token": token_of(page)})
    assert again.status_code == 400 and "trop court" in again.body
    assert XSS not in again.body and ESCAPED in again.body


def test_every_form_refused_without_its_token(app, territory, clean_limits):
    users = territory["users"]
    client = app.test_client()
    form = {"dataset_id": "budget-2025", "title": "Question sans jeton", "site_web": ""}
    refused = client.post("/territoires/firminy/questions", data=form,
                          environ_base={"REMOTE_ADDR": "192.0.2.52"}, follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body
    assert model.Session.query(Question).count() == 0
    page = client.get("/dataset/budget-2025")
    sent = client.post("/territoires/firminy/questions", follow_redirects=False,
                       environ_base={"REMOTE_ADDR": "192.0.2.52"},
                       data=dict(form, retour="jeu", _csrf_token=token_of(page)))
    assert sent.status_code == 302 and "/dataset/budget-2025" in sent.headers["Location"]
    question = model.Session.query(Question).one()

    admin = browser(app, users["admin"])
    checks = [
        ("moderation", {"state": "publiee"}, lambda q: q.state == "publiee"),
        ("reponse", {"body": "Réponse au nom du territoire."},
         lambda q: q.first_answered is not None),
        ("cloture", {}, lambda q: q.closed is not None),
        ("suppression", {}, None),
    ]
    for route, data, done in checks:
        address = f"/questions/{question.id}/{route}"
        response = admin.post(address, data=data, follow_redirects=False)
        assert response.status_code == 400 and REFUSED in response.body, route
        model.Session.expire_all()
        row = model.Session.get(Question, question.id)
        assert row is not None and (done is None or not done(row)), route
        token = token_of(admin.get("/territoires/firminy/questions"))
        assert admin.post(address, data=dict(data, _csrf_token=token),
                          follow_redirects=False).status_code == 302, route
        model.Session.expire_all()
        row = model.Session.get(Question, question.id)
        assert (row is None) if done is None else done(row), route


@pytest.mark.ckan_config("ckanext.opendatalocale.engagement.anonymous_limit", "2")
def test_anonymous_rate_limit_and_honeypot(app, territory, clean_limits):
    robot = ask(app, status=409, site_web="http://spam.example")["error"]
    assert "doit rester vide" in " ".join(robot["site_web"])
    assert model.Session.query(Question).count() == 0
    ask(app, title="Première question anonyme")
    ask(app, title="Deuxième question anonyme")
    over = ask(app, status=409, title="Question de trop")["error"]
    assert "Trop d'envois sans compte" in " ".join(over["limite"])
    ask(app, address="198.51.100.9", title="Depuis une autre connexion")
    ask(app, territory["users"]["inhabitant"], title="Avec un compte, même connexion")
    assert model.Session.query(Question).count() == 4
    keys = [key.decode() for key in clean_limits.scan_iter("*odl:engagement:limit:question:*")]
    assert len(keys) == 2 and all("192.0.2.50" not in key for key in keys)
    # The anonymous author cannot close (no account says it is theirs).
    anonymous_one = model.Session.query(Question).filter_by(
        title="Première question anonyme").one()
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=anonymous_one.id, state="publiee")
    assert call(app, "odl_question_close", None, 403, id=anonymous_one.id)["success"] is False


def test_private_dataset_questions_never_leak(app, territory, clean_limits):
    users = territory["users"]
    created = helpers.call_action("odl_question_create", context=as_user(territory, "member"),
                                  dataset_id="brouillon", title="Question interne confidentielle")
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=created["id"], state="publiee")
    helpers.call_action("odl_question_answer", context=as_user(territory, "editor"),
                        id=created["id"], body="Réponse interne.")
    for role in ROLES + ["inhabitant"]:
        user = users[role]
        reads = role in READS_PRIVATE
        for address in ("/api/action/odl_question_list?territory_id=firminy",
                        "/api/action/odl_question_list",
                        "/territoires/firminy/questions", "/territoires/firminy/public"):
            body = app.get(address, headers=headers(user)).body
            assert ("Question interne confidentielle" in body) is (
                reads and "public" not in address), (role, address)
        show = app.get(f"/api/action/odl_question_show?id={created['id']}",
                       headers=headers(user), status=200 if reads else 403).json
        assert show["success"] is reads
        by_dataset = app.get("/api/action/odl_question_list?dataset_id=brouillon",
                             headers=headers(user), status=200 if reads else 403).json
        assert by_dataset["success"] is reads
    # Public figures: the private dataset's answered question is not counted.
    figures = helpers.call_action("odl_question_figures", territory_id="firminy")
    assert figures["asked"] == 0 and figures["response_rate"] is None
    # Made public, it counts; made private again, it leaves the public lists.
    helpers.call_action("package_patch", id="brouillon", private=False)
    assert helpers.call_action("odl_question_figures", territory_id="firminy")["asked"] == 1
    assert "Question interne confidentielle" in app.get("/territoires/firminy/questions").body
    helpers.call_action("package_patch", id="brouillon", private=True)
    assert "Question interne confidentielle" not in app.get("/territoires/firminy/questions").body


def _aged(question_id, hours_to_answer=None, asked_days_ago=10):
    row = model.Session.get(Question, question_id)
    row.created = datetime.datetime.utcnow() - datetime.timedelta(days=asked_days_ago)
    if hours_to_answer is not None:
        row.first_answered = row.created + datetime.timedelta(hours=hours_to_answer)
    model.Session.commit()


def test_response_rate_and_median_time_to_first_answer(app, territory, clean_limits):
    editor = as_user(territory, "editor")
    delays = (2, 4, 9, None)  # hours to the first answer; the last one unanswered
    for number, hours in enumerate(delays):
        question = published(territory, title=f"Question publique {number}")
        if hours is not None:
            helpers.call_action("odl_question_answer", context=dict(editor),
                                id=question["id"], body="Première réponse.")
            helpers.call_action("odl_question_answer", context=dict(editor),
                                id=question["id"], body="Deuxième réponse.")
        _aged(question["id"], hours)
    # Not counted: waiting or refused questions, a private dataset's, another territory's.
    helpers.call_action("odl_question_create", context=as_user(territory, "inhabitant"),
                        dataset_id="budget-2025", title="En attente de modération")
    refused = published(territory, title="Refusée après coup")
    helpers.call_action("odl_question_moderate", context=as_user(territory, "admin"),
                        id=refused["id"], state="refusee")
    private = published(territory, "member", dataset_id="brouillon", title="Sur le brouillon")
    helpers.call_action("odl_question_answer", context=dict(editor), id=private["id"],
                        body="Réponse interne.")
    _aged(private["id"], 500)
    factories.Dataset(owner_org=territory["other"]["id"], name="roanne-bancs")
    elsewhere = helpers.call_action("odl_question_create", context=as_user(territory, "inhabitant"),
                                    dataset_id="roanne-bancs", title="Bancs de Roanne")
    assert elsewhere["territory"]["name"] == "roanne"

    figures = helpers.call_action("odl_question_figures", territory_id="firminy")
    assert figures["asked"] == 4 and figures["answered"] == 3
    assert figures["response_rate"] == 75 and figures["median_hours"] == 4.0
    for address in ("/territoires/firminy/public", "/territoires/firminy/questions"):
        body = app.get(address).body
        assert "taux de réponse : 75 %" in body and "4 heures" in body, address
    roanne = helpers.call_action("odl_question_figures", territory_id="roanne")
    assert roanne["asked"] == 0 and roanne["median_hours"] is None

    # The phase-6 indicator counts the same public answers.
    class Scope:
        territory_ids = [territory["territory"]["id"], territory["other"]["id"]]
    assert territory_indicators.questions_answered(Scope()) == {territory["territory"]["id"]: 3}
    shown = helpers.call_action("odl_territory_progress_show", id="firminy")
    criteria = {c["indicator"]: c for c in shown["phases"][5]["criteria"] if c["indicator"]}
    assert criteria["questions_answered"]["value"] == 3 and criteria["questions_answered"]["met"]


def test_daily_digest_counts_questions_with_links_only(app, territory, clean_limits, smtp):
    ask(app, territory["users"]["inhabitant"], title="Question pour le résumé")
    ask(app, title="Question anonyme pour le résumé")
    assert send()["mails"] == 1
    body = text_of(smtp.messages[0][1])
    assert "- 2 questions sur vos données" in body
    assert "2 questions attendent votre modération" in body
    assert "/territoires/firminy/questions" in body
    assert "pour le résumé" not in smtp.messages[0][1].as_string()


def test_delays_read_in_hours_then_days():
    from ckanext.opendatalocale.engagement import question_states as states
    assert states.response_rate(0, 0) is None and states.response_rate(2, 3) == 67
    assert states.median_hours(None) is None and states.median_hours(5400) == 1.5
    assert states.delay_words(47.9) == ("heures", 47.9)
    assert states.delay_words(84) == ("jours", 3.5)
    assert states.check_moderation("en_attente", "publiee") is None
    assert states.check_moderation("publiee", "publiee") is not None


def test_questions_in_the_moderation_queue_and_without_premoderation(app, territory,
                                                                     clean_limits):
    admin = as_user(territory, "admin")
    waiting = ask(app, territory["users"]["inhabitant"], title="Question pour la file")["result"]
    queue = helpers.call_action("odl_moderation_list", context=dict(admin),
                                territory_id="firminy")
    assert queue["counts"]["question"] == 1
    entry = [e for e in queue["results"] if e["kind"] == "question"][0]
    assert entry["id"] == waiting["id"] and entry["title"] == "Question pour la file"
    helpers.call_action("odl_moderation_decide", context=dict(admin), kind="question",
                        id=waiting["id"], decision="approuver")
    assert helpers.call_action("odl_question_show", id=waiting["id"])["state"] == "publiee"
    assert helpers.call_action("odl_moderation_list", context=dict(admin),
                               territory_id="firminy")["counts"]["question"] == 0
    # Reported, then unpublished from the queue: waiting again.
    helpers.call_action("odl_spam_report_create", context=as_user(territory, "member"),
                        item_kind="question", item_id=waiting["id"], reason="spam")
    helpers.call_action("odl_moderation_decide", context=dict(admin), kind="signalement",
                        id=f"question:{waiting['id']}", decision="depublier")
    assert helpers.call_action("odl_question_show", id=waiting["id"])["state"] == "en_attente"
    # A private dataset's question cannot be reported by the public.
    private = published(territory, "member", dataset_id="brouillon", title="Question interne")
    refused = app.post("/api/action/odl_spam_report_create", json={
        "item_kind": "question", "item_id": private["id"], "reason": "spam"},
        environ_base={"REMOTE_ADDR": "192.0.2.53"}, status=404).json
    assert refused["success"] is False
    # Pre-moderation off: published at once.
    helpers.call_action("odl_moderation_setting_update", context=dict(admin),
                        territory_id="firminy", premoderation=False)
    direct = ask(app, title="Question publiée aussitôt")["result"]
    assert direct["state"] == "publiee"
    assert "Question publiée aussitôt" in app.get("/territoires/firminy/questions").body


def test_an_answer_corrected_as_the_territory_or_removed(app, territory, clean_limits):
    # Issue 15, point 9: answers have update and delete too.
    question = published(territory, title="Les montants sont-ils TTC ?")
    answered = helpers.call_action("odl_question_answer", context=as_user(territory, "editor"),
                                   id=question["id"], body="Hors taxes.")
    answer_id = answered["answers"][0]["id"]
    corrected = call(app, "odl_question_answer_update", territory["users"]["admin"], 200,
                     id=answer_id, body="Toutes taxes comprises.")["result"]
    assert [a["body"] for a in corrected["answers"]] == ["Toutes taxes comprises."]
    assert corrected["answers"][0]["answered_as"] == "Commune de Firminy"
    page = app.get("/territoires/firminy/questions").body
    assert "Toutes taxes comprises." in page and "Hors taxes." not in page
    assert model.Session.get(QuestionAnswer, answer_id).user_id == territory["users"]["admin"]["id"]
    short = call(app, "odl_question_answer_update", territory["users"]["editor"], 409,
                 id=answer_id, body="")
    assert short["success"] is False
    assert helpers.call_action("odl_question_figures", territory_id="firminy")["answered"] == 1

    removed = call(app, "odl_question_answer_delete", territory["users"]["admin"], 200,
                   id=answer_id)["result"]
    assert removed["answers"] == []
    model.Session.expire_all()
    assert model.Session.get(Question, question["id"]).first_answered is None
    assert helpers.call_action("odl_question_figures", territory_id="firminy")["answered"] == 0
    gone = call(app, "odl_question_answer_delete", territory["users"]["admin"], 404, id=answer_id)
    assert "Réponse introuvable" in gone["error"]["message"]
