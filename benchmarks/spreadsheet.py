"""Benchmark: a 100,000-row .xlsx against the same rows as CSV, and the reader.

Generates the scdl/subventions CSV of validation_engine.py (a few rows
deliberately wrong), writes the same rows to an .xlsx as an agent's sheet
holds them (dates as date cells, amounts and rates as numbers, the rest as
text), then in the same run:

- validates the CSV and the .xlsx with ``validate_csv`` (best of ``--repeat``),
  checks both reports list the same errors, prints the ratio (target < 3).
  The .xlsx is written as Excel and LibreOffice Calc save one -- texts in the
  shared-strings table, dates as date cells with a display format -- with
  XlsxWriter; the same rows written by openpyxl (every text inline in the
  sheet's XML, which no office suite does: 87 MB of XML instead of 50) are
  validated too and their ratio printed for comparison;
- reads the sheet's cells with python-calamine (the suite's reader) and with
  openpyxl's read-only mode, for the choice of reader (README).

    python benchmarks/spreadsheet.py [--rows 100000] [--repeat 3] [--no-openpyxl]

openpyxl and XlsxWriter are development requirements (they write the .xlsx here).
"""
from __future__ import annotations

import argparse
import csv
import datetime
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from validation_engine import generate, validator  # noqa: E402  (sets up the import path)

from ckanext.opendatalocale.scdl.catalogue import default_catalogue  # noqa: E402

TYPED = {"date": lambda text: datetime.date.fromisoformat(text),
         "number": float, "integer": int}


def typed_rows(csv_path: str, schema):
    """The CSV's header, then its rows as an agent's sheet holds them."""
    types = {f.name: f.descriptor.get("type") for f in schema.fields}
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        yield header
        for row in reader:
            cells = []
            for name, text in zip(header, row):
                typed = TYPED.get(types.get(name))
                if typed is not None and text:
                    try:
                        cells.append(typed(text))
                        continue
                    except ValueError:
                        pass  # a wrong value stays the text the agent typed
                cells.append(text or None)
            yield cells


def write_xlsx(csv_path: str, xlsx_path: str, schema) -> None:
    """As Excel saves it: shared strings, dates shown as 13/03/2020."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(xlsx_path)
    sheet = workbook.add_worksheet("Subventions")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for row_index, cells in enumerate(typed_rows(csv_path, schema)):
        for column, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(row_index, column, value, date_format)
            elif isinstance(value, str):
                sheet.write_string(row_index, column, value)
            else:
                sheet.write_number(row_index, column, value)
    workbook.close()


def write_xlsx_inline(csv_path: str, xlsx_path: str, schema) -> None:
    """The same rows with every text inline (openpyxl's way)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Subventions")
    for cells in typed_rows(csv_path, schema):
        sheet.append(cells)
    workbook.save(xlsx_path)


def same_errors(one, other) -> bool:
    return (one["error_counts"] == other["error_counts"]
            and [(e["type"], e["rowNumber"], e["fieldName"]) for e in one["errors"]]
            == [(e["type"], e["rowNumber"], e["fieldName"]) for e in other["errors"]])


def best_of(repeat, func):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return best, result


def read_calamine(path):
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(path)
    return sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())


def read_openpyxl(path):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-openpyxl", action="store_true")
    args = parser.parse_args(argv)
    schema = default_catalogue().get("scdl/subventions")
    with tempfile.TemporaryDirectory() as folder:
        csv_path = os.path.join(folder, "subventions.csv")
        xlsx_path = os.path.join(folder, "subventions.xlsx")
        inline_path = os.path.join(folder, "subventions-inline.xlsx")
        generate(csv_path, args.rows)
        write_xlsx(csv_path, xlsx_path, schema)
        write_xlsx_inline(csv_path, inline_path, schema)
        print(f"rows: {args.rows}  csv: {os.path.getsize(csv_path) / 1e6:.1f} MB  "
              f"xlsx: {os.path.getsize(xlsx_path) / 1e6:.1f} MB  "
              f"xlsx, inline texts: {os.path.getsize(inline_path) / 1e6:.1f} MB")
        csv_seconds, csv_report = best_of(args.repeat, lambda: validator.validate_csv(csv_path, schema))
        xlsx_seconds, xlsx_report = best_of(args.repeat, lambda: validator.validate_csv(xlsx_path, schema))
        inline_seconds, inline_report = best_of(args.repeat,
                                                lambda: validator.validate_csv(inline_path, schema))
        same = same_errors(csv_report, xlsx_report) and same_errors(csv_report, inline_report)
        print(f"validate csv : {csv_seconds:.2f} s  errors {csv_report['error_counts']}")
        print(f"validate xlsx: {xlsx_seconds:.2f} s  errors {xlsx_report['error_counts']}")
        print(f"validate xlsx, inline texts: {inline_seconds:.2f} s")
        print(f"ratio xlsx/csv: {xlsx_seconds / csv_seconds:.2f} (target < 3)  "
              f"inline texts: {inline_seconds / csv_seconds:.2f}  same errors: {same}")
        calamine_seconds, count = best_of(args.repeat, lambda: read_calamine(xlsx_path))
        print(f"read cells, python-calamine: {calamine_seconds:.2f} s ({count} rows)")
        if not args.no_openpyxl:
            openpyxl_seconds, count = best_of(1, lambda: read_openpyxl(xlsx_path))
            print(f"read cells, openpyxl read-only: {openpyxl_seconds:.2f} s ({count} rows), "
                  f"{openpyxl_seconds / calamine_seconds:.1f}x calamine")
        return 0 if same and xlsx_seconds < 3 * csv_seconds else 1


if __name__ == "__main__":
    sys.exit(main())
