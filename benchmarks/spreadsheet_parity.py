"""Parity with Validata on spreadsheets: the CSV parity corpus as .xlsx and .ods.

    python benchmarks/spreadsheet_parity.py [--formats xlsx,ods] [--schemas scdl/budget,...]
                                            [--variants valid,type-date,...] [--no-build]

Takes the tables of the CSV parity corpus (parity_corpus.py: each bundled
schema's valid base and its broken variants) and writes each one as a
workbook the way an agent's sheet holds it: a date of a ``date`` column is a
date cell (shown as the CSV wrote it, yyyy-mm-dd), a datetime without time
zone a date-time cell, a number of a ``number``, ``integer`` or ``year``
column a number cell where the CSV holds a plain valid number; any other
value (a wrong one included) is the text the CSV held. .xlsx is written with
openpyxl, .ods with odfpy (both development requirements).

Each workbook is then validated by the suite (``validate_csv``, the entry
point of the validation job, which tells a workbook by its bytes) and by
Validata (validata_client.py, in benchmarks/.venv-validata made by
``tool_env.sh validata``), and compared as parity.py compares the CSV files:
same verdict, same set of erroneous (row, column) cells.

Variants that only concern a CSV's bytes (delimiter, encoding, BOM) are left
out: as workbooks they are the valid file again. Two variants exist only
here, for the documented ways the readers differ: ``date-cells-fr`` (the
valid table with its date cells shown as 31/01/2024, as a French sheet
shows them) and ``number-cells-in-text`` (digits of text columns, a SIRET
or a postcode, typed as numbers, as a spreadsheet does when they are typed
in). A disagreement listed in KNOWN_DIFFERENCES (keyed by variant, or by
``format:variant`` when one format only) is printed with its reason.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import shutil
import sys
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import parity  # noqa: E402
import parity_corpus  # noqa: E402
from validata_client import run_validata  # noqa: E402

from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue  # noqa: E402

DEFAULT_OUT = os.path.join(HERE, "out", "spreadsheet_corpus")
FORMATS = ("xlsx", "ods")

# CSV variants that differ from the valid file only in bytes a workbook does
# not have.
CSV_ONLY = {"semicolon", "cp1252", "bom"}

# Display formats of date cells (Excel codes; the .ods styles mirror them).
DATE_DISPLAY = {"iso": "yyyy-mm-dd", "fr": "dd/mm/yyyy"}
# The ISO layout spreadsheets offer for a date and time. Not 'yyyy-mm-dd"T"hh:mm:ss':
# frictionless 5.21 moves a quoted literal of a display format to the wrong
# place ('%Y-%m-T%d%H:%M:%S'), so Validata would read 2020-05-T1114:08:32.
DATETIME_DISPLAY = "yyyy-mm-dd hh:mm:ss"

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\Z")
# A plain number as a person types it; a leading zero ("0999", "03") would be
# lost by a number cell, so such a value stays text.
PLAIN_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?\Z")
PLAIN_INTEGER = re.compile(r"-?(0|[1-9]\d*)\Z")
DIGITS_ONLY = re.compile(r"[1-9]\d*\Z")
MAX_DIGITS = 15  # what a spreadsheet's double holds exactly

# Disagreements on workbooks and why (README). The CSV corpus's known
# differences come along: they are Validata's rules whatever the format.
KNOWN_DIFFERENCES: Dict[str, str] = dict(parity.KNOWN_DIFFERENCES)
KNOWN_DIFFERENCES.update({
    "xlsx:date-cells-fr": "Validata reads .xlsx with frictionless's preserve_formatting: a date cell "
                          "is the text it shows, 31/01/2024, a type error in an SCDL date column; the "
                          "suite takes the date the cell holds",
    "number-cells-in-text": "a number cell in a text column (a SIRET typed in): frictionless gives Validata "
                            "a number (.xlsx: General numbers stay numbers under preserve_formatting; .ods: "
                            "typed), which a string field refuses (type-error), and the checks reading that "
                            "column then see it empty (one-of-required...); the suite reads its digits",
    "edge-year": "a number cell in a year column: frictionless checks the four digits of a year on text "
                 "only, so the number 216 is the year 216 for Validata; the suite reads the cell's digits "
                 "and judges them as the same text in a CSV ('216': type error, for both on CSV)",
    "long-row": "a value right of the header: a sheet is rectangular, so frictionless reads the header "
                "with a blank label over that column and Validata's schema_sync makes it an extra column "
                "('colonne surnuméraire None', a warning) whose cells are not checked; the suite reports "
                "extra-cell, as both do for the CSV",
})


def typed_cell(field_type: Optional[str], text: str, numbers_in_text: bool = False) -> Any:
    """The cell an agent's sheet holds for ``text`` of a column of ``field_type``.

    None for an empty cell; a date, datetime, int or float where the text is a
    plain valid value of the column's type; the text otherwise (a wrong value
    stays what was typed). ``numbers_in_text`` types digits of text columns
    as numbers too, as a spreadsheet does with a SIRET typed in.
    """
    if text is None or text == "":
        return None
    if field_type == "date" and ISO_DATE.match(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    if field_type == "datetime" and ISO_DATETIME.match(text):
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
    pattern = {"number": PLAIN_NUMBER, "integer": PLAIN_INTEGER, "year": PLAIN_INTEGER}.get(field_type)
    if numbers_in_text and field_type in ("string", None) and DIGITS_ONLY.match(text):
        pattern = PLAIN_INTEGER
    if pattern is not None and pattern.match(text) and sum(c.isdigit() for c in text) <= MAX_DIGITS:
        return float(text) if "." in text else int(text)
    return text


def sheet_rows(table: parity_corpus.Table) -> Iterator[List[str]]:
    """The header then each row as a list of texts (rows of the corpus are
    dicts, or lists for rows of the wrong length)."""
    if not table.names:
        return
    yield list(table.names)
    for row in table.rows:
        yield row if isinstance(row, list) else [row.get(name, "") for name in table.names]


def typed_rows(table: parity_corpus.Table, types: Dict[str, str],
               numbers_in_text: bool = False) -> Iterator[List[Any]]:
    """sheet_rows with each data cell typed by its column's field type."""
    rows = sheet_rows(table)
    header = next(rows, None)
    if header is None:
        return
    yield list(header)
    for row in rows:
        yield [typed_cell(types.get(header[i]) if i < len(header) else None, text, numbers_in_text)
               for i, text in enumerate(row)]


