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

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

import ckan.model as model

from .clusters import DuplicateCluster
from .model import DuplicateDecision, DuplicatePair, DuplicateScan

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
