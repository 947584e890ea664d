"""Events a territory holds to bring people to its data (ateliers, hackathons,
open-data days, internal trainings) and their iCalendar feed (RFC 5545).

Pure domain code (no CKAN). Times are kept in UTC; a time given without an offset
is the one on the town hall's clock (Europe/Paris), as a form's datetime-local field
sends it. The feed is written with the icalendar library, which escapes TEXT values
and folds lines; what it lets through (control characters, a lone carriage return)
is taken out first. Links are checked as text (reuse_kinds.check_link), never fetched.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Iterable, Optional
from zoneinfo import ZoneInfo

import icalendar
from babel import dates as babel_dates

from ..scdl.i18n import _
from . import reuse_kinds

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.timezone.utc

KINDS = {
    "atelier": "Atelier",
    "hackathon": "Hackathon",
    "journee": "Journée des données ouvertes",
    "formation": "Formation interne",
    "autre": "Autre rencontre",
}
PUBLIC, MEMBERS = "publique", "membres"
VISIBILITIES = {PUBLIC: "Ouvert à tous", MEMBERS: "Réservé aux membres du territoire"}

# An event lasting longer than this is a typing mistake, not an open-data day.
MAX_DAYS = 31
# Past events a feed keeps, so that a calendar does not lose last week's atelier.
FEED_PAST_DAYS = 90
FEED_MAX_EVENTS = 500

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


class EventRefused(ValueError):
    """A French source string saying why a value is not accepted."""


def clean_text(text: Optional[str], single_line: bool = False) -> str:
    """Line breaks as "\\n" (or a space on a one-line field), control characters
    removed: nothing in a value can end an iCalendar line early."""
    text = _CONTROLS.sub("", _LINE_BREAKS.sub(" " if single_line else "\n", text or ""))
    return text.strip()


def parse_moment(text: str) -> datetime.datetime:
    """A naive UTC datetime from ISO 8601 text: "2026-12-10T18:00" (Paris time, what
    a datetime-local field sends), or with an offset ("…+01:00", "…Z")."""
    value = (text or "").strip()
    if not value:
        raise EventRefused("Indiquez la date et l'heure (exemple : 2026-12-10T18:00).")
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        raise EventRefused("Date et heure illisibles : écrivez-les comme 2026-12-10T18:00.")
    if not 2000 <= moment.year <= 2100:
        raise EventRefused("L'année doit être comprise entre 2000 et 2100.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(UTC).replace(tzinfo=None)


def check_span(starts: datetime.datetime, ends: Optional[datetime.datetime]) -> None:
    if ends is None:
        return
    if ends <= starts:
        raise EventRefused("La fin doit venir après le début.")
    if ends - starts > datetime.timedelta(days=MAX_DAYS):
        raise EventRefused("Un événement dure {days} jours au plus.")


def optional_link(text: Optional[str]) -> str:
    value = (text or "").strip()
    if not value:
        return ""
    try:
        return reuse_kinds.check_link(value)
    except reuse_kinds.LinkRefused as refused:
        raise EventRefused(str(refused))


def local(moment: Optional[datetime.datetime]) -> Optional[datetime.datetime]:
    """A stored (naive UTC) time on the Paris clock."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(PARIS)


def local_input(moment: Optional[datetime.datetime]) -> str:
    """The value of a datetime-local field: "2026-12-10T18:00", Paris time."""
    shown = local(moment)
    return shown.strftime("%Y-%m-%dT%H:%M") if shown else ""


def when_text(starts: datetime.datetime, ends: Optional[datetime.datetime],
              lang: Optional[str]) -> str:
    """« jeudi 10 décembre 2026, 18:00 – 20:00 » on the Paris clock, in the page's
    language; the end's date is repeated when it is another day."""
    locale = "en" if (lang or "fr").lower().startswith("en") else "fr"
    start = local(starts)
    day = babel_dates.format_date(start, format="full", locale=locale)
    hour = babel_dates.format_time(start, format="short", locale=locale)
    if ends is None:
        return f"{day}, {hour}"
    end = local(ends)
    end_hour = babel_dates.format_time(end, format="short", locale=locale)
    if end.date() == start.date():
        return f"{day}, {hour} – {end_hour}"
    end_day = babel_dates.format_date(end, format="full", locale=locale)
    return f"{day}, {hour} – {end_day}, {end_hour}"


@dataclass(frozen=True)
class CalendarEvent:
    """What the feed says of one event: the values as stored, the page's link."""
    uid: str
    title: str
    description: str
    kind: str
    starts: datetime.datetime
    ends: Optional[datetime.datetime]
    place: str
    online_url: str
    audience: str
    registration_url: str
    page_url: str
    territory: str
    created: datetime.datetime
    modified: datetime.datetime
    sequence: int = 0


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(tzinfo=UTC)


def _description(event: CalendarEvent) -> str:
    parts = [clean_text(event.description)] if event.description.strip() else []
    lines = [_("Organisé par : {territory}").format(territory=clean_text(event.territory, True))]
    if event.audience:
        lines.append(_("Public : {audience}").format(audience=clean_text(event.audience, True)))
    if event.online_url:
        lines.append(_("En ligne : {link}").format(link=event.online_url))
    if event.registration_url:
        lines.append(_("Inscription : {link}").format(link=event.registration_url))
    if event.page_url:
        lines.append(_("Détails : {link}").format(link=event.page_url))
    return "\n\n".join(parts + ["\n".join(lines)])


def calendar(events: Iterable[CalendarEvent], *, name: str, description: str = "",
             url: str = "") -> bytes:
    """The VCALENDAR (CRLF line ends, UTF-8) of ``events``, in UTC: no VTIMEZONE to
    carry. Without METHOD, each DTSTAMP is the event's last change (RFC 5545
    3.8.7.2), so the same events give the same bytes, and a calendar program sees an
    event changed by its SEQUENCE."""
    feed = icalendar.Calendar()
    feed.add("prodid", "-//OpenDataLocale//Evenements//FR")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    # icalendar types NAME (RFC 7986) and the X-WR- properties as unknown values,
    # left unescaped: given as TEXT, their commas and semicolons are escaped.
    feed.add("name", icalendar.vText(clean_text(name, True)))
    feed.add("x-wr-calname", icalendar.vText(clean_text(name, True)))
    if description:
        feed.add("x-wr-caldesc", icalendar.vText(clean_text(description)))
    if url:
        feed.add("url", url)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event.uid)
        entry.add("dtstamp", _utc(event.modified))
        entry.add("created", _utc(event.created))
        entry.add("last-modified", _utc(event.modified))
        entry.add("sequence", event.sequence)
        entry.add("dtstart", _utc(event.starts))
        if event.ends is not None:
            entry.add("dtend", _utc(event.ends))
        entry.add("summary", clean_text(event.title, True))
        entry.add("description", _description(event))
        location = clean_text(event.place, True) or event.online_url
        if location:
            entry.add("location", location)
        entry.add("categories", [_(KINDS.get(event.kind, event.kind))])
        if event.page_url:
            entry.add("url", event.page_url)
        entry.add("status", "CONFIRMED")
        entry.add("class", "PUBLIC")
        entry.add("transp", "OPAQUE")
        feed.add_component(entry)
    return feed.to_ical()
