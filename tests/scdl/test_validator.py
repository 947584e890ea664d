"""The validator on the bundled examples and on broken variants of them."""
import pytest

from ckanext.opendatalocale.scdl import messages
from ckanext.opendatalocale.scdl.validator import validate_csv, validate_rows

from .helpers import read_rows, to_csv

EXAMPLES = ["scdl/subventions", "etalab/schema-irve-statique", "etalab/schema-stationnement"]


def cells_of(report):
    return sorted((e["rowNumber"] or 0, e["fieldName"] or "", e["type"]) for e in report["errors"])


@pytest.mark.parametrize("schema_id", EXAMPLES)
def test_bundled_examples_are_valid(catalogue, schema_id):
    schema = catalogue.get(schema_id)
    report = validate_csv(schema.examples["example-valid"], schema)
    assert report["valid"], report["errors"]
    assert report["stats"]["rows"] > 0
    assert report["source"]["encoding"] == "utf-8" and report["source"]["delimiter"] == ","
    assert report["schema"]["id"] == schema_id
    assert report["warnings"] == []


def _edit(example, row, column, value):
    rows = read_rows(example)
    rows[row - 1][rows[0].index(column)] = value
    return rows


def test_bad_date(subventions, subventions_example):
    data = to_csv(_edit(subventions_example, 12, "dateConvention", "04/10/2013"))
    report = validate_csv(data, subventions)
    assert not report["valid"]
    assert cells_of(report) == [(12, "dateConvention", "type-error")]
    error = report["errors"][0]
    assert error["cell"] == "04/10/2013" and error["note"] == 'type is "date/default"'
    assert error["fieldNumber"] == 3
    assert messages.error_message(error, subventions) == (
        "ligne 12, colonne « Date de la convention de subvention » : « 04/10/2013 » n'est pas "
        "une date au format AAAA-MM-JJ ; écrivez 2013-10-04"
    )


def test_bad_siret(subventions, subventions_example):
    data = to_csv(_edit(subventions_example, 3, "idBeneficiaire", "52499120500014"))
    report = validate_csv(data, subventions)
    assert cells_of(report) == [(3, "idBeneficiaire", "french-siret-value")]
    text = messages.error_message(report["errors"][0], subventions)
    assert "« 52499120500014 » n'est pas un numéro SIRET valide" in text
    assert "clé de contrôle" in text


def test_missing_required_column_validata_mode(subventions, subventions_example):
    rows = read_rows(subventions_example)
    index = rows[0].index("montant")
    rows = [r[:index] + r[index + 1:] for r in rows]
    report = validate_csv(to_csv(rows), subventions)
    assert not report["valid"]
    assert cells_of(report) == [(0, "montant", "missing-label")]
    assert report["errors"][0]["fieldNumber"] == len(rows[0]) + 1
    text = messages.error_message(report["errors"][0], subventions)
    assert text.startswith("La colonne obligatoire « Montant total de la subvention » (montant) est absente")


def test_missing_optional_column_is_a_warning(subventions, subventions_example):
    rows = read_rows(subventions_example)
    index = rows[0].index("idRAE")
    rows = [r[:index] + r[index + 1:] for r in rows]
    report = validate_csv(to_csv(rows), subventions)
    assert report["valid"]
    assert [(w["type"], w["fieldName"]) for w in report["warnings"]] == [("missing-label", "idRAE")]


