"""Numbers as agents type them, read in one place (no CKAN)."""
import pytest

from ckanext.opendatalocale import numbers


@pytest.mark.parametrize("text, expected", [
    ("12345", 12345), ("12 345", 12345), ("12\u202f345", 12345), ("12\u00a0345", 12345),
    (3500, 3500)])
def test_whole_numbers_with_french_grouping(text, expected):
    assert numbers.parse_whole(text) == expected


@pytest.mark.parametrize("text", ["3,5", "douze", "", "1" * 40])
def test_not_a_whole_number(text):
    with pytest.raises(ValueError):
        numbers.parse_whole(text)


@pytest.mark.parametrize("text, expected", [
    ("2.35", 2.35), ("2,35", 2.35), ("2,35 €", 2.35), (" 1 002,5€", 1002.5), (4, 4.0)])
def test_decimals_with_comma_point_and_unit(text, expected):
    assert numbers.parse_decimal(text, unit="€") == expected


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "Infinity", "2,3,4", "€"])
def test_not_a_finite_decimal(text):
    with pytest.raises(ValueError):
        numbers.parse_decimal(text, unit="€")


def test_grouped_writes_thousands_as_french_does_and_reads_back():
    from ckanext.opendatalocale.numbers import grouped, parse_whole

    assert grouped(999) == "999"
    assert grouped(1200) == "1\u202f200"
    assert grouped(36373) == "36\u202f373"
    assert grouped(1234567) == "1\u202f234\u202f567"
    assert parse_whole(grouped(1234567)) == 1234567


def test_a_report_summary_groups_its_counts():
    from ckanext.opendatalocale.scdl.messages import report_summary

    summary = report_summary({"valid": False, "stats": {"errors": 1200, "rows": 35000}})
    assert summary == "1\u202f200 erreurs sur 35\u202f000 lignes vérifiées."
