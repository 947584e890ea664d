"""Questions on datasets (issue 15, point 4): their moderation states and the
response figures a territory shows publicly.

Pure domain code (no CKAN). A question the public asks waits for the territory's
admins (``en_attente``) before anyone else sees it; they publish or refuse it. Once
published, the territory answers it (as the territory, never as a person) and its
signed-in author or the territory closes it: closing is kept apart from the
moderation state, a closed question stays public with its answers.
"""
from __future__ import annotations

from typing import Optional

WAITING, PUBLISHED, REFUSED = "en_attente", "publiee", "refusee"
STATES = (WAITING, PUBLISHED, REFUSED)
STATE_LABELS = {WAITING: "En attente de modération", PUBLISHED: "Publiée",
                REFUSED: "Refusée"}
_MOVES = {WAITING: frozenset({PUBLISHED, REFUSED}), PUBLISHED: frozenset({REFUSED}),
          REFUSED: frozenset({PUBLISHED})}

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MAX = 4000
ANSWER_MIN, ANSWER_MAX = 2, 4000
REASON_MAX = 1000


def check_moderation(current: str, wanted: str) -> Optional[str]:
    """None when the move is allowed, else why not (a French source string with
    ``{current}`` and ``{wanted}`` to fill in)."""
    if wanted not in STATES:
        return "État inconnu."
    if wanted not in _MOVES.get(current, frozenset()):
        return "Une question « {current} » ne peut pas passer à « {wanted} »."
    return None


def response_rate(answered: int, asked: int) -> Optional[int]:
    """Percentage of questions with at least one answer, rounded; None with no question."""
    if not asked:
        return None
    return round(100 * answered / asked)


def median_hours(seconds: Optional[float]) -> Optional[float]:
    """A median delay in hours with one decimal; None when nothing was answered."""
    if seconds is None:
        return None
    return round(max(float(seconds), 0.0) / 3600, 1)


def delay_words(hours: Optional[float]) -> Optional[tuple[str, float]]:
    """How a delay reads to inhabitants: ("heures", n) under two days, else
    ("jours", n) — the caller picks the plural form."""
    if hours is None:
        return None
    if hours < 48:
        return "heures", hours
    return "jours", round(hours / 24, 1)
