"""Phase-5 indicators that the menus plugin gives the territories dashboard.

They read the rows the territories plugin already fetches for its own SCDL
indicators (``schema_resources``: one SQL query for all territories, memoised
in the IndicatorContext under that key), so the dashboard runs no extra
query for them. Public datasets only.
"""
from __future__ import annotations

import datetime

from .vocabulary import MENUS_SCHEMA


def _menu_rows(context):
    from ..territories import catalogue_figures as figures

    rows = context.once("schema_resources", lambda: figures.schema_resources(context.territory_ids))
    return [row for row in rows if row[2] == MENUS_SCHEMA]


def _recent_days() -> int:
    # The same window as the territories' "updated recently" indicator: one option.
    import ckan.plugins.toolkit as tk

    return tk.config.get("ckanext.opendatalocale.territories.recent_days")


def canteen_menu_recent(context) -> dict:
    """Datasets with a menus file modified within the recent window
    (``ckanext.opendatalocale.territories.recent_days``, 30 days by default), per territory."""
    since = context.now - datetime.timedelta(days=_recent_days())
    datasets: dict = {}
    for territory_id, dataset_id, _schema, _status, modified in _menu_rows(context):
        if modified and modified >= since:
            datasets.setdefault(territory_id, set()).add(dataset_id)
    return {territory_id: len(ids) for territory_id, ids in datasets.items()}


def canteen_menu_services(context) -> dict:
    datasets: dict = {}
    for territory_id, dataset_id, *_ in _menu_rows(context):
        datasets.setdefault(territory_id, set()).add(dataset_id)
    return {territory_id: len(ids) for territory_id, ids in datasets.items()}


def canteen_menu_valid_share(context) -> dict:
    files, valid = {}, {}
    for territory_id, _dataset, _schema, status, _modified in _menu_rows(context):
        files[territory_id] = files.get(territory_id, 0) + 1
        valid[territory_id] = valid.get(territory_id, 0) + (status == "success")
    return {territory_id: valid[territory_id] / count for territory_id, count in files.items()}


INDICATORS = [
    {"id": "canteen_menu_recent",
     # The window is a setting: the phases file's criterion label says how long.
     "label": {"fr": "Menus de cantine mis à jour récemment",
               "en": "Canteen menus updated recently"},
     "compute": canteen_menu_recent, "phase": 5},
    {"id": "canteen_menu_services",
     "label": {"fr": "Services de restauration publiant leurs menus (SCDL)",
               "en": "Canteen services publishing their menus (SCDL)"},
     "compute": canteen_menu_services, "phase": 5},
    {"id": "canteen_menu_valid_share",
     "label": {"fr": "Part des fichiers de menus conformes au schéma SCDL",
               "en": "Share of menu files valid against the SCDL schema"},
     "compute": canteen_menu_valid_share, "phase": 5, "unit": "share", "default": None},
]
