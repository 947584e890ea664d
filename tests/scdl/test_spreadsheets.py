"""Spreadsheets (.xlsx, .xls, .ods) validated by the same engine as CSV.

The .xlsx files are written here with openpyxl, the .ods by hand (a zip of
XML), the two binary files of spreadsheets/ were made once: typed.xls with
xlwt 1.3.0, password.xlsx with openpyxl then msoffcrypto-tool 6.1.0
(password "secret").
"""
import datetime
import io
import os
import zipfile

import openpyxl
import pytest

from ckanext.opendatalocale.scdl import messages
from ckanext.opendatalocale.scdl.spreadsheet_source import (
    SpreadsheetError,
    SpreadsheetSource,
    number_text,
    sniff_format,
)
from ckanext.opendatalocale.scdl.validator import validate_csv, validate_spreadsheet

from .helpers import read_rows, to_csv

HERE = os.path.join(os.path.dirname(__file__), "spreadsheets")

SCHEMA = {"fields": [
    {"name": "id", "type": "string", "constraints": {"required": True}},
    {"name": "date", "type": "date"},
    {"name": "montant", "type": "number"},
    {"name": "signature", "type": "date", "format": "%d/%m/%Y"},
]}


def xlsx(*sheets, merge=None):
    """Bytes of a workbook; each sheet is (title, rows)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merge and title == sheets[0][0]:
            sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods(rows):
    """A minimal OpenDocument spreadsheet: strings, floats and dates typed."""
    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, datetime.date):
            return ('<table:table-cell office:value-type="date" office:date-value="%s">'
                    "<text:p>%s</text:p></table:table-cell>" % (value.isoformat(), value.strftime("%d/%m/%Y")))
        if isinstance(value, float):
            return ('<table:table-cell office:value-type="float" office:value="%r">'
                    "<text:p>%s</text:p></table:table-cell>" % (value, value))
        return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % value

    body = "".join("<table:table-row>%s</table:table-row>" % "".join(cell(v) for v in row) for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">%s</table:table>'
        "</office:spreadsheet></office:body></office:document-content>" % body
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def only_errors(report):
    return [(e["type"], e["rowNumber"], e["fieldName"], e["cell"]) for e in report["errors"]]


def test_cells_are_read_as_the_spreadsheet_stores_them():
    data = xlsx(("Données", [
        ["id", "date", "montant", "signature"],
        [12345678901234, datetime.date(2024, 1, 31), 1500.5, datetime.date(2024, 2, 1)],
        ["A2", "2024-01-31", "1500.5", "01/02/2024"],
        ["A3", "31/01/2024", "12,5", None],
        ["A4", datetime.datetime(2024, 1, 31, 10, 30), 12.0, datetime.datetime(2024, 3, 1)],
    ]))
    report = validate_csv(data, SCHEMA)
    # A date cell is a date whatever the column's format; a SIRET typed as a
    # number is its digits; text is judged as the same text in a CSV.
    assert only_errors(report) == [
        ("type-error", 4, "date", "31/01/2024"),
        ("type-error", 4, "montant", "12,5"),
        ("type-error", 5, "date", "2024-01-31T10:30:00"),
    ]
    assert report["source"]["format"] == "xlsx" and report["source"]["sheet"] == "Données"
    assert report["stats"]["rows"] == 4
    sentence = messages.error_message(report["errors"][0])
    assert sentence.startswith("ligne 4, colonne « date »")


def test_text_cells_give_the_csv_report(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows[3][rows[0].index("dateConvention")] = "04/10/2013"
    rows[5][rows[0].index("montant")] = "12 000,50"
    as_csv = validate_csv(to_csv(rows), subventions)
    as_xlsx = validate_csv(xlsx(("Feuil1", rows)), subventions)
    assert not as_csv["valid"] and not as_xlsx["valid"]
    for key in ("errors", "error_counts", "labels", "header_mode"):
        assert as_xlsx[key] == as_csv[key], key
    assert as_xlsx["stats"]["rows"] == as_csv["stats"]["rows"]
    assert messages.report_messages(as_xlsx, subventions) == messages.report_messages(as_csv, subventions)


def test_typed_example_is_valid(subventions, subventions_example):
    rows = read_rows(subventions_example)
    header = rows[0]
    typed = [header]
    for row in rows[1:]:
        cells = list(row)
        for index, name in enumerate(header):
            field = subventions.descriptor["fields"][[f["name"] for f in subventions.descriptor["fields"]].index(name)]
            if cells[index] and field["type"] == "date":
                cells[index] = datetime.date.fromisoformat(cells[index])
            elif cells[index] and field["type"] in ("number", "integer"):
                cells[index] = float(cells[index])
        typed.append(cells)
    report = validate_csv(xlsx(("Feuil1", typed)), subventions)
    assert report["valid"], report["errors"][:3]


def test_sheet_named_in_the_resource_and_the_first_by_default():
    data = xlsx(("Notes", [["rien"]]), ("Subventions", [["id", "date"], ["A1", datetime.date(2024, 1, 1)]]))
    first = validate_csv(data, SCHEMA)
    assert first["source"]["sheet"] == "Notes"
    chosen = [w for w in first["warnings"] if w["type"] == "sheet-chosen"]
    assert "seule la première, « Notes »" in messages.warning_message(chosen[0])
    named = validate_csv(data, SCHEMA, sheet="subventions ")
    assert named["valid"] and named["source"]["sheet"] == "Subventions"
    missing = validate_csv(data, SCHEMA, sheet="Budget")
    assert missing["errors"][0]["type"] == "sheet-not-found"
    assert messages.error_message(missing["errors"][0]) == (
        "Le classeur n'a pas de feuille « Budget » (feuilles : Notes, Subventions). "
        "Corrigez le nom de la feuille indiqué sur la ressource.")


def test_ods_and_xls_are_read_typed():
    data = ods([["id", "date", "montant"], ["A1", datetime.date(2024, 1, 31), 12.5], ["A2", "31/01/2024", None]])
    assert sniff_format(io.BytesIO(data)) == "ods"
    report = validate_csv(data, SCHEMA)
    assert report["source"]["format"] == "ods"
    assert only_errors(report) == [("type-error", 3, "date", "31/01/2024")]

    report = validate_csv(os.path.join(HERE, "typed.xls"), SCHEMA)
    assert report["source"]["format"] == "xls" and report["source"]["sheet"] == "Subventions"
    assert only_errors(report) == [("type-error", 3, "date", "31/01/2024"), ("type-error", 3, "montant", "12,5")]


def test_a_date_before_the_year_1000_reads_as_its_format_writes_it():
    # glibc's strftime writes the year 1 as "1", which "%Y-%m-%d" then refuses
    schema = {"fields": [{"name": "jour", "type": "date", "format": "%Y-%m-%d"},
                         {"name": "signature", "type": "date", "format": "%d/%m/%Y"},
                         {"name": "horodatage", "type": "datetime", "format": "%Y-%m-%d %H:%M"}]}
    old = datetime.date(1, 1, 1)
    data = ods([["jour", "signature", "horodatage"], [old, datetime.date(999, 12, 31),
                                                      datetime.datetime(999, 12, 31, 23, 59)],
                [old, "31/12/999", None]])
    report = validate_csv(data, schema)
    assert only_errors(report) == [("type-error", 3, "signature", "31/12/999")]


def test_number_text_has_no_exponent_nor_trailing_zero():
    assert number_text(12.0) == "12"
    assert number_text(1e-07) == "0.0000001"
    assert number_text(12345678901234.0) == "12345678901234"
    assert number_text(-0.5) == "-0.5"


def test_trailing_empty_rows_and_cells_are_not_data():
    data = xlsx(("F", [["id", "date"], ["A1", None], [None, None], ["A2", None, None, None], [None], [None]]))
    with SpreadsheetSource(data) as book:
        assert book.labels == ["id", "date"]
        rows = list(book.rows())
    assert rows == [(2, ["A1", ""]), (3, ["", ""]), (4, ["A2", ""])]
    report = validate_csv(data, SCHEMA)
    assert [e["type"] for e in report["errors"]] == ["blank-row"]


@pytest.mark.parametrize("name,data,code,words", [
    ("corrupt zip", lambda: xlsx(("F", [["id"]] + [["x" * 50]] * 200))[:3000], "spreadsheet-unreadable",
     "le fichier est abîmé"),
    ("password", lambda: open(os.path.join(HERE, "password.xlsx"), "rb").read(), "spreadsheet-password",
     "mot de passe"),
    ("empty", lambda: xlsx(("Vide", [])), "empty-file", "« Vide » du classeur est vide"),
    ("broken ods", lambda: ods([["id"]])[:-40], "spreadsheet-unreadable", "ne peut pas être lu"),
    ("broken xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "spreadsheet-unreadable",
     "(xls) ne peut pas être lu"),
])
def test_hostile_workbooks_get_a_french_message(name, data, code, words):
    report = validate_csv(data(), SCHEMA)
    assert not report["valid"]
    assert report["errors"][0]["type"] == code
    assert words in messages.error_message(report["errors"][0])


def test_huge_sheet_is_refused_before_rows_are_read():
    data = xlsx(("Grande", [["id", "date"]] + [["A", None]] * 50))
    report = validate_spreadsheet(data, SCHEMA)
    assert report["valid"]
    with pytest.raises(SpreadsheetError) as raised:
        SpreadsheetSource(data, max_cells=60)
    assert raised.value.code == "spreadsheet-too-large"
    assert "« Grande » est trop grande" in raised.value.message


def test_a_far_away_cell_is_refused_before_calamine_lays_the_sheet_out():
    """A 5 KB .xlsx with a cell in XFD1048576 would make calamine ask for
    500 GB and abort the process (a worker, or the web server)."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Piège"
    workbook.active["A1"] = "id"
    workbook.active["A2"] = "x"
    workbook.active["XFD1048576"] = "fin"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    report = validate_csv(buffer.getvalue(), SCHEMA)
    assert report["errors"][0]["type"] == "spreadsheet-too-large"
    assert messages.error_message(report["errors"][0]).startswith(
        "La feuille « Piège » est trop grande pour être validée (1048576 lignes sur 16384 colonnes")


def test_formulas_give_their_stored_value_and_merged_cells_a_warning():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "montant"])
    sheet.append(["A1", "=1+1"])  # openpyxl stores no computed value: read empty, never evaluated
    sheet.append(["A2", 3])
    sheet.append(["fusion", None])
    sheet.merge_cells("A4:B4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = validate_csv(buffer.getvalue(), SCHEMA)
    assert report["valid"]
    assert report["warnings"][0]["type"] == "merged-cells"
    assert "cellules fusionnées (1)" in messages.warning_message(report["warnings"][0])


def test_header_only_sheet_warns_as_csv():
    report = validate_csv(xlsx(("F", [["id", "date"]])), SCHEMA)
    assert report["valid"] and report["warnings"][0]["type"] == "header-only"
    strict = validate_csv(xlsx(("F", [["id", "date"]])), SCHEMA, require_rows=True)
    assert strict["errors"][0]["type"] == "header-only"
