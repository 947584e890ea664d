"""The full scan: every dataset read once, pairs found by blocks, clusters stored.

Run by a background job (`odl_duplicate_scan`) or by the command line, never in a
web request. Progress (datasets read) is written to the scan's row as it goes.
"""
from __future__ import annotations

import logging
import time
import traceback
from typing import Callable

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import remote_copy
from . import catalogue, store
from .clusters import group_pairs
from .matching import Thresholds, find_pairs_and_keys, no_cyclic_collection
from .model import DuplicateScan

log = logging.getLogger(__name__)


def thresholds() -> Thresholds:
    return Thresholds(
        text=tk.config.get("ckanext.opendatalocale.dedup.text_threshold") / 100,
        title=tk.config.get("ckanext.opendatalocale.dedup.title_threshold") / 100,
        boilerplate_share=tk.config.get("ckanext.opendatalocale.dedup.boilerplate_share"))


# Who undid a "pas un doublon" that lapsed because a side changed (not a user name).
CONTENT_CHANGED = "(contenu modifié)"


def without_dismissed(pairs, fingerprints: dict[str, str]):
    """Pairs a territory said are not duplicates stay hidden while both sides are
    unchanged; once one side changes, the decision lapses and the pair is shown again."""
    dismissed = set()
    for decision in store.active_decisions("not_duplicate"):
        kept = decision.fingerprints or {}
        members = decision.dataset_ids or []
        if any(kept.get(d) != fingerprints.get(d) for d in members if d in fingerprints):
            decision.undone_by, decision.undone_at = CONTENT_CHANGED, store._now()
            continue
        dismissed.update((a, b) for a in members for b in members if a < b)
    return [pair for pair in pairs if pair.datasets not in dismissed]


class _Phases:
    """How long each phase of a scan took (the job's log says where the time goes)."""

    def __init__(self):
        self.started, self.times = time.perf_counter(), []

    def end(self, name: str) -> None:
        now = time.perf_counter()
        self.times.append((name, now - self.started))
        self.started = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.times)


def run(scan_id: str, report: Callable[[int, int], None] | None = None) -> None:
    """The scan; ``report(done, total)`` hears of progress (the CLI's bar)."""
    scan = store.get_scan(scan_id)
    if scan is None:
        log.warning("Analyse des doublons %s introuvable", scan_id)
        return
    scan.state, scan.started, scan.done = "running", store._now(), 0
    scan.total = catalogue.count_datasets()
    model.Session.commit()
    try:
        max_bytes = tk.config.get("ckanext.opendatalocale.dedup.hash_max_bytes")
        records = []

        def progress(done):
            scan.done = min(done, scan.total)
            model.Session.commit()
            if report:
                report(scan.done, scan.total)

        phases = _Phases()
        harvested = catalogue.harvested_ids()
        copied = remote_copy.stored_copies(remote_copy.copies_folder())
        unread: set[str] = set()
        # The records pile up until the end: the cyclic collector walking that growing
        # heap again and again while pages are read cost seconds (as in the matching).
        with no_cyclic_collection():
            for page in catalogue.iter_pages(progress):
                records.extend(catalogue.records_of(page, max_bytes, harvested, unread,
                                                    copied))
            fingerprints = {record.id: catalogue.fingerprint(record) for record in records}
            phases.end("lecture")
            # Keys for the incremental check too (they do not depend on boilerplate: the
            # check counts description digests itself).
            found, keys = find_pairs_and_keys(records, thresholds())
        pairs = without_dismissed(found, fingerprints)
        phases.end("comparaison")
        store.replace_pairs(group_pairs(pairs), fingerprints)
        phases.end("paires")
        store.replace_all_keys(keys)
        scan.state, scan.done, scan.finished = "finished", len(records), store._now()
        model.Session.commit()
        phases.end("clés")
        log.info("Analyse des doublons %s : %d jeux, %s", scan_id, len(records), phases)
        _read_links_later(unread)
    except Exception:
        model.Session.rollback()
        log.exception("Analyse des doublons %s en échec", scan_id)
        scan = store.get_scan(scan_id)
        scan.state, scan.finished = "failed", store._now()
        scan.message = traceback.format_exc(limit=3)[-2000:]
        model.Session.commit()


def _read_links_later(dataset_ids: set[str]) -> None:
    """Links no job read yet are read by each dataset's check (its own background job,
    the fetcher's deadline per file): the scan itself never waits on the network."""
    if not tk.config.get("ckanext.opendatalocale.dedup.link_max_bytes"):
        return
    from . import incremental

    for dataset_id in sorted(dataset_ids):
        incremental.enqueue(dataset_id)


def job(scan_id: str) -> None:
    run(scan_id)


def start(requested_by: str | None) -> DuplicateScan:
    """Queue a full scan, or return the one already queued or running."""
    current = store.scan_in_progress()
    if current is not None:
        return current
    scan = DuplicateScan(state="queued", requested_by=requested_by)
    model.Session.add(scan)
    model.Session.commit()
    tk.enqueue_job(job, [scan.id], title="odl: analyse des doublons")
    return scan
