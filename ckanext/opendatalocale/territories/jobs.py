"""Background job: record a territory's progress after one of its datasets changed.

Run on CKAN's RQ workers so that saving a dataset never waits for the territory's
indicators; the daily `record-progress` command catches anything missed."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def record_territory_progress(territory_id: str) -> None:
    tk.get_action("odl_territory_progress_record")({"ignore_auth": True}, {"id": territory_id})


def territory_of(dataset: dict) -> str | None:
    """after_dataset_delete gets only the id: look the owner up."""
    if dataset.get("owner_org"):
        return dataset["owner_org"]
    import ckan.model as model

    package = model.Package.get(dataset.get("id") or "")
    return package.owner_org if package else None


def enqueue_progress_record(territory_id: str | None) -> None:
    if not territory_id:
        return
    try:
        tk.enqueue_job(record_territory_progress, [territory_id],
                       title=f"odl: avancement du territoire {territory_id}")
    except Exception:
        # Redis down must not stop a dataset from being saved.
        log.warning("Enregistrement de l'avancement de %s non planifié", territory_id,
                    exc_info=True)
