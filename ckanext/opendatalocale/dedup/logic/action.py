"""Duplicate actions: full scan, its progress, the report, decisions."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ...logic.navl import validated
from .. import catalogue, precedence, reasons, scan, store
from ..matching import DatasetRecord
from ..model import DuplicateDecision
from . import schema

__all__ = ["odl_duplicate_scan", "odl_duplicate_scan_show", "odl_duplicate_list",
           "odl_duplicate_decide", "odl_duplicate_status"]


def odl_duplicate_scan(context, data_dict):
    """Start a full scan of the catalogue as a background job (or return the one running)."""
    validated(context, data_dict, schema.duplicate_scan_schema(), auth="odl_duplicate_scan")
    return scan.start(context.get("user")).as_dict()


@tk.side_effect_free
def odl_duplicate_scan_show(context, data_dict):
    validated(context, data_dict, schema.duplicate_scan_schema(),
              auth="odl_duplicate_scan_show")
    latest = store.latest_scan()
    if latest is None:
        raise tk.ObjectNotFound(tk._("Aucune analyse des doublons n'a encore été lancée."))
    return latest.as_dict()


def _readable_territories(context):
    """store.ALL for sysadmins, else the ids of the territories the user belongs to."""
    user = context.get("user")
    if not user:
        return []
    user_obj = model.User.get(user)
    if user_obj is None:
        return []
    if user_obj.sysadmin:
        return store.ALL
    return [group.id for group in user_obj.get_groups("organization")]


def _territory_id(value):
    if not value:
        return None
    # PostgreSQL refuses a NUL in a string: such a name cannot exist, it is not looked up.
    territory = None if "\x00" in value or len(value) > 200 else model.Group.get(value)
    if territory is None or not territory.is_organization or territory.state != "active":
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    return territory.id


def _dataset(package) -> dict:
    return {"id": package.id, "name": package.name, "title": package.title,
            "owner_org": package.owner_org}


@tk.side_effect_free
def odl_duplicate_list(context, data_dict):
    """Clusters of the last scan, only with pairs of datasets the caller may read."""
    data = validated(context, data_dict, schema.duplicate_list_schema(), auth="odl_duplicate_list")
    territories = _readable_territories(context)
    limit = data.get("limit", 20)
    count, page = store.visible_clusters(
        territories, _territory_id(data.get("territory")), data.get("state"),
        limit, data.get("offset", 0))
    grouped: dict[str, dict] = {}
    for cluster_id, score in page:
        decision = store.decision_of(cluster_id)
        grouped[cluster_id] = {
            "id": cluster_id, "score": round(score, 3),
            "state": "resolved" if decision else "open",
            "decision": decision.decision if decision else None,
            "datasets": [], "pairs": []}
    for pair, side_a, side_b in store.pairs_of(list(grouped), territories):
        cluster = grouped[pair.cluster_id]
        names = []
        for package in (side_a, side_b):
            if package.name not in [d["name"] for d in cluster["datasets"]]:
                cluster["datasets"].append(_dataset(package))
            names.append(package.name)
        cluster["pairs"].append({
            "datasets": names, "score": round(pair.score, 3),
            "reasons": [dict(reason, text=reasons.describe(reason)) for reason in pair.reasons]})
    for cluster in grouped.values():
        cluster["datasets"].sort(key=lambda d: d["name"])
    _suggest_keepers(grouped.values())
    return {"count": count, "clusters": list(grouped.values())}


def _suggest_keepers(clusters) -> None:
    """The dataset each cluster should keep (precedence.py), among the datasets the
    caller sees: a private member the caller may not read is never suggested."""
    ids = [d["id"] for cluster in clusters for d in cluster["datasets"]]
    if not ids:
        return
    packages = {p.id: p for p in model.Session.query(model.Package).filter(model.Package.id.in_(ids))}
    harvested = catalogue.harvested_ids(ids)
    for cluster in clusters:
        members = [packages[d["id"]] for d in cluster["datasets"] if d["id"] in packages]
        if len(members) < 2:
            cluster["suggested_keep"] = None
            continue
        records = [DatasetRecord(id=p.id, harvested=p.id in harvested,
                                 created=p.metadata_created.isoformat() if p.metadata_created else None)
                   for p in members]
        keep_id, why = precedence.keeper(records, [p.id for p in members if p.private])
        kept = packages[keep_id]
        cluster["suggested_keep"] = {"name": kept.name, "title": kept.title or kept.name,
                                     "reason": why, "text": reasons.describe_keep(why)}


def odl_duplicate_decide(context, data_dict):
    """Record "duplicate" (with the dataset to keep), "not_duplicate", or undo the decision."""
    data = validated(context, data_dict, schema.duplicate_decide_schema(),
                     auth="odl_duplicate_decide")
    cluster_id = data["id"]
    members = store.cluster_members(cluster_id)
    if not members:  # sysadmins pass the auth function, which checks it for others
        raise tk.ObjectNotFound(tk._("Groupe de doublons introuvable."))
    current = store.decision_of(cluster_id)
    user = context.get("user")
    if data["decision"] == "undo":
        if current is None:
            raise tk.ValidationError({"decision": [tk._("Aucune décision à annuler pour ce groupe.")]})
        current.undone_by, current.undone_at = user, store._now()
        model.Session.commit()
        return current.as_dict()
    keep_id = None
    if data["decision"] == "duplicate":
        keep = model.Package.get(data.get("keep") or "")
        if keep is None or keep.id not in members:
            raise tk.ValidationError({"keep": [tk._(
                "Choisissez le jeu de données à conserver parmi ceux du groupe.")]})
        keep_id = keep.id
    if current is not None:
        current.undone_by, current.undone_at = user, store._now()
    decision = DuplicateDecision(
        cluster_id=cluster_id, decision=data["decision"], keep_id=keep_id,
        dataset_ids=members, fingerprints=store.cluster_fingerprints(cluster_id),
        decided_by=user)
    model.Session.add(decision)
    model.Session.commit()
    return decision.as_dict()


def _readable(package, territories) -> bool:
    """store's visibility rule for one package (active; public or the reader's territory)."""
    if package is None or package.state != "active":
        return False
    return territories is store.ALL or not package.private or package.owner_org in (territories or [])


@tk.side_effect_free
def odl_duplicate_status(context, data_dict):
    """A dataset's open duplicate clusters (the other datasets the caller may read) and
    the dataset that replaces it when a "doublon" decision kept another one."""
    data = validated(context, data_dict, schema.duplicate_status_schema(),
                     auth="odl_duplicate_status")
    package = model.Package.get(data["id"])
    if package is None:
        raise tk.ObjectNotFound(tk._("Jeu de données introuvable."))
    territories = _readable_territories(context)
    clusters = [{"id": cluster_id, "datasets": [_dataset(other) for other in others]}
                for cluster_id, others in store.open_clusters_of(package.id, territories)]
    decision = store.superseding(package.id)
    replacement = model.Package.get(decision.keep_id) if decision else None
    return {
        "id": package.id, "clusters": clusters, "superseded": decision is not None,
        # A replacement the caller may not read is not named.
        "superseded_by": _dataset(replacement) if _readable(replacement, territories) else None,
        "decided_at": decision.decided_at.isoformat() if decision else None,
    }
