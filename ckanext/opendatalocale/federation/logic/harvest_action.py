"""Harvest actions (opendatalocale_harvest): a territory's sources with their last run,
the datasets a platform-level source could not place, and a sysadmin's assignment."""
from __future__ import annotations

import datetime
import json

import ckan.plugins.toolkit as tk
from ckan import model

from ...logic.navl import validated
from .. import harvesting
from ..model import HarvestPlacement
from . import harvest_schema

__all__ = ["odl_territory_harvest_sources", "odl_harvest_placement_list",
           "odl_harvest_placement_assign"]

ERRORS_SHOWN = 10


def _iso(value):
    return value.isoformat() if value else None


def _last_job(source_id: str):
    from ckanext.harvest.logic.dictization import harvest_job_dictize
    from ckanext.harvest.model import HarvestJob
    job = (model.Session.query(HarvestJob).filter(HarvestJob.source_id == source_id)
           .order_by(HarvestJob.created.desc()).first())
    if job is None:
        return None
    report = harvest_job_dictize(job, {"model": model, "error_summmary_limit": ERRORS_SHOWN})
    errors = [entry["message"] for entry in report.get("gather_error_summary", [])]
    errors += [entry["message"] for entry in report.get("object_error_summary", [])]
    return {"id": job.id, "status": job.status, "created": _iso(job.created),
            "finished": _iso(job.finished or job.gather_finished),
            "stats": {key: report["stats"].get(key, 0)
                      for key in ("added", "updated", "deleted", "errored", "not modified")},
            "errors": errors[:ERRORS_SHOWN]}


def _waiting(source_id: str):
    """Held datasets still in the remote catalogue: one it dropped has no current
    harvest object any more (ckanext-dcat marks it for deletion)."""
    from ckanext.harvest.model import HarvestObject
    still_listed = (model.Session.query(HarvestObject.id)
                    .filter(HarvestObject.harvest_source_id == HarvestPlacement.source_id,
                            HarvestObject.guid == HarvestPlacement.guid,
                            HarvestObject.current.is_(True)).exists())
    return (model.Session.query(HarvestPlacement)
            .filter(HarvestPlacement.source_id == source_id,
                    HarvestPlacement.territory_id.is_(None), still_listed))


def _unplaced_count(source_id: str) -> int:
    return _waiting(source_id).count()


@tk.side_effect_free
def odl_territory_harvest_sources(context, data_dict):
    """The territory's own harvest sources (never another's), each with its last job:
    date, status, counts and error messages."""
    data = validated(context, data_dict, harvest_schema.territory_harvest_sources_schema(),
                     auth="odl_territory_harvest_sources")
    territory = model.Group.get(data["id"])
    if territory is None or not territory.is_organization:
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    sources = (model.Session.query(model.Package)
               .filter(model.Package.type == "harvest", model.Package.state == "active",
                       model.Package.owner_org == territory.id)
               .order_by(model.Package.title).all())
    return [{"id": source.id, "name": source.name, "title": source.title or source.name,
             "url": source.url,
             "platform": harvesting.is_platform_config(harvesting.source_config(source.id)),
             "unplaced": _unplaced_count(source.id), "last_job": _last_job(source.id)}
            for source in sources]


@tk.side_effect_free
def odl_harvest_placement_list(context, data_dict):
    """Datasets the source could not place (not created anywhere yet), with the French
    reason, newest first."""
    data = validated(context, data_dict, harvest_schema.harvest_placement_list_schema(),
                     auth="odl_harvest_placement_list")
    source = model.Package.get(data["source_id"])
    if source is None or source.type != "harvest":
        raise tk.ObjectNotFound(tk._("Source de moissonnage introuvable."))
    rows = _waiting(source.id).order_by(HarvestPlacement.recorded.desc()).all()
    return [{"id": row.id, "title": row.title, "remote_identifier": row.remote_identifier,
             "publisher": row.publisher, "reason": row.reason, "recorded": _iso(row.recorded)}
            for row in rows]


def odl_harvest_placement_assign(context, data_dict):
    """A sysadmin puts an unplaced dataset in a territory: it is created there from its
    harvested metadata, and the following harvests of its source keep it there."""
    data = validated(context, data_dict, harvest_schema.harvest_placement_assign_schema(),
                     auth="odl_harvest_placement_assign")
    row = model.Session.get(HarvestPlacement, data["id"])
    if row is None or row.territory_id:
        raise tk.ObjectNotFound(tk._("Ce jeu de données n'attend aucun rattachement."))
    territory = model.Group.get(data["territory"])
    if territory is None or not territory.is_organization or territory.state != "active":
        raise tk.ValidationError({"territory": [tk._("Territoire introuvable : donnez le nom "
                                                     "(adresse) d'un territoire actif.")]})
    dataset = json.loads(row.dataset or "{}")
    dataset.update({"owner_org": territory.id, "private": False})
    created = tk.get_action("package_create")(
        {"ignore_auth": True, "user": context.get("user"), "return_id_only": True}, dataset)
    row.territory_id = territory.id
    row.package_id = created
    row.reason = ""
    row.assigned_by = context.get("user")
    row.recorded = datetime.datetime.utcnow()
    model.Session.commit()
    return {"id": row.id, "package_id": created, "territory_id": territory.id}
