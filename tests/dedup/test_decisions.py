"""Decisions through CKAN (issue 14, point 4): on one pair of a cluster, "doublon" that
supersedes or, once confirmed, deletes (CKAN's soft delete), and undoing that restores."""
import pytest
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale.dedup import store
from tests.test_csrf import browser, token_of

from .test_duplicates import listing

pytestmark = [pytest.mark.usefixtures("with_plugins")]


def _decide(user, **data):
    return helpers.call_action("odl_duplicate_decide", {"user": user["name"], "ignore_auth": False},
                               **data)


def _state(name):
    return model.Package.get(name).state


def _pairs(result):
    return {tuple(sorted(p["datasets"])): p for c in result["clusters"] for p in c["pairs"]}


@pytest.fixture
def three_copies(territories, run_scan):
    """Three datasets of Firminy with one identifier: one cluster, three pairs."""
    firminy, roanne, users = territories
    for name, title in (("arbres", "Arbres d'alignement"), ("arbres-copie", "Arbres (copie)"),
                        ("arbres-export", "Export des arbres")):
        factories.Dataset(owner_org=firminy["id"], name=name, title=title, identifier="id-arbres")
    run_scan()
    return firminy, roanne, users


def test_not_a_duplicate_on_one_pair_leaves_the_others_open_until_a_side_changes(
        app, three_copies, run_scan):
    _, _, users = three_copies
    admin = users["admin"]
    decision = _decide(admin, pair=["arbres", "arbres-copie"], decision="not_duplicate")
    assert decision["pair"] == sorted([model.Package.get("arbres").id,
                                       model.Package.get("arbres-copie").id])
    assert decision["decided_by"] == admin["name"] and decision["decided_at"]

    (open_cluster,) = listing(app, admin, state="open")["clusters"]
    states = {names: pair["state"] for names, pair in _pairs({"clusters": [open_cluster]}).items()}
    assert states == {("arbres", "arbres-copie"): "resolved", ("arbres", "arbres-export"): "open",
                      ("arbres-copie", "arbres-export"): "open"}
    resolved = listing(app, admin, state="resolved")
    assert _pairs(resolved)[("arbres", "arbres-copie")]["decision"]["decision"] == "not_duplicate"

    run_scan()  # not shown again while neither side changes
    assert set(_pairs(listing(app, admin))) == {("arbres", "arbres-export"),
                                                ("arbres-copie", "arbres-export")}
    helpers.call_action("package_patch", id="arbres-copie", notes="Mise à jour 2025")
    run_scan()
    assert ("arbres", "arbres-copie") in _pairs(listing(app, admin, state="open"))


def test_a_pair_decision_is_undone_and_the_pair_is_open_again(app, three_copies):
    _, _, users = three_copies
    admin = users["admin"]
    _decide(admin, pair="arbres-copie,arbres", decision="duplicate", keep="arbres")
    status = helpers.call_action("odl_duplicate_status", id="arbres-copie")
    assert status["superseded"] and status["superseded_by"]["name"] == "arbres"
    assert not helpers.call_action("odl_duplicate_status", id="arbres-export")["superseded"]

    undone = _decide(admin, pair=["arbres", "arbres-copie"], decision="undo")
    assert undone["undone_by"] == admin["name"]
    assert _pairs(listing(app, admin, state="open"))[("arbres", "arbres-copie")]["state"] == "open"
    assert not helpers.call_action("odl_duplicate_status", id="arbres-copie")["superseded"]


@pytest.mark.parametrize("pair", [["arbres"], ["arbres", "arbres"], ["arbres", "inconnu"], 42])
def test_a_pair_that_is_not_two_datasets_of_a_cluster_is_refused(app, three_copies, pair):
    _, _, users = three_copies
    response = app.post("/api/action/odl_duplicate_decide",
                        headers={"Authorization": users["admin"]["token"]},
                        json={"pair": pair, "decision": "not_duplicate"})
    assert response.status_code in (404, 409), response.body
    assert store.active_decisions().count() == 0


