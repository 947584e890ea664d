"""Indicators the inventory gives the territories dashboard (phases 3 and 4), one
grouped query for all the territories a page asks about.

The inventory is private to each territory's members, while criteria values show on
the public dashboard: the shipped phases file reads none of these (README), a platform
that wants them declares them in its own phases file knowing that."""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa

from . import inventory
from .model import InventoryItem


def _by_status(context) -> dict:
    def compute():
        query = model.Session.query(InventoryItem.territory_id, InventoryItem.status,
                                    sa.func.count(InventoryItem.id))
        ids = context.territory_ids
        if ids is not None:
            query = query.filter(InventoryItem.territory_id.in_(ids))
        counts: dict[str, dict[str, int]] = {}
        for territory_id, status, count in query.group_by(InventoryItem.territory_id,
                                                          InventoryItem.status):
            counts.setdefault(territory_id, {})[status] = count
        return counts
    return context.once("inventory_by_status", compute)


def inventory_items(context) -> dict:
    """Entries recorded and not abandoned: data the territory knows it holds."""
    return {territory_id: sum(count for status, count in by_status.items()
                              if status != inventory.ABANDONED)
            for territory_id, by_status in _by_status(context).items()}


def inventory_published_share(context) -> dict:
    return {territory_id: share for territory_id, by_status in _by_status(context).items()
            if (share := inventory.published_share(by_status)) is not None}


INDICATORS = [
    {"id": "inventory_items",
     "label": {"fr": "Données inventoriées (hors abandonnées)",
               "en": "Data in the inventory (abandoned left out)"},
     "compute": inventory_items, "phase": 3},
    {"id": "inventory_published_share",
     "label": {"fr": "Part de l'inventaire publiée", "en": "Share of the inventory published"},
     "compute": inventory_published_share, "phase": 4, "unit": "share", "default": None},
]
