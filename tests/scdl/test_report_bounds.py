"""Reports are stored: what they echo of the file, and their size, are bounded."""
import json

from ckanext.opendatalocale.scdl import messages
from ckanext.opendatalocale.scdl.validator import (
    DEFAULT_MAX_REPORT_BYTES, MAX_ECHOED_CHARS, validate_csv, validate_rows)

from .helpers import read_rows, to_csv

MEGABYTE = 1024 * 1024


def stored_size(report):
    return len(json.dumps(report, ensure_ascii=False).encode("utf-8"))


def _edit(example, row, column, value):
    rows = read_rows(example)
    rows[row - 1][rows[0].index(column)] = value
    return rows


def test_a_1_mb_cell_is_stored_short(subventions, subventions_example):
    huge = "3" * MEGABYTE + "/04/2013"
    report = validate_csv(to_csv(_edit(subventions_example, 5, "dateConvention", huge)), subventions)
    assert report["error_counts"] == {"type-error": 1}
    error = report["errors"][0]
    assert error["cell"] == "3" * MAX_ECHOED_CHARS + "…"
    assert error["cellLength"] == len(huge) and error["clipped"] is True
    assert stored_size(report) < 10_000
    text = messages.error_message(error, subventions)
    assert text == (
        "ligne 5, colonne « Date de la convention de subvention » : « " + "3" * MAX_ECHOED_CHARS
        + "… » n'est pas une date valide au format AAAA-MM-JJ (valeur de 1048584 caractères, abrégée ici)")


def test_a_short_cell_is_stored_whole(subventions, subventions_example):
    report = validate_csv(to_csv(_edit(subventions_example, 5, "dateConvention", "04/10/2013")), subventions)
    error = report["errors"][0]
    assert error["cell"] == "04/10/2013" and "cellLength" not in error and "clipped" not in error


def test_length_messages_give_the_real_length(subventions, subventions_example):
    report = validate_csv(to_csv(_edit(subventions_example, 4, "objet", "x" * 5000)), subventions)
    error = report["errors"][0]
    assert error["constraint"] == "maxLength" and len(error["cell"]) == MAX_ECHOED_CHARS + 1
    assert messages.error_message(error, subventions).endswith(
        "le texte compte 5000 caractères, le maximum est 256 ; raccourcissez-le")


def test_custom_check_details_and_notes_are_cut():
    schema = {"fields": [{"name": "matiere", "type": "string"}],
              "custom_checks": [{"name": "nomenclature-actes-value", "params": {"column": "matiere"}}]}
    prefix = "Z" * 100_000
    report = validate_csv(to_csv([["matiere"], [prefix + "/Subventions"]]), schema)
    error = report["errors"][0]
    assert error["type"] == "nomenclature-actes-value"
    assert error["details"]["prefix"] == "Z" * MAX_ECHOED_CHARS + "…"
    assert len(error["note"]) <= MAX_ECHOED_CHARS + 1 and error["note"].endswith("…")
    assert error["cellLength"] == len(prefix) + len("/Subventions")
    assert stored_size(report) < 5_000
    text = messages.error_message(error)
    assert "n'est pas une matière de la nomenclature @ctes" in text and "abrégée ici" in text


def test_huge_labels_are_cut_everywhere(subventions, subventions_example):
    rows = read_rows(subventions_example)
    extra = ["colonne " + str(n) + " " + "é" * 50_000 for n in range(300)]
    rows = [r + (extra if i == 0 else ["x"] * len(extra)) for i, r in enumerate(rows)]
    report = validate_csv(to_csv(rows), subventions)
    assert report["valid"]
    assert report["stats"]["warnings"] == 300  # exact
    assert report["truncated"]
    assert stored_size(report) <= DEFAULT_MAX_REPORT_BYTES
    assert all(len(label) <= MAX_ECHOED_CHARS + 1 for label in report["labels"])
    extra_warnings = [w for w in report["warnings"] if w["type"] == "extra-label"]
    assert extra_warnings and all(w["clipped"] and w["label"].endswith("…") for w in extra_warnings)
    text = messages.warning_message(extra_warnings[0], subventions)
    assert text.startswith("La colonne « colonne 0 éééé") and "… » n'est pas définie par le schéma" in text


