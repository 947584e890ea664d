"""An iCalendar (RFC 5545) feed of one restaurant's menus.

One all-day event per meal, its description listing the dishes with their
allergens in words, so that a family's calendar shows « Déjeuner : … » each
school day. Written by hand: the format is small and the suite needs no new
dependency for it.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from typing import Iterable, List

from ..scdl.i18n import _
from .menu_file import MenuDish
from .vocabulary import allergen_label, diet_label, siqo_short


# Any line break a calendar program might honour (a lone CR included), and the
# other control characters RFC 5545 forbids in TEXT: a dish name carrying one
# could otherwise end the line and add a property of its own.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAKS.sub(r"\\n", text))


def fold(line: str) -> str:
    """Lines of at most 75 octets, continuation lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def dish_line(dish: MenuDish) -> str:
    text = f"{dish.dish_type} : {dish.name}" if dish.dish_type else dish.name
    extras: List[str] = []
    if dish.all_siqo:
        extras.append(", ".join(siqo_short(v) for v in dish.all_siqo))
    if dish.diets:
        extras.append(", ".join(diet_label(v) for v in dish.diets))
    if dish.allergen_info == "missing":
        extras.append(_("allergènes non renseignés"))
    elif dish.allergens:
        extras.append(_("allergènes : {names}").format(
            names=", ".join(allergen_label(a) for a in sorted(dish.allergens))))
    else:
        extras.append(_("aucun des 14 allergènes"))
    return f"{text} ({' ; '.join(extras)})"


def _day_after(day: date) -> date:
    # The reader keeps dates far from date.max; a caller passing 9999-12-31
    # still gets a calendar (a one-day event ends that day) rather than an error.
    return day + timedelta(days=1) if day < date.max else day


def calendar(dishes: Iterable[MenuDish], *, name: str, uid_base: str, url: str = "",
             stamp: datetime = None) -> str:
    """The VCALENDAR text (CRLF line ends) for ``dishes`` of one restaurant."""
    stamp = (stamp or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OpenDataLocale//Menus de cantine//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}",
             "X-WR-TIMEZONE:Europe/Paris"]
    ordered = sorted(dishes, key=lambda d: (d.served_on, d.meal, d.guests, d.row))
    for (day, meal, guests), group in groupby(ordered, key=lambda d: (d.served_on, d.meal, d.guests)):
        served = list(group)
        title = (meal or _("repas")).capitalize()
        if guests and guests != "tous":
            title += f" ({guests})"
        mains = [d.name for d in served if d.dish_type == "plat principal"] or [served[0].name]
        summary = f"{title} : {', '.join(mains)}"
        description = "\n".join(dish_line(d) for d in served)
        uid = f"{uid_base}-{day.isoformat()}-{meal}-{guests}".replace(" ", "_")
        lines += ["BEGIN:VEVENT", f"UID:{escape(uid)}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{_day_after(day).strftime('%Y%m%d')}",
                  f"SUMMARY:{escape(summary)}", f"DESCRIPTION:{escape(description)}",
                  "TRANSP:TRANSPARENT"]
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
