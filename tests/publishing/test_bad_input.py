"""Bad input through CKAN (issue 16, point 7): spreadsheets an agent really sends
(merged cells, several sheets, formulas, a password, a corrupt zip, 1,048,576 rows) and
import files that are wrong (unknown columns, a licence or a schema the site does not
know, a territory the user may not edit), through the import's dry run (the page and the
action) and through the resource validation job. Each gives a French message saying
what and where, creates nothing, and never a 500. Every workbook is made here; the
1,048,576-row one is written to a temporary file."""
import datetime
import io
import os
import zipfile

import openpyxl
import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.publishing import rows
from ckanext.opendatalocale.publishing.model import BulkImport
from ckanext.opendatalocale.scdl.spreadsheet_source import cell_name
from tests.scdl_site.conftest import example_bytes, run_jobs  # noqa: F401 (a fixture)
from tests.test_csrf import PASSWORD, browser, token_of

pytestmark = [pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True),
              pytest.mark.usefixtures("with_plugins")]

PASSWORD_XLSX = os.path.join(os.path.dirname(__file__), "..", "scdl", "spreadsheets",
                             "password.xlsx")
EXCEL_ROWS = 1_048_576


@pytest.fixture
def site(odl_db, clean_index):
    firminy = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    roanne = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    editor = factories.UserWithToken(password=PASSWORD)
    helpers.call_action("organization_member_create", id=firminy["id"],
                        username=editor["name"], role="editor")
    return {"firminy": firminy, "roanne": roanne, "editor": editor}


def record(**cells):
    values = dict(rows.EXAMPLE_ROW, territoire="firminy",
                  urls_ressources="https://data.example.fr/jeu.csv")
    values.update(cells)
    return [values[name] for name in rows.COLUMN_NAMES]


def workbook_bytes(build) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_sheet(*records, header=None):
    def build(workbook):
        sheet = workbook.active
        sheet.title = "Jeux"
        sheet.append(header or rows.COLUMN_NAMES)
        for cells in records:
            sheet.append(cells)
    return build


def csv_file(*records, header=None) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or rows.COLUMN_NAMES)
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


def write_long_sheet(path, header):
    """An .xlsx of Excel's largest sheet, written as XML to a file (openpyxl would take
    minutes): the header, then one short cell in every row down to row 1,048,576."""
    sheet_xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                 'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    header_cells = "".join(f'<c r="{cell_name(0, index)}" t="inlineStr"><is><t>{label}</t></is></c>'
                           for index, label in enumerate(header))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships"><sheets><sheet name="Jeux" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write((sheet_xml + f'<row r="1">{header_cells}</row>').encode())
            for start in range(2, EXCEL_ROWS + 1, 50_000):
                member.write("".join(f'<row r="{number}"><c r="A{number}"><v>1</v></c></row>'
                                     for number in range(start, min(start + 50_000,
                                                                    EXCEL_ROWS + 1))).encode())
            member.write(b"</sheetData></worksheet>")


def long_sheet(tmp_path, header) -> bytes:
    path = tmp_path / "un-million-de-lignes.xlsx"
    write_long_sheet(path, header)
    return path.read_bytes()


def check_as(site, content, name):
    return helpers.call_action("odl_bulk_import_check", context={
        "user": site["editor"]["name"], "ignore_auth": False}, upload=content, file_name=name)


def refused_apply(site, checked):
    from ckan.logic import ValidationError

    with pytest.raises(ValidationError) as raised:
        helpers.call_action("odl_bulk_import_apply", context={
            "user": site["editor"]["name"], "ignore_auth": False}, id=checked["id"])
    return str(raised.value.error_dict)


def nothing_created():
    return model.Session.query(model.Package).filter(model.Package.state != "deleted").count()


# --- workbooks sent to the import ---------------------------------------------------

def _merged(workbook):
    import_sheet(record(identifiant="a"), record(identifiant="b"))(workbook)
    workbook.active.merge_cells("B3:C3")


