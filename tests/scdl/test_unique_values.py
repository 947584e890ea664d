"""Unique columns and primary keys compare values, in bounded memory."""
import datetime
from decimal import Decimal

import pytest

from ckanext.opendatalocale.scdl import messages
from ckanext.opendatalocale.scdl.seen_values import SeenValues, SpillFile, canonical
from ckanext.opendatalocale.scdl.validator import validate_csv, validate_rows

from .helpers import to_csv

UNIQUE_ID = {"fields": [{"name": "id", "type": "integer", "constraints": {"unique": True}},
                        {"name": "nom", "type": "string"}]}
KEYED = {"fields": [{"name": "id", "type": "integer"}, {"name": "annee", "type": "year"},
                    {"name": "nom", "type": "string"}],
         "primaryKey": ["id", "annee"]}


def unique_errors(report):
    return [(e["type"], e["rowNumber"], e["cell"], e["note"]) for e in report["errors"]]


def test_minus_one_and_minus_two_are_different_values():
    # in CPython hash(-1) == hash(-2): comparing hashes called this file invalid
    assert hash(-1) == hash(-2)
    report = validate_csv(to_csv([["id", "nom"], ["-1", "a"], ["-2", "b"]]), UNIQUE_ID)
    assert report["valid"], report["errors"]


def test_primary_key_minus_one_and_minus_two_are_different():
    report = validate_csv(to_csv([["id", "annee", "nom"], ["-1", "2020", "a"], ["-2", "2020", "b"]]), KEYED)
    assert report["valid"], report["errors"]


def test_a_real_duplicate_names_the_latest_earlier_row():
    rows = [["id", "nom"], ["7", "a"], ["-1", "b"], ["7", "c"], ["-2", "d"], ["7", "e"], ["-1", "f"]]
    report = validate_csv(to_csv(rows), UNIQUE_ID)
    assert not report["valid"]
    assert unique_errors(report) == [
        ("unique-error", 4, "7", "the same as in the row at position 2"),
        ("unique-error", 6, "7", "the same as in the row at position 4"),
        ("unique-error", 7, "-1", "the same as in the row at position 3"),
    ]
    text = messages.error_message(report["errors"][1])
    assert text == ("ligne 6, colonne « id » : « 7 » figure déjà ligne 4 ; chaque valeur de cette "
                    "colonne doit être unique")


def test_a_real_primary_key_duplicate():
    rows = [["id", "annee", "nom"], ["1", "2020", "a"], ["1", "2021", "b"], ["1", "2020", "c"]]
    report = validate_csv(to_csv(rows), KEYED)
    assert [(e["type"], e["rowNumber"], e["note"]) for e in report["errors"]] == [
        ("primary-key", 4, "the same as in the row at position 2")]


def test_equal_values_written_differently_are_duplicates():
    # typed values are compared, as frictionless does: 1.50 == 1.5
    schema = {"fields": [{"name": "prix", "type": "number", "constraints": {"unique": True}}]}
    report = validate_csv(to_csv([["prix"], ["1.5"], ["1.50"], ["-0"], ["0"], ["1.05"]]), schema)
    assert [(e["rowNumber"], e["note"]) for e in report["errors"]] == [
        (3, "the same as in the row at position 2"), (5, "the same as in the row at position 4")]


def test_unique_list_column_does_not_crash():
    # JSON arrays cannot be hashed: hash() raised TypeError, a 500 in CKAN
    schema = {"fields": [{"name": "tags", "type": "array", "constraints": {"unique": True}}]}
    report = validate_csv(to_csv([["tags"], ['["a","b"]'], ['["b","a"]'], ['[ "a", "b" ]']]), schema)
    assert [(e["type"], e["rowNumber"]) for e in report["errors"]] == [("unique-error", 4)]


@pytest.mark.parametrize("left, right, equal", [
    (-1, -2, False),
    (1, Decimal("1.000"), True),
    (Decimal("0.1"), 0.1, False),  # Python: Decimal("0.1") != 0.1
    (Decimal("1E+2"), 100, True),
    (Decimal("1.0000000000000000000000000000001"), Decimal(1), False),  # no 28-digit rounding
    (True, 1, True),
    ("1", 1, False),
    (datetime.date(2020, 1, 1), datetime.datetime(2020, 1, 1), False),
    (datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.timezone.utc),
     datetime.datetime(2020, 1, 1, 13, tzinfo=datetime.timezone(datetime.timedelta(hours=1))), True),
    (datetime.datetime(2020, 1, 1, 12), datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.timezone.utc), False),
    ((1, None), (1, None), True),
    ((1, "a"), (1, "b"), False),
    ({"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}, True),
    (["ab"], ["a", "b"], False),
])
def test_canonical_encoding_follows_python_equality(left, right, equal):
    assert (left == right) is equal  # the reference
    assert (canonical(left) == canonical(right)) is equal


def test_nan_equals_nothing():
    seen = SeenValues(memory_limit=10)
    assert seen.swap(Decimal("NaN"), 2) is None
    assert seen.swap(Decimal("NaN"), 3) is None


def test_seen_values_spill_to_disk_and_keep_the_latest_row():
    spill = SpillFile()
    try:
        seen = SeenValues(memory_limit=4, spill=spill)
        answers = [seen.swap(value, row) for row, value in enumerate(
            ["a", "b", "c", "d", "e", "a", "f", "a", "b", "z"], start=2)]
        assert seen.spilled >= 4
        assert answers == [None, None, None, None, None, 2, None, 7, 3, None]
    finally:
        spill.close()


def _expected_duplicates(values, first_row=2):
    last, found = {}, []
    for row, value in enumerate(values, start=first_row):
        if value in last:
            found.append((row, f"the same as in the row at position {last[value]}"))
        last[value] = row
    return found


def test_duplicates_found_across_the_spill_boundary():
    # 300 rows, 10 values kept in memory: most duplicates are only on disk
    values = [str((i * 7919) % 211 - 100) for i in range(300)]
    data = to_csv([["id", "nom"]] + [[v, "x"] for v in values])
    spilled = validate_csv(data, UNIQUE_ID, unique_memory_limit=10, max_errors_per_type=1000)
    in_memory = validate_csv(data, UNIQUE_ID, max_errors_per_type=1000)
    expected = _expected_duplicates([int(v) for v in values])
    assert len(expected) == 300 - 211
    assert [(e["rowNumber"], e["note"]) for e in spilled["errors"]] == expected
    assert spilled["errors"] == in_memory["errors"]
    assert spilled["error_counts"] == {"unique-error": 89}


def test_primary_key_and_unique_columns_share_the_budget_and_spill():
    keyed = {"fields": [{"name": "id", "type": "integer", "constraints": {"unique": True}},
                        {"name": "annee", "type": "year"}],
             "primaryKey": ["id", "annee"]}
    rows = [["id", "annee"]] + [[str(i % 50), str(2000 + i % 3)] for i in range(200)]
    report = validate_rows(rows[0], list(enumerate(rows[1:], start=2)), keyed,
                           unique_memory_limit=6, max_errors_per_type=1000)
    expected_pk = _expected_duplicates([(i % 50, 2000 + i % 3) for i in range(200)])
    expected_unique = _expected_duplicates([i % 50 for i in range(200)])
    assert [(e["rowNumber"], e["note"]) for e in report["errors"] if e["type"] == "primary-key"] == expected_pk
    assert [(e["rowNumber"], e["note"]) for e in report["errors"] if e["type"] == "unique-error"] == \
        expected_unique
    assert len(expected_pk) == 200 - 150 and len(expected_unique) == 150
