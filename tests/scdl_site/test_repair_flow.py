"""« Corriger automatiquement » through CKAN: proposals in the report, an editor's
confirmed repair as the resource's new file, validated again, the original kept."""
import csv
import io
import os
import re

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"
PASSWORD = "Mot-de-passe-des-corrections-2026"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def _broken(rows=40):
    """The example repeated: French dates on even rows, decimal commas on every fifth,
    « hier » (not repairable) on row 7."""
    table = list(csv.reader(io.StringIO(example_bytes("subventions").decode("utf-8"))))
    header, body = table[0], table[1:]
    date, amount = header.index("dateConvention"), header.index("montant")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for index in range(rows):
        row = list(body[index % len(body)])
        number = index + 2
        if number % 2 == 0:
            row[date] = "/".join(reversed(row[date].split("-")))
        if number % 5 == 0 and "." not in row[amount]:
            row[amount] += ",5"
        if number == 7:
            row[date] = "hier"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _browser(app, user):
    client = app.test_client()
    login_page = client.get("/user/login")
    client.post("/user/login", data={"login": user["name"], "password": PASSWORD,
                                     "_csrf_token": TOKEN.search(login_page.body).group(1)})
    return client


pytestmark = pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")


@pytest.fixture
def site():
    editor = factories.UserWithToken(password=PASSWORD)
    reader = factories.UserWithToken(password=PASSWORD)
    organization = factories.Organization(
        kind="commune", users=[{"name": editor["name"], "capacity": "editor"},
                               {"name": reader["name"], "capacity": "member"}])
    dataset = factories.Dataset(owner_org=organization["id"])
    return {"editor": editor, "reader": reader, "dataset": dataset}


def _uploaded(create_with_upload, site, run_jobs):
    resource = create_with_upload(_broken(), "subventions.csv", package_id=site["dataset"]["id"],
                                  schema=SUBVENTIONS, format="CSV")
    run_jobs()
    return resource


def test_the_report_offers_repairs_to_editors_only(create_with_upload, site, run_jobs, app):
    resource = _uploaded(create_with_upload, site, run_jobs)
    report = helpers.call_action("resource_validation_show", resource_id=resource["id"])["report"]
    offered = {item["kind"]: item for item in report["repairs"]}
    assert offered["date-day-first"]["count"] == 20  # the even rows; « hier » (row 7) is no date
    assert offered["decimal-comma"]["count"] > 0
    assert offered["date-day-first"]["examples"][0] == {
        "row": 2, "column": "Date de la convention de subvention",
        "before": "07/07/2015", "after": "2015-07-07"}
    url = f"/dataset/{site['dataset']['name']}/resource/{resource['id']}/validation"
    page = app.get(url, headers={"Authorization": site["editor"]["token"]})
    assert "Corriger automatiquement" in page.body
    assert "20 cellules" in page.body and "« 07/07/2015 »" in page.body
    assert "jour puis mois" in page.body  # the day-first reading is said, not guessed silently
    member_page = app.get(url, headers={"Authorization": site["reader"]["token"]})
    assert "Corriger automatiquement" not in member_page.body


def _queued_repairs():
    from ckan.lib import jobs
    return [job for job in jobs.get_queue().jobs if job.func_name.endswith("repair_flow.job")]


