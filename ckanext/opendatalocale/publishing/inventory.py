"""The inventory of data a territory holds but has not published yet (issue 16, point 4).

Pure domain code (no CKAN): the choice lists of an inventory entry, how entries sort,
what the territory's dashboard counts (by status, overdue), the rows of the CSV export
and the rows the kit d'accompagnement will read (``kit_rows``). Labels are French source
strings, translated where they are shown.

An entry lives in four states; « publiée » names the dataset that published it:

    à publier ──▶ en cours ──▶ publiée (dataset)
        └────────────┴──────▶ abandonnée
"""
from __future__ import annotations

import datetime
from typing import Any, Callable, Iterable, Mapping, Optional

from ..scdl.i18n import N_, _

TO_PUBLISH, IN_PROGRESS, PUBLISHED, ABANDONED = "a_publier", "en_cours", "publiee", "abandonnee"
STATUSES = (TO_PUBLISH, IN_PROGRESS, PUBLISHED, ABANDONED)
STATUS_LABELS = {
    TO_PUBLISH: N_("À publier"),
    IN_PROGRESS: N_("En cours"),
    PUBLISHED: N_("Publiée"),
    ABANDONED: N_("Abandonnée"),
}
# Still to be done: the only entries a target date can be missed for.
OPEN_STATUSES = frozenset({TO_PUBLISH, IN_PROGRESS})

HIGH, MEDIUM, LOW = "haute", "moyenne", "basse"
PRIORITIES = (HIGH, MEDIUM, LOW)
PRIORITY_LABELS = {HIGH: N_("Haute"), MEDIUM: N_("Moyenne"), LOW: N_("Basse")}

OTHER_BLOCKER = "autre"
BLOCKERS = ("donnees_personnelles", "qualite", "format", "validation_hierarchique", "licence",
            "technique", OTHER_BLOCKER)
BLOCKER_LABELS = {
    "donnees_personnelles": N_("Données personnelles"),
    "qualite": N_("Qualité"),
    "format": N_("Format"),
    "validation_hierarchique": N_("Validation hiérarchique"),
    "licence": N_("Licence"),
    "technique": N_("Technique"),
    OTHER_BLOCKER: N_("Autre"),
}

# Lengths the form, the actions and the table agree on.
TITLE_MIN, TITLE_MAX = 3, 200
DESCRIPTION_MAX = 4000
OWNER_SERVICE_MAX = 200
BLOCKER_DETAIL_MAX = 1000

SORTS = ("priorite", "echeance", "titre", "maj")
_PRIORITY_RANK = {priority: rank for rank, priority in enumerate(PRIORITIES)}
_FAR = datetime.date.max


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def priority_label(priority: str) -> str:
    return _(PRIORITY_LABELS[priority]) if priority in PRIORITY_LABELS else priority


def blocker_label(blocker: Optional[str]) -> str:
    return _(BLOCKER_LABELS[blocker]) if blocker in BLOCKER_LABELS else ""


def _date(value: Any) -> Optional[datetime.date]:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def is_overdue(entry: Mapping[str, Any], today: datetime.date) -> bool:
    """Still to publish (or being published) and its target date is past."""
    target = _date(entry.get("target_date"))
    return entry.get("status") in OPEN_STATUSES and target is not None and target < today


def sort_key(sort: str) -> Callable[[Mapping[str, Any]], tuple]:
    """How the list orders entries; the same order as the database query of the list
    action (which pages), so that a page and the CSV agree. Entries without a target
    date come after dated ones; ties by title."""
    def title(entry):
        return (entry.get("title") or "").casefold()

    if sort == "echeance":
        return lambda entry: (_date(entry.get("target_date")) or _FAR, title(entry))
    if sort == "titre":
        return lambda entry: (title(entry),)
    if sort == "maj":
        return lambda entry: (-(_date(entry.get("updated")) or datetime.date.min).toordinal(),
                              title(entry))
    return lambda entry: (_PRIORITY_RANK.get(entry.get("priority"), len(PRIORITIES)),
                          _date(entry.get("target_date")) or _FAR, title(entry))


def summary(entries: Iterable[Mapping[str, Any]], today: datetime.date) -> dict:
    """What the dashboard shows: entries by status, the overdue ones (nearest first is
    the caller's business), and the share published among entries not abandoned."""
    by_status = {status: 0 for status in STATUSES}
    overdue = 0
    for entry in entries:
        if entry.get("status") in by_status:
            by_status[entry["status"]] += 1
        overdue += is_overdue(entry, today)
    return {"by_status": by_status, "total": sum(by_status.values()), "overdue": overdue,
            "published_share": published_share(by_status)}


def published_share(by_status: Mapping[str, int]) -> Optional[float]:
    """Published entries among those not abandoned; None for an empty inventory."""
    kept = sum(count for status, count in by_status.items() if status != ABANDONED)
    return by_status.get(PUBLISHED, 0) / kept if kept else None


CSV_COLUMNS = ("titre", "description", "service_detenteur", "priorite", "statut", "frein",
               "precision_frein", "date_cible", "schema_scdl", "jeu_publie", "en_retard",
               "cree_le", "modifie_le")


def csv_rows(entries: Iterable[Mapping[str, Any]], today: datetime.date
             ) -> Iterable[list]:
    """One row per entry, in the order of ``CSV_COLUMNS``; the caller writes them with
    csv_cells (every cell neutralised for spreadsheets)."""
    for entry in entries:
        yield [entry.get("title") or "", entry.get("description") or "",
               entry.get("owner_service") or "", priority_label(entry.get("priority") or ""),
               status_label(entry.get("status") or ""), blocker_label(entry.get("blocker")),
               entry.get("blocker_detail") or "", entry.get("target_date") or "",
               entry.get("schema_id") or "", entry.get("dataset_name") or "",
               _("oui") if is_overdue(entry, today) else _("non"),
               (entry.get("created") or "")[:10], (entry.get("updated") or "")[:10]]


def kit_rows(entries: Iterable[Mapping[str, Any]], today: datetime.date,
             schema_titles: Optional[Mapping[str, str]] = None) -> list[dict]:
    """The inventory as the kit d'accompagnement (point 6) will read it: what the
    territory planned, in which order, with which schema, and where it stands.

    Abandoned entries are left out (a neighbour learns nothing from them); published
    ones first, then the rest by priority and target date. Free text (description,
    blocker detail) and who wrote what stay out: the kit is handed to another
    collectivité, the inventory is the territory's own working list."""
    titles = schema_titles or {}
    kept = [entry for entry in entries if entry.get("status") != ABANDONED]
    order = sort_key("priorite")
    kept.sort(key=lambda entry: (entry.get("status") != PUBLISHED, order(entry)))
    return [{"title": entry.get("title") or "",
             "owner_service": entry.get("owner_service") or "",
             "priority": entry.get("priority") or "",
             "priority_label": priority_label(entry.get("priority") or ""),
             "status": entry.get("status") or "",
             "status_label": status_label(entry.get("status") or ""),
             "blocker_label": blocker_label(entry.get("blocker")),
             "target_date": entry.get("target_date") or "",
             "overdue": is_overdue(entry, today),
             "schema_id": entry.get("schema_id") or "",
             "schema_title": titles.get(entry.get("schema_id") or "", entry.get("schema_id") or ""),
             "dataset_name": entry.get("dataset_name") or ""}
            for entry in kept]
