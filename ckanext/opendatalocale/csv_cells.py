"""Cells of the CSV files the suite writes, made safe for spreadsheets.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (CSV injection): a dish or territory name
typed as ``=HYPERLINK(...)`` would run on the reader's machine. Such a cell is
prefixed with an apostrophe, which spreadsheets show as text. Plain numbers
(``-12.5``, ``+33``) are data, not formulas, and stay as they are so that the
published files keep their values. Pure module: no CKAN import.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Iterator, List

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(cell: Any) -> Any:
    """The cell as a spreadsheet may open it: formulas turned into text."""
    if not isinstance(cell, str) or not cell.startswith(_FORMULA_START):
        return cell
    if _PLAIN_NUMBER.fullmatch(cell):
        return cell
    return "'" + cell


def neutralise_row(row: Iterable[Any]) -> List[Any]:
    return [neutralise(cell) for cell in row]


def csv_chunks(header: Iterable[Any], rows: Iterable[Iterable[Any]], chunk: int = 64 * 1024
               ) -> Iterator[str]:
    """A CSV for spreadsheets, as text chunks to stream: a BOM (accents open right),
    every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(row))
        if buffer.tell() >= chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
