"""Data requests through CKAN: asked by signed-in users, moderated by the territory's
admins, answered by its editors, supported once per person; requesters' e-mails
never shown; every refusal a French message with nothing stored half-way."""
import pytest
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.model import DataRequest, DataRequestVote

from .conftest import ROLES, headers
from .test_anonymous_requests import clean_limits  # noqa: F401

MAY_MODERATE = {"admin", "sysadmin"}
MAY_ANSWER = {"editor", "admin", "sysadmin"}


def ask(app, user, **values):
    body = dict({"territory_id": "firminy", "title": "Horaires des piscines",
                 "description": "Par jour et par bassin.", "purpose": "Une appli pour nager",
                 "requester_kind": "habitant"}, **values)
    return app.post("/api/action/odl_data_request_create", headers=headers(user), json=body)


def act(app, user, action, status=200, **body):
    return app.post(f"/api/action/{action}", headers=headers(user), json=body, status=status).json


def accepted_request(app, territory):
    users = territory["users"]
    request = ask(app, users["inhabitant"]).json["result"]
    act(app, users["admin"], "odl_data_request_update", id=request["id"], state="acceptee")
    return request


def rows():
    from ckan import model
    return model.Session.query(DataRequest).count()


def test_signed_in_user_asks_and_the_request_waits_for_moderation(app, territory):
    users = territory["users"]
    created = ask(app, users["inhabitant"]).json["result"]
    assert created["state"] == "nouvelle" and created["is_mine"] is True
    assert created["requester_kind_label"] == "Habitant ou habitante"
    anonymous = act(app, None, "odl_data_request_list", territory_id="firminy")["result"]
    assert anonymous["count"] == 0
    mine = act(app, users["inhabitant"], "odl_data_request_list", territory_id="firminy")
    assert mine["result"]["count"] == 1
    refused = app.get(f"/api/action/odl_data_request_show?id={created['id']}", status=403)
    assert "modération" in refused.json["error"]["message"]


def test_anonymous_asks_with_an_optional_email(app, territory, clean_limits):
    response = app.post("/api/action/odl_data_request_create",
                        environ_base={"REMOTE_ADDR": "192.0.2.40"}, json={
        "territory_id": "firminy", "title": "Horaires des déchetteries",
        "requester_kind": "association", "email": "anonyme@example.org"})
    created = response.json["result"]
    assert created["state"] == "nouvelle" and created["is_mine"] is False
    assert "requester_email" not in created  # the anonymous requester is no moderator
    from ckan import model
    stored = model.Session.query(DataRequest).one()
    assert stored.user_id is None and stored.requester_email == "anonyme@example.org"


@pytest.mark.parametrize("values,field,words", [
    ({"requester_kind": "extraterrestre"}, "requester_kind", "Dites qui vous êtes"),
    ({"title": "abc"}, "title", "trop court"),
    ({"title": "x" * 201}, "title", "trop long"),
    ({"description": "x" * 4001}, "description", "trop long"),
    ({"territory_id": "nulle-part"}, None, "Territoire introuvable"),
])
def test_bad_input_is_refused_in_french_and_nothing_is_stored(app, territory, values, field, words):
    response = app.post("/api/action/odl_data_request_create",
                        headers=headers(territory["users"]["inhabitant"]),
                        json=dict({"territory_id": "firminy", "title": "Horaires des piscines",
                                   "requester_kind": "habitant"}, **values),
                        status=404 if field is None else 409)
    error = response.json["error"]
    assert words in (error["message"] if field is None else " ".join(error[field]))
    assert rows() == 0


@pytest.mark.parametrize("role", ROLES)
def test_moderation_of_a_new_request(app, territory, role):
    created = ask(app, territory["users"]["inhabitant"]).json["result"]
    response = act(app, territory["users"][role], "odl_data_request_update",
                   status=200 if role in MAY_MODERATE else 403, id=created["id"],
                   state="acceptee")
    assert response["success"] is (role in MAY_MODERATE)


@pytest.mark.parametrize("role", ROLES)
def test_answering_an_accepted_request(app, territory, role):
    request = accepted_request(app, territory)
    response = act(app, territory["users"][role], "odl_data_request_update",
                   status=200 if role in MAY_ANSWER else 403, id=request["id"], state="en_cours")
    assert response["success"] is (role in MAY_ANSWER)


@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue_and_deletion(app, territory, role):
    created = ask(app, territory["users"]["inhabitant"]).json["result"]
    user = territory["users"][role]
    queue = app.get("/api/action/odl_data_request_list?territory_id=firminy&state=nouvelle",
                    headers=headers(user), status=200 if role in MAY_ANSWER else 403).json
    if role in MAY_ANSWER:
        assert [r["id"] for r in queue["result"]["results"]] == [created["id"]]
    deleted = act(app, user, "odl_data_request_delete", id=created["id"],
                  status=200 if role in MAY_MODERATE else 403)
    assert deleted["success"] is (role in MAY_MODERATE)
    assert rows() == (0 if role in MAY_MODERATE else 1)


