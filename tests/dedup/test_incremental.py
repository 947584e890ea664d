"""Through CKAN: the check on save (a background job), the dataset page notice, the
suggested dataset to keep, the SCDL schema signal and "remplacé par"."""
import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.dedup import incremental

from .test_duplicates import headers, listing, reason_codes

pytestmark = [pytest.mark.usefixtures("with_plugins")]


@pytest.mark.usefixtures("clean_queues")
def test_saving_a_dataset_queues_one_check_in_the_background_queue(territories):
    from ckan.lib import jobs

    firminy, _, _ = territories
    dataset = factories.Dataset(owner_org=firminy["id"], name="arbres")
    helpers.call_action("package_patch", id=dataset["id"], title="Arbres de la ville")
    queued = [job for job in jobs.get_queue(incremental.BACKGROUND_QUEUE).jobs
              if job.args == [dataset["id"]]]
    assert len(queued) == 1  # a second save while one waits queues nothing more
    assert not [job for job in jobs.get_queue().jobs if job.args == [dataset["id"]]]
    incremental.job(dataset["id"])
    helpers.call_action("package_patch", id=dataset["id"], title="Arbres d'alignement")
    assert len([job for job in jobs.get_queue(incremental.BACKGROUND_QUEUE).jobs
                if job.args == [dataset["id"]]]) == 2


def test_a_saved_copy_joins_the_catalogues_clusters_through_its_blocks(app, territories, run_scan):
    firminy, roanne, users = territories
    factories.Dataset(owner_org=firminy["id"], name="arbres", title="Arbres d'alignement 2024",
                      notes="Inventaire des arbres plantés le long des rues de Firminy.",
                      identifier="https://data.firminy.fr/ds/arbres")
    factories.Dataset(owner_org=firminy["id"], name="bancs", title="Bancs publics")
    run_scan()
    assert listing(app, users["sysadmin"])["count"] == 0

    copy = factories.Dataset(owner_org=roanne["id"], name="arbres-region", title="Patrimoine arboré",
                             identifier="HTTPS://data.firminy.fr/ds/arbres/")
    pairs = incremental.check(copy["id"])
    assert [sorted(r.code for r in pair.reasons) for pair in pairs] == [["identifier"]]
    assert reason_codes(listing(app, users["sysadmin"])) == {("arbres", "arbres-region"): ["identifier"]}

    again = factories.Dataset(owner_org=firminy["id"], name="arbres-bis",
                              title="Arbres d’alignement (2024)",
                              notes="Inventaire des arbres plantés le long des rues de Firminy.")
    incremental.check(again["id"])
    (cluster,) = listing(app, users["sysadmin"])["clusters"]
    assert sorted(d["name"] for d in cluster["datasets"]) == ["arbres", "arbres-bis", "arbres-region"]
    assert reason_codes({"clusters": [cluster]})[("arbres", "arbres-bis")] == ["text"]

    # Changed so that it matches nothing: its pairs leave, the others stay.
    helpers.call_action("package_patch", id=again["id"], title="Compteurs vélo", notes="Passages.")
    assert incremental.check(again["id"]) == []
    assert reason_codes(listing(app, users["sysadmin"])) == {("arbres", "arbres-region"): ["identifier"]}


def test_same_scdl_schema_same_territory_same_year_pairs_and_another_year_does_not(
        app, territories, run_scan):
    firminy, roanne, users = territories
    year = {"temporal_start": "2024-01-01", "temporal_end": "2024-12-31"}
    for name, owner, title, period in [
            ("subventions-2024", firminy, "Subventions 2024", year),
            ("export-logiciel", firminy, "Export du logiciel financier", year),
            ("subventions-2023", firminy, "Subventions 2023",
             {"temporal_start": "2023-01-01", "temporal_end": "2023-12-31"}),
            ("roanne-subventions-2024", roanne, "Subventions 2024", year)]:
        helpers.call_action("package_create", {"user": users["sysadmin"]["name"]},
                            type="scdl-subventions", name=name, title=title,
                            owner_org=owner["id"], **period)
    run_scan()
    result = listing(app, users["sysadmin"])
    assert reason_codes(result) == {("export-logiciel", "subventions-2024"): ["schema"]}
    texts = [r["text"] for c in result["clusters"] for p in c["pairs"] for r in p["reasons"]]
    assert texts == ["Même schéma SCDL (scdl-subventions), même territoire, même période"]


