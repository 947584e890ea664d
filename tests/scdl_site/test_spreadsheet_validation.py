"""Spreadsheet resources through CKAN: an uploaded or linked .xlsx with an SCDL
schema is validated by the background job like a CSV, reports in French."""
import csv
import datetime
import io

import openpyxl
import pytest
from ckan.tests import factories, helpers

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"


def subventions_workbook(broken=False, sheets=("Subventions",)) -> bytes:
    """The schema's example as an agent's sheet: dates as date cells, amounts as numbers."""
    rows = list(csv.reader(io.StringIO(example_bytes("subventions").decode("utf-8"))))
    header = rows[0]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title in sheets[:-1]:
        workbook.create_sheet(title).append(["notes"])
    sheet = workbook.create_sheet(sheets[-1])
    sheet.append(header)
    for number, row in enumerate(rows[1:], start=2):
        cells = []
        for name, text in zip(header, row):
            if name == "dateConvention" and text:
                cells.append(datetime.date.fromisoformat(text))
            elif name == "montant" and text:
                cells.append(float(text))
            else:
                cells.append(text or None)
        if broken and number == 3:
            cells[header.index("dateConvention")] = "04/10/2013"  # typed as text, French order
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def territory_dataset():
    organization = factories.Organization(kind="commune")
    return factories.Dataset(owner_org=organization["id"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestSpreadsheetValidation:
    def test_uploaded_xlsx_gets_a_report(self, create_with_upload, territory_dataset, run_jobs, app):
        resource = create_with_upload(
            subventions_workbook(), "subventions.xlsx",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        shown = helpers.call_action("resource_show", id=resource["id"])
        assert shown["validation_status"] == "success"
        validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
        assert validation["report"]["valid"] is True
        assert validation["report"]["source"]["format"] == "xlsx"
        assert validation["rows_read"] == 29
        page = app.get(f"/dataset/{territory_dataset['name']}")
        assert "Validation : valide" in page.body

    def test_invalid_xlsx_gets_the_csv_messages(self, create_with_upload, territory_dataset, run_jobs, app):
        resource = create_with_upload(
            subventions_workbook(broken=True), "subventions.xlsx",
            package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "failure"
        page = app.get(f"/dataset/{territory_dataset['name']}/resource/{resource['id']}/validation")
        assert page.status_code == 200
        assert "ligne 3" in page.body and "04/10/2013" in page.body and "2013-10-04" in page.body

    def test_sheet_named_on_the_resource(self, create_with_upload, territory_dataset, run_jobs):
        data = subventions_workbook(sheets=("Lisez-moi", "Subventions 2024"))
        first = create_with_upload(data, "subventions.xlsx", package_id=territory_dataset["id"],
                                   schema=SUBVENTIONS)
        named = create_with_upload(data, "subventions.xlsx", package_id=territory_dataset["id"],
                                   schema=SUBVENTIONS, sheet="Subventions 2024")
        run_jobs()
        assert helpers.call_action("resource_show", id=named["id"])["validation_status"] == "success"
        report = helpers.call_action("resource_validation_show", resource_id=first["id"])["report"]
        assert report["source"]["sheet"] == "Lisez-moi" and not report["valid"]

    @pytest.mark.parametrize("name,body,words", [
        ("corrupt.xlsx", lambda: subventions_workbook()[:4000], "le fichier est abîmé"),
        ("vide.xlsx", lambda: _empty_workbook(), "du classeur est vide"),
    ])
    def test_hostile_workbook_is_a_french_failure_not_a_500(
            self, create_with_upload, territory_dataset, run_jobs, app, name, body, words):
        resource = create_with_upload(body(), name, package_id=territory_dataset["id"], schema=SUBVENTIONS)
        run_jobs()
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "failure"
        page = app.get(f"/dataset/{territory_dataset['name']}/resource/{resource['id']}/validation")
        assert page.status_code == 200
        assert words in page.body

    def test_linked_xlsx_is_validated_from_the_stored_copy(self, territory_dataset, csv_server, run_jobs):
        url = csv_server(subventions_workbook())
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], url=url, schema=SUBVENTIONS)
        run_jobs()
        assert helpers.call_action("resource_show", id=resource["id"])["validation_status"] == "success"


def _empty_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Feuil1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