def test_extra_column(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows = [r + (["commentaire"] if i == 0 else ["texte libre"]) for i, r in enumerate(rows)]
    report = validate_csv(to_csv(rows), subventions)
    # Validata: an extra column is a warning, its cells are not checked
    assert report["valid"]
    assert [(w["type"], w["label"]) for w in report["warnings"]] == [("extra-label", "commentaire")]
    assert "commentaire" in messages.warning_message(report["warnings"][0], subventions)
    # frictionless's default (exact) mode: an error
    exact = validate_csv(to_csv(rows), subventions, header_mode="exact")
    assert cells_of(exact) == [(0, "", "extra-label")]


def test_disordered_columns(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows = [[r[1], r[0]] + r[2:] for r in rows]
    report = validate_csv(to_csv(rows), subventions)
    assert report["valid"]
    assert [w["type"] for w in report["warnings"]] == ["disordered-labels"]
    exact = validate_csv(to_csv(rows), subventions, header_mode="exact")
    assert {e["type"] for e in exact["errors"]} >= {"incorrect-label"}


def test_semicolon_delimiter_is_detected(subventions, subventions_example):
    rows = read_rows(subventions_example)
    report = validate_csv(to_csv(rows, delimiter=";"), subventions)
    assert report["valid"]
    assert report["source"]["delimiter"] == ";"
    assert report["warnings"][0] == {"type": "delimiter-detected", "delimiter": ";", "expected": ","}
    assert "point-virgule" in messages.warning_message(report["warnings"][0])


def test_wrong_forced_delimiter_gives_unmatched_header(subventions, subventions_example):
    data = to_csv(read_rows(subventions_example), delimiter=";")
    report = validate_csv(data, subventions, delimiter=",")
    assert not report["valid"]
    types = {e["type"] for e in report["errors"]}
    assert "unmatched-header" in types and "missing-label" in types
    unmatched = next(e for e in report["errors"] if e["type"] == "unmatched-header")
    assert "séparateur" in messages.error_message(unmatched)


def test_cp1252_encoding(subventions, subventions_example):
    data = subventions_example.decode("utf-8").encode("cp1252")
    report = validate_csv(data, subventions)
    assert report["valid"]
    assert report["source"]["encoding"] == "cp1252"
    assert report["warnings"][0] == {"type": "encoding-detected", "encoding": "cp1252"}
    assert "UTF-8" in messages.warning_message(report["warnings"][0])


def test_bom(subventions, subventions_example):
    report = validate_csv(b"\xef\xbb\xbf" + subventions_example, subventions)
    assert report["valid"]
    assert report["source"]["encoding"] == "utf-8 (BOM)"
    assert report["warnings"] == [{"type": "bom-detected", "encoding": "utf-8 (BOM)"}]


@pytest.mark.parametrize("data, kind, fragment", [
    (b"", "empty-file", "vide"),
    (b"PK\x03\x04xlsx", "binary-file", "Excel"),
    (b"\x00\x01\x02garbage", "binary-file", "binaires"),
], ids=["empty", "xlsx", "binary"])
def test_unreadable_files(subventions, data, kind, fragment):
    report = validate_csv(data, subventions)
    assert not report["valid"]
    assert [e["type"] for e in report["errors"]] == [kind]
    assert fragment in messages.error_message(report["errors"][0])


def test_header_only_is_valid_with_a_warning_first(subventions, subventions_example):
    # Validata's verdict (data.gouv.fr shows such a file valid)
    header = subventions_example.split(b"\n")[0] + b"\n"
    report = validate_csv(header, subventions)
    assert report["valid"] and report["errors"] == [] and report["error_counts"] == {}
    assert report["stats"]["rows"] == 0
    assert report["warnings"][0] == {"type": "header-only"}
    assert "aucune ligne de données" in messages.warning_message(report["warnings"][0])
    assert "aucune ligne de données" in messages.report_summary(report)
    assert messages.report_summary(report).startswith("Fichier conforme au schéma")
    # the warning comes before those about the file's form
    semicolons = validate_csv(header.replace(b",", b";"), subventions)
    assert [w["type"] for w in semicolons["warnings"]] == ["header-only", "delimiter-detected"]


def test_header_only_refused_on_request(subventions, subventions_example):
    header = subventions_example.split(b"\n")[0] + b"\n"
    report = validate_csv(header, subventions, require_rows=True)
    assert not report["valid"]
    assert [e["type"] for e in report["errors"]] == ["header-only"]
    assert report["warnings"] == []
    assert "aucune ligne de données" in messages.error_message(report["errors"][0])
    assert messages.report_summary(report) == "1 erreur sur 0 lignes vérifiées."


def test_a_file_with_rows_has_no_header_only_warning(subventions, subventions_example):
    report = validate_csv(subventions_example, subventions, require_rows=True)
    assert report["valid"] and report["warnings"] == []
    assert "aucune ligne" not in messages.report_summary(validate_csv(subventions_example, subventions))


def test_unknown_custom_check_is_reported(subventions, subventions_example):
    descriptor = dict(subventions.descriptor)
    descriptor["custom_checks"] = list(descriptor["custom_checks"]) + [
        {"name": "opening-hours-value", "params": {"column": "objet"}}]
    report = validate_csv(subventions_example, descriptor)
    assert not report["valid"]
    assert report["error_counts"] == {"check-error": 1}
    error = report["errors"][0]
    assert error["check"] == "opening-hours-value"
    assert "ne connaît pas" in messages.error_message(error)


def test_badly_declared_custom_check(subventions_example, subventions):
    descriptor = dict(subventions.descriptor)
    descriptor["custom_checks"] = [{"name": "compare-columns-value",
                                    "params": {"column": "montant", "column2": "montant", "op": "<>"}}]
    report = validate_csv(subventions_example, descriptor)
    assert report["error_counts"] == {"check-error": 1}
    assert "mal déclarée" in messages.error_message(report["errors"][0])


def test_decp_json_schema_is_refused(catalogue, subventions_example):
    report = validate_csv(subventions_example, catalogue.get("marches-publics-decp"))
    assert [e["type"] for e in report["errors"]] == ["schema-error"]
    assert "Table Schema" in messages.error_message(report["errors"][0])


SMALL = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "nom", "type": "string", "constraints": {"maxLength": 5, "pattern": "[A-Z].*"}},
        {"name": "prix", "type": "number", "constraints": {"minimum": 0}},
        {"name": "actif", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
        {"name": "jour", "type": "date", "format": "%d/%m/%Y"},
        {"name": "tags", "type": "array",
         "arrayItem": {"type": "string", "constraints": {"enum": ["a", "b"]}}},
    ]
}