def write_xlsx(path: str, rows: Sequence[Sequence[Any]], date_display: str = "iso") -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Feuille1"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            if isinstance(value, datetime.date) and value.year < 1900:
                value = value.isoformat()  # Excel has no date before 1900: what was typed stays text
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a text starting with "=" is not a formula
            elif isinstance(value, datetime.datetime):
                cell.number_format = DATETIME_DISPLAY
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_DISPLAY[date_display]
    workbook.save(path)


def _ods_styles(document, date_display: str):
    """Cell styles for dates and datetimes, shown as DATE_DISPLAY says."""
    from odf import number, style

    def date_style(name, parts):
        element = number.DateStyle(name=name)
        for part in parts:
            element.addElement(number.Text(text=part) if isinstance(part, str) else part)
        document.automaticstyles.addElement(element)
        cell_style = style.Style(name=f"cell-{name}", family="table-cell", datastylename=name)
        document.automaticstyles.addElement(cell_style)
        return cell_style

    year, month, day = (number.Year(style="long"), number.Month(style="long"), number.Day(style="long"))
    date_parts = [year, "-", month, "-", day] if date_display == "iso" else [day, "/", month, "/", year]
    datetime_parts = [number.Year(style="long"), "-", number.Month(style="long"), "-",
                      number.Day(style="long"), " ", number.Hours(style="long"), ":",
                      number.Minutes(style="long"), ":", number.Seconds(style="long")]
    return date_style("date", date_parts), date_style("datetime", datetime_parts)


def write_ods(path: str, rows: Sequence[Sequence[Any]], date_display: str = "iso") -> None:
    from odf import opendocument, table, teletype, text

    document = opendocument.OpenDocumentSpreadsheet()
    date_style, datetime_style = _ods_styles(document, date_display)
    sheet = table.Table(name="Feuille1")
    for row in rows:
        element = table.TableRow()
        for value in row:
            if value is None:
                cell = table.TableCell()
            elif isinstance(value, datetime.datetime):
                cell = table.TableCell(valuetype="date", datevalue=value.isoformat(), stylename=datetime_style)
                cell.addElement(text.P(text=value.isoformat(sep=" ")))
            elif isinstance(value, datetime.date):
                cell = table.TableCell(valuetype="date", datevalue=value.isoformat(), stylename=date_style)
                shown = (value.isoformat() if date_display == "iso"
                         else f"{value.day:02d}/{value.month:02d}/{value.year:04d}")
                cell.addElement(text.P(text=shown))
            elif isinstance(value, (int, float)):
                cell = table.TableCell(valuetype="float", value=repr(value))
                cell.addElement(text.P(text=repr(value)))
            else:
                # a line break in a cell is a paragraph of its own, as LibreOffice writes it
                cell = table.TableCell(valuetype="string")
                for line in value.split("\n"):
                    paragraph = text.P()
                    teletype.addTextToElement(paragraph, line)
                    cell.addElement(paragraph)
            element.addElement(cell)
        sheet.addElement(element)
    document.spreadsheet.addElement(sheet)
    document.save(path)


WRITERS = {"xlsx": write_xlsx, "ods": write_ods}


