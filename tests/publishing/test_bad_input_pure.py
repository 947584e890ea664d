"""The import's guards against bad workbooks, without CKAN: the sheet-length check that
reads no more than it must, merged cells and a first sheet that is not the table."""
import io
import time

import openpyxl
import pytest

from ckanext.opendatalocale.publishing import rows
from ckanext.opendatalocale.scdl.spreadsheet_source import cell_name, xlsx_rows_beyond


def workbook(build) -> bytes:
    book = openpyxl.Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_cell_names():
    assert [cell_name(0, 0), cell_name(1, 25), cell_name(2, 26), cell_name(9, 701),
            cell_name(0, 16383)] == ["A1", "Z2", "AA3", "ZZ10", "XFD1"]


def test_rows_beyond_a_limit_are_found_early_and_exactly():
    def filled(count):
        def build(book):
            for number in range(count):
                book.active.append([f"ligne {number}"])
        return build

    assert xlsx_rows_beyond(workbook(filled(30)), 30) is None
    assert xlsx_rows_beyond(workbook(filled(31)), 30) == ("Sheet", 31)
    # A lone cell far down counts by its row number, not by the rows written.
    far = workbook(lambda book: book.active.cell(row=1_048_576, column=1, value="fin"))
    assert xlsx_rows_beyond(far, 10_000) == ("Sheet", 1_048_576)
    # Not an xlsx, or a broken one: the reader says why, not this check.
    assert xlsx_rows_beyond(b"PK\x03\x04" + bytes(100), 10) is None


def test_far_cell_in_an_import_is_refused_at_once():
    far = workbook(lambda book: (book.active.append(rows.COLUMN_NAMES),
                                 book.active.cell(row=1_048_576, column=1, value="fin")))
    started = time.perf_counter()
    with pytest.raises(rows.ImportFileError) as raised:
        rows.read_table(far, 500)
    assert time.perf_counter() - started < 5
    assert "« Sheet » du classeur a plus de 10000 lignes" in raised.value.message


def test_merged_cells_and_notes_sheet_are_refused_with_where():
    def merged(book):
        book.active.title = "Jeux"
        book.active.append(rows.COLUMN_NAMES)
        book.active.append(["a"] * len(rows.COLUMN_NAMES))
        book.active.merge_cells("A2:C2")
        book.active.merge_cells("D2:D3")

    with pytest.raises(rows.ImportFileError) as raised:
        rows.read_table(workbook(merged), 10)
    assert "« Jeux » contient 2 cellule(s) fusionnée(s) (A2:C2, D2:D3)" in raised.value.message

    def notes_first(book):
        book.active.title = "Notes"
        book.active.append(["Lisez-moi"])
        book.create_sheet("Jeux").append(rows.COLUMN_NAMES)

    with pytest.raises(rows.ImportFileError) as raised:
        rows.read_table(workbook(notes_first), 10)
    assert "Le classeur a 2 feuilles (Notes, Jeux)" in raised.value.message

    def table_first(book):
        book.active.append(rows.COLUMN_NAMES)
        book.active.append([rows.EXAMPLE_ROW[name] for name in rows.COLUMN_NAMES])
        book.create_sheet("Notes").append(["Lisez-moi"])

    labels, table = rows.read_table(workbook(table_first), 10)
    assert labels == rows.COLUMN_NAMES and len(table) == 1
