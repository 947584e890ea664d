"""Reading and checking bulk import files, without CKAN: every error by row and column."""
import datetime
import io
import os

import openpyxl
import pytest

from ckanext.opendatalocale.publishing import rows
from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue

FIRMINY = rows.Territory("id-firminy", "firminy", "Commune de Firminy", True)
ROANNE = rows.Territory("id-roanne", "roanne", "Commune de Roanne", False)
HEADER = rows.COLUMN_NAMES


@pytest.fixture(scope="module")
def lookups():
    def spatial(code):
        return (code, None) if code.isdigit() and len(code) == 5 else (None, "code inconnu")
    return rows.Lookups(
        licences={"lo_2_0": "lo-2.0", "odc_odbl": "odc-odbl"},
        frequencies={"annuelle": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"},
        territories={"firminy": FIRMINY, "roanne": ROANNE, "commune_de_firminy": FIRMINY},
        catalogue=SchemaCatalogue(), spatial=spatial)


def row(**cells):
    values = dict(rows.EXAMPLE_ROW, territoire="firminy")
    values.update(cells)
    return [values[name] for name in HEADER]


def csv_bytes(*records, header=HEADER, encoding="utf-8", delimiter=";"):
    text = "\n".join(delimiter.join('"%s"' % cell.replace('"', '""') for cell in record)
                     for record in [header, *records])
    return text.encode(encoding)


def checked(content, lookups):
    labels, table = rows.read_table(content, 1000)
    return rows.check(labels, table, lookups)


def errors_of(result):
    return {(error.row, error.column) for error in result.errors}


def test_the_template_reads_back_as_one_row_needing_only_its_territory(lookups):
    labels, table = rows.read_table(rows.template_csv().encode("utf-8"), 10)
    assert labels == HEADER and len(table) == 1
    result = rows.check(labels, table, lookups)
    assert errors_of(result) == {(2, "territoire")}


def test_a_good_row_becomes_a_dataset_plan(lookups):
    result = checked(csv_bytes(row(mots_cles="subventions; associations, culture",
                                   urls_ressources="https://a.example.fr/x.csv\nhttps://a.example.fr/y.csv",
                                   version_schema="")), lookups)
    assert result.errors == []
    (planned,) = result.rows
    assert planned.row == 2 and planned.territory is FIRMINY
    assert planned.fields["license_id"] == "lo-2.0"
    assert planned.fields["frequency"].endswith("/ANNUAL")
    assert planned.fields["temporal_start"] == "2025-01-01"
    assert [tag["name"] for tag in planned.fields["tags"]] == ["subventions", "associations", "culture"]
    assert planned.urls == ["https://a.example.fr/x.csv", "https://a.example.fr/y.csv"]
    assert planned.schema["name"] == "scdl/subventions" and planned.schema["version"]


def test_headers_written_by_a_person_are_the_template_columns(lookups):
    header = ["Identifiant", "Titre", "Mots-clés", "Fréquence", "Territoire"]
    result = checked(csv_bytes(["a-1", "Bancs", "bancs", "annuelle", "Commune de Firminy"],
                               header=header), lookups)
    assert result.errors == [] and result.rows[0].territory is FIRMINY
    # Columns the file does not have leave those fields of an existing dataset alone.
    assert set(result.rows[0].fields) == {"title", "identifier", "tags", "frequency"}


def test_every_fault_is_named_by_row_and_column_in_french(lookups):
    result = checked(csv_bytes(
        row(identifiant="a", licence="licence-maison"),
        row(identifiant="b", schema="scdl/inexistant"),
        row(identifiant="c", version_schema="0.0.1"),
        row(identifiant="d", territoire="roanne"),
        row(identifiant="e", debut_couverture="04/10/2013"),
        row(identifiant="f", urls_ressources="ftp://serveur.example.fr/x.csv"),
        row(identifiant="a"),
        row(identifiant="g", territoire="inconnue", frequence="parfois"),
        row(identifiant="h", debut_couverture="2025-06-01", fin_couverture="2025-01-01"),
        row(identifiant="i", urls_ressources="javascript:alert(1)"),
        row(identifiant="", titre=""),
        row(identifiant="j", mots_cles="l'eau, voirie"),
    ), lookups)
    assert errors_of(result) == {
        (2, "licence"), (3, "schema"), (4, "version_schema"), (5, "territoire"),
        (6, "debut_couverture"), (7, "urls_ressources"), (8, "identifiant"),
        (9, "territoire"), (9, "frequence"), (10, "fin_couverture"), (11, "urls_ressources"),
        (12, "identifiant"), (12, "titre"), (13, "mots_cles")}
    by_place = {(e.row, e.column): e.message for e in result.errors}
    assert "licence-maison" in by_place[(2, "licence")] and "lo-2.0" in by_place[(2, "licence")]
    assert "versions connues" in by_place[(4, "version_schema")]
    assert "Commune de Roanne" in by_place[(5, "territoire")]
    assert "écrivez 2013-10-04" in by_place[(6, "debut_couverture")]
    assert "http://" in by_place[(7, "urls_ressources")]
    assert "ligne 2" in by_place[(8, "identifiant")]
    assert result.errors[0].as_dict()["column_title"] == "Licence"
    assert result.rows == []  # a row with an error is never planned


def test_unknown_and_missing_columns_stop_at_the_header(lookups):
    result = checked(csv_bytes(["a", "Bancs", "x"], header=["identifiant", "titre", "couleur"]),
                     lookups)
    assert (1, "couleur") in errors_of(result)
    assert {(1, "frequence"), (1, "territoire")} <= errors_of(result)
    assert result.rows == []


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.4 binary \x00\x01", "PDF"),
    (b"", "vide"),
    ("identifiant;titre\n".encode(), "en-tête"),
])
def test_a_file_that_is_no_table_has_one_clear_message(content, words):
    with pytest.raises(rows.ImportFileError) as error:
        rows.read_table(content, 10)
    assert words in error.value.message


