"""Numbers, amounts, shares and dates written as the page's language writes them."""
import datetime

import pytest

from ckanext.opendatalocale import display

NNBSP, NBSP = "\u202f", "\u00a0"


def _spaces(text):
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def test_amounts_in_french_and_english():
    assert _spaces(display.money(128784.47, "fr")) == "128 784,47 €"
    assert display.money(128784.47, "en") == "€128,784.47"
    assert display.money(None, "fr") == "–"


def test_percentages_and_shares():
    assert _spaces(display.percent(66.6, "fr", decimals=1)) == "66,6 %"
    assert display.percent(66.6, "en", decimals=1) == "66.6%"
    assert _spaces(display.percent(0.4231, "fr", share=True)) == "42 %"
    assert display.percent("abc", "fr") == "–"


def test_numbers_group_thousands_and_keep_whole_numbers_whole():
    assert _spaces(display.number(34969, "fr")) == "34 969"
    assert display.number(34969, "en") == "34,969"
    assert _spaces(display.number(2.5, "fr")) == "2,5"
    assert display.number(2, "en", decimals=2) == "2.00"
    assert display.number(True, "fr") == "–"


@pytest.mark.parametrize("value", ["2025-06-01", "2025-06-01T10:20:30.123456",
                                   datetime.date(2025, 6, 1), datetime.datetime(2025, 6, 1, 10)])
def test_dates_in_words_or_short(value):
    assert display.date(value, "fr") == "1 juin 2025"
    assert display.date(value, "en") == "June 1, 2025"
    assert display.date(value, "fr", long=False) == "01/06/2025"


def test_unknown_language_and_bad_dates_do_not_break_a_page():
    assert display.date("2025-06-01", "xx-YY") == "1 juin 2025"
    assert display.date("hier", "fr") == "hier"
    assert display.date(None, "fr") == ""


def test_a_day_with_its_weekday_and_a_month():
    assert display.date("2025-09-15", "fr", weekday=True) == "lundi 15 septembre 2025"
    assert display.date("2025-09-15", "en", weekday=True) == "Monday, September 15, 2025"
    assert display.month(2025, 9, "fr") == "septembre 2025"
    assert display.month(2025, 9, "en") == "September 2025"


def test_a_moment_reads_in_the_page_language_in_utc():
    assert display.moment("2026-12-02T14:20:31.5", "fr") == "2 décembre 2026, 14:20 UTC"
    assert display.moment("2026-12-02T14:20:31.5", "en") in ("December 2, 2026, 2:20\u202fPM UTC",
                                                              "December 2, 2026, 2:20 PM UTC")
    assert display.moment("", "fr") == ""
