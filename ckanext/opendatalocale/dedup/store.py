"""Reading and writing the dedup tables, with what a user may see.

A pair is visible to a user only when both of its datasets are active and each is
public or owned by a territory the user belongs to (sysadmins see all): a cluster
shows only its visible pairs, so a link made through a private dataset is never
shown to someone who may not read it. Visibility is read from CKAN's package table
(core columns, the same on 2.11 and 2.12) at query time, not from the scan.
"""
from __future__ import annotations

import datetime
from typing import Iterable

from sqlalchemy import UnicodeText, and_, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

import ckan.model as model

from .clusters import DuplicateCluster
from .model import DuplicateDecision, DuplicateKey, DuplicatePair, DuplicateScan

ALL = None  # the territories of a sysadmin: every one


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


# --- scans ---------------------------------------------------------------------

def latest_scan() -> DuplicateScan | None:
    return model.Session.query(DuplicateScan).order_by(DuplicateScan.queued_at.desc()).first()


def scan_in_progress() -> DuplicateScan | None:
    return model.Session.query(DuplicateScan).filter(
        DuplicateScan.state.in_(["queued", "running"])).order_by(
        DuplicateScan.queued_at.desc()).first()


def get_scan(scan_id: str) -> DuplicateScan | None:
    return model.Session.query(DuplicateScan).filter(DuplicateScan.id == scan_id).first()


# --- pairs -----------------------------------------------------------------------

def replace_pairs(clusters: Iterable[DuplicateCluster], fingerprints: dict[str, str]) -> int:
    """The last scan's pairs replace the previous ones in one transaction."""
    model.Session.query(DuplicatePair).delete(synchronize_session=False)
    found_at = _now()
    count = 0
    for cluster in clusters:
        for pair in cluster.pairs:
            a, b = pair.datasets
            model.Session.add(DuplicatePair(
                dataset_a=a, dataset_b=b, cluster_id=cluster.id, score=pair.score,
                reasons=[reason.as_dict() for reason in pair.reasons],
                fingerprints={a: fingerprints.get(a), b: fingerprints.get(b)},
                found_at=found_at))
            count += 1
    return count


def active_decisions(kind: str | None = None):
    query = model.Session.query(DuplicateDecision).filter(DuplicateDecision.undone_at.is_(None))
    if kind:
        query = query.filter(DuplicateDecision.decision == kind)
    return query


def _visible(package, territories):
    readable = package.state == "active"
    if territories is ALL:
        return readable
    if not territories:
        return and_(readable, package.private.is_(False))
    return and_(readable, or_(package.private.is_(False), package.owner_org.in_(territories)))


def _visible_pairs(territories):
    side_a, side_b = aliased(model.Package), aliased(model.Package)
    query = model.Session.query(DuplicatePair, side_a, side_b).join(
        side_a, side_a.id == DuplicatePair.dataset_a).join(
        side_b, side_b.id == DuplicatePair.dataset_b).filter(
        _visible(side_a, territories), _visible(side_b, territories))
    return query, side_a, side_b


def _resolved_ids():
    return select(DuplicateDecision.cluster_id).where(DuplicateDecision.undone_at.is_(None))


def visible_clusters(territories, territory_id: str | None, state: str | None,
                     limit: int, offset: int) -> tuple[int, list[tuple[str, float]]]:
    """(count, [(cluster id, best visible score)]) of the clusters a user may see."""
    pairs, side_a, side_b = _visible_pairs(territories)
    query = pairs.with_entities(DuplicatePair.cluster_id,
                                func.max(DuplicatePair.score).label("score"))
    if state == "open":
        query = query.filter(DuplicatePair.cluster_id.notin_(_resolved_ids()))
    elif state == "resolved":
        query = query.filter(DuplicatePair.cluster_id.in_(_resolved_ids()))
    query = query.group_by(DuplicatePair.cluster_id)
    if territory_id:
        query = query.having(func.bool_or(or_(side_a.owner_org == territory_id,
                                              side_b.owner_org == territory_id)))
    count = query.count()
    rows = query.order_by(func.max(DuplicatePair.score).desc(), DuplicatePair.cluster_id) \
        .limit(limit).offset(offset).all()
    return count, [(row[0], row[1]) for row in rows]


