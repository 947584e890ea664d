"""The workbooks of benchmarks/spreadsheet_parity.py tell the suite what their CSV tells.

That benchmark compares Validata's verdicts with the suite's on the CSV parity
corpus written as typed .xlsx and .ods; the comparison means something only if
writing a table with typed cells (dates as date cells, numbers as numbers) keeps
its meaning. Here, for every bundled schema, the valid base and the variants whose
faults sit in typed columns give the same errors as CSV, .xlsx and .ods.
"""
import datetime
import os
import sys

import pytest
import python_calamine

from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue
from ckanext.opendatalocale.scdl.validator import validate_csv

BENCHMARKS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "benchmarks")
sys.path.insert(0, BENCHMARKS)

import parity_corpus  # noqa: E402
import spreadsheet_parity  # noqa: E402

# The variants whose faults are values of typed columns, and the custom checks
# that compare such values.
TYPED_VARIANTS = ("valid", "type-date", "type-number", "range", "required", "unique", "edge-number",
                  "edge-integer", "edge-date", "edge-datetime", "edge-year", "check-compare-columns",
                  "check-sum-columns", "check-bad-cells")
CATALOGUE = SchemaCatalogue()
SCHEMAS = [i for i in CATALOGUE.ids() if CATALOGUE.get(i).table_validatable]


def errors(report):
    return [(e["type"], e["rowNumber"], e["fieldName"]) for e in report["errors"]]


def test_typed_cell_types_only_plain_valid_values():
    typed = spreadsheet_parity.typed_cell
    assert typed("date", "2024-01-31") == datetime.date(2024, 1, 31)
    assert typed("datetime", "2020-05-11T14:08:32") == datetime.datetime(2020, 5, 11, 14, 8, 32)
    assert typed("number", "12.50") == 12.5 and typed("integer", "-3") == -3 and typed("year", "2016") == 2016
    # a wrong value stays the text that was typed, a leading zero or a 16th digit too
    for field_type, text in (("date", "04/10/2013"), ("date", "2013-02-30"), ("number", "12,5"),
                             ("number", " 12.5 "), ("integer", "03"), ("integer", "3.0"),
                             ("year", "0999"), ("number", "1" * 16), ("datetime", "2020-05-11T14:08:32Z")):
        assert typed(field_type, text) == text, text
    assert typed("string", "21350238800019") == "21350238800019"
    assert typed("string", "21350238800019", numbers_in_text=True) == 21350238800019
    assert typed("string", "01000", numbers_in_text=True) == "01000"
    assert typed("date", "") is None


@pytest.mark.parametrize("schema_id", SCHEMAS)
def test_workbooks_give_the_csv_errors(schema_id, tmp_path):
    schema = CATALOGUE.get(schema_id)
    types = {f.name: f.type for f in schema.fields}
    compared = 0
    for variant, table, options in spreadsheet_parity.tables(schema):
        if variant not in TYPED_VARIANTS:
            continue
        csv_path = tmp_path / f"{variant}.csv"
        table.write(str(csv_path))
        expected = errors(validate_csv(str(csv_path), schema, max_errors_per_type=10**6))
        rows = list(spreadsheet_parity.typed_rows(table, types))
        for fmt, write in spreadsheet_parity.WRITERS.items():
            path = tmp_path / f"{variant}.{fmt}"
            write(str(path), rows)
            report = validate_csv(str(path), schema, max_errors_per_type=10**6)
            assert report["source"]["format"] == fmt
            assert errors(report) == expected, (variant, fmt)
        compared += 1
    assert compared >= 3  # the valid base and at least two typed faults


def test_cells_are_typed_in_both_formats(tmp_path):
    schema = CATALOGUE.get("scdl/subventions")
    types = {f.name: f.type for f in schema.fields}
    rows = list(spreadsheet_parity.typed_rows(parity_corpus.base_table(schema), types))
    header = rows[0]
    for fmt, write in spreadsheet_parity.WRITERS.items():
        path = str(tmp_path / f"subventions.{fmt}")
        write(path, rows, date_display="fr")
        cells = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
        assert cells[0] == header
        first = dict(zip(header, cells[1]))
        assert isinstance(first["dateConvention"], datetime.date), fmt
        assert isinstance(first["montant"], float), fmt
        assert isinstance(first["idAttribuant"], str), fmt
