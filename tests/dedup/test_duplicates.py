"""Duplicate detection through CKAN: identifier field, signals, report, privacy, decisions."""
import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.dedup import territory_indicators
from ckanext.opendatalocale.territories.indicators import IndicatorContext

from .conftest import ROLES

pytestmark = [pytest.mark.usefixtures("with_plugins")]

NOTES = "Liste des subventions versées par la commune aux associations : montant, objet, date."


def headers(user):
    return {"Authorization": user["token"]} if user else {}


def listing(app, user, **params):
    response = app.get("/api/action/odl_duplicate_list", params=params, headers=headers(user))
    assert response.status_code == 200, response.body
    return response.json["result"]


def reason_codes(result):
    return {tuple(sorted(pair["datasets"])): sorted(r["code"] for r in pair["reasons"])
            for cluster in result["clusters"] for pair in cluster["pairs"]}


class TestIdentifierField:
    def test_an_admin_sets_it_through_the_api_on_generic_and_typed_datasets(self, app, territories):
        firminy, _, users = territories
        context = {"user": users["admin"]["name"]}
        for dataset_type in ("dataset", "scdl-subventions"):
            created = helpers.call_action(
                "package_create", context, type=dataset_type, name=f"budget-{dataset_type}",
                title="Budget", owner_org=firminy["id"],
                identifier="  https://data.region.fr/dataset/budget  ")
            shown = helpers.call_action("package_show", id=created["id"])
            assert shown["identifier"] == "https://data.region.fr/dataset/budget"
            page = app.get(f"/{dataset_type}/{created['name']}")
            assert "Identifiant à la source" in page.body
            assert "https://data.region.fr/dataset/budget" in page.body

    def test_it_stays_optional(self, territories):
        firminy, _, _ = territories
        dataset = factories.Dataset(owner_org=firminy["id"])
        assert not helpers.call_action("package_show", id=dataset["id"]).get("identifier")


class TestSignals:
    def test_identifier_url_content_and_text_pairs_with_reasons(
            self, app, territories, run_scan, create_with_upload):
        firminy, roanne, users = territories
        a = factories.Dataset(owner_org=firminy["id"], name="arbres", title="Arbres d'alignement",
                              identifier="https://data.loire.fr/ds/arbres")
        b = factories.Dataset(owner_org=roanne["id"], name="arbres-copie", title="Patrimoine arboré",
                              identifier="HTTPS://DATA.LOIRE.FR/ds/arbres/")
        c = factories.Dataset(owner_org=firminy["id"], name="parkings", title="Parkings",
                              resources=[{"url": "http://Example.org:80/parkings.csv?utm_source=x"}])
        d = factories.Dataset(owner_org=roanne["id"], name="stationnement", title="Stationnement",
                              resources=[{"url": "https://example.org/parkings.csv#haut"}])
        e = factories.Dataset(owner_org=firminy["id"], name="ecoles", title="Écoles")
        f = factories.Dataset(owner_org=roanne["id"], name="etablissements", title="Établissements")
        for dataset in (e, f):
            create_with_upload("code;nom\n1;Jules Ferry\n", "ecoles.csv", package_id=dataset["id"])
        factories.Dataset(owner_org=firminy["id"], name="subventions-2024",
                          title="Subventions versées aux associations en 2024", notes=NOTES)
        factories.Dataset(owner_org=firminy["id"], name="subventions-2024-bis",
                          title="Subventions versees aux associations (2024)", notes=NOTES)
        # Look-alikes: another territory, another year.
        factories.Dataset(owner_org=roanne["id"], name="roanne-subventions-2024",
                          title="Subventions versées aux associations en 2024", notes=NOTES)
        factories.Dataset(owner_org=firminy["id"], name="subventions-2023",
                          title="Subventions versées aux associations en 2023", notes=NOTES)

        scan = run_scan()
        assert scan["state"] == "finished" and scan["done"] == scan["total"] == 10

        result = listing(app, users["sysadmin"])
        assert reason_codes(result) == {
            ("arbres", "arbres-copie"): ["identifier"],
            ("parkings", "stationnement"): ["url"],
            ("ecoles", "etablissements"): ["content"],
            ("subventions-2024", "subventions-2024-bis"): ["text"],
        }
        assert result["count"] == 4
        assert result["clusters"][0]["score"] == 1.0
        texts = [r["text"] for c in result["clusters"] for p in c["pairs"] for r in p["reasons"]]
        assert "Même identifiant à la source : « data.loire.fr/ds/arbres »" in texts
        assert any(t.startswith("Même contenu de fichier (empreinte SHA-256") for t in texts)

    def test_a_copied_dataset_is_one_cluster_and_the_list_is_paged(self, app, territories, run_scan):
        firminy, roanne, users = territories
        for i in range(4):
            factories.Dataset(owner_org=firminy["id"] if i % 2 else roanne["id"], name=f"copie-{i}",
                              identifier="ID-ARBRES")
        factories.Dataset(owner_org=firminy["id"], name="x1", identifier="ID-X")
        factories.Dataset(owner_org=firminy["id"], name="x2", identifier="id-x")
        run_scan()
        result = listing(app, users["sysadmin"], limit=1)
        assert result["count"] == 2
        (cluster,) = result["clusters"]
        assert len(cluster["datasets"]) in (2, 4)
        first_ids = {cluster["id"]}
        second = listing(app, users["sysadmin"], limit=1, offset=1)["clusters"]
        assert {c["id"] for c in second}.isdisjoint(first_ids)
        sizes = sorted(len(c["datasets"]) for c in listing(app, users["sysadmin"])["clusters"])
        assert sizes == [2, 4]
        assert sorted(len(c["pairs"]) for c in listing(app, users["sysadmin"])["clusters"]) == [1, 6]


