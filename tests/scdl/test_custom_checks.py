"""Each SCDL custom check, positive and negative, with Validata's semantics."""
import pytest

from ckanext.opendatalocale.scdl import messages
from ckanext.opendatalocale.scdl.custom_checks import CUSTOM_CHECKS, compare_values
from ckanext.opendatalocale.scdl.validator import validate_rows


def check_report(fields, checks, rows, **options):
    schema = {"fields": fields, "custom_checks": checks}
    return validate_rows(rows[0], list(enumerate(rows[1:], start=2)), schema, **options)


def found(report):
    return [(e["rowNumber"], e["fieldName"], e["type"]) for e in report["errors"]]


def text(field_type="string", **extra):
    return dict({"type": field_type}, **extra)


# french-siret-value / french-siren-value

SIRET_SCHEMA = [dict(text(), name="siret", title="SIRET du bénéficiaire"), dict(text(), name="nom")]


def test_siret_positive_and_empty_cells_skipped():
    report = check_report(SIRET_SCHEMA, [{"name": "french-siret-value", "params": {"column": "siret"}}],
                          [["siret", "nom"], ["21060004500392", "a"], ["", "b"], ["35600000049837", "c"],
                           ["210 600 045 00392", "d"]])
    assert report["valid"], report["errors"]


def test_siret_negative():
    report = check_report(SIRET_SCHEMA, [{"name": "french-siret-value", "params": {"column": "siret"}}],
                          [["siret", "nom"], ["21060004500393", "a"], ["210600045", "b"]])
    assert found(report) == [(2, "siret", "french-siret-value"), (3, "siret", "french-siret-value")]
    sentences = messages.report_messages(report, {"fields": SIRET_SCHEMA})["errors"]
    assert sentences[0].startswith("ligne 2, colonne « SIRET du bénéficiaire » : « 21060004500393 »")
    assert "c'est un SIREN" in sentences[1]


def test_siren():
    checks = [{"name": "french-siren-value", "params": {"column": "siren"}}]
    fields = [dict(text(), name="siren"), dict(text(), name="nom")]
    assert check_report(fields, checks, [["siren", "nom"], ["210600045", "a"], ["", "b"]])["valid"]
    report = check_report(fields, checks, [["siren", "nom"], ["210600046", "a"]])
    assert found(report) == [(2, "siren", "french-siren-value")]
    assert "SIREN" in messages.error_message(report["errors"][0])


def test_validata_new_names_are_accepted():
    report = check_report(SIRET_SCHEMA, [{"name": "siret", "params": {"column": "siret"}}],
                          [["siret", "nom"], ["21060004500393", "a"]])
    assert found(report) == [(2, "siret", "french-siret-value")]


def test_single_column_check_on_absent_column_is_silent():
    report = check_report(SIRET_SCHEMA + [dict(text(), name="autre")],
                          [{"name": "french-siret-value", "params": {"column": "siret"}}],
                          [["autre"], ["x"]])
    assert report["valid"]


# one-of-required

ONE_OF = [{"name": "one-of-required", "params": {"column1": "siret", "column2": "rna"}}]
ONE_OF_FIELDS = [dict(text(), name="siret", title="SIRET"), dict(text(), name="rna", title="RNA"),
                 dict(text(), name="nom")]


def test_one_of_required_positive():
    rows = [["siret", "rna", "nom"], ["1", "", "a"], ["", "W1", "b"], ["1", "W1", "c"]]
    assert check_report(ONE_OF_FIELDS, ONE_OF, rows)["valid"]


def test_one_of_required_negative():
    report = check_report(ONE_OF_FIELDS, ONE_OF, [["siret", "rna", "nom"], ["", "", "a"]])
    assert found(report) == [(2, "siret", "one-of-required")]
    assert report["errors"][0]["fieldNames"] == ["siret", "rna"]
    assert "au moins l'une des colonnes « SIRET », « RNA »" in messages.error_message(report["errors"][0], {"fields": ONE_OF_FIELDS})


def test_one_of_required_one_column_absent():
    report = check_report(ONE_OF_FIELDS, ONE_OF, [["siret", "nom"], ["", "a"], ["1", "b"]])
    assert found(report) == [(2, "siret", "one-of-required")]


