"""Moderation and abuse (issue 15, point 7), the pure part: what a spam report says,
what a moderator may decide on each kind of waiting item, and the per-territory
choice to publish what the public writes at once.

No CKAN here. Labels are French source strings, translated where they are shown.
"""
from __future__ import annotations

# Kinds of items in a moderation queue; a report names one of the reportable ones.
REQUEST, REUSE, QUESTION, REPORT = "demande", "reutilisation", "question", "signalement"

REPORT_REASONS = {
    "spam": "Spam ou publicité",
    "abusif": "Propos abusifs, injurieux ou haineux",
    "donnees_personnelles": "Données personnelles exposées",
    "hors_sujet": "Hors sujet",
    "autre": "Autre raison",
}
COMMENT_MAX = 1000

# A report waits (ouvert) until a moderator dismisses it (rejete) or upholds it by
# unpublishing or removing the item (retenu).
OPEN, DISMISSED, UPHELD = "ouvert", "rejete", "retenu"
REPORT_STATES = (OPEN, DISMISSED, UPHELD)
REPORT_STATE_LABELS = {OPEN: "En attente", DISMISSED: "Rejeté", UPHELD: "Retenu"}

# What a moderator may do with a waiting item, by kind.
APPROVE, REFUSE, REMOVE, DISMISS, UNPUBLISH = (
    "approuver", "refuser", "supprimer", "rejeter", "depublier")
DECISION_LABELS = {
    APPROVE: "Publier",
    REFUSE: "Refuser",
    REMOVE: "Supprimer",
    DISMISS: "Rejeter le signalement",
    UNPUBLISH: "Dépublier",
}
ITEM_DECISIONS = (APPROVE, REFUSE, REMOVE)
REPORT_DECISIONS = (DISMISS, UNPUBLISH, REMOVE)
DECISIONS = (APPROVE, REFUSE, REMOVE, DISMISS, UNPUBLISH)

# Without a row of its own, a territory moderates before publishing.
DEFAULT_PREMODERATION = True


def report_key(item_kind: str, item_id: str) -> str:
    """The id of a reported item's entry in a queue (its reports are grouped)."""
    return f"{item_kind}:{item_id}"


def split_report_key(key: str) -> tuple[str, str]:
    kind, _, item_id = (key or "").partition(":")
    return kind, item_id


def decision_refused(kind: str, decision: str, reason: str) -> str | None:
    """None when ``decision`` may be taken on an item of ``kind``, else why not
    (a French source string)."""
    allowed = REPORT_DECISIONS if kind == REPORT else ITEM_DECISIONS
    if decision not in allowed:
        return "Cette décision ne s'applique pas à cet élément."
    if decision == REFUSE and not (reason or "").strip():
        return "Donnez la raison du refus : elle est affichée publiquement."
    return None