@pytest.fixture
def private_catalogue(territories, run_scan):
    """public A ~ private P (Firminy) by identifier, public A ~ public C (Roanne) by link,
    public X ~ private Q ~ public Y: X and Y linked only through Q."""
    firminy, roanne, users = territories
    factories.Dataset(owner_org=firminy["id"], name="public-a", title="Arbres publics",
                      identifier="uri-arbres", resources=[{"url": "https://ex.org/arbres.csv"}])
    factories.Dataset(owner_org=firminy["id"], name="prive-p", title="Brouillon secret",
                      private=True, identifier="uri-arbres")
    factories.Dataset(owner_org=roanne["id"], name="public-c", title="Arbres de Roanne",
                      resources=[{"url": "https://ex.org/arbres.csv"}])
    factories.Dataset(owner_org=firminy["id"], name="public-x", title="Bancs", identifier="uri-bancs")
    factories.Dataset(owner_org=firminy["id"], name="prive-q", title="Chantier confidentiel",
                      private=True, identifier="uri-bancs", resources=[{"url": "https://ex.org/q.csv"}])
    factories.Dataset(owner_org=roanne["id"], name="public-y", title="Mobilier",
                      resources=[{"url": "https://ex.org/q.csv"}])
    run_scan()
    return firminy, roanne, users


SEES_PRIVATE = {"member", "editor", "admin", "sysadmin"}
MAY_DECIDE = {"admin", "sysadmin"}


@pytest.mark.parametrize("role", ROLES)
def test_private_datasets_are_shown_only_to_who_may_read_them(app, private_catalogue, role):
    _, _, users = private_catalogue
    result = listing(app, users[role])
    pairs = set(reason_codes(result))
    if role in SEES_PRIVATE:
        assert pairs == {("prive-p", "public-a"), ("public-a", "public-c"),
                         ("prive-q", "public-x"), ("prive-q", "public-y")}
        assert result["count"] == 2
    else:
        assert pairs == {("public-a", "public-c")}
        assert result["count"] == 1
    for text in [app.get("/api/action/odl_duplicate_list", headers=headers(users[role])).body,
                 app.get("/doublons", headers=headers(users[role])).body,
                 app.get("/doublons?territoire=roanne", headers=headers(users[role])).body,
                 app.get("/doublons/export.csv", headers=headers(users[role])).body]:
        for secret in ("prive-p", "Brouillon secret", "prive-q", "Chantier confidentiel",
                       "uri-arbres", "uri-bancs", "ex.org/q.csv", "public-x", "public-y"):
            assert (secret in text) is False or role in SEES_PRIVATE, secret


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_of_a_territory_who_read_every_dataset_decide(app, private_catalogue, role):
    _, _, users = private_catalogue
    clusters = listing(app, users["sysadmin"])["clusters"]
    with_private = next(c for c in clusters if {"prive-p", "public-a"} <= {d["name"] for d in c["datasets"]})
    response = app.post("/api/action/odl_duplicate_decide", headers=headers(users[role]),
                        json={"id": with_private["id"], "decision": "not_duplicate"})
    assert response.status_code == (200 if role in MAY_DECIDE else 403), response.body


