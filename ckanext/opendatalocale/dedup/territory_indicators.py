"""The phase-4 indicator the dedup plugin gives the territories dashboard."""
from __future__ import annotations

from . import store


def open_duplicate_clusters(context) -> dict:
    """Open clusters per territory, counting pairs of public datasets only."""
    return store.open_clusters_by_territory(context.territory_ids)


INDICATORS = [{
    "id": "open_duplicate_clusters",
    "label": {"fr": "Groupes de doublons en attente", "en": "Open duplicate clusters"},
    "phase": 4,
    "compute": open_duplicate_clusters,
}]