def test_full_life_refusal_reason_public_and_publication_links_a_public_dataset(app, territory):
    users = territory["users"]
    request = accepted_request(app, territory)
    no_dataset = act(app, users["editor"], "odl_data_request_update", status=409,
                     id=request["id"], state="publiee")
    assert "jeu de données" in " ".join(no_dataset["error"]["dataset_id"])
    private = act(app, users["editor"], "odl_data_request_update", status=409,
                  id=request["id"], state="publiee", dataset_id=territory["private"]["id"])
    assert "pas public" in " ".join(private["error"]["dataset_id"])
    backwards = act(app, users["editor"], "odl_data_request_update", status=409,
                    id=request["id"], state="nouvelle")
    assert "ne peut pas passer" in " ".join(backwards["error"]["state"])
    done = act(app, users["editor"], "odl_data_request_update", id=request["id"],
               state="publiee", dataset_id=territory["public"]["name"])["result"]
    assert done["state"] == "publiee" and done["dataset"]["name"] == "budget-2025"
    page = app.get("/territoires/firminy/demandes")
    assert "Budget primitif 2025" in page.body and "Publiée" in page.body

    other = accepted_request(app, territory)
    no_reason = act(app, users["admin"], "odl_data_request_update", status=409,
                    id=other["id"], state="refusee")
    assert "raison du refus" in " ".join(no_reason["error"]["reason"])
    act(app, users["admin"], "odl_data_request_update", id=other["id"], state="refusee",
        reason="Ces données appartiennent à la Métropole.")
    assert "Ces données appartiennent à la Métropole." in app.get("/territoires/firminy/demandes").body


def test_one_vote_per_person_and_none_before_moderation(app, territory):
    users = territory["users"]
    created = ask(app, users["inhabitant"]).json["result"]
    early = act(app, users["member"], "odl_data_request_vote", status=403, id=created["id"])
    assert "modération" in early["error"]["message"]
    act(app, users["admin"], "odl_data_request_update", id=created["id"], state="acceptee")
    for voter in ("member", "other_admin", "inhabitant"):
        voted = act(app, users[voter], "odl_data_request_vote", id=created["id"])["result"]
        assert voted["voted"] is True
    again = act(app, users["member"], "odl_data_request_vote", status=409, id=created["id"])
    assert "déjà" in " ".join(again["error"]["id"])
    shown = act(app, None, "odl_data_request_show", id=created["id"])["result"]
    assert shown["vote_count"] == 3
    act(app, users["member"], "odl_data_request_vote_delete", id=created["id"])
    assert act(app, None, "odl_data_request_show", id=created["id"])["result"]["vote_count"] == 2
    # Without an account a vote cannot be taken back (nothing says whose it is).
    anonymous = act(app, None, "odl_data_request_vote_delete", status=403, id=created["id"])
    assert "Connectez-vous" in anonymous["error"]["message"]
    from ckan import model
    assert model.Session.query(DataRequestVote).count() == 2


def test_list_is_paged_and_sorted_by_votes(app, territory):
    users = territory["users"]
    ids = []
    for number in range(5):
        request = ask(app, users["inhabitant"], title=f"Demande numéro {number}").json["result"]
        act(app, users["admin"], "odl_data_request_update", id=request["id"], state="acceptee")
        ids.append(request["id"])
    act(app, users["member"], "odl_data_request_vote", id=ids[1])
    first = act(app, None, "odl_data_request_list", territory_id="firminy", limit=2,
                sort="votes")["result"]
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["results"][0]["id"] == ids[1]
    rest = act(app, None, "odl_data_request_list", territory_id="firminy", limit=2,
               offset=4)["result"]
    assert [r["id"] for r in rest["results"]] == [ids[0]]
    huge = act(app, None, "odl_data_request_list", limit=100000)["result"]
    assert huge["limit"] == 100


@pytest.mark.parametrize("role", ROLES)
def test_requester_email_never_shown_and_account_name_only_to_moderators(app, territory, role):
    users = territory["users"]
    request = accepted_request(app, territory)
    user = users[role]
    api = app.get("/api/action/odl_data_request_list?territory_id=firminy",
                  headers=headers(user)).body
    page = app.get("/territoires/firminy/demandes", headers=headers(user)).body
    public = app.get("/territoires/firminy/public", headers=headers(user)).body
    for body in (api, page, public):
        assert "habitante.secrete@example.org" not in body
    shown = act(app, user, "odl_data_request_show", id=request["id"])["result"]
    assert ("requester" in shown) is (role in MAY_MODERATE)
    assert (users["inhabitant"]["name"] in api) is (role in MAY_MODERATE)


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_user_text_is_escaped_on_every_page_that_shows_it(app, territory):
    users = territory["users"]
    request = ask(app, users["inhabitant"], title="Données " + XSS, description=XSS,
                  purpose=XSS).json["result"]
    act(app, users["admin"], "odl_data_request_update", id=request["id"], state="refusee",
        reason=XSS)
    act(app, users["admin"], "odl_data_request_delete", id=request["id"])
    request = ask(app, users["inhabitant"], title="Données " + XSS, description=XSS,
                  purpose=XSS).json["result"]
    act(app, users["admin"], "odl_data_request_update", id=request["id"], state="acceptee")
    other = ask(app, users["inhabitant"], title="Autre demande").json["result"]
    act(app, users["admin"], "odl_data_request_update", id=other["id"], state="refusee",
        reason=XSS)
    for url in ("/territoires/firminy/demandes", "/territoires/firminy/public"):
        body = app.get(url, headers=headers(users["admin"])).body
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;alert" in body, url
