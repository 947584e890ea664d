"""Numbers as town-hall agents type them (« 12 345 », « 2,35 € »), read in one place.
No CKAN import."""
from __future__ import annotations

import math

# Spaces, no-break spaces and narrow no-break spaces group thousands in French.
_GROUPING = str.maketrans("", "", " \u00a0\u202f")


def _cleaned(text, unit: str) -> str:
    cleaned = str(text).translate(_GROUPING)
    if unit:
        cleaned = cleaned.replace(unit, "")
    cleaned = cleaned.strip()
    # A crafted form may send a megabyte of digits: nothing a person types is longer.
    if len(cleaned) > 32:
        raise ValueError("too long")
    return cleaned


def parse_whole(text) -> int:
    """« 12 345 » -> 12345. ValueError when it is not a whole number."""
    return int(_cleaned(text, ""))


def parse_decimal(text, unit: str = "") -> float:
    """« 2,35 € » -> 2.35, decimal comma or point. ValueError when it is not a finite
    number: float() would read « nan » and « inf », which must never be published."""
    number = float(_cleaned(text, unit).replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def grouped(number: int) -> str:
    """12345 -> « 12 345 »: thousands grouped by a narrow no-break space, as French
    writes them (and as CKAN's own localised numbers do in French)."""
    return f"{number:,}".replace(",", "\u202f")
