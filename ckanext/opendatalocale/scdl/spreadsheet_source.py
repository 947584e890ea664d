"""The suite's one spreadsheet reader (.xlsx, .xls, .ods).

Town-hall agents keep their tables in Excel or LibreOffice; Validata accepts
those files, so the suite validates them with the same engine as CSV. Cells
are read as the spreadsheet stores them (python-calamine: a date cell is a
``date``, a number a ``float``, a text a ``str``), then turned, column by
column, into the text the field's checker expects (``cell_converter``): a
date cell is a valid date whatever its display format, a number a number,
while a number typed as *text* stays text and is judged as the same text in
a CSV would be -- which is what Validata does with ``preserve_formatting``.

Why python-calamine and not openpyxl: one reader for the three formats, in
Rust, about ten times faster than openpyxl's read-only mode on a
100,000-row sheet (benchmarks/spreadsheet.py), cached values of formulas
read without evaluating anything. It loads one sheet in memory, so the
number of cells is capped before rows are produced.

Row numbers are those the spreadsheet shows: the sheet's first row is 1.
"""
from __future__ import annotations

import html
import io
import itertools
import os
import re
import zipfile
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, BinaryIO, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from .csv_source import SourceReadError
from .i18n import _

SPREADSHEET_FORMATS = ("xlsx", "xls", "ods")
# A sheet of the maximum size Excel allows (1,048,576 rows) with a few
# columns still fits; beyond this many cells calamine's in-memory sheet
# would take gigabytes.
DEFAULT_MAX_CELLS = 30_000_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class SpreadsheetError(SourceReadError):
    """A workbook that cannot be read; ``code`` is stable, ``message`` French.

    Codes: ``spreadsheet-unreadable`` (corrupt or not a workbook),
    ``spreadsheet-password``, ``sheet-not-found``, ``spreadsheet-too-large``,
    ``empty-file``.
    """

    @property
    def message(self) -> str:
        return spreadsheet_error_message(self.code, self.params)


def spreadsheet_error_message(code: str, params: Dict[str, Any]) -> str:
    """French (translatable) sentence for a SpreadsheetError code."""
    if code == "spreadsheet-password":
        return _(
            "Le classeur est protégé par un mot de passe : il ne peut pas être lu. "
            "Enregistrez-en une copie sans mot de passe puis déposez-la."
        )
    if code == "sheet-not-found":
        return _(
            "Le classeur n'a pas de feuille « {sheet} » (feuilles : {sheets}). "
            "Corrigez le nom de la feuille indiqué sur la ressource."
        ).format(sheet=params.get("sheet"), sheets=", ".join(params.get("sheets") or []) or "aucune")
    if code == "spreadsheet-too-large":
        return _(
            "La feuille « {sheet} » est trop grande pour être validée ({rows} lignes sur "
            "{columns} colonnes, soit plus de {limit} cellules). Déposez-la en CSV ou "
            "supprimez les lignes et colonnes vides sous et à droite du tableau."
        ).format(**params)
    if code == "empty-file":
        return _(
            "La feuille « {sheet} » du classeur est vide : mettez la ligne d'en-tête "
            "et les données sur la première feuille, ou indiquez la bonne feuille."
        ).format(sheet=params.get("sheet", ""))
    return _(
        "Le classeur ({format}) ne peut pas être lu : le fichier est abîmé ou n'est "
        "pas un classeur. Ouvrez-le dans votre tableur, enregistrez-le de nouveau "
        "(ou au format CSV UTF-8) puis déposez-le."
    ).format(format=params.get("format") or "xlsx, xls, ods")


def workbook_format(head: bytes, zip_names: Optional[Sequence[str]] = None) -> Optional[str]:
    """"xlsx", "xls", "ods" or None from the first bytes (and zip members)."""
    if head.startswith(_OLE2):
        # Old Excel, or a password-protected xlsx (an OLE2 box around it):
        # calamine tells them apart.
        return "xls"
    if not head.startswith(b"PK\x03\x04"):
        return None
    if _ODS_MIMETYPE in head[:200]:
        return "ods"
    if zip_names is None:
        return "xlsx" if b"xl/" in head else None  # every xlsx member lives under xl/
    names = set(zip_names)
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    return None


