"""Hostile values in menu files and forms, without CKAN: years far away, formulas,
line breaks in dish names, megabyte cells, the visitor's language."""
import csv
import io
import re
from datetime import date

import pytest

from ckanext.opendatalocale.menus import ical, indicators, reader, sample, writer
from ckanext.opendatalocale.menus.menu_file import MenuDish
from ckanext.opendatalocale.menus.problems import ECHOED_LENGTH, message
from ckanext.opendatalocale.menus.week import DateOutOfRange, parse_week, read_week
from ckanext.opendatalocale.scdl import i18n

from .helpers import menu_file, row


@pytest.mark.parametrize("text", ["9999-W52", "0001-W01", "9999-12-31", "0001-01-01", "2201-W01",
                                  "1899-12-31"])
def test_weeks_outside_the_years_of_menus_are_refused_in_french(text):
    with pytest.raises(DateOutOfRange) as error:
        read_week(text)
    assert "hors des années 1900 à 2200" in str(error.value)
    assert parse_week(text) is None


@pytest.mark.parametrize("text", ["2024-W99", "2025-W00", "garbage", "2025-W", "-W", "2025-13-01",
                                  "2025-W38" * 10])
def test_unreadable_weeks_are_value_errors(text):
    with pytest.raises(ValueError):
        read_week(text)


def test_weeks_at_the_bounds_are_read():
    assert read_week("1900-W01") == date(1900, 1, 1)
    assert read_week("2200-W52") == date(2200, 12, 22)
    assert read_week(" 2025-09-17 ") == date(2025, 9, 15)


def test_file_dates_outside_the_years_of_menus_are_reported_not_shown():
    menus = reader.read_menus(menu_file(row(menuDate="9999-12-31", menuPlatNom="kiwi"),
                                        row(menuDate="0001-01-01", menuPlatNom="poire"),
                                        row(menuPlatNom="pomme")))
    assert [d.name for d in menus.dishes] == ["pomme"]
    found = [p for p in menus.problems if p.code == "date-range"]
    assert [p.row for p in found] == [2, 3]
    assert "« 9999-12-31 » est hors des années 1900 à 2200" in message(found[0])


def dish(name, served_on=date(2025, 9, 15), **values):
    return MenuDish(2, served_on, "École Jules-Ferry", "déjeuner", "plat principal", name,
                    allergen_given=True, **values)


def test_a_calendar_on_the_last_day_python_knows_is_still_written():
    text = ical.calendar([dish("kiwi", date.max)], name="Menus", uid_base="x")
    assert "DTSTART;VALUE=DATE:99991231" in text


def unfolded_lines(text):
    assert text.endswith("\r\n")
    body = text[:-2]
    # Only CRLF ends a line: no lone CR or LF anywhere.
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    return body.replace("\r\n ", "").split("\r\n")


@pytest.mark.parametrize("breaker", ["\r", "\n", "\r\n", "\u2028", "\x0b", "\x85"])
def test_a_dish_name_cannot_add_a_calendar_property(breaker):
    hostile = f"poulet{breaker}ATTENDEE:mailto:x@example.org{breaker}END:VEVENT\x00\x1b"
    text = ical.calendar([dish(hostile, labels=("maison",))], name=f"Menus{breaker}X-EVIL:1",
                         uid_base="x")
    lines = unfolded_lines(text)
    names = [re.match(r"[A-Z-]+", line).group(0) for line in lines]
    assert "ATTENDEE" not in names and "X-EVIL" not in names
    assert names.count("END") == 2  # END:VEVENT and END:VCALENDAR, nothing injected
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert "poulet\\nATTENDEE:mailto:x@example.org\\nEND:VEVENT" in summary
    assert "\x00" not in text and "\x1b" not in text


def published_cells(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_formulas_in_dish_names_are_written_as_text_and_numbers_kept():
    monday = date(2025, 9, 15)
    entry = writer.WeekEntry(sample.DEMO_SERVICE, sample.DEMO_RESTAURANTS[0], monday, [
        writer.DishEntry(monday, "plat principal", '=HYPERLINK("http://evil.example","clic")',
                         price=1.5, label="@SUM(A1)"),
        writer.DishEntry(monday, "dessert", "-2+3", label="+33 local"),
    ])
    rows = published_cells(writer.to_csv(writer.merge([], entry), ["=cmd|' /C calc'!A0"]))
    assert rows[0]["menuPlatNom"] == "'=HYPERLINK(\"http://evil.example\",\"clic\")"
    assert rows[0]["menuPlatLabel"] == "'@SUM(A1)"
    assert rows[0]["menuPlatPrix"] == "1.5"
    assert rows[1]["menuPlatNom"] == "'-2+3" and rows[1]["menuPlatLabel"] == "'+33 local"
    assert "'=cmd|' /C calc'!A0" in rows[0]
    # Read back and saved again: the apostrophe is not doubled.
    labels, existing = writer.read_rows(writer.to_csv(writer.merge([], entry)))
    again = published_cells(writer.to_csv(existing, labels))
    assert again[0]["menuPlatNom"] == "'=HYPERLINK(\"http://evil.example\",\"clic\")"


def test_problem_messages_quote_at_most_a_few_hundred_characters():
    huge = "x" * 100_000
    menus = reader.read_menus(menu_file(row(menuDate=huge), row(menuPlatAllergene=f'["{huge}"]')))
    texts = [message(p) for p in menus.problems]
    assert texts and all(len(text) < ECHOED_LENGTH + 400 for text in texts)
    assert all(p.to_dict()["value"] is None or len(p.to_dict()["value"]) <= ECHOED_LENGTH + 1
               for p in menus.problems)


@pytest.fixture
def english():
    """Another language: every translated text is marked."""
    i18n.set_translator(lambda text: "EN:" + text)
    yield
    i18n.set_translator(None)


def test_unreadable_file_is_kept_as_a_code_and_said_in_the_readers_language(english):
    problem = reader.read_menus(b"PK\x03\x04" + b"\x00" * 200).problems[0]
    assert message(problem).startswith("EN:") and "EN:un classeur Excel" in message(problem)
    i18n.set_translator(None)
    assert "EN:" not in message(problem) and "classeur Excel" in message(problem)


def test_indicator_figures_hold_no_words_and_are_labelled_per_reader(english):
    figures = indicators.menu_figures(reader.read_menus(menu_file(
        row(menuPlatAllergene='["lait"]'))).dishes)
    assert "measures" not in figures
    assert all("label" not in item for item in figures["allergens"]["allergens"])
    assert indicators.labelled(figures)["allergens"]["allergens"][6]["label"] == "EN:Lait"
    i18n.set_translator(None)
    shown = indicators.labelled(figures)
    assert shown["allergens"]["allergens"][6]["label"] == "Lait"
    assert "pas en valeur d'achat" in shown["measures"]["label_shares"]
    assert all("label" not in item for item in figures["allergens"]["allergens"])
