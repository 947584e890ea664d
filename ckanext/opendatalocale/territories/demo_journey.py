"""A territory's demo journey through phase 1, a pure function of its name and a
reference date (the same demo on every run). No CKAN import."""
from __future__ import annotations

import datetime
import hashlib

REGION, DEPARTEMENT = "84", "42"
DEMO_LABEL = "Territoire de démonstration : avancement et jalons générés pour la démo."
# Phase 1's milestones, in the order a territory usually declares them.
PHASE_ONE = ("referent_named", "council_decision", "data_inventory")
# Share of territories per step of the journey: 0 nothing declared, 1-2 milestones
# under way, 3 all three declared (phase 1 reached).
_STEPS = (0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3)


def _digest(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


def journey(name: str, reference: datetime.date) -> list[tuple[str, datetime.date, str]]:
    """(milestone, date achieved, status) of a territory's demo journey, pure.

    Dates fall within the year before ``reference``, in order; about one milestone in
    four still awaits the platform's review, the others are confirmed."""
    digest = _digest(name)
    steps = _STEPS[digest % len(_STEPS)]
    start = reference - datetime.timedelta(days=30 + (digest >> 8) % 300)
    shown = []
    for position, milestone in enumerate(PHASE_ONE[:steps]):
        achieved = min(start + datetime.timedelta(days=21 * position), reference)
        status = "declared" if (digest >> (16 + position)) % 4 == 0 else "confirmed"
        shown.append((milestone, achieved, status))
    return shown