def _notes_first(workbook):
    notes = workbook.active
    notes.title = "Mode d'emploi"
    notes.append(["Remplissez la feuille Jeux, une ligne par jeu."])
    jeux = workbook.create_sheet("Jeux")
    jeux.append(rows.COLUMN_NAMES)
    jeux.append(record())


def _formula_title(workbook):
    import_sheet(record(identifiant="a"), record(identifiant="b"))(workbook)
    # openpyxl stores the formula without a computed value, as a script would: the import
    # reads the stored value (none), never evaluates the formula.
    workbook.active.cell(row=3, column=rows.COLUMN_NAMES.index("titre") + 1,
                         value='=HYPERLINK("http://127.0.0.2/x","piège")')


WORKBOOKS = {
    "merged": (lambda tmp: workbook_bytes(_merged), "fusionnes.xlsx",
               ["« Jeux » contient 1 cellule(s) fusionnée(s) (B3:C3)", "Défusionnez-les"]),
    "sheets": (lambda tmp: workbook_bytes(_notes_first), "deux-feuilles.xlsx",
               ["Le classeur a 2 feuilles (Mode d'emploi, Jeux)",
                "Placez le tableau des jeux sur la première feuille"]),
    "password": (lambda tmp: open(PASSWORD_XLSX, "rb").read(), "protege.xlsx",
                 ["protégé par un mot de passe"]),
    "corrupt zip": (lambda tmp: workbook_bytes(import_sheet(record()))[:1500], "abime.xlsx",
                    ["le fichier est abîmé"]),
    "1,048,576 rows": (lambda tmp: long_sheet(tmp, rows.COLUMN_NAMES), "long.xlsx",
                       ["« Jeux » du classeur a plus de 10000 lignes",
                        "découpez le fichier en plusieurs imports"]),
}


@pytest.mark.parametrize("case", sorted(WORKBOOKS))
def test_bad_workbooks_in_the_import_dry_run(app, site, tmp_path, case):
    build, name, words = WORKBOOKS[case]
    content = build(tmp_path)
    checked = check_as(site, content, name)
    assert checked["plan"] == []
    (error,) = checked["errors"]
    for word in words:
        assert word in error["message"], (word, error["message"])
    assert "apply" not in refused_apply(site, checked)  # refused: errors first
    assert nothing_created() == 0
    # The same file through the page: the dry run's page, never a 500.
    client = browser(app, site["editor"])
    form = client.get("/import")
    sent = client.post("/import", data={"upload": (io.BytesIO(content), name),
                                        "_csrf_token": token_of(form)},
                       content_type="multipart/form-data", follow_redirects=False)
    assert sent.status_code == 302, sent.status_code
    page = client.get(sent.headers["Location"])
    assert page.status_code == 200
    assert words[0].replace("'", "&#39;") in page.body or words[0] in page.body
    assert nothing_created() == 0


def test_formula_cells_are_read_not_run(site):
    checked = check_as(site, workbook_bytes(_formula_title), "formules.xlsx")
    # The row whose title is a formula without a stored value: its title is missing,
    # said at its row and column; the other row is planned but nothing is applied.
    assert [(e["row"], e["column"]) for e in checked["errors"]] == [(3, "titre")]
    assert "Valeur obligatoire manquante" in checked["errors"][0]["message"]
    assert [entry["identifier"] for entry in checked["plan"]] == ["a"]
    assert "s'applique qu'entier" in refused_apply(site, checked)
    assert nothing_created() == 0


# --- wrong import files -------------------------------------------------------------

def test_unknown_columns_are_named(site):
    header = rows.COLUMN_NAMES + ["budget_prevu", "Remarques"]
    content = csv_file(record() + ["100", "à revoir"], header=header)
    checked = check_as(site, content, "colonnes.csv")
    assert checked["plan"] == []
    messages = {e["column"]: e["message"] for e in checked["errors"]}
    assert set(messages) == {"budget_prevu", "Remarques"}
    assert all(e["row"] == 1 for e in checked["errors"])
    assert "Colonne « budget_prevu » inconnue" in messages["budget_prevu"]
    assert nothing_created() == 0