def test_a_quote_left_open_is_named_on_its_row(lookups):
    header = "identifiant;titre;frequence;territoire\n"
    content = (header + "a;Bancs;annuelle;firminy\n" + '"b;Arbres;annuelle;firminy\n'
               + "c;Toilettes;annuelle;firminy\n").encode()
    result = checked(content, lookups)
    assert any(error.row == 3 and "guillemet" in error.message for error in result.errors)
    assert [planned.identifier for planned in result.rows] == ["a"]


def test_a_windows_spreadsheet_export_reads_its_accents(lookups):
    result = checked(csv_bytes(row(titre="Équipements sportifs"), encoding="cp1252"), lookups)
    assert result.errors == [] and result.rows[0].title == "Équipements sportifs"


def test_too_many_rows_is_refused_before_checking():
    with pytest.raises(rows.ImportFileError) as error:
        rows.read_table(csv_bytes(row(identifiant="a"), row(identifiant="b")), 1)
    assert "plus de 1 jeux" in error.value.message


def test_a_workbook_reads_typed_cells(lookups):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row(identifiant="x-1")
    values[HEADER.index("debut_couverture")] = datetime.date(2024, 1, 1)
    values[HEADER.index("couverture_spatiale")] = 42218
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = checked(buffer.getvalue(), lookups)
    assert result.errors == []
    assert result.rows[0].fields["temporal_start"] == "2024-01-01"
    assert result.rows[0].fields["spatial_coverage"] == "42218"


def test_a_corrupt_workbook_is_a_clear_message():
    with pytest.raises(rows.ImportFileError) as error:
        rows.read_table(b"PK\x03\x04" + b"xl/" + b"\x00" * 200, 10)
    assert error.value.message


@pytest.mark.parametrize("url, fine", [
    ("https://data.example.fr/f.csv", True), ("http://data.example.fr:8080/f", True),
    ("file:///etc/passwd", False), ("https://localhost/x", False), ("https://a.fr:99999/", False),
    ("https://", False), ("data.example.fr/f.csv", False)])
def test_resource_urls_are_checked_as_text(url, fine):
    assert (rows.url_fault(url) is None) is fine


def test_an_ods_workbook_reads_like_the_csv(lookups):
    from tests.scdl.test_spreadsheets import ods

    values = row(identifiant="o-1")
    values[HEADER.index("fin_couverture")] = datetime.date(2025, 6, 30)
    result = checked(ods([HEADER, values]), lookups)
    assert result.errors == []
    assert result.rows[0].identifier == "o-1"
    assert result.rows[0].fields["temporal_end"] == "2025-06-30"


def test_a_workbook_with_a_password_is_a_clear_message():
    # An encrypted Office file is an OLE2 box: the reader says so in French.
    from tests.scdl.test_spreadsheets import HERE

    with open(os.path.join(HERE, "password.xlsx"), "rb") as handle:
        content = handle.read()
    with pytest.raises(rows.ImportFileError) as error:
        rows.read_table(content, 10)
    assert "mot de passe" in error.value.message


def test_a_date_error_is_the_scdl_report_sentence_with_its_certain_repair(lookups):
    from ckanext.opendatalocale.scdl.messages import value_message

    result = checked(csv_bytes(row(debut_couverture="04/10/2024", fin_couverture="hier")), lookups)
    said = {error.column: error.message for error in result.errors}
    date_field = {"name": "date", "type": "date", "format": "default"}
    assert said["debut_couverture"] == value_message(date_field, "04/10/2024") + "."
    assert "écrivez 2024-10-04" in said["debut_couverture"]  # day first, as in French files
    assert said["fin_couverture"] == value_message(date_field, "hier") + "."
    assert "écrivez" not in said["fin_couverture"]  # nothing guessed
