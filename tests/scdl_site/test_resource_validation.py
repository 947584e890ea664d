"""Resource validation through CKAN: schema field, background job on Redis, report, badges."""
import html
import re

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"


def _broken_subventions() -> bytes:
    lines = example_bytes("subventions").decode("utf-8").splitlines()
    # row 3 of the file: a French date where the schema wants AAAA-MM-JJ
    lines[2] = lines[2].replace("2013-10-04", "04/10/2013")
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def territory_dataset():
    organization = factories.Organization(kind="commune")
    return factories.Dataset(owner_org=organization["id"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestValidationOnUpload:
    def test_valid_file_is_validated_in_the_background(
            self, create_with_upload, territory_dataset, run_jobs, app):
        resource = create_with_upload(
            example_bytes("subventions"), "subventions.csv",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        assert resource["schema"]["name"] == SUBVENTIONS
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "running"

        run_jobs()

        shown = helpers.call_action("resource_show", id=resource["id"])
        assert shown["validation_status"] == "success"
        assert shown["validation_timestamp"]
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["status"] == "success"
        assert validation["report"]["valid"] is True
        assert validation["rows_read"] == 29

        page = app.get(f"/dataset/{territory_dataset['name']}")
        assert "Validation : valide" in page.body

    def test_invalid_file_gets_a_french_report_and_is_kept(
            self, create_with_upload, territory_dataset, run_jobs, app):
        resource = create_with_upload(
            _broken_subventions(), "subventions.csv",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()

        shown = helpers.call_action("resource_show", id=resource["id"])
        assert shown["validation_status"] == "failure"
        assert shown["url_type"] == "upload"  # the resource is kept whatever the verdict
        report_page = app.get(
            f"/dataset/{territory_dataset['name']}/resource/{resource['id']}/validation")
        assert report_page.status_code == 200
        assert "ligne 3" in report_page.body
        assert "04/10/2013" in report_page.body
        assert "2013-10-04" in report_page.body  # the fix is suggested
        # when it ran, written as French writes a date: « 2 décembre 2026, 14:20 UTC »
        assert re.search(r"Commencée le \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|"
                         r"septembre|octobre|novembre|décembre) \d{4}, \d\d:\d\d UTC",
                         html.unescape(report_page.body))

    def test_asked_again_while_it_waits_the_file_is_validated_once(
            self, create_with_upload, territory_dataset, run_jobs):
        from ckan.lib import jobs
        from ckanext.opendatalocale.scdl import resource_validation

        resource = create_with_upload(
            example_bytes("subventions"), "subventions.csv",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        for _ in range(2):  # the upload queued one; the run button is pressed twice
            helpers.call_action("resource_validation_run", resource_id=resource["id"])
        waiting = jobs.get_queue().job_ids
        assert waiting.count(resource_validation.job_id(resource["id"])) == 1

        run_jobs()
        assert not jobs.get_queue().job_ids
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"

    def test_counts_are_written_as_french_writes_them(
            self, create_with_upload, territory_dataset, run_jobs, app):
        lines = _broken_subventions().decode("utf-8").splitlines()
        body = "\n".join([lines[0]] + [lines[2]] * 1200) + "\n"  # 1,200 French dates
        resource = create_with_upload(
            body.encode("utf-8"), "subventions.csv",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        page = html.unescape(app.get(
            f"/dataset/{territory_dataset['name']}/resource/{resource['id']}/validation").body)
        assert re.search(r"\(1\s200 erreurs\)", page)  # grouped, as in « 1 200 »
        assert "1200 erreurs" not in page

    def test_synchronous_run_on_demand_for_a_small_file(
            self, create_with_upload, territory_dataset):
        resource = create_with_upload(
            example_bytes("subventions"), "subventions.csv",
            package_id=territory_dataset["id"])
        helpers.call_action("resource_patch", id=resource["id"], schema=SUBVENTIONS)
        result = helpers.call_action(
            "resource_validation_run", resource_id=resource["id"], **{"async": False})
        assert result["status"] == "success"
        assert result["report"]["stats"]["rows"] == 29

    def test_editing_the_description_keeps_the_verdict(
            self, create_with_upload, territory_dataset, run_jobs):
        resource = create_with_upload(
            example_bytes("subventions"), "subventions.csv",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        helpers.call_action("resource_patch", id=resource["id"], description="Mise à jour")
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"

    def test_deleting_a_validation(self, create_with_upload, territory_dataset, run_jobs):
        resource = create_with_upload(
            example_bytes("subventions"), "subventions.csv",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        helpers.call_action("resource_validation_delete", resource_id=resource["id"])
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("resource_validation_show", resource_id=resource["id"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestValidationOfLinks:
    def test_link_to_a_local_server_is_downloaded_and_validated(
            self, territory_dataset, csv_server, run_jobs):
        url = csv_server(example_bytes("subventions"))
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url, schema=SUBVENTIONS)
        run_jobs()
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"

    @pytest.mark.ckan_config("ckanext.opendatalocale.validation.url_timeout", 1)
    def test_link_that_times_out_is_an_error_with_a_french_message(
            self, territory_dataset, csv_server, run_jobs):
        url = csv_server(example_bytes("subventions"), delay=3)
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url, schema=SUBVENTIONS)
        run_jobs()
        shown = helpers.call_action("resource_show", id=resource["id"])
        assert shown["validation_status"] == "error"
        assert shown["url"] == url
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert "n'a pas répondu dans le délai de 1 s" in validation["error"]


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestSchemaField:
    def test_all_written_forms_are_stored_as_name_and_version(self, territory_dataset):
        latest = helpers.call_action("odl_schema_show", id=SUBVENTIONS)["latest"]
        for written in (SUBVENTIONS, f"{SUBVENTIONS}@{latest}",
                        '{"name": "scdl/subventions", "version": "%s"}' % latest):
            resource = helpers.call_action(
                "resource_create", package_id=territory_dataset["id"],
                url="http://127.0.0.1:9/x.csv", schema=written)
            assert resource["schema"] == {"name": SUBVENTIONS, "version": latest}

    def test_unknown_schema_is_refused_in_french(self, territory_dataset):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("resource_create", package_id=territory_dataset["id"],
                                url="http://127.0.0.1:9/x.csv", schema="scdl/inconnu")
        assert "n'est pas dans le catalogue" in str(error.value.error_dict["schema"])

    def test_run_without_schema_says_what_to_do(self, territory_dataset):
        resource = helpers.call_action("resource_create", package_id=territory_dataset["id"],
                                       url="http://127.0.0.1:9/x.csv")
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("resource_validation_run", resource_id=resource["id"])
        assert "ne déclare pas de schéma" in str(error.value.error_dict["schema"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestValidationPermissions:
    def test_who_may_run_and_read(self, create_with_upload, run_jobs, app):
        editor = factories.UserWithToken()
        outsider = factories.UserWithToken()
        organization = factories.Organization(
            kind="commune", users=[{"name": editor["name"], "capacity": "editor"}])
        private = factories.Dataset(owner_org=organization["id"], private=True)
        resource = create_with_upload(
            _broken_subventions(), "subventions.csv", package_id=private["id"],
            schema=SUBVENTIONS)
        run_jobs()

        anonymous = {"user": "", "ignore_auth": False}
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("resource_validation_run", context=anonymous,
                                resource_id=resource["id"])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("resource_validation_show", context=anonymous,
                                resource_id=resource["id"])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("resource_validation_show",
                                context={"user": outsider["name"], "ignore_auth": False},
                                resource_id=resource["id"])
        shown = helpers.call_action("resource_validation_show",
                                    context={"user": editor["name"], "ignore_auth": False},
                                    resource_id=resource["id"])
        assert shown["status"] == "failure"

        url = f"/dataset/{private['name']}/resource/{resource['id']}/validation"
        assert app.get(url, status=404).status_code == 404  # private: not even its existence
        assert app.get(url, headers={"Authorization": outsider["token"]}, status=404)
        page = app.get(url, headers={"Authorization": editor["token"]})
        assert "04/10/2013" in page.body
