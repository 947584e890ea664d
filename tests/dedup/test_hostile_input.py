"""What a visitor may type or send never ends in a server error, and a sysadmin cannot
record a decision on a cluster that does not exist."""
import pytest

pytestmark = pytest.mark.usefixtures("with_plugins")

DECIDE_BODIES = [
    {"id": ["x"], "decision": "undo"},
    {"id": {"a": 1}, "decision": "duplicate", "keep": ["a"]},
    {"id": "x" * 5000, "decision": "not_duplicate"},
    {"id": "0123456789abcdef01234567", "decision": "not_duplicate"},  # well-formed, unknown
    {"decision": "undo"},
    {"id": "", "decision": ""},
    {"id": "\x00", "decision": "undo"},
]


def test_decide_refuses_hostile_or_unknown_ids_without_a_server_error(app, territories):
    _, _, users = territories
    for body in DECIDE_BODIES:
        for user in (users["admin"], users["sysadmin"], None):
            response = app.post("/api/action/odl_duplicate_decide", json=body,
                                headers={"Authorization": user["token"]} if user else {})
            assert response.status_code in (403, 404, 409), (body, response.body)
            assert response.status_code != 200
    from ckanext.opendatalocale.dedup.model import DuplicateDecision
    import ckan.model as model
    assert model.Session.query(DuplicateDecision).count() == 0


@pytest.mark.parametrize("params", [
    {"territory": "\x00"}, {"territory": "x" * 3000}, {"limit": "1e9"},
    {"offset": "999999999999999999999"}, {"state": ["open", "resolved"]},
])
def test_list_refuses_hostile_parameters_cleanly(app, territories, params):
    response = app.get("/api/action/odl_duplicate_list", params=params)
    assert response.status_code in (404, 409), response.body


@pytest.mark.parametrize("url", [
    "/doublons?page=-3", "/doublons?page=99999999999999999999", "/doublons?territoire=%00",
    "/doublons?etat=x&territoire=", "/doublons/export.csv?territoire=%00",
    "/doublons/export.csv?etat=resolved",
])
def test_pages_answer_hostile_queries_without_a_server_error(app, territories, url):
    response = app.get(url)
    if "%00" in url:
        # The suite's form guard refuses a NUL anywhere in a request, in French.
        assert response.status_code == 400 and "caractère nul" in response.body
    else:
        assert response.status_code in (200, 404)
