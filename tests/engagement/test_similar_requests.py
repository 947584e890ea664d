"""Similar requests and datasets suggested while a request is typed (issue 15,
point 2), through CKAN: only what the caller may see, never a private dataset, and
the hints written into the page as text."""
import pytest
from ckan.tests import helpers

from .conftest import headers

XSS = '<script>alert("x")</script>'


def similar(app, user=None, title="horaire des piscines", status=200):
    return app.get("/api/action/odl_data_request_similar", headers=headers(user),
                   query_string={"territory_id": "firminy", "title": title},
                   status=status).json


def ask(territory, title, accept=True):
    users = territory["users"]
    created = helpers.call_action("odl_data_request_create",
                                  context={"user": users["inhabitant"]["name"]},
                                  territory_id="firminy", title=title,
                                  requester_kind="habitant")
    if accept:
        helpers.call_action("odl_data_request_update", context={"user": users["admin"]["name"]},
                            id=created["id"], state="acceptee")
    return created


def test_similar_public_requests_best_first_and_not_the_unrelated(app, territory):
    close = ask(territory, "Horaires des piscines")
    near = ask(territory, "Horaires d'ouverture des piscines municipales")
    ask(territory, "Budget des associations")
    found = similar(app)["result"]
    assert [r["id"] for r in found["requests"]] == [close["id"], near["id"]]
    assert found["requests"][0]["score"] == 1.0


def test_waiting_requests_hidden_from_the_public_but_shown_to_the_team(app, territory):
    waiting = ask(territory, "Horaires des piscines", accept=False)
    assert similar(app)["result"]["requests"] == []
    users = territory["users"]
    assert [r["id"] for r in similar(app, users["editor"])["result"]["requests"]] == [waiting["id"]]
    assert [r["id"] for r in similar(app, users["inhabitant"])["result"]["requests"]] == [
        waiting["id"]]  # their own


def test_public_datasets_suggested_never_private_ones(app, territory):
    from ckan.tests import factories
    factories.Dataset(owner_org=territory["territory"]["id"], name="piscines-horaires",
                      title="Horaires des piscines municipales")
    factories.Dataset(owner_org=territory["territory"]["id"], private=True,
                      name="piscines-brouillon", title="Piscines : fréquentation (brouillon)")
    names = [d["name"] for d in similar(app, territory["users"]["admin"],
                                        title="piscines fréquentation")["result"]["datasets"]]
    assert "piscines-horaires" in names and "piscines-brouillon" not in names


@pytest.mark.parametrize("title,words", [("", "Valeur manquante"), ("x" * 201, "trop long")])
def test_bad_titles_refused(app, territory, title, words):
    error = similar(app, title=title, status=409)["error"]
    assert words in " ".join(error["title"])


def test_page_loads_the_hints_and_the_script_writes_text_only(app, territory):
    ask(territory, "Horaires des piscines " + XSS)
    body = app.get("/territoires/firminy/demandes").body
    assert 'id="demandes-similaires"' in body and "similar" in body
    found = similar(app)["result"]["requests"]
    assert found and found[0]["title"].endswith(XSS)  # JSON carries the raw text...
    assert "<script>alert" not in body  # ...the page lists it escaped
    import pathlib
    import ckanext.opendatalocale.engagement as engagement
    script = (pathlib.Path(engagement.__file__).parent / "assets" / "similar.js").read_text()
    # ...and the script that shows hints never parses them as markup
    assert "textContent" in script and "innerHTML" not in script and "insertAdjacentHTML" not in script