@pytest.fixture
def public_and_private(territories, run_scan):
    firminy, roanne, users = territories
    factories.Dataset(owner_org=firminy["id"], name="public-a", title="Arbres publics",
                      identifier="uri-arbres")
    factories.Dataset(owner_org=firminy["id"], name="prive-p", title="Brouillon secret",
                      private=True, identifier="uri-arbres")
    factories.Dataset(owner_org=roanne["id"], name="public-r", title="Bancs de Roanne",
                      identifier="uri-bancs")
    factories.Dataset(owner_org=firminy["id"], name="public-f", title="Bancs de Firminy",
                      identifier="uri-bancs")
    run_scan()
    return firminy, roanne, users


# The notice is for who may edit the dataset, naming only datasets they may read.
NOTICE = {"anonymous": False, "member": False, "editor": True, "admin": True,
          "other_admin": False, "sysadmin": True}


@pytest.mark.parametrize("role", list(NOTICE))
def test_the_dataset_page_notice_is_for_its_editors_and_never_names_a_private_dataset(
        app, public_and_private, role):
    _, _, users = public_and_private
    page = app.get("/dataset/public-a", headers=headers(users[role])).body
    assert ("Doublon possible, en attente de décision" in page) is NOTICE[role]
    assert ("Brouillon secret" in page) is NOTICE[role]
    # Roanne's admin edits public-r: its notice names Firminy's public dataset.
    page_r = app.get("/dataset/public-r", headers=headers(users[role])).body
    assert ("Bancs de Firminy" in page_r) is (role in ("other_admin", "sysadmin"))
    status = app.get("/api/action/odl_duplicate_status", params={"id": "public-a"},
                     headers=headers(users[role])).json["result"]
    names = {d["name"] for c in status["clusters"] for d in c["datasets"]}
    assert names == ({"prive-p"} if role in ("member", "editor", "admin", "sysadmin") else set())


def test_status_of_a_private_dataset_is_refused_to_who_may_not_read_it(app, public_and_private):
    _, _, users = public_and_private
    for role in ("anonymous", "other_admin"):
        response = app.get("/api/action/odl_duplicate_status", params={"id": "prive-p"},
                           headers=headers(users[role]))
        assert response.status_code == 403
        assert "Brouillon secret" not in response.body


def test_the_list_suggests_the_public_then_the_oldest_dataset_to_keep(app, public_and_private):
    _, _, users = public_and_private
    clusters = {tuple(d["name"] for d in c["datasets"]): c
                for c in listing(app, users["sysadmin"])["clusters"]}
    assert clusters[("prive-p", "public-a")]["suggested_keep"]["name"] == "public-a"
    assert clusters[("prive-p", "public-a")]["suggested_keep"]["reason"] == "public"
    assert clusters[("public-f", "public-r")]["suggested_keep"]["name"] == "public-r"
    assert clusters[("public-f", "public-r")]["suggested_keep"]["reason"] == "oldest"
    page = app.get("/doublons", headers=headers(users["admin"])).body
    assert "Jeu à conserver suggéré : « Arbres publics » (public, les autres sont privés)." in page


def test_a_duplicate_decision_says_replaced_by_on_the_others_page_until_undone(
        app, public_and_private):
    _, _, users = public_and_private
    admin = {"user": users["admin"]["name"]}
    clusters = listing(app, users["sysadmin"])["clusters"]
    bancs = next(c for c in clusters if "public-f" in [d["name"] for d in c["datasets"]])
    arbres = next(c for c in clusters if "public-a" in [d["name"] for d in c["datasets"]])
    helpers.call_action("odl_duplicate_decide", admin, id=bancs["id"], decision="duplicate",
                        keep="public-r")
    page = app.get("/dataset/public-f").body
    assert "il est remplacé par" in page and "/dataset/public-r" in page
    assert "remplacé" not in app.get("/dataset/public-r").body
    # Kept dataset private: its readers see its name, others only that one exists.
    helpers.call_action("odl_duplicate_decide", admin, id=arbres["id"], decision="duplicate",
                        keep="prive-p")
    anonymous = app.get("/dataset/public-a").body
    assert "il est remplacé par un autre jeu de données" in anonymous
    assert "Brouillon secret" not in anonymous and "prive-p" not in anonymous
    member = app.get("/dataset/public-a", headers=headers(users["member"])).body
    assert "Brouillon secret" in member
    helpers.call_action("odl_duplicate_decide", admin, id=bancs["id"], decision="undo")
    assert "remplacé" not in app.get("/dataset/public-f").body