def _has_digit_texts(table: parity_corpus.Table, types: Dict[str, str]) -> bool:
    return any(types.get(name) == "string" and DIGITS_ONLY.match(str(value or ""))
               for row in table.rows if isinstance(row, dict) for name, value in row.items())


def _example_table(path: str) -> parity_corpus.Table:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return parity_corpus.Table(rows[0], [list(r) for r in rows[1:]]) if rows else parity_corpus.Table([], [])


def tables(schema) -> Iterator[Tuple[str, parity_corpus.Table, dict]]:
    """(variant, table, writing options) for one schema: the CSV corpus's
    variants that a workbook can hold, then the spreadsheet-only ones."""
    base = parity_corpus.base_table(schema)
    types = {f.name: f.type for f in schema.fields}
    for name, make in parity_corpus.VARIANTS:
        if name in CSV_ONLY:
            continue
        table = make(schema, base.copy())
        if table is not None:
            yield name, table, {}
    if "example-valid" in schema.examples:
        yield "example", _example_table(schema.examples["example-valid"]), {}
    if "date" in types.values():
        yield "date-cells-fr", base.copy(), {"date_display": "fr"}
    if _has_digit_texts(base, types):
        yield "number-cells-in-text", base.copy(), {"numbers_in_text": True}


def build(out_dir: str = DEFAULT_OUT, formats: Sequence[str] = FORMATS,
          schemas: Optional[Sequence[str]] = None, variants: Optional[Sequence[str]] = None) -> List[dict]:
    """Write the workbooks (afresh) and their jobs.json; returns the jobs
    (validata_runner.py's input: the workbook's path under "csv")."""
    shutil.rmtree(out_dir, ignore_errors=True)
    catalogue = SchemaCatalogue()
    jobs = []
    for schema_id in catalogue.ids():
        schema = catalogue.get(schema_id)
        if not schema.table_validatable or (schemas and schema_id not in schemas):
            continue
        folder = os.path.join(out_dir, os.path.basename(os.path.dirname(schema.path)))
        os.makedirs(folder, exist_ok=True)
        types = {f.name: f.type for f in schema.fields}
        for name, table, options in tables(schema):
            if variants and name not in variants:
                continue
            rows = list(typed_rows(table, types, options.get("numbers_in_text", False)))
            for fmt in formats:
                path = os.path.join(folder, f"{name}.{fmt}")
                WRITERS[fmt](path, rows, options.get("date_display", "iso"))
                jobs.append({"csv": path, "schema": schema.path, "schema_id": schema_id,
                             "variant": name, "format": fmt})
    with open(os.path.join(out_dir, "jobs.json"), "w", encoding="utf-8") as handle:
        json.dump(jobs, handle, indent=1)
    return jobs


def known_key(fmt: str, variant: str) -> str:
    specific = f"{fmt}:{variant}"
    return specific if specific in KNOWN_DIFFERENCES else variant


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default=",".join(FORMATS), help="xlsx,ods (default both)")
    parser.add_argument("--schemas", help="comma-separated schema ids (default: all)")
    parser.add_argument("--variants", help="comma-separated variants (default: all)")
    parser.add_argument("--no-build", action="store_true", help="reuse the workbooks already written")
    parser.add_argument("--validata-python", help="another Validata install's interpreter "
                        "(default: benchmarks/.venv-validata, made by tool_env.sh validata)")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    if args.no_build:
        with open(os.path.join(DEFAULT_OUT, "jobs.json"), encoding="utf-8") as handle:
            jobs = [j for j in json.load(handle) if j["format"] in formats]
    else:
        jobs = build(DEFAULT_OUT, formats, args.schemas and args.schemas.split(","),
                     args.variants and args.variants.split(","))
    catalogue = SchemaCatalogue()
    started = time.perf_counter()
    ours = [parity.our_result(job, catalogue) for job in jobs]
    our_seconds = time.perf_counter() - started
    theirs = run_validata(jobs, python=args.validata_python)
    print(f"{'file':<52} {'ours':>7} {'valid.':>7} {'verdict':>7} {'cells':>5} {'#us':>4} {'#vd':>4}")
    lines = []
    for job, o, t in zip(jobs, ours, theirs.results):
        line = parity.compare(job, o, parity.their_result(t))
        line["file"] = f"{line['file']}.{job['format']}"
        line["variant"] = known_key(job["format"], job["variant"])
        line["format"] = job["format"]
        parity.print_row(line, KNOWN_DIFFERENCES)
        lines.append(line)
    for fmt in formats:
        if not any(line["format"] == fmt for line in lines):
            continue
        print(f"\n== {fmt} ==", end="")
        parity.summarise([line for line in lines if line["format"] == fmt], KNOWN_DIFFERENCES)
    print(f"time: ours {our_seconds:.2f} s, Validata {sum(r['seconds'] for r in theirs.results):.2f} s "
          f"(validation calls; its process {theirs.child.wall_seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