def test_a_header_matching_nothing_lists_a_bounded_number_of_labels(subventions):
    labels = [f"c{n}" for n in range(20_000)]
    report = validate_csv(to_csv([labels, ["1"] * len(labels)]), subventions)
    unmatched = next(e for e in report["errors"] if e["type"] == "unmatched-header")
    assert len(unmatched["labels"]) <= 200 and unmatched["clipped"]
    assert stored_size(report) <= DEFAULT_MAX_REPORT_BYTES


MANY_KINDS = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"unique": True, "required": True}},
        {"name": "jour", "type": "date"},
        {"name": "prix", "type": "number", "constraints": {"minimum": 0}},
        {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{3}", "maxLength": 3}},
        {"name": "etat", "type": "string", "constraints": {"enum": ["ouvert", "fermé"]}},
        {"name": "mail", "type": "string", "format": "email"},
        {"name": "siret", "type": "string"},
        {"name": "ref", "type": "string", "constraints": {"unique": True}},
        {"name": "matiere", "type": "string"},
    ],
    "custom_checks": [{"name": "french-siret-value", "params": {"column": "siret"}},
                      {"name": "nomenclature-actes-value", "params": {"column": "matiere"}}],
}


def _many_kinds_rows(count, width):
    big = "\U0001d11e" * width  # 4 bytes in UTF-8: the clipped cells weigh the most
    rows = [[f["name"] for f in MANY_KINDS["fields"]]]
    for i in range(count):
        kind = i % 4
        if kind == 0:
            rows.append(["1", big, "-" + big, big, big, big, big, big, big + "/x"])
        elif kind == 1:
            rows.append(["1", "2020-01-01", "1"])  # short row
        elif kind == 2:
            rows.append([""] * 9 + [big])  # blank, with an extra cell
        else:
            rows.append([big, "2020-01-01", "1", "ABC", "ouvert", "a@b.fr", "1" * 14, big, big + "/x", big])
    return rows


def test_many_error_types_with_huge_cells_stay_under_the_cap():
    rows = _many_kinds_rows(2000, 1000)
    report = validate_csv(to_csv(rows), MANY_KINDS)
    counts = report["error_counts"]
    assert len(counts) == 8
    assert counts["unique-error"] == 2 * 999 and counts["missing-cell"] == 6 * 500  # exact
    assert report["stats"]["errors"] == sum(counts.values())
    assert report["truncated"] and not report["valid"]
    assert stored_size(report) <= DEFAULT_MAX_REPORT_BYTES
    # fewer than the 100 of each type the per-type cap alone would list: the size cap worked
    assert len(report["errors"]) < 8 * 100
    assert stored_size(validate_csv(to_csv(rows), MANY_KINDS, max_report_bytes=None)) > DEFAULT_MAX_REPORT_BYTES
    # every type keeps at least its first example, so the HTML report shows every group
    assert {e["type"] for e in report["errors"]} == set(counts)
    groups = messages.group_errors(report)
    assert sum(g["count"] + g.get("more", 0) for g in groups) == sum(counts.values())
    # the kept errors stay in reading order within each type
    for kind in counts:
        listed = [e["rowNumber"] or 0 for e in report["errors"] if e["type"] == kind]
        assert listed == sorted(listed)


def test_explicit_bounds():
    rows = _many_kinds_rows(400, 1_000)
    small = validate_csv(to_csv(rows), MANY_KINDS, max_report_bytes=20_000)
    assert stored_size(small) <= 20_000 and small["truncated"]
    assert {e["type"] for e in small["errors"]} == set(small["error_counts"])
    few = validate_rows(rows[0], list(enumerate(rows[1:], start=2)), MANY_KINDS, max_listed_errors=12)
    assert len(few["errors"]) == 12 and few["truncated"]
    whole = validate_csv(to_csv(rows), MANY_KINDS, max_listed_errors=None, max_report_bytes=None,
                         max_errors_per_type=10**6)
    assert len(whole["errors"]) == sum(whole["error_counts"].values())
    assert not whole["truncated"]
