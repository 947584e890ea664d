import ast
import glob
import os
import re
import string

import pytest

from ckanext.opendatalocale.scdl import i18n, messages
from ckanext.opendatalocale.scdl.validator import validate_csv

from .helpers import read_rows, to_csv

SCDL_DIR = os.path.join(os.path.dirname(i18n.__file__))


def source_strings():
    found = []
    for path in sorted(glob.glob(os.path.join(SCDL_DIR, "*.py"))):
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.append(node.args[0].value)
    return found


def placeholders(text):
    return sorted(name for _l, name, _f, _c in string.Formatter().parse(text) if name)


def test_english_catalogue_is_complete():
    """Every French string of scdl/ has its English in the suite's one .po file."""
    english = i18n._english_catalogue()
    strings = source_strings()
    assert len(strings) > 100
    missing = [s for s in strings if s not in english]
    assert missing == []
    for source in strings:
        assert placeholders(english[source]) == placeholders(source), source


def test_english_through_the_hook(subventions, subventions_example):
    rows = read_rows(subventions_example)
    rows[11][rows[0].index("dateConvention")] = "04/10/2013"
    report = validate_csv(to_csv(rows), subventions)
    i18n.set_translator(i18n.english_translator)
    assert messages.error_message(report["errors"][0], subventions) == (
        "row 12, column “Date de la convention de subvention”: “04/10/2013” is not a date in the "
        "YYYY-MM-DD format; write 2013-10-04"
    )
    i18n.set_translator(None)
    assert messages.error_message(report["errors"][0], subventions).startswith("ligne 12, colonne")


def test_any_gettext_can_be_plugged():
    i18n.set_translator({"ligne {row}": "Zeile {row}"}.get)
    assert i18n.translate("ligne {row}").format(row=3) == "Zeile 3"


@pytest.mark.parametrize("cell, fmt, expected", [
    ("04/10/2013", "default", "2013-10-04"),
    ("4/10/2013", "default", "2013-10-04"),
    ("2013/10/04", "default", "2013-10-04"),
    ("2013-10-04T10:00:00", "default", "2013-10-04"),
    ("2013-10-04", "%d/%m/%Y", "04/10/2013"),
    ("hier", "default", None),
])
def test_date_suggestions(cell, fmt, expected):
    assert messages.suggest_date(cell, fmt) == expected


@pytest.mark.parametrize("cell, integer, expected", [
    ("12,5", False, "12.5"),
    ("1 234,50 €", False, "1234.50"),
    ("1.234,50", False, "1234.50"),
    ("1,234.50", False, "1234.50"),
    ("3,0", True, "3"),
    ("3,5", True, None),
    ("abc", False, None),
])
def test_number_suggestions(cell, integer, expected):
    assert messages.suggest_number(cell, integer=integer) == expected


def test_enum_suggestion_ignores_case_and_accents():
    allowed = ["aide en numéraire", "aide en nature"]
    assert messages.suggest_enum("Aide en numeraire ", allowed) == "aide en numéraire"
    assert messages.suggest_enum("subvention", allowed) is None


def _report(subventions, subventions_example, edits):
    rows = read_rows(subventions_example)
    for row, column, value in edits:
        rows[row - 1][rows[0].index(column)] = value
    return validate_csv(to_csv(rows), subventions)


def test_messages_for_standard_errors(subventions, subventions_example):
    report = _report(subventions, subventions_example, [
        (2, "montant", "12,5"), (3, "nature", "Aide en numeraire"), (4, "idAttribuant", "123"),
        (5, "pourcentageSubvention", "2"), (6, "notificationUE", "Oui"), (7, "nomAttribuant", ""),
        (8, "objet", "x" * 300),
    ])
    texts = messages.report_messages(report, subventions)["errors"]
    expected = [
        "ligne 2, colonne « Montant total de la subvention » : « 12,5 » n'est pas un nombre ; le séparateur décimal est le point, sans espace ni unité : écrivez 12.5",
        "« Aide en numeraire » n'est pas une valeur autorisée ; écrivez « aide en numéraire »",
        "« 123 » n'a pas la forme attendue ; exemple de valeur correcte : 23350001600040",
        "2 est trop grand : la valeur maximale est 1",
        "« Oui » n'est pas une valeur acceptée ; écrivez oui (oui) ou non (non)",
        "ligne 7, colonne « Nom de l'attribuant » : la valeur est obligatoire ; renseignez cette cellule",
        "le texte compte 300 caractères, le maximum est 256 ; raccourcissez-le",
    ]
    for fragment in expected:
        assert any(fragment in t for t in texts), (fragment, texts)