def test_deleting_needs_a_confirmation_and_undoing_restores(app, three_copies, run_scan):
    _, _, users = three_copies
    admin = users["admin"]
    (cluster,) = listing(app, admin)["clusters"]
    with pytest.raises(Exception) as refused:
        _decide(admin, id=cluster["id"], decision="duplicate", keep="arbres", delete=True)
    assert "Confirmez la suppression de" in str(refused.value)
    assert "Arbres (copie)" in str(refused.value)
    assert _state("arbres-copie") == _state("arbres-export") == "active"
    assert store.active_decisions().count() == 0

    decision = _decide(admin, id=cluster["id"], decision="duplicate", keep="arbres",
                       delete=True, confirm=True)
    assert sorted(decision["deleted_ids"]) == sorted(
        [model.Package.get("arbres-copie").id, model.Package.get("arbres-export").id])
    assert _state("arbres-copie") == _state("arbres-export") == "deleted"
    assert _state("arbres") == "active"
    search = helpers.call_action("package_search", q="name:arbres-copie")
    assert search["count"] == 0

    run_scan()  # a scan reads active datasets only: the decision stays reachable
    (resolved,) = listing(app, admin, state="resolved")["clusters"]
    assert resolved["cluster_decision"]["deleted"] == ["arbres-copie", "arbres-export"]
    assert {d["name"]: d["state"] for d in resolved["datasets"]} == {
        "arbres": "active", "arbres-copie": "deleted", "arbres-export": "deleted"}
    # Who may not edit them never sees the deleted datasets.
    for role in ("member", "other_admin"):
        text = app.get("/api/action/odl_duplicate_list?state=resolved",
                       headers={"Authorization": users[role]["token"]}).body
        assert "arbres-copie" not in text
    with pytest.raises(Exception) as replaced:
        _decide(admin, id=cluster["id"], decision="not_duplicate")
    assert "Annulez d'abord" in str(replaced.value)

    undone = _decide(admin, id=cluster["id"], decision="undo")
    assert sorted(undone["restored_ids"]) == sorted(decision["deleted_ids"])
    assert _state("arbres-copie") == _state("arbres-export") == "active"
    assert helpers.call_action("package_search", q="name:arbres-copie")["count"] == 1
    assert listing(app, admin, state="open")["count"] == 1


def test_deleting_another_territorys_dataset_is_refused_and_nothing_is_deleted(
        app, territories, run_scan):
    firminy, roanne, users = territories
    factories.Dataset(owner_org=firminy["id"], name="bancs", title="Bancs", identifier="id-bancs")
    factories.Dataset(owner_org=roanne["id"], name="bancs-roanne", title="Bancs",
                      identifier="id-bancs")
    run_scan()
    with pytest.raises(Exception) as refused:
        _decide(users["admin"], pair=["bancs", "bancs-roanne"], decision="duplicate", keep="bancs",
                delete=True, confirm=True)
    assert "Vous ne pouvez pas supprimer « Bancs »" in str(refused.value)
    assert _state("bancs-roanne") == "active" and store.active_decisions().count() == 0
    # Marking it superseded is theirs to decide.
    _decide(users["admin"], pair=["bancs", "bancs-roanne"], decision="duplicate", keep="bancs")
    assert helpers.call_action("odl_duplicate_status", id="bancs-roanne")["superseded"]


@pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)
def test_the_page_asks_for_confirmation_before_deleting(app, three_copies):
    _, _, users = three_copies
    client = browser(app, users["admin"])
    page = client.get("/doublons")
    assert "Doublon : supprimer les autres…" in page.body
    assert "Doublon : supprimer l'autre…" in page.body or "Doublon : supprimer l&#39;autre…" in page.body
    cluster_id = listing(app, users["admin"])["clusters"][0]["id"]
    route = f"/doublons/{cluster_id}/decision"
    asked = client.post(route, data={"decision": "delete", "keep": "arbres",
                                     "_csrf_token": token_of(page), "back": "/doublons"})
    assert asked.status_code == 200
    assert "Supprimer les doublons ?" in asked.body and "Arbres (copie)" in asked.body
    assert _state("arbres-copie") == "active" and store.active_decisions().count() == 0

    done = client.post(route, follow_redirects=False, data={
        "decision": "delete", "keep": "arbres", "confirm": "1", "back": "/doublons",
        "_csrf_token": token_of(asked)})
    assert done.status_code == 302
    assert _state("arbres-copie") == _state("arbres-export") == "deleted"
    resolved = client.get("/doublons?etat=resolved")
    assert "supprimé" in resolved.body and "Annuler la décision" in resolved.body

    pair_page = client.post(route, follow_redirects=False, data={
        "decision": "undo", "_csrf_token": token_of(resolved), "back": "/doublons"})
    assert pair_page.status_code == 302
    assert _state("arbres-copie") == "active"


