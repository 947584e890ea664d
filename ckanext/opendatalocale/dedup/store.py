"""Reading and writing the dedup tables, with what a user may see.

A pair is visible to a user only when both of its datasets are active and each is
public or owned by a territory the user belongs to (sysadmins see all): a cluster
shows only its visible pairs, so a link made through a private dataset is never
shown to someone who may not read it. Visibility is read from CKAN's package table
(core columns, the same on 2.11 and 2.12) at query time, not from the scan.
"""
from __future__ import annotations

import csv
import datetime
import io
from typing import Iterable

from sqlalchemy import UnicodeText, and_, exists, func, not_, or_, select, text, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY
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


def get_decision(decision_id: str) -> DuplicateDecision | None:
    return model.Session.query(DuplicateDecision).filter(
        DuplicateDecision.id == decision_id).first()


# --- pairs -----------------------------------------------------------------------

def replace_pairs(clusters: Iterable[DuplicateCluster], fingerprints: dict[str, str]) -> int:
    """The last scan's pairs replace the previous ones in one transaction, except the
    pairs of datasets a decision deleted: a scan reads active datasets only, and the
    decision's undoing is found through them."""
    deleted = decided_deleted_ids()
    query = model.Session.query(DuplicatePair)
    if deleted:
        query = query.filter(DuplicatePair.dataset_a.notin_(deleted),
                             DuplicatePair.dataset_b.notin_(deleted))
    query.delete(synchronize_session=False)
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


def decided_deleted_ids() -> list[str]:
    """Datasets deleted by a "doublon" decision that is not undone."""
    found: set[str] = set()
    for (deleted,) in model.Session.query(DuplicateDecision.deleted_ids).filter(
            DuplicateDecision.undone_at.is_(None), DuplicateDecision.deleted_ids.isnot(None)):
        found.update(deleted or [])
    return sorted(found)


def _visible(package, territories, managers=()):
    """Active and readable; or deleted by a standing decision, for those who may
    restore it (``managers``: ALL, or the territories the user edits), so that the
    decision stays in their "traités" list with its undo button."""
    readable = package.state == "active"
    deleted = decided_deleted_ids() if managers is ALL or managers else []
    if deleted:
        restorable = and_(package.state == "deleted", package.id.in_(deleted))
        if managers is not ALL:
            restorable = and_(restorable, package.owner_org.in_(managers))
        readable = or_(readable, restorable)
    if territories is ALL:
        return readable
    if not territories:
        return and_(readable, package.private.is_(False))
    return and_(readable, or_(package.private.is_(False), package.owner_org.in_(territories)))


def _visible_pairs(territories, managers=()):
    side_a, side_b = aliased(model.Package), aliased(model.Package)
    query = model.Session.query(DuplicatePair, side_a, side_b).join(
        side_a, side_a.id == DuplicatePair.dataset_a).join(
        side_b, side_b.id == DuplicatePair.dataset_b).filter(
        _visible(side_a, territories, managers), _visible(side_b, territories, managers))
    return query, side_a, side_b


def _resolved_ids():
    """Clusters decided as a whole (a decision on one pair leaves the others open)."""
    return select(DuplicateDecision.cluster_id).where(DuplicateDecision.undone_at.is_(None),
                                                      DuplicateDecision.dataset_a.is_(None))


def _pair_decided():
    return exists().where(DuplicateDecision.undone_at.is_(None),
                          DuplicateDecision.dataset_a == DuplicatePair.dataset_a,
                          DuplicateDecision.dataset_b == DuplicatePair.dataset_b)


def _open_pair():
    return and_(DuplicatePair.cluster_id.notin_(_resolved_ids()), not_(_pair_decided()))


def visible_clusters(territories, territory_id: str | None, state: str | None,
                     limit: int, offset: int, managers=()) -> tuple[int, list[tuple[str, float]]]:
    """(count, [(cluster id, best visible score)]) of the clusters a user may see: open
    ones hold a pair nobody decided on, resolved ones a decided pair (a cluster partly
    decided is in both)."""
    pairs, side_a, side_b = _visible_pairs(territories, managers if state == "resolved" else ())
    query = pairs.with_entities(DuplicatePair.cluster_id,
                                func.max(DuplicatePair.score).label("score"))
    if state == "open":
        query = query.filter(_open_pair())
    elif state == "resolved":
        query = query.filter(not_(_open_pair()))
    query = query.group_by(DuplicatePair.cluster_id)
    if territory_id:
        query = query.having(func.bool_or(or_(side_a.owner_org == territory_id,
                                              side_b.owner_org == territory_id)))
    count = query.count()
    rows = query.order_by(func.max(DuplicatePair.score).desc(), DuplicatePair.cluster_id) \
        .limit(limit).offset(offset).all()
    return count, [(row[0], row[1]) for row in rows]


def pairs_of(cluster_ids: list[str], territories, managers=()):
    """The visible pairs of those clusters, with both packages."""
    if not cluster_ids:
        return []
    pairs, _, _ = _visible_pairs(territories, managers)
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


