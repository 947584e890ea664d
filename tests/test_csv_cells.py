"""CSV cells written by the suite cannot run as spreadsheet formulas."""
import csv
import io

import pytest

from ckanext.opendatalocale.csv_cells import neutralise, neutralise_row


@pytest.mark.parametrize("hostile", [
    "=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
    "\t=1+1", "\r=1+1", "=", "-", "+", "@",
])
def test_formula_cells_become_text(hostile):
    safe = neutralise(hostile)
    assert safe == "'" + hostile
    # Once written and read back, the cell still starts with the apostrophe.
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe])
    assert next(csv.reader(io.StringIO(buffer.getvalue())))[0].startswith("'")


@pytest.mark.parametrize("plain", ["-12.5", "+33", "-1", "-0,5", "1e-3", "-.5", "Saint-Étienne",
                                   "", "42218", None, 12, -3.5])
def test_plain_values_are_kept(plain):
    assert neutralise(plain) == plain


def test_rows():
    assert neutralise_row(["a", "=1", -1, "-1"]) == ["a", "'=1", -1, "-1"]
