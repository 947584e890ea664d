"""Bulk import through CKAN: the dry run page, applying in a job, re-import, a failing
row, who may import, and the form token. Few tests, each walking a whole path, with the
database, Solr and Redis of the test site."""
import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.publishing import importer, rows
from ckanext.opendatalocale.publishing.model import BulkImport
from tests.test_csrf import PASSWORD, REFUSED, browser, token_of

pytestmark = [pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True),
              pytest.mark.usefixtures("with_plugins")]


@pytest.fixture
def site(odl_db, clean_index):
    firminy = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    roanne = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    users = {}
    for role in ("editor", "member"):
        users[role] = factories.UserWithToken(password=PASSWORD)
        helpers.call_action("organization_member_create", id=firminy["id"],
                            username=users[role]["name"], role=role)
    users["other_editor"] = factories.UserWithToken(password=PASSWORD)
    helpers.call_action("organization_member_create", id=roanne["id"],
                        username=users["other_editor"]["name"], role="editor")
    return {"firminy": firminy, "roanne": roanne, "users": users}


def import_file(*records):
    lines = [";".join(rows.COLUMN_NAMES)]
    for record in records:
        values = dict(rows.EXAMPLE_ROW, territoire="firminy")
        values.update(record)
        lines.append(";".join('"%s"' % values[name].replace('"', '""')
                              for name in rows.COLUMN_NAMES))
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(client, page, content, name="import.csv", token=True):
    data = {"upload": (__import__("io").BytesIO(content), name)}
    if token:
        data["_csrf_token"] = token_of(page)
    return client.post("/import", data=data, follow_redirects=False,
                       content_type="multipart/form-data")


def run_queued(import_id):
    """What `odl_bulk_import_apply` queues, run here as the jobs worker would run it."""
    importer.run(import_id)
    return model.Session.get(BulkImport, import_id)


def datasets_with(identifier):
    return [p for p in model.Session.query(model.Package).filter(model.Package.state == "active")
            if p.extras.get("identifier") == identifier]


ROWS = [
    {"identifiant": "subventions-2025", "titre": "Subventions <script>alert(1)</script>",
     "urls_ressources": "https://data.example.fr/subventions-2025.csv"},
    {"identifiant": "bancs", "titre": "Bancs publics", "schema": "", "mots_cles": "mobilier",
     "urls_ressources": "https://data.example.fr/bancs.geojson https://data.example.fr/bancs.csv"},
]