def rows_report(rows, schema=SMALL, **options):
    return validate_rows(rows[0], list(enumerate(rows[1:], start=2)), schema, **options)


def test_standard_checks_on_small_schema():
    report = rows_report([
        ["id", "nom", "prix", "actif", "jour", "tags"],
        ["1", "Abc", "1.5", "oui", "04/10/2013", '["a","b"]'],
        ["x", "abcdefg", "-1", "peut-être", "2013-10-04", '["c"]'],
        ["1", "", "", "", "", ""],
        ["", "", "", "", "", ""],
        ["3", "Ab"],
        ["4", "Ab", "1", "non", "01/01/2020", "[]", "en trop"],
    ])
    assert cells_of(report) == sorted([
        (3, "id", "type-error"),
        (3, "nom", "constraint-error"),
        (3, "nom", "constraint-error"),
        (3, "prix", "constraint-error"),
        (3, "actif", "type-error"),
        (3, "jour", "type-error"),
        (3, "tags", "constraint-error"),
        (4, "id", "unique-error"),
        (5, "", "blank-row"),
        (6, "prix", "missing-cell"),
        (6, "actif", "missing-cell"),
        (6, "jour", "missing-cell"),
        (6, "tags", "missing-cell"),
        (7, "", "extra-cell"),
    ])
    constraints = sorted(e["constraint"] for e in report["errors"] if e["rowNumber"] == 3 and e.get("constraint"))
    assert constraints == ["enum", "maxLength", "minimum", "pattern"]
    texts = messages.report_messages(report, SMALL)["errors"]
    assert any("figure déjà ligne 2" in t for t in texts)
    assert any("JJ/MM/AAAA ; écrivez 04/10/2013" in t for t in texts)


def test_error_counts_are_exact_but_lists_capped(subventions):
    names = [f.name for f in subventions.fields]
    good = read_rows(open(subventions.examples["example-valid"], "rb").read())[1]
    good[names.index("dateConvention")] = "hier"
    rows = [names] + [list(good) for _ in range(500)]
    report = validate_csv(to_csv(rows), subventions, max_errors_per_type=10)
    assert report["error_counts"] == {"type-error": 500}
    assert len(report["errors"]) == 10 and report["truncated"]
    groups = messages.group_errors(report, subventions)
    assert groups[0]["count"] == 500 and groups[0]["rows"] == [2, 3, 4, 5, 6]


def test_progress_callback(subventions, subventions_example):
    seen = []
    rows = read_rows(subventions_example)
    data = to_csv([rows[0]] + rows[1:] * 10)
    validate_csv(data, subventions, progress=seen.append, progress_every=100)
    assert seen == [100, 200]


def test_ignore_header_case(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows[0] = [label.upper() for label in rows[0]]
    assert not validate_csv(to_csv(rows), subventions)["valid"]
    assert validate_csv(to_csv(rows), subventions, ignore_header_case=True)["valid"]


def test_duplicate_label_in_validata_mode(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows = [r + [r[0]] for r in rows]
    report = validate_csv(to_csv(rows), subventions)
    assert [e["type"] for e in report["errors"]] == ["duplicate-label"]
    assert "plusieurs fois" in messages.error_message(report["errors"][0])


def test_report_is_json_serialisable(subventions, subventions_example):
    import json

    data = to_csv(_edit(subventions_example, 5, "montant", "12,5"))
    report = validate_csv(data, subventions)
    assert json.loads(json.dumps(report))["error_counts"] == {"type-error": 1}


def test_file_unreadable_half_way_keeps_what_was_found(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows[3][rows[0].index("montant")] = "douze"
    rows = rows + [rows[1]] * 2000  # decoding goes by chunks: the bad byte must be far
    data = to_csv(rows) + "ANTIBES,Société\n".encode("cp1252")
    report = validate_csv(data, subventions, encoding="utf-8")
    kinds = [e["type"] for e in report["errors"]]
    assert kinds[0] == "encoding-error" and "type-error" in kinds
    assert report["errors"][0]["rowNumber"] > 1000
    assert not report["valid"]
    assert "UTF-8" in messages.error_message(report["errors"][0])