def pair_names(value) -> list[str] | None:
    """A pair as the API and the forms give it: two dataset names or ids, as a list or
    as one text "a,b"; None when it is not that."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    if not all(isinstance(part, str) and part and len(part) <= 200 for part in value):
        return None
    return list(value)


def decision_target(data_dict: dict) -> tuple[str, list[str], tuple[str, str] | None] | None:
    """(cluster id, member dataset ids, (a, b) for one pair) a decision is about, or None
    when it names no known cluster or pair. A cluster's members are read from its pairs,
    else from its standing decision (pairs of a deleted dataset may be gone)."""
    if data_dict.get("pair") not in (None, ""):
        names = pair_names(data_dict.get("pair"))
        if names is None:
            return None
        packages = [model.Package.get(name) for name in names]
        if any(package is None for package in packages) or packages[0].id == packages[1].id:
            return None
        a, b = sorted(package.id for package in packages)
        row = pair_row(a, b)
        if row is None or (data_dict.get("id") and data_dict.get("id") != row.cluster_id):
            return None
        return row.cluster_id, [a, b], (a, b)
    cluster_id = data_dict.get("id")
    members = cluster_members(cluster_id)
    if not members and is_cluster_id(cluster_id):
        decision = decision_of(cluster_id)
        members = sorted(decision.dataset_ids or []) if decision else []
    return (cluster_id, members, None) if members else None


def cluster_fingerprints(cluster_id: str) -> dict[str, str]:
    fingerprints: dict[str, str] = {}
    for (prints,) in model.Session.query(DuplicatePair.fingerprints).filter(
            DuplicatePair.cluster_id == cluster_id):
        fingerprints.update(prints or {})
    return fingerprints


def decision_of(cluster_id: str) -> DuplicateDecision | None:
    """The standing decision on the cluster as a whole."""
    return active_decisions().filter(DuplicateDecision.cluster_id == cluster_id,
                                     DuplicateDecision.dataset_a.is_(None)).order_by(
        DuplicateDecision.decided_at.desc()).first()


def pair_decision_of(dataset_a: str, dataset_b: str) -> DuplicateDecision | None:
    """The standing decision on one pair (ids in any order)."""
    a, b = sorted((dataset_a, dataset_b))
    return active_decisions().filter(DuplicateDecision.dataset_a == a,
                                     DuplicateDecision.dataset_b == b).order_by(
        DuplicateDecision.decided_at.desc()).first()


def pair_decisions(pairs) -> dict[tuple[str, str], DuplicateDecision]:
    """{(a, b): standing decision} for those pairs, in one query."""
    keys = {(a, b) for a, b in pairs}
    if not keys:
        return {}
    rows = active_decisions().filter(DuplicateDecision.dataset_a.isnot(None),
                                     DuplicateDecision.dataset_a.in_({a for a, _ in keys}))
    return {(row.dataset_a, row.dataset_b): row for row in rows
            if (row.dataset_a, row.dataset_b) in keys}


def pair_row(dataset_a: str, dataset_b: str) -> DuplicatePair | None:
    a, b = sorted((dataset_a, dataset_b))
    return model.Session.query(DuplicatePair).filter(
        DuplicatePair.dataset_a == a, DuplicatePair.dataset_b == b).first()


def open_clusters_by_territory(territory_ids: list[str] | None) -> dict[str, int]:
    """Open clusters with a public pair touching each territory (public data only)."""
    pairs, side_a, side_b = _visible_pairs([])
    rows = pairs.with_entities(DuplicatePair.cluster_id, side_a.owner_org, side_b.owner_org) \
        .filter(_open_pair()).all()
    clusters: dict[str, set[str]] = {}
    for cluster_id, org_a, org_b in rows:
        for org in (org_a, org_b):
            if org and (territory_ids is None or org in territory_ids):
                clusters.setdefault(org, set()).add(cluster_id)
    return {org: len(ids) for org, ids in clusters.items()}


# --- keys and the incremental check ------------------------------------------------

# The index of odl_dedup_key by key (migration 8c1f0b7d2e94).
KEY_INDEX = "ix_odl_dedup_key_key"


def replace_all_keys(keys_by_dataset: dict[str, list[str]]) -> None:
    """The full scan's keys replace every dataset's (one transaction with its pairs)."""
    # TRUNCATE and COPY on the session's own connection (same transaction; checks wait
    # for its commit): a million keys at 100,000 datasets took most of the scan's time
    # as DELETE and INSERTs.
    table = DuplicateKey.__tablename__
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for dataset_id, keys in keys_by_dataset.items():
        writer.writerows((dataset_id, key) for key in keys)
    buffer.seek(0)
    # The indexes are built again once the rows are in: keeping two btrees up to date
    # row by row was most of the COPY's time. TRUNCATE already locks the table until
    # the commit, so dropping them changes nothing for the checks that wait.
    model.Session.execute(text(f"TRUNCATE {table}"))
    primary = model.Session.execute(text(
        "SELECT conname FROM pg_constraint WHERE conrelid = CAST(:table AS regclass) "
        "AND contype = 'p'"), {"table": table}).scalar()
    if primary:
        model.Session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{primary}"'))
    model.Session.execute(text(f"DROP INDEX IF EXISTS {KEY_INDEX}"))
    cursor = model.Session.connection().connection.cursor()
    try:
        cursor.copy_expert(f"COPY {table} (dataset_id, key) FROM STDIN WITH (FORMAT csv)",
                           buffer)
    finally:
        cursor.close()
    model.Session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    model.Session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{primary or table + "_pkey"}" '
                               "PRIMARY KEY (dataset_id, key)"))
    model.Session.execute(text(f"CREATE INDEX {KEY_INDEX} ON {table} (key)"))


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


def keys_shared_by(keys: list[str], at_least: int) -> set[str]:
    """Those of ``keys`` that at least ``at_least`` datasets hold. Each key's index
    entries are read up to ``at_least`` only: a platform's boilerplate description is
    on a third of 100,000 datasets, and counting them all at every check cost more
    than the rest of the check."""
    from sqlalchemy import bindparam

    if not keys:
        return set()
    query = text(
        f"SELECT wanted.key FROM unnest(:keys) AS wanted(key) WHERE ("
        f"SELECT count(*) FROM (SELECT 1 FROM {DuplicateKey.__tablename__} held "
        f"WHERE held.key = wanted.key LIMIT :at_least) AS found) >= :at_least"
    ).bindparams(bindparam("keys", type_=ARRAY(UnicodeText)))
    return {row[0] for row in model.Session.execute(
        query, {"keys": sorted(set(keys)), "at_least": at_least})}


def replace_pairs_of(dataset_id: str, pairs, fingerprints: dict[str, str]) -> None:
    """One dataset's pairs replace its previous ones; the clusters they touch are
    grouped again (a new member makes a new, open cluster, as in a full scan).

    Written with single SQL statements, not ORM objects: a cluster of n near-identical
    datasets holds up to n²/2 pairs, all rewritten at each of its members' checks, and
    deleting and adding them one object at a time (plus CKAN's commit hook going over
    each) took 12 of a check's 17 s in a 500-dataset import (benchmarks/jobs.py)."""
    from .clusters import group_pairs
    from .matching import CandidatePair, Reason

    table = DuplicatePair.__table__
    pair = table.c
    cluster_ids = {row[0] for row in model.Session.execute(select(pair.cluster_id).where(
        or_(pair.dataset_a == dataset_id, pair.dataset_b == dataset_id)))}
    partners = {other for found in pairs for other in found.datasets}
    if partners:
        cluster_ids |= {row[0] for row in model.Session.execute(select(pair.cluster_id).where(
            or_(pair.dataset_a.in_(partners), pair.dataset_b.in_(partners))))}
    kept = model.Session.execute(select(
        pair.dataset_a, pair.dataset_b, pair.score, pair.reasons, pair.fingerprints).where(
        pair.cluster_id.in_(cluster_ids))).all() if cluster_ids else []
    previous = {}
    deleted = set(decided_deleted_ids())
    for row in kept:
        if dataset_id not in (row.dataset_a, row.dataset_b) or \
                {row.dataset_a, row.dataset_b} & deleted:
            previous[(row.dataset_a, row.dataset_b)] = (CandidatePair(
                (row.dataset_a, row.dataset_b), row.score,
                [Reason(r["code"], r.get("value", "")) for r in row.reasons]), row.fingerprints)
    if cluster_ids:
        model.Session.execute(table.delete().where(pair.cluster_id.in_(cluster_ids)))
    all_pairs = [candidate for candidate, _ in previous.values()] + list(pairs)
    found_at = _now()
    rows = []
    for cluster in group_pairs(all_pairs):
        for candidate in cluster.pairs:
            a, b = candidate.datasets
            prints = previous[candidate.datasets][1] if candidate.datasets in previous else {
                a: fingerprints.get(a), b: fingerprints.get(b)}
            rows.append({"dataset_a": a, "dataset_b": b, "cluster_id": cluster.id,
                         "score": candidate.score,
                         "reasons": [reason.as_dict() for reason in candidate.reasons],
                         "fingerprints": prints, "found_at": found_at})
    if rows:
        model.Session.execute(table.insert(), rows)


def open_clusters_of(dataset_id: str, territories) -> list[tuple[str, list]]:
    """[(cluster id, [the other visible packages])] of the open clusters holding this
    dataset through a pair whose two datasets the reader may see."""
    pairs, side_a, side_b = _visible_pairs(territories)
    rows = pairs.filter(or_(DuplicatePair.dataset_a == dataset_id,
                            DuplicatePair.dataset_b == dataset_id),
                        _open_pair()).all()
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
