"""Is a dataset up to date for its declared update frequency? Pure module.

Frequencies arrive in several spellings: DCAT-AP EU vocabulary URIs
(…/frequency/MONTHLY), their codes, udata's values (monthly, semiannual…) and
French words typed in forms (mensuelle). Frequencies without a period
(irregular, unknown, punctual) have no "on time" and are left out of shares.
"""
from __future__ import annotations

import datetime
import functools
import unicodedata

_PERIOD_DAYS = {
    "continuous": 1, "update_cont": 1, "continu": 1, "continue": 1,
    "daily": 1, "quotidien": 1, "quotidienne": 1,
    "weekly": 7, "hebdomadaire": 7,
    "biweekly": 14, "bimensuel": 14, "bimensuelle": 14,
    "monthly": 31, "mensuel": 31, "mensuelle": 31,
    "bimonthly": 62, "bimestriel": 62, "bimestrielle": 62,
    "quarterly": 92, "trimestriel": 92, "trimestrielle": 92,
    "semiannual": 183, "annual_2": 183, "semestriel": 183, "semestrielle": 183,
    "annual": 366, "yearly": 366, "annuel": 366, "annuelle": 366,
    "biennial": 731, "biennal": 731, "biennale": 731,
    "triennial": 1096, "triennal": 1096, "triennale": 1096,
}
# Being a little late is not being stale: one period plus half a period.
TOLERANCE = 1.5


# Catalogues use a handful of spellings over tens of thousands of datasets.
@functools.lru_cache(maxsize=256)
def period_days(frequency: str | None) -> int | None:
    if not frequency:
        return None
    code = str(frequency).strip().rstrip("/").rsplit("/", 1)[-1]
    code = unicodedata.normalize("NFKD", code).encode("ascii", "ignore").decode().lower()
    return _PERIOD_DAYS.get(code.replace("-", "_").replace(" ", "_"))


def is_on_time(frequency: str | None, modified: datetime.datetime | None,
               now: datetime.datetime) -> bool | None:
    """None when the frequency has no period, so the dataset is not judged."""
    days = period_days(frequency)
    if days is None:
        return None
    if modified is None:
        return False
    return (now - modified) <= datetime.timedelta(days=days * TOLERANCE)
