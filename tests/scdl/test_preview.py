"""The preview's pages (pure): cells read and checked as validation does."""
import io

from ckanext.opendatalocale.scdl.preview import preview_page, whole_file_errors_unlisted
from ckanext.opendatalocale.scdl.validator import validate_csv

from .helpers import read_rows, to_csv


def _with_bad_dates(example: bytes, every: int = 3):
    """The example with a French date on rows whose data index is a multiple of ``every``."""
    rows = read_rows(example)
    column = rows[0].index("dateConvention")
    bad = []
    for index, row in enumerate(rows[1:], start=2):
        if (index - 2) % every == 0:
            row[column] = "04/10/2013"
            bad.append(index)
    return to_csv(rows), bad, column


def test_first_page_shows_rows_with_the_cell_error_in_french(subventions, subventions_example):
    data, bad, column = _with_bad_dates(subventions_example)
    page = preview_page(data, subventions, size=5)
    assert [row.number for row in page.rows] == [2, 3, 4, 5, 6]
    assert page.next_start == 7
    assert page.titles[column] != page.labels[column]  # the schema's title, not the name
    cell = page.rows[0].cells[column]
    assert cell.text == "04/10/2013"
    assert cell.messages == ["« 04/10/2013 » n'est pas une date au format AAAA-MM-JJ ; écrivez 2013-10-04"]
    assert page.rows[1].cells[column].messages == []
    assert not page.rows[1].has_errors


def test_paging_reaches_the_last_row_and_stops(subventions, subventions_example):
    rows = read_rows(subventions_example)
    page = preview_page(to_csv(rows), subventions, start=27, size=5)
    assert [row.number for row in page.rows] == list(range(27, len(rows) + 1))
    assert page.next_start is None


def test_error_filter_keeps_only_faulty_rows_across_batches(subventions, subventions_example):
    rows = read_rows(subventions_example)
    column = rows[0].index("dateConvention")
    body = rows[1:]
    big = [rows[0]] + [list(body[i % len(body)]) for i in range(3000)]
    for number in (5, 700, 1999, 2500):
        big[number - 1][column] = "hier"
    page = preview_page(to_csv(big), subventions, size=3, only_errors=True)
    assert [row.number for row in page.rows] == [5, 700, 1999]
    assert page.next_start == 2500
    following = preview_page(to_csv(big), subventions, start=page.next_start, size=3, only_errors=True)
    assert [row.number for row in following.rows] == [2500]
    assert following.next_start is None


def test_error_filter_stops_after_the_scan_limit_and_says_where(subventions, subventions_example):
    rows = read_rows(subventions_example)
    body = rows[1:]
    big = [rows[0]] + [list(body[i % len(body)]) for i in range(1200)]
    page = preview_page(to_csv(big), subventions, only_errors=True, scan_limit=500)
    assert page.rows == []
    assert page.scanned_to == 501
    assert page.next_start == 502


def test_uniqueness_errors_come_from_the_stored_report(subventions_example):
    schema = {"fields": [{"name": "id", "type": "string", "constraints": {"unique": True}},
                         {"name": "label", "type": "string"}]}
    rows = [["id", "label"]] + [[str(i), "x"] for i in range(1, 60)] + [["3", "copie"]]
    data = to_csv(rows)
    report = validate_csv(data, schema)
    assert report["error_counts"] == {"unique-error": 1}
    last = preview_page(data, schema, start=61, report=report)
    assert last.rows[0].number == 61
    assert "figure déjà ligne 4" in last.rows[0].cells[0].messages[0]
    # without the report a page knows nothing of earlier pages
    assert preview_page(data, schema, start=61).rows[0].cells[0].messages == []
    assert not whole_file_errors_unlisted(report)


def test_hostile_and_long_cells_are_texts_cut_to_size(subventions):
    schema = {"fields": [{"name": "nom", "type": "string"}]}
    data = to_csv([["nom"], ["<script>alert(1)</script>"], ["x" * 5000]])
    page = preview_page(data, schema)
    assert page.rows[0].cells[0].text == "<script>alert(1)</script>"  # escaping is the template's
    assert page.rows[1].cells[0].clipped and len(page.rows[1].cells[0].text) == 301


def test_short_and_long_rows(subventions):
    schema = {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]}
    data = to_csv([["a", "b"], ["1"], ["2", "x", "extra"], ["trois", "y"]])
    page = preview_page(data, schema)
    short, long_row, wrong = page.rows
    assert short.cells[1].text == "" and short.cells[1].messages
    assert long_row.messages and "extra" in long_row.messages[0]
    assert wrong.cells[0].messages[0].startswith("« trois » n'est pas un nombre entier")


def test_unreadable_file_is_a_french_failure(subventions):
    page = preview_page(io.BytesIO(b"%PDF-1.4 binary"), subventions)
    assert page.rows == [] and "PDF" in page.failure