def test_dry_run_apply_and_reimport_through_the_pages(app, site):
    client = browser(app, site["users"]["editor"])
    assert "Importer des jeux en nombre" in client.get("/dataset/").body
    form = client.get("/import")
    assert "Télécharger le modèle" in form.body
    template = client.get("/import/modele.csv")
    assert template.headers["Content-Type"].startswith("text/csv")
    assert rows.COLUMN_NAMES[0] in template.get_data(as_text=True)

    # The form token is required: without it nothing is checked nor stored.
    refused = upload(client, form, import_file(*ROWS), token=False)
    assert refused.status_code == 400 and REFUSED in refused.body
    assert model.Session.query(BulkImport).count() == 0

    no_file = client.post("/import", data={"_csrf_token": token_of(form)})
    assert no_file.status_code == 400 and "Choisissez le fichier" in no_file.body

    checked = upload(client, form, import_file(*ROWS))
    assert checked.status_code == 302
    page = client.get(checked.headers["Location"])
    assert "2 jeux à créer, 0 à mettre à jour, 0 erreurs" in page.body
    assert "<script>alert(1)</script>" not in page.body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.body
    assert datasets_with("bancs") == []  # a dry run creates nothing

    import_id = checked.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    applied = client.post(f"/import/{import_id}/appliquer", follow_redirects=False)
    assert applied.status_code == 400  # no token
    assert model.Session.get(BulkImport, import_id).state == "checked"
    applied = client.post(f"/import/{import_id}/appliquer", follow_redirects=False,
                          data={"_csrf_token": token_of(page)})
    assert applied.status_code == 302
    assert model.Session.get(BulkImport, import_id).state == "queued"
    assert 'http-equiv="refresh"' in client.get(f"/import/{import_id}").body

    bulk = run_queued(import_id)
    assert bulk.state == "finished" and bulk.done == bulk.total == 2
    assert "import.csv" in client.get("/import").body  # listed among the editor's imports
    assert [r["outcome"] for r in bulk.results] == ["created", "created"]
    page = client.get(f"/import/{import_id}")
    assert 'value="2"' in page.body and "<progress" in page.body and "créé" in page.body

    (bancs,) = datasets_with("bancs")
    shown = helpers.call_action("package_show", id=bancs.id)
    assert shown["owner_org"] == site["firminy"]["id"]
    assert [t["name"] for t in shown["tags"]] == ["mobilier"]
    assert shown["license_id"] == "lo-2.0" and shown["frequency"].endswith("/ANNUAL")
    assert shown["temporal_start"].startswith("2025-01-01")
    assert shown["spatial_coverage"] == "42218"
    assert [r["url"] for r in shown["resources"]] == [
        "https://data.example.fr/bancs.geojson", "https://data.example.fr/bancs.csv"]
    assert all(not r.get("url_type") for r in shown["resources"])  # links, not uploads
    (grants,) = datasets_with("subventions-2025")
    grants_shown = helpers.call_action("package_show", id=grants.id)
    assert grants_shown["resources"][0]["schema"]["name"] == "scdl/subventions"
    resource_ids = [r["id"] for r in shown["resources"]]

    # The same file again, one title changed: updates, never a second dataset.
    again = [dict(ROWS[0]), dict(ROWS[1], titre="Bancs et assises")]
    page = client.get("/import")
    second = upload(client, page, import_file(*again))
    result = helpers.call_action("odl_bulk_import_show", {"user": site["users"]["editor"]["name"]},
                                 id=second.headers["Location"].rsplit("/", 1)[-1])
    assert [entry["action"] for entry in result["plan"]] == ["update", "update"]
    helpers.call_action("odl_bulk_import_apply", {"user": site["users"]["editor"]["name"]},
                        id=result["id"])
    assert [r["outcome"] for r in run_queued(result["id"]).results] == ["updated", "updated"]
    (bancs_again,) = datasets_with("bancs")
    assert bancs_again.id == bancs.id and bancs_again.title == "Bancs et assises"
    assert len(datasets_with("subventions-2025")) == 1
    assert [r["id"] for r in helpers.call_action("package_show", id=bancs.id)["resources"]] \
        == resource_ids