def test_confirmed_repair_becomes_a_valid_new_version_and_keeps_the_original(
        create_with_upload, site, run_jobs, app):
    resource = _uploaded(create_with_upload, site, run_jobs)
    url = f"/dataset/{site['dataset']['name']}/resource/{resource['id']}/validation"
    client = _browser(app, site["editor"])
    page = client.get(url)
    token = TOKEN.search(page.body).group(1)
    signature = re.search(r'name="fichier" value="([^"]+)"', page.body).group(1)

    refused = client.post(url + "/corriger", data={"kinds": ["date-day-first"], "_csrf_token": token})
    assert refused.status_code == 400 and "Cochez la case de confirmation" in refused.body
    forged = client.post(url + "/corriger", data={"kinds": ["date-day-first"], "confirmer": "1",
                                                  "_csrf_token": "contrefait"})
    assert forged.status_code == 400
    assert helpers.call_action("resource_show", id=resource["id"])["url"].endswith("subventions.csv")

    form = {"kinds": ["date-day-first", "decimal-comma"], "confirmer": "1", "_csrf_token": token,
            "fichier": signature}
    queued = client.post(url + "/corriger", data=form, follow_redirects=True)
    # queued, not done in the request: the page says so and offers no second form
    assert queued.status_code == 200 and "Correction en cours…" in queued.body
    assert 'role="status"' in queued.body and "/corriger" not in queued.body
    assert helpers.call_action("resource_show", id=resource["id"])["url"].endswith("subventions.csv")
    again = client.post(url + "/corriger", data=form, follow_redirects=True)  # a double click
    assert again.status_code == 200 and "Correction en cours…" in again.body
    assert len(_queued_repairs()) == 1
    run_jobs()
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["url"].endswith("subventions-corrige.csv")
    assert shown["schema"]["name"] == SUBVENTIONS
    validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
    assert validation["status"] == "failure"
    # only « hier » is left: the one date no repair may guess
    assert validation["report"]["error_counts"] == {"type-error": 1}
    assert validation["report"]["errors"][0]["cell"] == "hier"
    status = helpers.call_action("odl_resource_repair_status", context={"user": site["editor"]["name"]},
                                 resource_id=resource["id"])
    assert status["status"] == "done" and status["repaired"]["date-day-first"] == 20
    assert "user" not in status

    report_page = client.get(url)
    assert "Correction terminée." in report_page.body
    assert f"{sum(status['repaired'].values())} cellules corrigées" in report_page.body
    # the same click from the old page, once the file was replaced: nothing queued again
    late = client.post(url + "/corriger", data=form, follow_redirects=True)
    assert late.status_code == 200 and not _queued_repairs()
    assert len(re.findall(r'/version-origine/\d+"', client.get(url).body)) == 1

    link = re.search(r'href="([^"]*/version-origine/1)"', report_page.body).group(1)
    assert client.get(link).data == _broken()  # the original, byte for byte
    # readers of the resource may download it; others may not
    assert app.get(link, headers={"Authorization": site["reader"]["token"]}).body.encode() == _broken()
    outsider = factories.UserWithToken()
    helpers.call_action("package_patch", id=site["dataset"]["id"], private=True)
    app.get(link, headers={"Authorization": outsider["token"]}, status=404)
    app.get(link, status=404)


def test_only_those_who_may_update_the_resource_may_repair(create_with_upload, site, run_jobs):
    resource = _uploaded(create_with_upload, site, run_jobs)
    for user in (site["reader"]["name"], ""):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("odl_resource_repair", context={"user": user, "ignore_auth": False},
                                resource_id=resource["id"], kinds=["date-day-first"])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("odl_resource_repair_status",
                                context={"user": user, "ignore_auth": False},
                                resource_id=resource["id"])
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("odl_resource_repair", context={"user": site["editor"]["name"]},
                            resource_id=resource["id"], kinds=["tout-deviner"])
    assert "Correction inconnue" in str(error.value.error_dict["kinds"])
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("odl_resource_repair", context={"user": site["editor"]["name"]},
                            resource_id=resource["id"], kinds=["boolean-words"])
    assert "Aucune cellule à corriger" in str(error.value.error_dict["kinds"])
    assert not _queued_repairs()
    assert helpers.call_action("resource_show", id=resource["id"])["url"].endswith("subventions.csv")


def _stored_files(resource_id):
    from ckanext.opendatalocale.scdl import repair_flow
    folder = repair_flow._folder(resource_id)
    return sorted(name for name in os.listdir(folder) if name != "correction.json")


def test_the_job_checks_the_right_again_and_changes_nothing_when_it_fails(
        create_with_upload, site, run_jobs, app):
    resource = _uploaded(create_with_upload, site, run_jobs)
    editor = {"user": site["editor"]["name"]}
    state = helpers.call_action("odl_resource_repair", context=dict(editor),
                                resource_id=resource["id"], kinds=["date-day-first"])
    assert state["status"] == "running"
    # the editor leaves the organization before the worker reaches the job
    admin = {"user": factories.Sysadmin()["name"]}
    helpers.call_action("organization_member_delete", context=dict(admin), id=site["dataset"]["owner_org"],
                        username=site["editor"]["name"])
    run_jobs()
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["url"].endswith("subventions.csv")
    helpers.call_action("organization_member_create", context=dict(admin), id=site["dataset"]["owner_org"],
                        username=site["editor"]["name"], role="editor")
    status = helpers.call_action("odl_resource_repair_status", context=dict(editor),
                                 resource_id=resource["id"])
    assert status["status"] == "error" and "plus le droit" in status["error"]
    assert _stored_files(resource["id"]) == []  # no original kept, no partial file, no lock

    # the stored file vanishes under the job: a clear French error, nothing written
    from ckan.lib.uploader import get_resource_uploader
    helpers.call_action("odl_resource_repair", context=dict(editor),
                        resource_id=resource["id"], kinds=["date-day-first"])
    os.unlink(get_resource_uploader(shown).get_path(resource["id"]))
    run_jobs()
    status = helpers.call_action("odl_resource_repair_status", context=dict(editor),
                                 resource_id=resource["id"])
    assert status["status"] == "error" and "introuvable sur le serveur" in status["error"]
    assert helpers.call_action("resource_show", id=resource["id"])["url"].endswith("subventions.csv")
    assert _stored_files(resource["id"]) == []
    page = app.get(f"/dataset/{site['dataset']['name']}/resource/{resource['id']}/validation",
                   headers={"Authorization": site["editor"]["token"]})
    assert "La correction a échoué." in page.body and 'role="alert"' in page.body
    assert "Corriger automatiquement" in page.body  # it may be tried again


