"""The incremental check: a saved dataset compared with the catalogue through its
blocks, in a background job queued on create and update (never in the web request).

Candidates are the datasets sharing one of its keys (odl_dedup_key, written by the
full scan and by this check): one indexed query, then their rows from PostgreSQL, so the
cost follows the size of its blocks, not of the catalogue. Its pairs replace its
previous ones and the clusters they touch are grouped again.

This job is also where a linked file is read for its SHA-256 and its CSV header line
(catalogue.file_facts, through the suite's guarded fetcher, up to ``link_max_bytes``):
the saved dataset's own links only, never in a web request. The full scan queues it
for datasets whose links were never read.
"""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import remote_copy
from . import catalogue, scan, store
from .matching import pair_of, record_keys, texts_of

log = logging.getLogger(__name__)

# The suite's queue for work that follows a save (README, « Jobs »): workers serve it
# after `default`, where validation jobs wait.
BACKGROUND_QUEUE = "odl_background"
# Longer than any wait in the queue: past it, a lost job no longer blocks the next one.
_PENDING_SECONDS = 3600


def _pending_key(dataset_id: str) -> str:
    return f"{tk.config.get('ckan.site_id')}:odl:dedup-pending:{dataset_id}"


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def enqueue(dataset_id: str) -> None:
    """At most one check waiting per dataset, however many times it is saved (a resource
    form saves its dataset several times)."""
    try:
        redis = _redis()
        if not redis.set(_pending_key(dataset_id), "1", nx=True, ex=_PENDING_SECONDS):
            return
        try:
            tk.enqueue_job(job, [dataset_id], title="odl: doublons d'un jeu enregistré",
                           queue=BACKGROUND_QUEUE)
        except Exception:
            redis.delete(_pending_key(dataset_id))
            raise
    except Exception:  # Redis down must not refuse the save; the next full scan catches up
        log.warning("Vérification des doublons de %s non mise en file", dataset_id, exc_info=True)


def link_policy():
    """The fetch policy for links, capped at ``link_max_bytes``; None when links are not read."""
    limit = tk.config.get("ckanext.opendatalocale.dedup.link_max_bytes")
    return remote_copy.policy(max_bytes=limit) if limit and limit > 0 else None


def check(dataset_id: str) -> list:
    """Compare one dataset with its candidates and store its pairs; returns them."""
    thresholds = scan.thresholds()
    package = model.Package.get(dataset_id)
    if package is None or package.state != "active":
        store.replace_keys(dataset_id, [])
        model.Session.commit()
        return []
    max_bytes = tk.config.get("ckanext.opendatalocale.dedup.hash_max_bytes")
    dataset = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False},
                                            {"id": package.id})
    record = catalogue.record_of(dataset, max_bytes, catalogue.harvested_ids([package.id]),
                                 link_policy=link_policy())
    keys = record_keys(record, texts_of(record, set()))
    store.replace_keys(record.id, keys)
    model.Session.flush()
    candidate_ids = sorted(store.datasets_sharing(keys, record.id, thresholds.block_max))
    candidates = catalogue.records_of(catalogue.datasets_by_id(candidate_ids), max_bytes,
                                      catalogue.harvested_ids(candidate_ids))
    every = [record] + candidates
    texts = {r.id: texts_of(r, set()) for r in every}
    shared = store.keys_shared_by(["notes:" + t.notes_digest for t in texts.values()
                                   if t.notes_digest], thresholds.boilerplate_share)
    boilerplate = {key[len("notes:"):] for key in shared}
    texts = {r.id: texts_of(r, boilerplate) for r in every}
    pairs = [pair for pair in (pair_of(record, other, texts[record.id], texts[other.id], thresholds)
                               for other in candidates) if pair is not None]
    fingerprints = {r.id: catalogue.fingerprint(r) for r in every}
    pairs = scan.without_dismissed(pairs, fingerprints)
    store.replace_pairs_of(record.id, pairs, fingerprints)
    model.Session.commit()
    return pairs


def job(dataset_id: str) -> None:
    # Cleared before checking: a save made while this job runs queues the next one.
    _redis().delete(_pending_key(dataset_id))
    try:
        check(dataset_id)
    except Exception:
        model.Session.rollback()
        log.exception("Vérification des doublons de %s en échec", dataset_id)
        raise