def test_errors_by_row_and_column_and_no_apply(site):
    editor = {"user": site["users"]["editor"]["name"]}
    content = import_file(
        {"identifiant": "a", "licence": "licence-maison"},
        {"identifiant": "b", "schema": "scdl/inexistant"},
        {"identifiant": "c", "version_schema": "9.9.9"},
        {"identifiant": "d", "territoire": "roanne"},
        {"identifiant": "e", "fin_couverture": "31/12/2025"},
        {"identifiant": "f", "urls_ressources": "ftp://data.example.fr/f.csv"},
        {"identifiant": "a"},
        {"identifiant": "g", "couverture_spatiale": "99999"},
    )
    result = helpers.call_action("odl_bulk_import_check", editor, upload=content,
                                 file_name="erreurs.csv")
    assert {(e["row"], e["column"]) for e in result["errors"]} == {
        (2, "licence"), (3, "schema"), (4, "version_schema"), (5, "territoire"),
        (6, "fin_couverture"), (7, "urls_ressources"), (8, "identifiant"),
        (9, "couverture_spatiale")}
    assert "Commune de Roanne" in next(e["message"] for e in result["errors"] if e["row"] == 5)
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("odl_bulk_import_apply", editor, id=result["id"])
    assert "Corrigez d'abord" in str(error.value)

    pdf = helpers.call_action("odl_bulk_import_check", editor, upload=b"%PDF-1.4\x00\x01",
                              file_name="x.pdf")
    assert pdf["plan"] == [] and "PDF" in pdf["errors"][0]["message"]

    import io

    import openpyxl
    workbook = openpyxl.Workbook()
    workbook.active.append(rows.COLUMN_NAMES)
    workbook.active.append([dict(rows.EXAMPLE_ROW, territoire="firminy")[name]
                            for name in rows.COLUMN_NAMES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    xlsx = helpers.call_action("odl_bulk_import_check", editor, upload=buffer.getvalue(),
                               file_name="jeux.xlsx")
    assert xlsx["errors"] == [] and [e["action"] for e in xlsx["plan"]] == ["create"]


def test_a_row_failing_when_applied_writes_nothing_of_itself(site):
    editor = {"user": site["users"]["editor"]["name"]}
    result = helpers.call_action("odl_bulk_import_check", editor, upload=import_file(
        {"identifiant": "ok", "urls_ressources": "https://data.example.fr/ok.csv"},
        {"identifiant": "ko", "urls_ressources": "https://data.example.fr/a.csv "
                                                "https://data.example.fr/b.csv"}))
    assert result["errors"] == []
    # The catalogue changed between the dry run and the job: the second resource's
    # schema is refused by the site when the row is applied.
    bulk = model.Session.get(BulkImport, result["id"])
    plan = [dict(entry) for entry in bulk.plan]
    plan[1]["urls"] = plan[1]["urls"][:1]
    plan[1]["schema"] = {"name": "scdl/retire", "version": "1.0"}
    bulk.plan = plan
    model.Session.commit()
    helpers.call_action("odl_bulk_import_apply", editor, id=result["id"])
    bulk = run_queued(result["id"])
    assert bulk.state == "finished" and bulk.done == 2
    assert [r["outcome"] for r in bulk.results] == ["created", "failed"]
    assert "Refusé par le site" in bulk.results[1]["message"]
    assert len(datasets_with("ok")) == 1 and datasets_with("ko") == []
    assert model.Session.query(model.Resource).filter(
        model.Resource.url.like("%/a.csv")).count() == 0


def test_who_may_import_and_see_an_import(app, site):
    users = site["users"]
    assert app.get("/import").status_code == 403
    member = browser(app, users["member"])
    assert member.get("/import").status_code == 403
    assert "Importer des jeux en nombre" not in member.get("/dataset/").body
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("odl_bulk_import_check", {"user": users["member"]["name"],
                                                      "ignore_auth": False},
                            upload=import_file({}))
    result = helpers.call_action("odl_bulk_import_check", {"user": users["editor"]["name"]},
                                 upload=import_file({}))
    for name in ("odl_bulk_import_show", "odl_bulk_import_apply"):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(name, {"user": users["other_editor"]["name"],
                                       "ignore_auth": False}, id=result["id"])
    other = browser(app, users["other_editor"])
    assert other.get(f"/import/{result['id']}").status_code == 403
    assert helpers.call_action("odl_bulk_import_list", {"user": users["other_editor"]["name"]}) == []
    assert [b["id"] for b in helpers.call_action(
        "odl_bulk_import_list", {"user": users["editor"]["name"]})] == [result["id"]]
    assert model.Session.get(BulkImport, result["id"]).state == "checked"



def test_an_import_waits_for_another_creating_the_same_identifier(app, site):
    """A row waits while another import holds the lock of its territory and identifier
    (here: held by hand while the other import's dataset is written), then finds that
    dataset and updates it: no twin."""
    import threading

    import sqlalchemy as sa

    editor = {"user": site["users"]["editor"]["name"]}
    result = helpers.call_action("odl_bulk_import_check", editor, upload=import_file(
        {"identifiant": "parallele", "titre": "Second"}))
    assert [entry["action"] for entry in result["plan"]] == ["create"]
    helpers.call_action("odl_bulk_import_apply", editor, id=result["id"])
    holder = model.meta.engine.connect()
    transaction = holder.begin()
    holder.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                   {"key": f"odl_bulk_import:{site['firminy']['id']}:parallele"})

    def apply():
        with app.flask_app.test_request_context():
            importer.run(result["id"])
            model.Session.remove()

    worker = threading.Thread(target=apply)
    worker.start()
    worker.join(3)
    assert worker.is_alive()  # waiting on the lock
    helpers.call_action("package_create", name="premier", title="Premier",
                        owner_org=site["firminy"]["id"], identifier="parallele",
                        frequency="http://publications.europa.eu/resource/authority/frequency/ANNUAL")
    transaction.commit()
    holder.close()
    worker.join(60)
    assert not worker.is_alive()
    model.Session.expire_all()
    (dataset,) = datasets_with("parallele")
    assert dataset.name == "premier" and dataset.title == "Second"
    assert [r["outcome"] for r in model.Session.get(BulkImport, result["id"]).results] == ["updated"]
