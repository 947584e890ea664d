"""One page of a tabular file as validation reads it, each cell with its errors.

The « Aperçu » resource view shows a file page by page with its faulty cells
marked. Pages are read by streaming the file with the suite's readers
(``csv_source``, ``spreadsheet_source``) and checked with the validator's own
row loop (``validator.validate_rows``): the preview cannot disagree with the
report about a cell. Only the rows of the page are kept; rows before it are
skipped as they are read, so memory stays flat whatever the file's size.

Two checks need the whole file, not the page: uniqueness and primary keys
(« figure déjà ligne 12 »). Their errors are taken from the stored report,
which lists the first ones of each kind; the page says so when it lists fewer
than were counted.

The error filter (« seulement les lignes en erreur ») checks rows until the
page is full or ``scan_limit`` rows were read, then offers to go on from
there: a web request never checks a 5-million-row file in one go.

Pure module: no CKAN import.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .csv_source import CsvSource, SourceReadError
from .messages import cell_message, error_message
from .spreadsheet_source import SpreadsheetSource, cell_converter
from .validator import clip_text, matched_fields, row_errors, _workbook_format

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
SCAN_LIMIT = 20000
_BATCH = 500
SHOWN_CHARS = 300

# Errors that only the whole file can tell; read from the stored report.
WHOLE_FILE_KINDS = frozenset({"unique-error", "primary-key"})
# Errors about the row rather than one of the header's cells.
_ROW_KINDS = frozenset({"blank-row", "primary-key", "extra-cell"})


@dataclass
class PreviewCell:
    text: str
    clipped: bool = False
    messages: List[str] = field(default_factory=list)


@dataclass
class PreviewRow:
    number: int
    cells: List[PreviewCell]
    messages: List[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.messages) or any(cell.messages for cell in self.cells)


@dataclass
class PreviewPage:
    labels: List[str]
    titles: List[str]
    rows: List[PreviewRow]
    start: int                       # first row number asked for
    first_row: int                   # first data row of the file
    next_start: Optional[int]        # where the next page starts; None at the end
    scanned_to: Optional[int] = None  # last row read (error filter stopped by scan_limit)
    failure: Optional[str] = None    # French: why reading stopped, if it did


def stored_whole_file_errors(report: Optional[Dict[str, Any]]) -> Dict[int, List[Dict[str, Any]]]:
    """The report's uniqueness and primary-key errors by row number."""
    by_row: Dict[int, List[Dict[str, Any]]] = {}
    for error in (report or {}).get("errors") or []:
        if error.get("type") in WHOLE_FILE_KINDS and error.get("rowNumber"):
            by_row.setdefault(int(error["rowNumber"]), []).append(error)
    return by_row


def whole_file_errors_unlisted(report: Optional[Dict[str, Any]]) -> bool:
    """Some uniqueness or primary-key errors were counted but not listed."""
    report = report or {}
    counts = report.get("error_counts") or {}
    listed: Dict[str, int] = {}
    for error in report.get("errors") or []:
        listed[error.get("type")] = listed.get(error.get("type"), 0) + 1
    return any(counts.get(kind, 0) > listed.get(kind, 0) for kind in WHOLE_FILE_KINDS)


@contextlib.contextmanager
def open_table(source, schema, sheet: Optional[str], header_mode: Optional[str]
                ) -> Iterator[Tuple[List[str], int, Iterable[Tuple[int, List[str]]]]]:
    """(labels, header row number, rows of texts) with the suite's readers."""
    workbook = _workbook_format(source)
    if workbook is not None:
        with SpreadsheetSource(source, sheet=sheet, file_format=workbook) as book:
            expected = matched_fields(book.labels, schema, header_mode=header_mode)
            yield book.labels, book.header_row_number, book.rows(cell_converter(expected))
        return
    with CsvSource(source) as table:
        yield table.labels, table.header_row_number, table.rows()


