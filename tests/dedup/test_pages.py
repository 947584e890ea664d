"""The duplicates page through a browser session: decisions and scans need the form token."""
import pytest
from ckan.tests import factories

from ckanext.opendatalocale.dedup import store
from tests.test_csrf import REFUSED, browser, token_of

pytestmark = [pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True),
              pytest.mark.usefixtures("with_plugins")]


@pytest.fixture
def cluster(territories, run_scan):
    firminy, _, users = territories
    factories.Dataset(owner_org=firminy["id"], name="bancs-a", title="Bancs publics",
                      identifier="id-bancs")
    factories.Dataset(owner_org=firminy["id"], name="bancs-b", title="Mobilier urbain",
                      identifier="id-bancs")
    run_scan()
    (cluster_id,) = {pair.cluster_id for pair, _, _ in store.pairs_of(
        [p.cluster_id for p in store.model.Session.query(store.DuplicatePair)], store.ALL)}
    return cluster_id, users


def test_a_territory_admin_decides_from_the_page_with_the_form_token(app, cluster):
    cluster_id, users = cluster
    client = browser(app, users["admin"])
    page = client.get("/doublons?territoire=firminy")
    assert "Même identifiant à la source" in page.body
    assert "Pas un doublon" in page.body and "Lancer une analyse" not in page.body
    # the pair by its datasets' titles, their URL names beside them, in the row and the choice
    assert 'Bancs publics <small class="text-muted">(bancs-a)</small>' in page.body
    assert 'Mobilier urbain <small class="text-muted">(bancs-b)</small>' in page.body
    assert '<option value="bancs-b">Mobilier urbain (bancs-b)</option>' in page.body
    route = f"/doublons/{cluster_id}/decision"
    refused = client.post(route, data={"decision": "not_duplicate"}, follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body
    assert store.decision_of(cluster_id) is None

    accepted = client.post(route, follow_redirects=False, data={
        "decision": "not_duplicate", "_csrf_token": token_of(page),
        "back": "https://ailleurs.example/"})
    assert accepted.status_code == 302
    assert accepted.headers["Location"].endswith("/doublons")  # never sent elsewhere
    assert store.decision_of(cluster_id).decision == "not_duplicate"
    assert "Annuler la décision" in client.get("/doublons?etat=resolved").body


def test_a_member_sees_the_group_but_no_decision_form(app, cluster):
    _, users = cluster
    page = browser(app, users["member"]).get("/doublons")
    assert "Bancs publics" in page.body and "Pas un doublon" not in page.body


def test_the_sysadmin_starts_a_scan_from_the_page_with_the_form_token(app, cluster):
    _, users = cluster
    client = browser(app, users["sysadmin"])
    refused = client.post("/doublons/analyse", data={}, follow_redirects=False)
    assert refused.status_code == 400
    page = client.get("/doublons")
    assert "Dernière analyse : finished" in page.body
    accepted = client.post("/doublons/analyse", follow_redirects=False,
                           data={"_csrf_token": token_of(page)})
    assert accepted.status_code == 302
    assert store.latest_scan().state == "queued"