def test_one_of_required_both_columns_absent_once():
    report = check_report(ONE_OF_FIELDS, ONE_OF, [["nom"], ["a"], ["b"]])
    assert found(report) == [(None, "siret", "one-of-required")]
    assert "toutes deux absentes" in messages.error_message(report["errors"][0])


def test_one_of_required_on_subventions(subventions, subventions_example):
    from ckanext.opendatalocale.scdl.validator import validate_csv
    from .helpers import read_rows, to_csv

    rows = read_rows(subventions_example)
    header = rows[0]
    rows[4][header.index("idBeneficiaire")] = ""
    rows[4][header.index("rnaBeneficiaire")] = ""
    report = validate_csv(to_csv(rows), subventions)
    assert found(report) == [(5, "idBeneficiaire", "one-of-required")]


# cohesive-columns-value

COHESIVE = [{"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": ["b", "c"]}}]
COHESIVE_FIELDS = [dict(text(), name=n) for n in "abc"]


def test_cohesive_positive():
    rows = [["a", "b", "c"], ["1", "2", "3"], ["", "", ""]]
    report = check_report(COHESIVE_FIELDS, COHESIVE, rows)
    # the all-empty row is a blank row, but not a cohesion error
    assert found(report) == [(3, None, "blank-row")]


def test_cohesive_negative():
    report = check_report(COHESIVE_FIELDS + [dict(text(), name="d")], COHESIVE,
                          [["a", "b", "c", "d"], ["1", "", "3", "x"], ["", "2", "", "x"]])
    assert found(report) == [(2, "a", "cohesive-columns-value"), (3, "a", "cohesive-columns-value")]
    assert "« b » est vide" in messages.error_message(report["errors"][0])


def test_cohesive_some_columns_absent():
    report = check_report(COHESIVE_FIELDS, COHESIVE, [["a", "b"], ["1", "2"]])
    assert found(report) == [(None, "a", "cohesive-columns-value")]
    assert report["errors"][0]["details"]["missing"] == ["c"]
    assert "ajoutez aussi « c »" in messages.error_message(report["errors"][0])


def test_cohesive_all_columns_absent_is_fine():
    report = check_report(COHESIVE_FIELDS + [dict(text(), name="d")], COHESIVE, [["d"], ["x"]])
    assert report["valid"]


# compare-columns-value

def compare_schema(op, field_type="integer"):
    fields = [dict(text(field_type), name="x", title="Votants"), dict(text(field_type), name="y", title="Pour")]
    return fields, [{"name": "compare-columns-value", "params": {"column": "x", "op": op, "column2": "y"}}]


@pytest.mark.parametrize("op, x, y, ok", [
    (">=", "10", "9", True), (">=", "10", "10", True), (">=", "9", "10", False),
    (">", "10", "10", False), ("==", "3", "3", True), ("<=", "4", "3", False), ("<", "2", "3", True),
    (">=", "10", "", True),  # skipped when a value is missing
])
def test_compare_integers(op, x, y, ok):
    fields, checks = compare_schema(op)
    report = check_report(fields, checks, [["x", "y"], [x, y]])
    assert report["valid"] is ok
    if not ok:
        assert found(report) == [(2, "x", "compare-columns-value")]
        assert "doit être" in messages.error_message(report["errors"][0], {"fields": fields})


def test_compare_numbers_not_lexicographically():
    fields, checks = compare_schema(">=")
    assert check_report(fields, checks, [["x", "y"], ["10", "9"]])["valid"]  # "10" < "9" as text


def test_compare_dates(catalogue):
    fields, checks = compare_schema(">=", "date")
    assert check_report(fields, checks, [["x", "y"], ["2020-02-01", "2020-01-31"]])["valid"]
    report = check_report(fields, checks, [["x", "y"], ["2020-01-01", "2020-01-31"]])
    assert found(report) == [(2, "x", "compare-columns-value")]


def test_compare_type_error_cell_is_skipped():
    fields, checks = compare_schema(">=")
    report = check_report(fields, checks, [["x", "y"], ["dix", "9"]])
    assert found(report) == [(2, "x", "type-error")]


