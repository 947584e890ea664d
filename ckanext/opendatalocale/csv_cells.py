"""Cells of the CSV files the suite writes, made safe for spreadsheets.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (CSV injection): a dish or territory name
typed as ``=HYPERLINK(...)`` would run on the reader's machine. Such a cell is
prefixed with an apostrophe, which spreadsheets show as text. Plain numbers
(``-12.5``, ``+33``) are data, not formulas, and stay as they are so that the
published files keep their values. Pure module: no CKAN import.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, List

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