def sniff_format(stream: BinaryIO) -> Optional[str]:
    """The workbook format of a seekable binary stream, or None; rewinds it."""
    stream.seek(0)
    head = stream.read(64 * 1024)
    stream.seek(0)
    if not head.startswith(b"PK\x03\x04"):
        return workbook_format(head)
    try:
        with zipfile.ZipFile(stream) as archive:
            kind = workbook_format(head, archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # A zip too damaged to list (cut short by a failed upload) is still
        # a workbook if its first members say so: calamine will say it is
        # unreadable, which is more useful than "not a CSV".
        kind = workbook_format(head)
    stream.seek(0)
    return kind


def cell_name(row: int, column: int) -> str:
    """(0, 0) -> "A1", (1, 27) -> "AB2": a cell as the spreadsheet names it."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _calamine():
    import python_calamine

    return python_calamine


def _label(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return plain_text(value).strip()


_INFINITY = float("inf")
_MIDNIGHT = time(0)


def plain_text(value: Any) -> str:
    """A typed cell as plain text, the way a CSV export of it would read."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == _MIDNIGHT:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _duration_text(value)
    return str(value)


def number_text(value: float) -> str:
    """12.0 -> "12", 1e-07 -> "0.0000001": never an exponent, never ".0"."""
    if value != value or value == _INFINITY or value == -_INFINITY:
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)  # the shortest text that reads back as this float
    if "e" not in text:
        return text
    text = format(Decimal(text), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _duration_text(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}PT{hours}H{minutes}M{secs}S"


def _strftime(value, fmt: str) -> str:
    # glibc's %Y does not pad a year before 1000 (0001-01-01 -> "1-01-01"),
    # which then fails the very format it was written with
    return value.strftime(fmt.replace("%Y", f"{value.year:04d}"))


def _date_to_text(value: Any, field) -> Optional[str]:
    """A date/datetime cell as the text ``field`` reads, or None to fall back."""
    kind = field.type
    fmt = field.format
    if kind == "date":
        if isinstance(value, datetime):
            if value.time() != _MIDNIGHT:
                return value.isoformat()  # a time of day in a date column: a type error, as in frictionless
            value = value.date()
        if fmt in ("default", "any"):
            return value.isoformat()
        return _strftime(value, fmt)
    if kind == "datetime":
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        if fmt in ("default", "any"):
            return value.isoformat(timespec="seconds")
        return _strftime(value, fmt)
    if kind == "year":
        return str(value.year)
    if kind == "yearmonth":
        return f"{value.year:04d}-{value.month:02d}"
    return None


def _number_to_text(value: float, field) -> str:
    text = number_text(value)
    if field.type == "number":
        decimal_char = field.descriptor.get("decimalChar", ".")
        if decimal_char != ".":
            text = text.replace(".", decimal_char)
    return text


def _cell_reader(field) -> Callable[[Any], str]:
    """``to_text(cell)`` for a non-text cell of ``field``'s column."""
    kind = field.type
    true_values = field.descriptor.get("trueValues") or ["true"]
    false_values = field.descriptor.get("falseValues") or ["false"]
    decimal_char = field.descriptor.get("decimalChar", ".") if kind == "number" else "."

    def from_bool(value: bool) -> str:
        if kind == "boolean":
            return true_values[0] if value else false_values[0]
        return "true" if value else "false"

    def from_number(value) -> str:
        text = number_text(float(value))
        return text.replace(".", decimal_char) if decimal_char != "." else text

    def from_date(value) -> str:
        text = _date_to_text(value, field)
        return text if text is not None else plain_text(value)

    def from_time(value: time) -> str:
        if kind == "time":
            fmt = field.format
            return value.strftime(fmt) if fmt not in ("default", "any") else value.strftime("%H:%M:%S")
        return plain_text(value)

    by_class = {float: from_number, int: from_number, bool: from_bool, date: from_date,
                datetime: from_date, time: from_time, type(None): lambda _value: ""}

    def to_text(value: Any) -> str:
        return by_class.get(value.__class__, plain_text)(value)

    to_text.from_number = from_number  # the generated row converter calls it directly
    return to_text


def cell_converter(fields: Sequence[Any]) -> Callable[[List[Any]], List[str]]:
    """Turn a row of typed cells into the texts the fields' checkers read.

    ``fields[i]`` is the compiled field of column i. Cells beyond the fields
    are kept as plain text (reported as extra cells, as in a CSV). Most
    cells are text already: the per-row function is generated once, a
    class test per column, so that a 100,000-row sheet costs little more
    than its CSV (benchmarks/spreadsheet.py).
    """
    width = len(fields)
    namespace: Dict[str, Any] = {"str": str, "plain_text": plain_text}
    items = []
    namespace["float"] = float
    namespace["date"] = date
    for index, field in enumerate(fields):
        namespace[f"R{index}"] = reader = _cell_reader(field)
        namespace[f"N{index}"] = reader.from_number
        c = f"c{index}"
        # Text first, then numbers (calamine's every numeric cell is a float): the
        # two kinds of most cells, without the reader's dispatch. A whole number
        # needs no decimal mark, so its text is the same whatever the column's.
        number = (f"(str(int({c})) if {c}.is_integer() and -1e16 < {c} < 1e16 "
                  f"else N{index}({c}))")
        other = f"R{index}({c})"
        if field.type == "date" and field.format in ("default", "any"):
            other = f"({c}.isoformat() if {c}.__class__ is date else {other})"
        items.append(f"{c} if {c}.__class__ is str else {number} "
                     f"if {c}.__class__ is float else {other}")
    unpack = ", ".join(f"c{index}" for index in range(width))
    lines = ["def convert(cells):",
             f"    if len(cells) == {width}:"]
    if width:
        lines.append(f"        {unpack}{',' if width == 1 else ''} = cells")
    lines.append(f"        return [{', '.join(items)}]")
    lines.append("    return slow(cells)")

    readers = [namespace[f"R{index}"] for index in range(width)]

    def slow(cells: List[Any]) -> List[str]:
        texts = [reader(cell) for reader, cell in zip(readers, cells)]
        if len(cells) > width:
            texts.extend(plain_text(cell) for cell in cells[width:])
        return texts

    namespace["slow"] = slow
    exec(compile("\n".join(lines), "<spreadsheet cells>", "exec"), namespace)
    return namespace["convert"]


class SpreadsheetSource:
    """One sheet of a workbook: ``labels`` (row of the header), then ``rows()``.

    ``rows()`` yields ``(row_number, typed_cells)``; trailing empty cells are
    dropped as a CSV export drops them, so a row is as long as its last
    filled cell or the header, whichever is longer.
    """

    def __init__(self, source, *, sheet: Optional[str] = None, file_format: Optional[str] = None,
                 max_cells: int = DEFAULT_MAX_CELLS):
        calamine = _calamine()
        stream = _as_stream(source)
        self.format = file_format or sniff_format(stream) or "xlsx"
        if _is_encrypted_package(stream):
            raise SpreadsheetError("spreadsheet-password", format="xlsx")
        if self.format == "xlsx":
            # calamine lays a sheet out as one dense block from its first to
            # its last cell: a 5 KB file with a cell in XFD1048576 would ask
            # for 500 GB and abort the process. Measure before it loads.
            _check_xlsx_extent(stream, sheet, max_cells)
        try:
            workbook = calamine.CalamineWorkbook.from_filelike(stream)
        except calamine.PasswordError:
            raise SpreadsheetError("spreadsheet-password", format=self.format)
        except Exception as error:  # calamine's errors are many; all mean "cannot read"
            if "password" in str(error).lower() or "encrypt" in str(error).lower():
                raise SpreadsheetError("spreadsheet-password", format=self.format)
            raise SpreadsheetError("spreadsheet-unreadable", format=self.format)
        try:
            names = list(workbook.sheet_names)
            if sheet:
                wanted = sheet.strip()
                matches = [n for n in names if n == wanted] or [
                    n for n in names if n.strip().casefold() == wanted.casefold()]
                if not matches:
                    raise SpreadsheetError("sheet-not-found", sheet=wanted, sheets=names)
                self.sheet_name = matches[0]
            else:
                visible = [m.name for m in workbook.sheets_metadata
                           if m.typ == calamine.SheetTypeEnum.WorkSheet
                           and m.visible == calamine.SheetVisibleEnum.Visible]
                if not (visible or names):
                    raise SpreadsheetError("empty-file", sheet="")
                self.sheet_name = (visible or names)[0]
            try:
                data = workbook.get_sheet_by_name(self.sheet_name)
            except Exception as error:
                if "cell limit" in str(error).lower():  # calamine's own cap (.ods repeats)
                    raise SpreadsheetError("spreadsheet-too-large", sheet=self.sheet_name, rows="?",
                                           columns="?", limit=max_cells)
                raise SpreadsheetError("spreadsheet-unreadable", format=self.format)
            self.sheet_count = len(names)
        finally:
            workbook.close()
        height, width = data.height, data.width
        if height * width > max_cells:
            raise SpreadsheetError("spreadsheet-too-large", sheet=self.sheet_name, rows=height,
                                   columns=width, limit=max_cells)
        merged = data.merged_cell_ranges or []
        self.merged_cells = len(merged)
        # Where they are, as the spreadsheet names cells (A2:M2), for the callers that
        # refuse them (the bulk import reads one value a cell).
        self.merged_ranges = [f"{cell_name(top, left)}:{cell_name(bottom, right)}"
                              for (top, left), (bottom, right) in sorted(merged)[:20]]
        self.sheet_names = names
        try:
            # the sheet may start below row 1 or right of column A
            start_row, start_column = data.start or (0, 0)
        except Exception:
            start_row, start_column = 0, 0
        self._offset = start_row
        self._rows = data.iter_rows()
        self._pad = [""] * start_column
        self._row_number = start_row
        self.labels: List[str] = []
        self.header_row_number = 0
        self._first: Optional[Tuple[int, List[Any]]] = None
        self._read_header()

    def _next(self) -> Optional[List[Any]]:
        try:
            cells = next(self._rows)
        except StopIteration:
            return None
        self._row_number += 1
        return self._pad + list(cells) if self._pad else list(cells)

    def _read_header(self) -> None:
        # blank rows above the header are skipped, as for CSV
        while True:
            cells = self._next()
            if cells is None:
                raise SpreadsheetError("empty-file", sheet=self.sheet_name)
            if any(_label(cell) for cell in cells):
                break
        labels = [_label(cell) for cell in cells]
        while labels and not labels[-1]:
            labels.pop()
        self.labels = labels
        self.header_row_number = self._row_number
        while True:
            first = self._next()
            if first is None:
                break
            self._first = (self._row_number, first)
            break
        self.has_rows = self._first is not None

    def rows(self, convert: Optional[Callable[[List[Any]], List[Any]]] = None
             ) -> Iterator[Tuple[int, List[Any]]]:
        """``(row_number, cells)``, cells passed through ``convert`` if given
        (one generator for the whole row loop: it runs 100,000 times)."""
        width = len(self.labels)
        pad = self._pad
        blank_rows: List[int] = []
        self.has_rows = False
        if self._first is not None:
            first, self._first = self._first, None
            pending = [first[1]]
            number = first[0] - 1
        else:
            pending = []
            number = self._row_number

        if pad:
            source = itertools.chain(pending, (pad + cells for cells in self._rows))
        else:
            source = itertools.chain(pending, self._rows)  # no generator frame per row
        # Empty rows at the end of a sheet (formatting dragged down) are not
        # data: a CSV export would not write them either. calamine gives
        # every row the sheet's width and "" for an empty cell.
        for cells in source:
            number += 1
            if cells[0] == "" and cells.count("") == len(cells):
                blank_rows.append(number)
                continue
            if blank_rows:
                for blank in blank_rows:
                    yield blank, [""] * width
                blank_rows = []
            self.has_rows = True
            if len(cells) > width and cells[-1] == "":
                end = len(cells)
                while end > width and cells[end - 1] == "":
                    end -= 1
                cells = cells[:end]
            yield number, (convert(cells) if convert is not None else cells)
        self._row_number = number

    def describe(self) -> Dict[str, Any]:
        return {
            "format": self.format,
            "sheet": self.sheet_name,
            "sheets": self.sheet_count,
            "header_row": self.header_row_number,
            "columns": len(self.labels),
            "has_rows": self.has_rows,
            "merged_cells": self.merged_cells,
        }

    def close(self) -> None:
        self._rows = iter(())

    def __enter__(self) -> "SpreadsheetSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_SHEET_ENTRY = re.compile(r'<sheet\b[^>]*>')
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _xlsx_sheet_paths(archive: zipfile.ZipFile) -> List[Tuple[str, str, bool]]:
    """(name, member path, visible) of each worksheet, in workbook order."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return []
    targets = {}
    for entry in re.findall(r"<Relationship\b[^>]*>", relations):
        attributes = dict(_ATTRIBUTE.findall(entry))
        target = attributes.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attributes.get("Id")] = target
    sheets = []
    for entry in _SHEET_ENTRY.findall(workbook):
        attributes = dict(_ATTRIBUTE.findall(entry))
        name = html.unescape(attributes.get("name", ""))
        rid = attributes.get("r:id") or next((v for k, v in attributes.items() if k.endswith(":id")), None)
        if rid in targets:
            sheets.append((name, targets[rid], attributes.get("state", "visible") == "visible"))
    return sheets


def _check_xlsx_extent(stream: BinaryIO, sheet: Optional[str], max_cells: int) -> None:
    """Raise spreadsheet-too-large when the sheet's cells may span more than
    ``max_cells`` (from A1 to its farthest column and row).

    Counted from the cell references of the sheet's XML, which calamine
    follows. Most sheets have fewer than 27 columns and 100,000 rows: only
    references with two or three letters, or six or seven digits, are
    looked at, so that the scan costs a fraction of the reading.
    """
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            sheets = _xlsx_sheet_paths(archive)
            if sheet:
                wanted = sheet.strip().casefold()
                chosen = [s for s in sheets if s[0].strip().casefold() == wanted]
            else:
                chosen = [s for s in sheets if s[2]] or sheets
            if not chosen:
                return  # calamine says which sheet is missing
            name, path = chosen[0][0], chosen[0][1]
            width, height = 26, 99_999
            tail = b""
            with archive.open(path) as member:
                while True:
                    chunk = member.read(4 * 1024 * 1024)
                    text = tail + chunk
                    if chunk:
                        cut = text.rfind(b"<")
                        text, tail = (text[:cut], text[cut:]) if cut > 0 else (b"", text)
                    for letters, row, far_row in set(_FAR_REFS.findall(text)):
                        if letters:
                            width = max(width, _column_number(letters))
                        height = max(height, int(row or far_row))
                    if width * height > max_cells:
                        break
                    if not chunk:
                        break
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return  # calamine will call it unreadable
    finally:
        stream.seek(0)
    if width * height > max_cells:
        raise SpreadsheetError("spreadsheet-too-large", sheet=name, rows=height, columns=width,
                               limit=max_cells)


def _chosen_sheet(sheets: List[Tuple[str, str, bool]], sheet: Optional[str]
                  ) -> Optional[Tuple[str, str, bool]]:
    """The sheet SpreadsheetSource reads: the one named, else the first visible one."""
    if sheet:
        wanted = sheet.strip().casefold()
        chosen = [s for s in sheets if s[0].strip().casefold() == wanted]
    else:
        chosen = [s for s in sheets if s[2]] or sheets
    return chosen[0] if chosen else None


_ROW_START = re.compile(rb'<(?:[A-Za-z]\w*:)?row\b([^>]*)>')
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,9})"')


def xlsx_rows_beyond(source, limit: int, sheet: Optional[str] = None
                     ) -> Optional[Tuple[str, int]]:
    """(sheet name, a row number past ``limit``) when the sheet an .xlsx would be read
    from has rows beyond ``limit``; None otherwise, or when the file is no readable
    xlsx (SpreadsheetSource then says why).

    For a caller that wants only a few rows (the bulk import): a sheet of 1,048,576
    rows is refused after reading ``limit`` rows of its XML, before calamine lays the
    whole sheet out in memory (seconds and hundreds of MB in a web request). The
    ``<row>`` elements are counted as well as their numbers, since ``r`` is optional."""
    stream = _as_stream(source)
    try:
        with zipfile.ZipFile(stream) as archive:
            chosen = _chosen_sheet(_xlsx_sheet_paths(archive), sheet)
            if chosen is None:
                return None
            counted, tail = 0, b""
            with archive.open(chosen[1]) as member:
                while True:
                    chunk = member.read(1024 * 1024)
                    text = tail + chunk
                    if chunk:
                        cut = text.rfind(b"<")
                        text, tail = (text[:cut], text[cut:]) if cut > 0 else (b"", text)
                    for attributes in _ROW_START.findall(text):
                        counted += 1
                        number = _ROW_NUMBER.search(attributes)
                        row = max(counted, int(number.group(1)) if number else 0)
                        if row > limit:
                            return chosen[0], row
                    if not chunk:
                        return None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return None
    finally:
        stream.seek(0)


# cell references past column Z, and past row 99,999
_FAR_REFS = re.compile(rb' r="(?:([A-Z]{2,3})([0-9]{1,7})|[A-Z]([0-9]{6,7}))"')


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _is_encrypted_package(stream: BinaryIO) -> bool:
    """An xlsx saved with a password: Office wraps it, encrypted, in an OLE2
    file whose directory names an "EncryptedPackage" stream (calamine only
    says it cannot detect the format)."""
    stream.seek(0)
    if stream.read(8) != _OLE2:
        stream.seek(0)
        return False
    found, tail = False, b""
    while True:
        chunk = stream.read(1024 * 1024)
        if not chunk:
            break
        if _ENCRYPTED_PACKAGE in tail + chunk:
            found = True
            break
        tail = chunk[-len(_ENCRYPTED_PACKAGE):]
    stream.seek(0)
    return found


def _as_stream(source) -> BinaryIO:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source))
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return io.BytesIO(handle.read())
    source.seek(0)
    return source
