"""The column names on the first line of a CSV file, for files the SCDL validator never
read (its reports already carry the labels of the files it validated).

Pure: bytes in, folded names out. Only the start of the file is looked at (the
background job hashing the file hands its first block over): the encoding is UTF-8
(with or without BOM), else Windows-1252, as French local governments' exports are;
the separator is the one of ; , tab | the first line holds most of.
"""
from __future__ import annotations

import csv

from .matching import fold

__all__ = ["HEAD_BYTES", "is_csv", "headers_of"]

HEAD_BYTES = 64 * 1024  # the first line of any reasonable table fits
_SEPARATORS = ";,\t|"
_CSV_FORMATS = {"csv", "text/csv", "application/csv", "tsv", "text/tab-separated-values"}


def is_csv(resource: dict) -> bool:
    """Declared CSV (format), or a link or upload named .csv/.tsv."""
    declared = str(resource.get("format") or "").strip().lower()
    if declared in _CSV_FORMATS:
        return True
    name = str(resource.get("url") or "").split("?", 1)[0].split("#", 1)[0].lower()
    return not declared and name.endswith((".csv", ".tsv"))


def _first_line(head: bytes) -> str | None:
    if b"\x00" in head:
        return None  # a binary file (or UTF-16), not a table we read
    line, newline, _ = head.partition(b"\n")
    if not newline and len(head) >= HEAD_BYTES:
        return None  # a first line longer than the block read is no header row
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return line.decode(encoding).strip("\r")
        except UnicodeDecodeError:
            continue
    return None


def headers_of(head: bytes) -> tuple[str, ...]:
    """Folded, distinct, sorted column names of the first line; () when it is not one."""
    line = _first_line(head or b"")
    if not line or not line.strip():
        return ()
    separator = max(_SEPARATORS, key=line.count)
    if not line.count(separator):
        return ()
    names = next(csv.reader([line], delimiter=separator), [])
    folded = {fold(name) for name in names} - {""}
    return tuple(sorted(folded))