def _checked(batch: List[Tuple[int, List[str]]], labels: List[str], schema, header_mode,
             stored: Dict[int, List[Dict[str, Any]]], header_row: int) -> List[PreviewRow]:
    """The batch's rows with their errors, as the validator reports them."""
    by_row: Dict[int, List[Dict[str, Any]]] = {}
    for error in row_errors(labels, batch, schema, header_mode=header_mode,
                            header_row_number=header_row):
        if error.get("type") in WHOLE_FILE_KINDS:
            continue  # the stored report's, found over the whole file
        by_row.setdefault(error["rowNumber"], []).append(error)
    width = len(labels)
    rows = []
    for number, cells in batch:
        shown = [PreviewCell(clip_text(text, SHOWN_CHARS), len(text) > SHOWN_CHARS)
                 for text in (list(cells[:width]) + [""] * (width - len(cells)))]
        row = PreviewRow(number, shown)
        for error in by_row.get(number, []) + stored.get(number, []):
            index = (error.get("fieldNumber") or 0) - 1
            if error.get("type") in _ROW_KINDS or not 0 <= index < width:
                row.messages.append(error_message(error, schema))
            else:
                shown[index].messages.append(cell_message(error, schema))
        rows.append(row)
    return rows


def preview_page(source, schema, *, start: Optional[int] = None, size: int = PAGE_SIZE,
                 only_errors: bool = False, report: Optional[Dict[str, Any]] = None,
                 sheet: Optional[str] = None, scan_limit: int = SCAN_LIMIT) -> PreviewPage:
    """The page of ``source`` (bytes, path or binary file) starting at row ``start``.

    ``schema`` is the one the file was validated against, ``report`` its stored
    report (header mode, uniqueness errors). Rows are numbered as in a
    spreadsheet (header = row 1).
    """
    size = max(1, min(int(size), MAX_PAGE_SIZE))
    report = report or {}
    header_mode = report.get("header_mode")
    stored = stored_whole_file_errors(report)
    page = PreviewPage(labels=[], titles=[], rows=[], start=start or 0, first_row=2, next_start=None)
    try:
        with open_table(source, schema, sheet, header_mode) as (labels, header_row, rows):
            page.labels = list(labels)
            page.titles = _titles(labels, schema)
            page.first_row = header_row + 1
            page.start = max(start or page.first_row, page.first_row)
            _fill(page, rows, schema, header_mode, stored, header_row, size, only_errors, scan_limit)
    except SourceReadError as error:
        page.failure = error.message
    return page


def _fill(page: PreviewPage, rows, schema, header_mode, stored, header_row, size, only_errors,
          scan_limit) -> None:
    batch: List[Tuple[int, List[str]]] = []
    batch_size = min(_BATCH, scan_limit) if only_errors else size + 1
    scanned = 0
    last_read = None

    def take(batch) -> bool:
        """Add the batch's rows to the page; True once the page is full."""
        for row in _checked(batch, page.labels, schema, header_mode, stored, header_row):
            if only_errors and not row.has_errors:
                continue
            if len(page.rows) == size:
                page.next_start = row.number
                return True
            page.rows.append(row)
        return False

    try:
        for number, cells in rows:
            if number < page.start:
                continue
            batch.append((number, cells))
            scanned += 1
            last_read = number
            if len(batch) >= batch_size:
                if take(batch):
                    return
                batch = []
                if scanned >= scan_limit:
                    page.scanned_to = last_read
                    page.next_start = last_read + 1
                    return
    except SourceReadError as error:
        page.failure = error.message
    if batch:
        if take(batch):
            return
    if only_errors and page.next_start is None and scanned:
        page.scanned_to = last_read


def _titles(labels: Sequence[str], schema) -> List[str]:
    """Each column's title in the schema (its label when the schema has none)."""
    descriptor = schema if isinstance(schema, dict) else getattr(schema, "descriptor", {}) or {}
    titles = {f.get("name"): f.get("title") for f in descriptor.get("fields", []) if isinstance(f, dict)}
    return [titles.get(label) or label for label in labels]