def test_unknown_licence_schema_and_territory_out_of_reach(site):
    from ckan.logic import ValidationError

    content = workbook_bytes(import_sheet(
        record(identifiant="ok"),
        record(identifiant="licence", licence="licence-maison"),
        record(identifiant="schema", schema="scdl/inexistant"),
        record(identifiant="ailleurs", territoire="roanne"),
        record(identifiant="nulle-part", territoire="atlantide")))
    checked = check_as(site, content, "erreurs.xlsx")
    where = {(e["row"], e["column"]): e["message"] for e in checked["errors"]}
    assert set(where) == {(3, "licence"), (4, "schema"), (5, "territoire"), (6, "territoire")}
    assert "licence-maison" in where[(3, "licence")]
    assert "scdl/inexistant" in where[(4, "schema")]
    assert "roanne" in where[(5, "territoire")] or "Roanne" in where[(5, "territoire")]
    assert "atlantide" in where[(6, "territoire")]
    # The good row is planned, but a file with errors is never applied: nothing half-way.
    assert [entry["identifier"] for entry in checked["plan"]] == ["ok"]
    assert "s'applique qu'entier" in refused_apply(site, checked)
    assert nothing_created() == 0
    assert model.Session.get(BulkImport, checked["id"]).state == "checked"
    with pytest.raises(ValidationError):
        helpers.call_action("odl_bulk_import_apply", context={
            "user": site["editor"]["name"], "ignore_auth": False}, id=checked["id"])
    assert nothing_created() == 0


# --- the same workbooks as resources: the validation job ------------------------------

def subventions_sheet(workbook, extra=None):
    """The SCDL subventions example as an agent's sheet."""
    import csv

    table = list(csv.reader(io.StringIO(example_bytes("subventions").decode("utf-8"))))
    sheet = workbook.active
    sheet.title = "Subventions"
    for line in table:
        sheet.append(line)
    if extra:
        extra(workbook, sheet, table)


@pytest.fixture
def dataset(site):
    return factories.Dataset(owner_org=site["firminy"]["id"])


def _merged_rows(workbook, sheet, table):
    sheet.merge_cells("A2:A3")


def _notes_sheet(workbook, sheet, table):
    notes = workbook.create_sheet("Notes", 0)
    notes.append(["Ceci n'est pas le tableau"])


def _formula(workbook, sheet, table):
    column = table[0].index("montant") + 1
    sheet.cell(row=2, column=column, value="=1/0")


VALIDATION = {
    "merged": (lambda tmp: workbook_bytes(lambda wb: subventions_sheet(wb, _merged_rows)),
               "failure", None),
    "several sheets": (lambda tmp: workbook_bytes(lambda wb: subventions_sheet(wb, _notes_sheet)),
                       "failure", "« Notes »"),
    "formula": (lambda tmp: workbook_bytes(lambda wb: subventions_sheet(wb, _formula)),
                "failure", None),
    "password": (lambda tmp: open(PASSWORD_XLSX, "rb").read(), "failure", "mot de passe"),
    "corrupt zip": (lambda tmp: workbook_bytes(subventions_sheet)[:1500], "failure",
                    "le fichier est abîmé"),
    "1,048,576 rows": (lambda tmp: long_sheet(tmp, ["a"] * 30), "failure", "est trop grande"),
}


@pytest.mark.usefixtures("clean_queues")
@pytest.mark.parametrize("case", sorted(VALIDATION))
def test_bad_workbooks_as_validated_resources(app, create_with_upload, run_jobs, dataset,
                                              tmp_path, case):
    build, status, words = VALIDATION[case]
    resource = create_with_upload(build(tmp_path), f"{case.replace(' ', '-')}.xlsx",
                                  package_id=dataset["id"], schema="scdl/subventions")
    run_jobs()
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["validation_status"] == status
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/validation")
    assert page.status_code == 200
    if words:
        assert words in page.body, page.body[:2000]
