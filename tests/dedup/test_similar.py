"""The "des jeux de données semblables existent déjà" panel of the dataset form
(issue 14, point 5): its action, searched as the caller, and the form that loads it."""
import pytest
from ckan.tests import factories

from tests.test_csrf import browser

pytestmark = [pytest.mark.usefixtures("with_plugins")]


def similar(app, user, **params):
    headers = {"Authorization": user["token"]} if user else {}
    return app.get("/api/action/odl_duplicate_similar", params=params, headers=headers)


@pytest.fixture
def catalogue(territories):
    firminy, roanne, users = territories
    factories.Dataset(owner_org=roanne["id"], name="arbres-roanne",
                      title="Arbres d'alignement de Roanne")
    factories.Dataset(owner_org=firminy["id"], name="arbres-firminy-brouillon",
                      title="Arbres d'alignement (brouillon)", private=True)
    factories.Dataset(owner_org=firminy["id"], name="budget", title="Budget primitif 2024")
    return firminy, roanne, users


@pytest.mark.parametrize("role, sees_private", [
    ("member", True), ("editor", True), ("admin", True), ("other_admin", False),
    ("sysadmin", True)])
def test_close_titles_are_found_and_private_ones_only_for_who_may_read_them(
        app, catalogue, role, sees_private):
    firminy, _, users = catalogue
    response = similar(app, users[role], title="arbres d’alignement", owner_org=firminy["id"])
    assert response.status_code == 200, response.body
    found = response.json["result"]["datasets"]
    names = [d["name"] for d in found]
    assert "arbres-roanne" in names and "budget" not in names
    assert ("arbres-firminy-brouillon" in names) is sees_private
    if not sees_private:
        assert "brouillon" not in response.body
    roanne = next(d for d in found if d["name"] == "arbres-roanne")
    assert roanne["territory"] == "Commune de Roanne" and roanne["same_territory"] is False
    assert roanne["score"] >= 0.6


def test_the_dataset_being_edited_is_left_out_and_unrelated_titles_find_nothing(app, catalogue):
    _, _, users = catalogue
    found = similar(app, users["sysadmin"], title="Arbres d'alignement de Roanne",
                    id="arbres-roanne").json["result"]["datasets"]
    assert "arbres-roanne" not in [d["name"] for d in found]
    assert similar(app, users["sysadmin"], title="Horaires des piscines").json["result"] == {
        "datasets": []}
    assert similar(app, users["sysadmin"], title="de la").json["result"] == {"datasets": []}


@pytest.mark.parametrize("params, field", [
    ({}, "title"), ({"title": "x" * 301}, "title"), ({"title": "arbres", "limit": 11}, "limit")])
def test_bad_parameters_get_a_french_error(app, catalogue, params, field):
    _, _, users = catalogue
    response = similar(app, users["admin"], **params)
    assert response.status_code == 409 and field in response.json["error"]


def test_anonymous_visitors_are_refused(app, catalogue):
    response = similar(app, None, title="arbres d'alignement")
    assert response.status_code == 403
    assert "Arbres" not in response.body


def test_the_new_dataset_form_carries_the_panel_and_the_edit_form_does_not(app, catalogue):
    _, _, users = catalogue
    client = browser(app, users["editor"])
    page = client.get("/dataset/new")
    assert 'id="odl-similar-datasets"' in page.body
    assert "odl_duplicate_similar" in page.body and "similar.js" in page.body
    edit = client.get("/dataset/edit/budget")
    assert edit.status_code == 200 and 'id="odl-similar-datasets"' not in edit.body