def test_compare_values_like_validata():
    assert compare_values("10", ">", "9") is True
    assert compare_values("b", ">", "a") is True
    assert compare_values(1, "==", "a") is None


# sum-columns-value

SUM_FIELDS = [dict(text("integer"), name=n, title=n.upper()) for n in ("total", "pour", "contre", "abst")]
SUM = [{"name": "sum-columns-value", "params": {"column": "total", "columns": ["pour", "contre", "abst"]}}]


def test_sum_positive_and_skipped_when_incomplete():
    rows = [["total", "pour", "contre", "abst"], ["10", "5", "3", "2"], ["10", "5", "", "2"]]
    assert check_report(SUM_FIELDS, SUM, rows)["valid"]


def test_sum_negative():
    report = check_report(SUM_FIELDS, SUM, [["total", "pour", "contre", "abst"], ["10", "5", "3", "1"]])
    assert found(report) == [(2, "total", "sum-columns-value")]
    assert report["errors"][0]["details"]["sum"] == "9"
    assert "la somme de « POUR », « CONTRE », « ABST » fait 9" in messages.error_message(
        report["errors"][0], {"fields": SUM_FIELDS})


# year-interval-value

def year_interval(allow):
    params = {"column": "annee"}
    if allow:
        params["allow-year-only"] = "yes"
    return [dict(text(), name="annee")], [{"name": "year-interval-value", "params": params}]


@pytest.mark.parametrize("value, allow, ok", [
    ("2017/2018", False, True), ("2017", False, False), ("2017", True, True),
    ("2017/2017", True, False), ("2018/2017", True, False), ("17/18", True, False), ("", False, True),
])
def test_year_interval(value, allow, ok):
    fields, checks = year_interval(allow)
    report = check_report(fields, checks, [["annee"], [value]])
    errors = [e for e in report["errors"] if e["type"] == "year-interval-value"]
    assert (not errors) is ok
    if errors and value == "2018/2017":
        assert "écrivez 2017/2018" in messages.error_message(errors[0])


# nomenclature-actes-value

@pytest.mark.parametrize("value, problem", [
    ("Finances locales/Subventions", None),
    ("finances LOCALES/subventions", None),
    ("Libertes publiques et pouvoirs de police/Police municipale", None),
    ("Finances locales", "no-slash"),
    ("Finances locales / Subventions", "space"),
    ("Finances locales /Subventions", "space"),
    ("Budget/Subventions", "prefix"),
])
def test_nomenclature_actes(value, problem):
    fields = [dict(text(), name="matiere")]
    checks = [{"name": "nomenclature-actes-value", "params": {"column": "matiere"}}]
    report = check_report(fields, checks, [["matiere"], [value]])
    if problem is None:
        assert report["valid"], report["errors"]
    else:
        assert report["errors"][0]["details"]["problem"] == problem
        assert messages.error_message(report["errors"][0])


def test_deliberations_schema_checks_all_run(catalogue):
    """The ten custom checks of scdl/deliberations together on one file."""
    schema = catalogue.get("scdl/deliberations")
    names = [f.name for f in schema.fields]
    from ckanext.opendatalocale.scdl.csv_templates import example_row

    good = example_row(schema)
    good["DELIB_MATIERE_NOM"] = "Domaines de compétences par thèmes/Aménagement du territoire"
    good["PREF_DATE"] = ""
    row = [good[n] for n in names]
    report = validate_rows(names, [(2, row)], schema.descriptor)
    assert report["valid"], report["errors"]
    bad = dict(good, VOTE_EFFECTIF="10", VOTE_REEL="9", VOTE_POUR="5", VOTE_CONTRE="2", VOTE_ABSTENTION="1",
               BUDGET_ANNEE="2019/2018", DELIB_MATIERE_NOM="Budget/x")
    report = validate_rows(names, [(2, [bad[n] for n in names])], schema.descriptor)
    kinds = sorted(e["type"] for e in report["errors"])
    assert kinds == ["nomenclature-actes-value", "sum-columns-value", "year-interval-value"]


def test_every_bundled_check_name_is_implemented(catalogue):
    for info in catalogue.list():
        for check in info.latest.custom_checks:
            assert check["name"] in CUSTOM_CHECKS, check