def test_grouping(subventions, subventions_example):
    rows = read_rows(subventions_example)
    for row in rows[1:8]:
        row[rows[0].index("montant")] = "12,5"
    rows[9][rows[0].index("dateConvention")] = "hier"
    report = validate_csv(to_csv(rows), subventions)
    groups = messages.group_errors(report, subventions, max_rows=3)
    assert [(g["type"], g["fieldName"], g["count"]) for g in groups] == [
        ("type-error", "montant", 7), ("type-error", "dateConvention", 1)]
    assert groups[0]["rows"] == [2, 3, 4]
    assert groups[0]["column"] == "Montant total de la subvention"
    assert groups[0]["title"] == "Valeurs mal écrites"
    assert "écrivez 12.5" in groups[0]["message"]


def test_summary():
    assert messages.report_summary({"valid": True, "stats": {"rows": 3}}) == \
        "Fichier conforme au schéma (3 lignes vérifiées)."
    assert messages.report_summary({"valid": False, "stats": {"rows": 3, "errors": 2}}) == \
        "2 erreurs sur 3 lignes vérifiées."
    assert messages.report_summary({"valid": False, "stats": {"rows": 3, "errors": 1}}) == \
        "1 erreur sur 3 lignes vérifiées."


def test_summary_plural_in_english():
    i18n.set_translator(i18n.english_translator, i18n.english_plural_translator)
    assert messages.report_summary({"valid": False, "stats": {"rows": 3, "errors": 1}}) == \
        "1 error in 3 rows checked."
    assert messages.report_summary({"valid": False, "stats": {"rows": 3, "errors": 2}}) == \
        "2 errors in 3 rows checked."


def test_every_error_type_has_a_message(catalogue):
    kinds = ["type-error", "constraint-error", "missing-label", "extra-label", "incorrect-label", "blank-label",
             "duplicate-label", "unmatched-header", "missing-cell", "extra-cell", "blank-row", "unique-error",
             "primary-key", "check-error", "header-only", "schema-error", "empty-file", "binary-file",
             "encoding-error", "malformed-csv", "french-siret-value", "french-siren-value", "one-of-required",
             "cohesive-columns-value", "compare-columns-value", "sum-columns-value", "year-interval-value",
             "nomenclature-actes-value"]
    for kind in kinds:
        error = {"type": kind, "rowNumber": 2, "fieldNumber": 1, "fieldName": "montant", "cell": "x", "note": "",
                 "params": {"kind": "zip", "encoding": "utf-8", "position": 3, "row": 2, "detail": "d"},
                 "details": {"columns": ["montant"], "values": ["1", "2"], "op": ">="}}
        text = messages.error_message(error, catalogue.get("scdl/subventions"))
        assert text and not re.search(r"\{[a-z_]+\}", text), (kind, text)
        assert messages.kind_title(kind)


def test_value_message_is_the_report_sentence_without_its_place():
    """For forms (the menu entry form): one value, the validator's words, the repair."""
    assert messages.value_message({"type": "date"}, "04/10/2013") == (
        "« 04/10/2013 » n'est pas une date au format AAAA-MM-JJ ; écrivez 2013-10-04")
    assert messages.value_message({"type": "number"}, "2,5") == (
        "« 2,5 » n'est pas un nombre ; le séparateur décimal est le point, sans espace ni unité : "
        "écrivez 2.5")
    enum = {"constraints": {"enum": ["sans porc ", "végétarien"]}}
    assert messages.value_message(enum, "Vegetarien", constraint="enum") == (
        "« Vegetarien » n'est pas une valeur autorisée ; écrivez « végétarien »")
    # nothing close: the list, no guess
    assert "valeurs possibles : « sans porc  », « végétarien »" in messages.value_message(
        enum, "halal", constraint="enum")
    assert messages.value_message({"type": "number"}, "abc").startswith("« abc » n'est pas un nombre (")
