"""Numbers, amounts, shares and dates as a reader of the page's language writes them
(« 128 784,47 € », « 66,6 % », « 1 juin 2025 » / "€128,784.47", "66.6%", "June 1, 2025").
Babel holds each locale's rules (CLDR): a page never shows Python's own rendering.
No CKAN import."""
from __future__ import annotations

import datetime
import re
from typing import Any

from babel import numbers as babel_numbers
from babel import dates as babel_dates
from babel.core import Locale, UnknownLocaleError

_FALLBACK = "fr"


def _locale(lang: str | None) -> Locale:
    try:
        return Locale.parse((lang or _FALLBACK).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_FALLBACK)


def _number(value: Any) -> float | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        return None


def number(value: Any, lang: str | None, decimals: int | None = None) -> str:
    """A count or a measure; '–' when there is none."""
    amount = _number(value)
    if amount is None:
        return "–"
    if decimals is None:
        pattern = "#,##0" if float(amount).is_integer() else "#,##0.##"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(amount, format=pattern, locale=_locale(lang))


def money(value: Any, lang: str | None, currency: str = "EUR") -> str:
    amount = _number(value)
    if amount is None:
        return "–"
    return babel_numbers.format_currency(amount, currency, locale=_locale(lang))


def percent(value: Any, lang: str | None, decimals: int = 0, share: bool = False) -> str:
    """A percentage (66.6) or, with share=True, a share (0.666); '–' when there is none."""
    amount = _number(value)
    if amount is None:
        return "–"
    whole = amount * 100 if share else amount
    figure = babel_numbers.format_decimal(
        whole, format="#,##0" + ("." + "#" * decimals if decimals else ""), locale=_locale(lang))
    # the locale's own percent pattern says where the sign goes and with which space
    pattern = _locale(lang).percent_formats[None].pattern.split(";")[0]
    return re.sub(r"[#0,.]+", lambda _: figure, pattern, count=1)


def _when(value: Any) -> Any:
    """A date or datetime from ISO text; other text as it is (never a broken page)."""
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.strip()[:32])
        except ValueError:
            return value
    return value


def date(value: Any, lang: str | None, long: bool = True, weekday: bool = False) -> str:
    """An ISO date or datetime (text or object) as a date in words, or as 01/06/2025."""
    if value in (None, ""):
        return ""
    value = _when(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return str(value)
    style = "full" if weekday else "long" if long else "short"
    return babel_dates.format_date(value, format=style, locale=_locale(lang))


def month(year: int, month_number: int, lang: str | None) -> str:
    """« septembre 2025 » / "September 2025"."""
    return babel_dates.format_date(datetime.date(year, month_number, 1), format="LLLL y",
                                   locale=_locale(lang))


def moment(value: Any, lang: str | None) -> str:
    """An ISO datetime (stored in UTC) as « 2 décembre 2026, 14:20 UTC »."""
    value = _when(value)
    if not isinstance(value, datetime.datetime):
        return date(value, lang)
    day = babel_dates.format_date(value, format="long", locale=_locale(lang))
    time = babel_dates.format_time(value, format="short", locale=_locale(lang))
    return f"{day}, {time} UTC"


def colon(lang: str | None) -> str:
    """The colon after a label: « Exporter : » (no-break space before it) in French,
    "Export:" in English."""
    return "\u00a0:" if (lang or _FALLBACK).lower().startswith("fr") else ":"
