"""Background job: record a territory's progress after one of its datasets changed.

Run on CKAN's RQ workers so that saving a dataset never waits for the territory's
indicators; the daily `record-progress` command catches anything missed.

Two rules keep the queues short when many datasets change at once (an import, a
harvest): at most one job waits per territory — the change that finds one already
waiting is seen by it —, and these jobs go to a queue that workers serve after the
default one, where the validation of a file someone has just sent waits."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

from . import standing_store

log = logging.getLogger(__name__)

# Workers serve queues in the order they are given: `ckan jobs worker default odl_background`.
BACKGROUND_QUEUE = "odl_background"
# Longer than any wait in the queue: past it, a lost job no longer blocks the next one.
_PENDING_SECONDS = 3600


def _pending_key(territory_id: str) -> str:
    return f"{tk.config.get('ckan.site_id')}:odl:progress-pending:{territory_id}"


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def record_territory_progress(territory_id: str) -> None:
    # Cleared before computing: a change made while this job runs queues the next one.
    _redis().delete(_pending_key(territory_id))
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
        redis = _redis()
        if not redis.set(_pending_key(territory_id), "1", nx=True, ex=_PENDING_SECONDS):
            return
        try:
            tk.enqueue_job(record_territory_progress, [territory_id],
                           title=f"odl: avancement du territoire {territory_id}",
                           queue=BACKGROUND_QUEUE)
        except Exception:
            redis.delete(_pending_key(territory_id))
            raise
    except Exception:
        # Redis down must not stop a dataset from being saved.
        log.warning("Enregistrement de l'avancement de %s non planifié", territory_id,
                    exc_info=True)


def territory_changed(territory_id: str | None) -> None:
    """A territory's identity or one of its datasets changed: its kept standing is
    stale from this transaction on, and its progress job is queued."""
    standing_store.mark_stale(territory_id)
    enqueue_progress_record(territory_id)


def resource_status_changed(package_id: str, **_) -> None:
    territory_changed(territory_of({"id": package_id}))
