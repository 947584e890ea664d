import pytest

from ckanext.opendatalocale.scdl.csv_source import open_csv
from ckanext.opendatalocale.scdl.csv_templates import csv_template, example_row, schema_doc
from ckanext.opendatalocale.scdl.validator import validate_csv


def table_schemas(catalogue):
    return [info.latest for info in catalogue.list() if info.table_validatable]


def test_template_headers_in_schema_order(subventions):
    data = csv_template(subventions)
    assert data.startswith(b"\xef\xbb\xbf")
    with open_csv(data) as opened:
        assert opened.labels == [f.name for f in subventions.fields]
        rows = list(opened.rows())
    assert rows[0][1][opened.labels.index("montant")] == "47800.20"


def test_template_without_example(subventions):
    data = csv_template(subventions, with_example=False, bom=False)
    assert data.decode().strip() == ",".join(f.name for f in subventions.fields)


def test_template_examples_never_break_their_own_schema(catalogue):
    for schema in table_schemas(catalogue):
        report = validate_csv(csv_template(schema), schema)
        wrong = [e for e in report["errors"] if e.get("constraint") != "required"]
        assert wrong == [], (schema.id, wrong)


def test_wrong_published_examples_are_left_empty(catalogue):
    dae = catalogue.get("atlasante/schema-dae")
    assert dae.field("mnt_siren").example == "123456789"  # not a valid SIREN
    assert example_row(dae)["mnt_siren"] == ""
    assert example_row(dae, valid_only=False)["mnt_siren"] == "123456789"


def test_schema_doc(subventions):
    doc = schema_doc(subventions)
    assert doc["id"] == "scdl/subventions" and doc["version"] == "2.1.1"
    fields = {f["name"]: f for f in doc["fields"]}
    assert fields["dateConvention"]["type_label"] == "date (AAAA-MM-JJ)"
    assert fields["dateConvention"]["required"] is True
    assert fields["nature"]["enum"][:2] == ["aide en numéraire", "aide en nature"]
    assert fields["idAttribuant"]["pattern"] == "^\\d{14}$"
    assert "au plus 256 caractères" in fields["objet"]["rules"]
    assert "vrai : oui ; faux : non" in fields["notificationUE"]["rules"]
    texts = [c["text"] for c in doc["checks"]]
    assert texts[0].startswith("« Identification de l'attribuant (SIRET) » doit être un numéro SIRET") or \
        "SIRET" in texts[0]
    assert "au moins l'une des colonnes" in texts[2]
    assert "idAttribuant" in doc["required_fields"]


def test_schema_doc_for_arrays_and_decp(catalogue):
    menus = schema_doc(catalogue.get("scdl/menus-collectifs"))
    allergens = next(f for f in menus["fields"] if f["name"] == "menuPlatAllergene")
    assert allergens["type_label"] == "liste (JSON)" and "lait" in allergens["array_enum"]
    decp = schema_doc(catalogue.get("marches-publics-decp"))
    assert decp["table_validatable"] is False and decp["fields"] == []


@pytest.mark.parametrize("schema_id", ["scdl/deliberations", "scdl/budget"])
def test_docs_of_every_check(catalogue, schema_id):
    doc = schema_doc(catalogue.get(schema_id))
    assert all(c["known"] and c["text"] for c in doc["checks"])
