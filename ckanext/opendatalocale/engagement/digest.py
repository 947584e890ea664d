"""The daily digest a territory's admins receive: what the public sent since the
last one (data requests, reuse proposals,
questions on datasets), as counts and links only.

One mail a day at most, not one per event (udata turned its per-event mails off
because of the noise, ENGAGEMENT-DEDUP.md A.5). Nothing a requester wrote or left
(an e-mail, a name, a title that may hold either) goes into it: RGPD minimisation,
the admins read the rest on the site. Pure domain code (no CKAN).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Optional

from ..scdl.i18n import _, ngettext
from .events import local

_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Digest:
    territory_title: str
    since: datetime.datetime  # naive UTC, the previous digest (or a day before)
    requests: int  # data requests sent since
    requests_waiting: int  # all those still waiting for moderation
    reuses: int  # reuses proposed since
    reuses_waiting: int
    requests_url: str
    reuses_url: str
    questions: int = 0  # questions on datasets asked since
    questions_waiting: int = 0
    questions_url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.requests or self.reuses or self.questions)


def paris_day(moment: datetime.datetime) -> datetime.date:
    """The town hall's day of a naive UTC time: "once a day" is counted on it."""
    return local(moment).date()


def one_line(text: str) -> str:
    # A title with a line break in a Subject header would start a header of its own.
    return _BREAKS.sub(" ", text or "").strip()


def subject(digest: Digest, site_title: str) -> str:
    return one_line(_("[{site}] {territory} : ce que le public vous a envoyé").format(
        site=site_title, territory=digest.territory_title))


def body(digest: Digest, site_title: str) -> str:
    since = local(digest.since).strftime("%d/%m/%Y %H:%M")
    lines = [_("Bonjour,"), "",
             _("Voici ce que {territory} a reçu depuis le {since} (heure de Paris) :").format(
                 territory=one_line(digest.territory_title), since=since), ""]
    if digest.requests:
        lines.append("- " + ngettext("{count} nouvelle demande de données",
                                     "{count} nouvelles demandes de données",
                                     digest.requests).format(count=digest.requests))
    if digest.reuses:
        lines.append("- " + ngettext("{count} réutilisation proposée",
                                     "{count} réutilisations proposées",
                                     digest.reuses).format(count=digest.reuses))
    if digest.questions:
        lines.append("- " + ngettext("{count} question sur vos données",
                                     "{count} questions sur vos données",
                                     digest.questions).format(count=digest.questions))
    lines.append("")
    if digest.requests or digest.requests_waiting:
        lines += [ngettext("{count} demande attend votre modération :",
                           "{count} demandes attendent votre modération :",
                           digest.requests_waiting).format(count=digest.requests_waiting),
                  digest.requests_url, ""]
    if digest.reuses or digest.reuses_waiting:
        lines += [ngettext("{count} réutilisation attend votre modération :",
                           "{count} réutilisations attendent votre modération :",
                           digest.reuses_waiting).format(count=digest.reuses_waiting),
                  digest.reuses_url, ""]
    if digest.questions or digest.questions_waiting:
        lines += [ngettext("{count} question attend votre modération :",
                           "{count} questions attendent votre modération :",
                           digest.questions_waiting).format(count=digest.questions_waiting),
                  digest.questions_url, ""]
    lines += ["-- ",
              _("Vous recevez ce résumé, une fois par jour au plus, parce que vous "
                "administrez {territory} sur {site}.").format(
                  territory=one_line(digest.territory_title), site=site_title)]
    return "\n".join(lines) + "\n"


def window_start(last_sent: Optional[datetime.datetime], now: datetime.datetime) -> datetime.datetime:
    return last_sent if last_sent is not None else now - datetime.timedelta(days=1)
