"""Duplicate actions: full scan, its progress, the report, decisions."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ...logic.navl import validated
from .. import catalogue, precedence, reasons, scan, store
from ..matching import DatasetRecord, similar_titles, title_query_words
from ..model import DuplicateDecision
from . import schema

__all__ = ["odl_duplicate_scan", "odl_duplicate_scan_show", "odl_duplicate_list",
           "odl_duplicate_decide", "odl_duplicate_status", "odl_duplicate_similar"]


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


def _managed_territories(context):
    """store.ALL for sysadmins, else the territories the user edits: those whose
    datasets a decision deleted stay listed for them (CKAN lets them restore those)."""
    user_obj = model.User.get(context.get("user")) if context.get("user") else None
    if user_obj is None:
        return []
    if user_obj.sysadmin:
        return store.ALL
    return sorted({group.id for capacity in ("admin", "editor")
                   for group in user_obj.get_groups("organization", capacity)
                   if group.is_organization})


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
            "owner_org": package.owner_org, "state": package.state}


def _decision(decision, names: dict[str, str]) -> dict | None:
    """A standing decision as the report shows it, datasets by name."""
    if decision is None:
        return None
    return {"decision": decision.decision, "keep": names.get(decision.keep_id),
            "deleted": sorted(names[i] for i in decision.deleted_ids or [] if i in names),
            "decided_at": decision.decided_at.isoformat() if decision.decided_at else None}


@tk.side_effect_free
def odl_duplicate_list(context, data_dict):
    """Clusters of the last scan, only with pairs of datasets the caller may read."""
    data = validated(context, data_dict, schema.duplicate_list_schema(), auth="odl_duplicate_list")
    territories = _readable_territories(context)
    state = data.get("state")
    managers = _managed_territories(context) if state == "resolved" else ()
    limit = data.get("limit", 20)
    count, page = store.visible_clusters(
        territories, _territory_id(data.get("territory")), state,
        limit, data.get("offset", 0), managers)
    grouped: dict[str, dict] = {}
    decisions = {}
    for cluster_id, score in page:
        decisions[cluster_id] = store.decision_of(cluster_id)
        grouped[cluster_id] = {
            "id": cluster_id, "score": round(score, 3), "datasets": [], "pairs": []}
    rows = store.pairs_of(list(grouped), territories, managers)
    by_pair = store.pair_decisions([(pair.dataset_a, pair.dataset_b) for pair, _, _ in rows])
    names = {package.id: package.name for _, side_a, side_b in rows for package in (side_a, side_b)}
    for pair, side_a, side_b in rows:
        cluster = grouped[pair.cluster_id]
        pair_names = []
        for package in (side_a, side_b):
            if package.name not in [d["name"] for d in cluster["datasets"]]:
                cluster["datasets"].append(_dataset(package))
            pair_names.append(package.name)
        decided = decisions[pair.cluster_id] or by_pair.get((pair.dataset_a, pair.dataset_b))
        cluster["pairs"].append({
            "datasets": pair_names, "score": round(pair.score, 3),
            "state": "resolved" if decided else "open",
            # A decision on the whole cluster is shown on the cluster, not on each pair.
            "decision": _decision(by_pair.get((pair.dataset_a, pair.dataset_b)), names),
            "reasons": [dict(reason, text=reasons.describe(reason)) for reason in pair.reasons]})
    for cluster_id, cluster in grouped.items():
        cluster["datasets"].sort(key=lambda d: d["name"])
        cluster["state"] = "open" if any(p["state"] == "open" for p in cluster["pairs"]) \
            else "resolved"
        cluster["decision"] = decisions[cluster_id].decision if decisions[cluster_id] else None
        cluster["cluster_decision"] = _decision(decisions[cluster_id], names)
    _suggest_keepers(grouped.values())
    return {"count": count, "clusters": list(grouped.values())}


def _suggest_keepers(clusters) -> None:
    """The dataset each cluster should keep (precedence.py), among the datasets the
    caller sees: a private member the caller may not read is never suggested."""
    ids = [d["id"] for cluster in clusters for d in cluster["datasets"] if d["state"] == "active"]
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
    """Record, on a cluster (``id``) or one pair of it (``pair``): "duplicate" with the
    dataset to ``keep`` (the others superseded by it, or deleted with ``delete`` and
    ``confirm``), "not_duplicate", or "undo" the standing decision (restoring what it
    deleted)."""
    data = validated(context, data_dict, schema.duplicate_decide_schema(),
                     auth="odl_duplicate_decide")
    target = store.decision_target(data)
    if target is None:  # sysadmins pass the auth function, which checks it for others
        raise tk.ObjectNotFound(tk._("Groupe ou paire de doublons introuvable."))
    cluster_id, members, pair = target
    current = store.pair_decision_of(*pair) if pair else store.decision_of(cluster_id)
    user = context.get("user")
    if data["decision"] == "undo":
        if current is None:
            raise tk.ValidationError({"decision": [tk._(
                "Aucune décision à annuler pour ce groupe ou cette paire.")]})
        current.restored_ids = _restore(current.deleted_ids or [], user)
        current.undone_by, current.undone_at = user, store._now()
        model.Session.commit()
        return current.as_dict()
    if current is not None and current.deleted_ids:
        # Its undoing restores the datasets it deleted: replacing it would lose that.
        raise tk.ValidationError({"decision": [tk._(
            "Annulez d'abord la décision qui a supprimé des jeux de ce groupe ou de cette "
            "paire.")]})
    keep_id, deleted, to_delete = None, None, []
    if data["decision"] == "duplicate":
        keep = model.Package.get(data.get("keep") or "")
        if keep is None or keep.id not in members:
            raise tk.ValidationError({"keep": [tk._(
                "Choisissez le jeu de données à conserver parmi ceux du groupe.")]})
        keep_id = keep.id
        if data.get("delete"):
            to_delete = _deletable_others(members, keep_id, user, bool(data.get("confirm")),
                                          data.get("expected"))
            deleted = [package.id for package in to_delete]
    elif data.get("delete"):
        raise tk.ValidationError({"delete": [tk._(
            "Seule une décision « doublon » supprime des jeux de données.")]})
    if current is not None:
        current.undone_by, current.undone_at = user, store._now()
    fingerprints = store.cluster_fingerprints(cluster_id)
    decision = DuplicateDecision(
        cluster_id=cluster_id, decision=data["decision"], keep_id=keep_id,
        dataset_ids=members, fingerprints={m: fingerprints.get(m) for m in members},
        dataset_a=pair[0] if pair else None, dataset_b=pair[1] if pair else None,
        deleted_ids=deleted, decided_by=user)
    model.Session.add(decision)
    # Recorded before deleting: CKAN's package_delete commits each dataset on its own,
    # and what a failure midway leaves deleted must stay findable by "undo".
    model.Session.commit()
    if to_delete:
        _delete(to_delete, user, decision.id)
    return store.get_decision(decision.id).as_dict()


def _auth_context(user: str) -> dict:
    return {"user": user, "model": model, "auth_user_obj": model.User.get(user)}


def _titles(packages) -> str:
    return ", ".join("« {} »".format(p.title or p.name) for p in packages)


def _deletable_others(members: list[str], keep_id: str, user: str, confirmed: bool,
                      expected=None) -> list:
    """Every member but the kept one, once the decider confirmed their deletion and may
    delete each of them (nothing is deleted here)."""
    packages = [p for p in model.Session.query(model.Package).filter(
        model.Package.id.in_([m for m in members if m != keep_id])) if p.state == "active"]
    if not confirmed:
        raise tk.ValidationError({"confirm": [tk._(
            "Confirmez la suppression de {titles} (confirm=true) : rien n'est supprimé sans "
            "confirmation.").format(titles=_titles(packages))]})
    if expected is not None and set(expected) != {p.id for p in packages}:
        raise tk.ValidationError({"expected": [tk._(
            "Le groupe a changé depuis la page de confirmation : revoyez les jeux de données "
            "à supprimer avant de confirmer.")]})
    refused = [p for p in packages if not authz.is_authorized_boolean(
        "package_delete", _auth_context(user), {"id": p.id})]
    if refused:
        raise tk.NotAuthorized(tk._(
            "Vous ne pouvez pas supprimer {titles} : choisissez plutôt de les marquer "
            "remplacés.").format(titles=_titles(refused)))
    return packages


def _delete(packages, user: str, decision_id: str) -> None:
    """CKAN's package_delete (state=deleted, undone by restoring it) on each; if one
    fails, the decision keeps the ids of those already deleted, so "undo" restores them."""
    done = []
    try:
        for package in packages:
            tk.get_action("package_delete")({"user": user}, {"id": package.id})
            done.append(package.id)
    except Exception:
        model.Session.rollback()
        decision = store.get_decision(decision_id)
        decision.deleted_ids = done
        model.Session.commit()
        raise


def _restore(deleted_ids: list[str], user: str) -> list[str]:
    """Make active again what a decision deleted and is still deleted (not purged):
    all of them, or none when the user may not restore one of them."""
    packages = [p for p in (model.Package.get(i) for i in deleted_ids)
                if p is not None and p.state == "deleted"]
    for package in packages:
        if not authz.is_authorized_boolean("package_update", _auth_context(user),
                                           {"id": package.id}):
            raise tk.NotAuthorized(tk._(
                "Vous ne pouvez pas rétablir « {title} » que cette décision a supprimé.").format(
                title=package.title or package.name))
    for package in packages:
        tk.get_action("package_patch")({"user": user}, {"id": package.id, "state": "active"})
    return [package.id for package in packages]


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


SIMILAR_CANDIDATES = 50


@tk.side_effect_free
def odl_duplicate_similar(context, data_dict):
    """While an agent types a new dataset's title: datasets already published with a
    close title ("des jeux de données semblables existent déjà"), best first, the
    agent's own territory first among equals. Searched as the caller (CKAN's
    permission labels), so a private dataset appears only to those who may read it."""
    data = validated(context, data_dict, schema.duplicate_similar_schema(),
                     auth="odl_duplicate_similar")
    words = title_query_words(data["title"])
    if not words:
        return {"datasets": []}
    # Words are [a-z0-9]+ once folded: nothing in them is Solr syntax.
    found = tk.get_action("package_search")(
        {"user": context.get("user"), "ignore_auth": False},
        {"q": "title:({0}) OR text:({0})".format(" OR ".join(words)),
         "include_private": True, "rows": SIMILAR_CANDIDATES})["results"]
    excluded = data.get("id")
    candidates = [d for d in found if d["id"] != excluded and d.get("name") != excluded]
    owner = model.Group.get(data["owner_org"]) if data.get("owner_org") else None
    ranked = similar_titles(data["title"], [(d["id"], d.get("title") or d["name"]) for d in candidates])
    by_id = {d["id"]: d for d in candidates}
    results = []
    for dataset_id, score in ranked:
        dataset = by_id[dataset_id]
        organization = dataset.get("organization") or {}
        results.append({
            "name": dataset["name"], "title": dataset.get("title") or dataset["name"],
            "owner_org": dataset.get("owner_org"),
            "territory": organization.get("title") or organization.get("name"),
            "same_territory": bool(owner) and dataset.get("owner_org") == owner.id,
            "private": bool(dataset.get("private")), "score": score})
    results.sort(key=lambda r: (-r["score"], not r["same_territory"], r["name"]))
    return {"datasets": results[:data.get("limit", 5)]}