def test_deletion_follows_only_the_list_the_confirmation_showed(app, three_copies):
    _, _, users = three_copies
    admin = users["admin"]
    (cluster,) = listing(app, admin)["clusters"]
    shown = [model.Package.get("arbres-copie").id]  # the group has grown since: two others
    with pytest.raises(tk.ValidationError) as changed:
        _decide(admin, id=cluster["id"], decision="duplicate", keep="arbres", delete=True,
                confirm=True, expected=shown)
    assert "Le groupe a changé depuis la page de confirmation" in str(changed.value)
    assert _state("arbres-copie") == _state("arbres-export") == "active"
    for not_a_yes_or_no in ([1, 2], {"a": 1}):  # refused in French, not a server error
        with pytest.raises(tk.ValidationError):
            _decide(admin, id=cluster["id"], decision="duplicate", keep="arbres",
                    delete=not_a_yes_or_no, confirm=True)
    assert store.active_decisions().count() == 0
    shown.append(model.Package.get("arbres-export").id)
    _decide(admin, id=cluster["id"], decision="duplicate", keep="arbres", delete=True,
            confirm=True, expected=shown)
    assert _state("arbres-copie") == _state("arbres-export") == "deleted"


def test_a_deletion_failing_midway_stays_undoable(app, three_copies, monkeypatch):
    """CKAN's package_delete commits each dataset on its own: the decision is recorded
    first and keeps what was deleted before the failure, so "undo" restores it."""
    from ckanext.opendatalocale.dedup.logic import action

    _, _, users = three_copies
    admin = users["admin"]
    (cluster,) = listing(app, admin)["clusters"]
    real_get_action, calls = action.tk.get_action, []

    def failing_second_delete(name):
        real = real_get_action(name)
        if name != "package_delete":
            return real

        def delete(context, data_dict):
            calls.append(data_dict["id"])
            if len(calls) == 2:
                raise RuntimeError("panne simulée au deuxième jeu")
            return real(context, data_dict)
        return delete

    monkeypatch.setattr(action.tk, "get_action", failing_second_delete)
    with pytest.raises(RuntimeError):
        _decide(admin, id=cluster["id"], decision="duplicate", keep="arbres", delete=True,
                confirm=True)
    monkeypatch.setattr(action.tk, "get_action", real_get_action)

    first = model.Package.get(calls[0])
    assert first.state == "deleted" and model.Package.get(calls[1]).state == "active"
    (decision,) = store.active_decisions().all()
    assert decision.deleted_ids == [first.id]
    undone = _decide(admin, id=cluster["id"], decision="undo")
    assert undone["restored_ids"] == [first.id] and _state(first.name) == "active"


def test_undo_restores_all_or_nothing(app, territories, run_scan):
    firminy, roanne, users = territories
    for owner, name in ((firminy, "bancs"), (firminy, "bancs-copie"), (roanne, "bancs-roanne")):
        factories.Dataset(owner_org=owner["id"], name=name, title="Bancs", identifier="id-bancs")
    run_scan()
    (cluster,) = listing(app, users["sysadmin"])["clusters"]
    _decide(users["sysadmin"], id=cluster["id"], decision="duplicate", keep="bancs",
            delete=True, confirm=True)
    assert _state("bancs-copie") == _state("bancs-roanne") == "deleted"
    with pytest.raises(tk.NotAuthorized):
        _decide(users["admin"], id=cluster["id"], decision="undo")
    # Firminy's admin may restore its own dataset but not Roanne's: nothing is restored.
    assert _state("bancs-copie") == _state("bancs-roanne") == "deleted"
    assert store.active_decisions().count() == 1
    _decide(users["sysadmin"], id=cluster["id"], decision="undo")
    assert _state("bancs-copie") == _state("bancs-roanne") == "active"