def test_decisions_resolve_are_undone_and_not_a_duplicate_lasts_until_content_changes(
        app, territories, run_scan):
    firminy, _, users = territories
    admin = {"user": users["admin"]["name"]}
    a = factories.Dataset(owner_org=firminy["id"], name="bancs-a", title="Bancs", identifier="id-bancs")
    factories.Dataset(owner_org=firminy["id"], name="bancs-b", title="Mobilier", identifier="id-bancs")
    run_scan()
    (cluster,) = listing(app, users["admin"], state="open")["clusters"]

    with pytest.raises(Exception) as refused:
        helpers.call_action("odl_duplicate_decide", admin, id=cluster["id"], decision="duplicate",
                            keep="un-autre-jeu")
    assert "Choisissez le jeu de données à conserver" in str(refused.value)
    kept = helpers.call_action("odl_duplicate_decide", admin, id=cluster["id"],
                               decision="duplicate", keep="bancs-a")
    assert kept["keep_id"] == a["id"] and kept["decided_by"] == users["admin"]["name"]
    assert listing(app, users["admin"], state="open")["count"] == 0
    (resolved,) = listing(app, users["admin"], state="resolved")["clusters"]
    assert resolved["decision"] == "duplicate"

    undone = helpers.call_action("odl_duplicate_decide", admin, id=cluster["id"], decision="undo")
    assert undone["undone_by"] == users["admin"]["name"] and undone["undone_at"]
    assert listing(app, users["admin"], state="open")["count"] == 1

    helpers.call_action("odl_duplicate_decide", admin, id=cluster["id"], decision="not_duplicate")
    run_scan()
    assert listing(app, users["admin"])["count"] == 0  # not shown again while unchanged
    helpers.call_action("package_patch", id="bancs-b", title="Mobilier urbain")
    run_scan()
    assert listing(app, users["admin"], state="open")["count"] == 1  # one side changed


def test_open_clusters_feed_the_phase_4_indicator_with_public_pairs_only(private_catalogue):
    firminy, roanne, _ = private_catalogue
    context = IndicatorContext(territories={firminy["id"]: {}, roanne["id"]: {}})
    assert territory_indicators.open_duplicate_clusters(context) == {firminy["id"]: 1, roanne["id"]: 1}


def test_dashboard_criterion_reads_the_indicator(app, private_catalogue):
    progress = app.get("/api/action/odl_territory_progress_show?id=firminy").json["result"]
    (criterion,) = [c for phase in progress["phases"] for c in phase["criteria"]
                    if c["id"] == "no_open_duplicates"]
    assert criterion["available"] is True
    assert criterion["value"] == 1 and criterion["met"] is False


@pytest.mark.parametrize("params, field", [
    ({"limit": 1000}, "limit"), ({"limit": -1}, "limit"), ({"state": "tous"}, "state"),
    ({"offset": "x"}, "offset"),
])
def test_bad_list_parameters_get_a_french_400(app, territories, params, field):
    response = app.get("/api/action/odl_duplicate_list", params=params)
    assert response.status_code == 409
    assert field in response.json["error"]


def test_unknown_territory_is_a_404_and_scans_are_for_sysadmins(app, territories):
    _, _, users = territories
    assert app.get("/doublons?territoire=nulle-part").status_code == 404
    for role in ("anonymous", "admin"):
        response = app.post("/api/action/odl_duplicate_scan", headers=headers(users[role]), json={})
        assert response.status_code == 403
    assert app.get("/api/action/odl_duplicate_scan_show",
                   headers=headers(users["sysadmin"])).status_code == 404


def test_the_command_line_scans_with_a_progress_bar(cli, territories):
    from ckan.cli.cli import ckan

    firminy, roanne, _ = territories
    factories.Dataset(owner_org=firminy["id"], name="arbres", identifier="id-arbres")
    factories.Dataset(owner_org=roanne["id"], name="arbres-roanne", identifier="ID-ARBRES")
    result = cli.invoke(ckan, ["opendatalocale", "duplicates", "scan"])
    assert result.exit_code == 0, result.output
    assert "Jeux de données lus" in result.output
    assert "2 jeux de données lus ; groupes de doublons possibles : 1." in result.output
    scan = helpers.call_action("odl_duplicate_scan_show", {"ignore_auth": True})
    assert scan["state"] == "finished" and scan["done"] == scan["total"] == 2


def test_csv_export_lists_each_readable_pair_with_its_reasons(app, private_catalogue):
    _, _, users = private_catalogue
    response = app.get("/doublons/export.csv?territoire=roanne")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    lines = response.body.lstrip("\ufeff").splitlines()
    assert lines[0] == "groupe,score_groupe,etat,jeu_1,jeu_2,score_paire,raisons"
    assert len(lines) == 2
    cells = lines[1].split(",")
    assert {cells[3], cells[4]} == {"public-a", "public-c"} and cells[5] == "0.95"
    assert "Même lien de fichier (une fois normalisé) : ex.org/arbres.csv" in lines[1]
    member_lines = app.get("/doublons/export.csv", headers=headers(users["member"])).body.splitlines()
    assert len(member_lines) == 5
    assert app.get("/doublons/export.csv?territoire=nulle-part").status_code == 404