def pairs_of(cluster_ids: list[str], territories):
    """The visible pairs of those clusters, with both packages."""
    if not cluster_ids:
        return []
    pairs, _, _ = _visible_pairs(territories)
    return pairs.filter(DuplicatePair.cluster_id.in_(cluster_ids)).order_by(
        DuplicatePair.score.desc(), DuplicatePair.dataset_a, DuplicatePair.dataset_b).all()


def is_cluster_id(value) -> bool:
    """Cluster ids are 24 hex digits (clusters.cluster_id): anything else is not looked up."""
    return isinstance(value, str) and len(value) == 24 and all(c in "0123456789abcdef" for c in value)


def cluster_members(cluster_id: str) -> list[str]:
    if not is_cluster_id(cluster_id):
        return []
    rows = model.Session.query(DuplicatePair.dataset_a, DuplicatePair.dataset_b).filter(
        DuplicatePair.cluster_id == cluster_id).all()
    return sorted({dataset_id for row in rows for dataset_id in row})


def cluster_fingerprints(cluster_id: str) -> dict[str, str]:
    fingerprints: dict[str, str] = {}
    for (prints,) in model.Session.query(DuplicatePair.fingerprints).filter(
            DuplicatePair.cluster_id == cluster_id):
        fingerprints.update(prints or {})
    return fingerprints


def decision_of(cluster_id: str) -> DuplicateDecision | None:
    return active_decisions().filter(DuplicateDecision.cluster_id == cluster_id).order_by(
        DuplicateDecision.decided_at.desc()).first()


def open_clusters_by_territory(territory_ids: list[str] | None) -> dict[str, int]:
    """Open clusters with a public pair touching each territory (public data only)."""
    pairs, side_a, side_b = _visible_pairs([])
    rows = pairs.with_entities(DuplicatePair.cluster_id, side_a.owner_org, side_b.owner_org) \
        .filter(DuplicatePair.cluster_id.notin_(_resolved_ids())).all()
    clusters: dict[str, set[str]] = {}
    for cluster_id, org_a, org_b in rows:
        for org in (org_a, org_b):
            if org and (territory_ids is None or org in territory_ids):
                clusters.setdefault(org, set()).add(cluster_id)
    return {org: len(ids) for org, ids in clusters.items()}


# --- keys and the incremental check ------------------------------------------------

def replace_all_keys(keys_by_dataset: dict[str, list[str]]) -> None:
    """The full scan's keys replace every dataset's (one transaction with its pairs)."""
    model.Session.query(DuplicateKey).delete(synchronize_session=False)
    rows = [{"dataset_id": dataset_id, "key": key}
            for dataset_id, keys in keys_by_dataset.items() for key in keys]
    for start in range(0, len(rows), 10_000):
        model.Session.execute(DuplicateKey.__table__.insert(), rows[start:start + 10_000])


def replace_keys(dataset_id: str, keys: list[str]) -> None:
    model.Session.query(DuplicateKey).filter(DuplicateKey.dataset_id == dataset_id).delete(
        synchronize_session=False)
    if keys:
        model.Session.execute(DuplicateKey.__table__.insert(),
                              [{"dataset_id": dataset_id, "key": key} for key in keys])


def datasets_sharing(keys: list[str], dataset_id: str, block_max: int) -> set[str]:
    """Datasets sharing one of ``keys``; a text block (a place's title word) only
    while it holds at most ``block_max`` datasets: a common word's block is left to
    the record's rarer words, as the full scan's neighbourhoods would."""
    exact = [key for key in keys if not key.startswith(("text:", "notes:"))]
    text = [key for key in keys if key.startswith("text:")]
    found: set[str] = set()
    if exact:
        found.update(row[0] for row in model.Session.query(DuplicateKey.dataset_id).filter(
            DuplicateKey.key.in_(exact)).distinct())
    if text:
        small = model.Session.query(DuplicateKey.key).filter(DuplicateKey.key.in_(text)).group_by(
            DuplicateKey.key).having(func.count() <= block_max)
        found.update(row[0] for row in model.Session.query(DuplicateKey.dataset_id).filter(
            DuplicateKey.key.in_(small)).distinct())
    found.discard(dataset_id)
    return found