def test_a_link_is_not_repaired_here(site, csv_server, run_jobs):
    url = csv_server(_broken())
    resource = helpers.call_action("resource_create", package_id=site["dataset"]["id"], url=url,
                                   schema=SUBVENTIONS, format="CSV")
    run_jobs()
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action("odl_resource_repair", context={"user": site["editor"]["name"]},
                            resource_id=resource["id"], kinds=["date-day-first"])
    assert "un lien se corrige" in str(error.value.error_dict["resource_id"])
    assert helpers.call_action("resource_show", id=resource["id"])["url"] == url


def test_every_error_downloadable_as_csv_neutralised(create_with_upload, site, run_jobs, app):
    table = list(csv.reader(io.StringIO(_broken(300).decode("utf-8"))))
    siret = table[0].index("idBeneficiaire")
    table[3][siret] = "=HYPERLINK(\"http://exemple.invalid\")"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    resource = create_with_upload(out.getvalue().encode("utf-8"), "subventions.csv",
                                  package_id=site["dataset"]["id"], schema=SUBVENTIONS, format="CSV")
    run_jobs()
    report = helpers.call_action("resource_validation_show", resource_id=resource["id"])["report"]
    assert report["truncated"]  # the stored report lists the first 100 of a kind only
    url = f"/dataset/{site['dataset']['name']}/resource/{resource['id']}/validation/erreurs.csv"
    response = app.get(url, headers={"Authorization": site["editor"]["token"]})
    assert response.headers["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
    assert lines[0] == ["ligne", "colonne", "valeur", "message", "valeur proposée"]
    assert len(lines) - 1 == report["stats"]["errors"]
    assert ["2", "Date de la convention de subvention", "07/07/2015"] == lines[1][:3]
    assert lines[1][4] == "2015-07-07"
    hostile = [line for line in lines if "HYPERLINK" in line[2]]
    assert hostile and all(line[2].startswith("'=") for line in hostile)
    helpers.call_action("package_patch", id=site["dataset"]["id"], private=True)
    app.get(url, headers={"Authorization": factories.UserWithToken()["token"]}, status=404)
    app.get(url, status=404)


def test_a_repair_whose_worker_died_is_said_and_may_be_asked_again(
        create_with_upload, site, run_jobs, app):
    from ckanext.opendatalocale.scdl import repair_flow

    resource = _uploaded(create_with_upload, site, run_jobs)
    editor = {"user": site["editor"]["name"]}
    helpers.call_action("odl_resource_repair", context=dict(editor),
                        resource_id=resource["id"], kinds=["date-day-first"])
    assert len(_queued_repairs()) == 1
    # asked again while it waits: still one job
    helpers.call_action("odl_resource_repair", context=dict(editor),
                        resource_id=resource["id"], kinds=["date-day-first"])
    assert len(_queued_repairs()) == 1
    # the job vanishes (a worker killed, Redis flushed): the lock names a job RQ no longer knows
    for job in _queued_repairs():
        job.delete()
    status = helpers.call_action("odl_resource_repair_status", context=dict(editor),
                                 resource_id=resource["id"])
    assert status["status"] == "error" and "interrompue" in status["error"]
    page = app.get(f"/dataset/{site['dataset']['name']}/resource/{resource['id']}/validation",
                   headers={"Authorization": site["editor"]["token"]})
    assert "La correction a échoué." in page.body and "Corriger automatiquement" in page.body
    state = helpers.call_action("odl_resource_repair", context=dict(editor),
                                resource_id=resource["id"], kinds=["date-day-first"])
    assert state["status"] == "running" and len(_queued_repairs()) == 1
    run_jobs()
    assert helpers.call_action("resource_show", id=resource["id"])["url"].endswith("-corrige.csv")
    assert repair_flow.state(resource["id"])["status"] == "done"
    assert repair_flow._lock_holder(resource["id"]) is None
