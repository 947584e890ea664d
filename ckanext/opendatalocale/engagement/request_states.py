"""The life of a data request, from the moment it is asked to its answer.

Pure domain code (no CKAN): which states exist, which moves a territory may make,
which of them a moderator alone makes, and what each move needs. Labels are French
source strings, translated where they are shown.

    nouvelle ──▶ acceptée ──▶ en cours ──▶ publiée (names the dataset that answers)
        │            │            │
        └────────────┴────────────┴──▶ refusée (with a reason shown publicly)

A new request waits for a moderator (the territory's admins) before the public
sees it, as everything the public writes (issue 15, point 7).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

NEW, ACCEPTED, IN_PROGRESS, PUBLISHED, REFUSED = (
    "nouvelle", "acceptee", "en_cours", "publiee", "refusee")
STATES = (NEW, ACCEPTED, IN_PROGRESS, PUBLISHED, REFUSED)
OPEN_STATES = frozenset({ACCEPTED, IN_PROGRESS})
CLOSED_STATES = frozenset({PUBLISHED, REFUSED})
# Seen by everyone; a new request is seen only by its author and the territory.
PUBLIC_STATES = frozenset({ACCEPTED, IN_PROGRESS, PUBLISHED, REFUSED})

STATE_LABELS = {
    NEW: "Nouvelle (en attente de modération)",
    ACCEPTED: "Acceptée",
    IN_PROGRESS: "En cours",
    PUBLISHED: "Publiée",
    REFUSED: "Refusée",
}

_MOVES = {
    NEW: frozenset({ACCEPTED, REFUSED}),
    ACCEPTED: frozenset({IN_PROGRESS, PUBLISHED, REFUSED}),
    IN_PROGRESS: frozenset({PUBLISHED, REFUSED}),
    PUBLISHED: frozenset(),
    REFUSED: frozenset(),
}

REQUESTER_KINDS = {
    "habitant": "Habitant ou habitante",
    "association": "Association",
    "entreprise": "Entreprise",
    "chercheur": "Chercheur ou chercheuse",
    "journaliste": "Journaliste",
    # An agent of another service of the same collectivité: phase 6 starts inside
    # the town hall.
    "agent_public": "Agent public",
}

REASON_MAX_LENGTH = 1000


@dataclass(frozen=True)
class MoveRefused:
    """Why a move is refused, as a French source string and the field it concerns."""
    field: str
    message: str


def next_states(state: str) -> frozenset:
    return _MOVES.get(state, frozenset())


def is_moderation(current: str) -> bool:
    """Leaving `nouvelle` is moderation: the territory's admins decide what the
    public sees; editors take the request from there."""
    return current == NEW


def check_move(current: str, wanted: str, reason: str = "",
               dataset_id: Optional[str] = None) -> Optional[MoveRefused]:
    """None when the move is allowed, otherwise why not."""
    if wanted not in STATES:
        return MoveRefused("state", "État inconnu.")
    if wanted not in next_states(current):
        return MoveRefused("state", "Une demande « {current} » ne peut pas passer à « {wanted} ».")
    if wanted == REFUSED and not (reason or "").strip():
        return MoveRefused("reason", "Donnez la raison du refus : elle est affichée publiquement.")
    if wanted == PUBLISHED and not dataset_id:
        return MoveRefused("dataset_id", "Indiquez le jeu de données qui répond à la demande.")
    return None


def is_public(state: str) -> bool:
    return state in PUBLIC_STATES


def page_bounds(count: int, page: int, page_size: int) -> tuple[int, int, int]:
    """(page, offset, page_count) with the page brought inside 1..page_count."""
    page_count = max((count + page_size - 1) // page_size, 1)
    page = min(max(page, 1), page_count)
    return page, (page - 1) * page_size, page_count