def key_counts(keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    return dict(model.Session.query(DuplicateKey.key, func.count()).filter(
        DuplicateKey.key.in_(keys)).group_by(DuplicateKey.key).all())


def replace_pairs_of(dataset_id: str, pairs, fingerprints: dict[str, str]) -> None:
    """One dataset's pairs replace its previous ones; the clusters they touch are
    grouped again (a new member makes a new, open cluster, as in a full scan)."""
    from .clusters import group_pairs
    from .matching import CandidatePair, Reason

    touching = model.Session.query(DuplicatePair).filter(or_(
        DuplicatePair.dataset_a == dataset_id, DuplicatePair.dataset_b == dataset_id))
    cluster_ids = {pair.cluster_id for pair in touching}
    partners = {other for pair in pairs for other in pair.datasets}
    if partners:
        cluster_ids |= {row[0] for row in model.Session.query(DuplicatePair.cluster_id).filter(or_(
            DuplicatePair.dataset_a.in_(partners), DuplicatePair.dataset_b.in_(partners)))}
    kept = model.Session.query(DuplicatePair).filter(
        DuplicatePair.cluster_id.in_(cluster_ids)).all() if cluster_ids else []
    previous = {}
    for row in kept:
        if dataset_id not in (row.dataset_a, row.dataset_b):
            previous[(row.dataset_a, row.dataset_b)] = (CandidatePair(
                (row.dataset_a, row.dataset_b), row.score,
                [Reason(r["code"], r.get("value", "")) for r in row.reasons]), row.fingerprints)
        model.Session.delete(row)
    model.Session.flush()
    all_pairs = [pair for pair, _ in previous.values()] + list(pairs)
    found_at = _now()
    for cluster in group_pairs(all_pairs):
        for pair in cluster.pairs:
            a, b = pair.datasets
            prints = previous[pair.datasets][1] if pair.datasets in previous else {
                a: fingerprints.get(a), b: fingerprints.get(b)}
            model.Session.add(DuplicatePair(
                dataset_a=a, dataset_b=b, cluster_id=cluster.id, score=pair.score,
                reasons=[reason.as_dict() for reason in pair.reasons], fingerprints=prints,
                found_at=found_at))


def open_clusters_of(dataset_id: str, territories) -> list[tuple[str, list]]:
    """[(cluster id, [the other visible packages])] of the open clusters holding this
    dataset through a pair whose two datasets the reader may see."""
    pairs, side_a, side_b = _visible_pairs(territories)
    rows = pairs.filter(or_(DuplicatePair.dataset_a == dataset_id,
                            DuplicatePair.dataset_b == dataset_id),
                        DuplicatePair.cluster_id.notin_(_resolved_ids())).all()
    clusters: dict[str, dict] = {}
    for pair, package_a, package_b in rows:
        other = package_b if package_a.id == dataset_id else package_a
        clusters.setdefault(pair.cluster_id, {})[other.id] = other
    return [(cluster_id, sorted(others.values(), key=lambda p: p.name))
            for cluster_id, others in sorted(clusters.items())]


def superseding(dataset_id: str) -> DuplicateDecision | None:
    """The active "doublon" decision that keeps another dataset than this one."""
    # dataset_ids is JSON text: a LIKE on the quoted id narrows to this dataset's decisions.
    quoted = '%"' + dataset_id.replace("%", "").replace("_", "\\_") + '"%'
    for decision in active_decisions("duplicate").filter(
            type_coerce(DuplicateDecision.dataset_ids, UnicodeText).like(quoted)).order_by(
            DuplicateDecision.decided_at.desc()):
        if dataset_id in (decision.dataset_ids or []) and decision.keep_id != dataset_id:
            return decision
    return None
