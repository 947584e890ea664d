"""Schema catalogue and resource validation actions.

The validation actions keep ckanext-validation's names and shapes so that its
clients work against this suite.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import repair_flow, resource_validation
from ..catalogue import UnknownSchema
from ..model import ResourceValidation
from ..resource_schema import SchemaReferenceError
from ..site_catalogue import catalogue
from ..csv_templates import schema_doc
from . import schema
from ... import job_queue
from ...logic.navl import validated

__all__ = [
    "odl_schema_list",
    "odl_schema_show",
    "resource_validation_run",
    "resource_validation_show",
    "resource_validation_delete",
    "odl_resource_repair",
    "odl_resource_repair_status",
]


@tk.side_effect_free
def odl_schema_list(context, data_dict):
    """Every schema of the catalogue with its versions."""
    validated(context, data_dict, schema.schema_list(), auth="odl_schema_list")
    return [info.to_dict() for info in catalogue().list()]


@tk.side_effect_free
def odl_schema_show(context, data_dict):
    """One schema version with its fields, constraints, enums and examples."""
    data = validated(context, data_dict, schema.schema_show(), auth="odl_schema_show")
    try:
        info = catalogue().info(data["id"])
        version = catalogue().get(data["id"], data.get("version"))
    except UnknownSchema:
        raise tk.ObjectNotFound(tk._("Schéma inconnu : {id}").format(id=data["id"]))
    shown = version.to_dict()
    shown["versions"] = info.version_names
    shown["latest"] = info.latest.version
    shown.update(schema_doc(version))
    return shown


def _resource(context, resource_id):
    return tk.get_action("resource_show")(dict(context), {"id": resource_id})


def resource_validation_run(context, data_dict):
    """Validate a resource against its declared schema.

    ``async`` (default true) queues a background job. A synchronous run is
    done only for files up to ``validation.sync_max_bytes``; a bigger one is
    queued all the same and the answer says so with ``status: running``.
    """
    data = validated(context, data_dict, schema.resource_validation_run(),
                     auth="resource_validation_run")
    resource = _resource(context, data["resource_id"])
    try:
        _, version = resource_validation.declared_schema(resource)
    except SchemaReferenceError:
        version = None
    if not resource.get("schema"):
        raise tk.ValidationError({"schema": [tk._(
            "Cette ressource ne déclare pas de schéma : choisissez-en un dans le "
            "formulaire de la ressource.")]})
    if version is None:
        raise tk.ValidationError({"schema": [tk._(
            "Le schéma déclaré par cette ressource n'est pas dans le catalogue du site.")]})

    # Only an upload CKAN measured may be validated inside the request: a link is
    # fetched by the background job (a web request never fetches a remote file).
    size = resource_validation.source_size(resource)
    small = resource.get("url_type") == "upload" and size is not None and size <= tk.config.get(
        "ckanext.opendatalocale.validation.sync_max_bytes")
    if data["async"] or not small:
        try:
            resource_validation.enqueue(resource)
        except job_queue.QueueUnavailable as error:
            raise job_queue.refusal(error)
        return ResourceValidation.get(resource["id"]).as_dict(with_report=False)
    resource_validation.start(resource)
    return resource_validation.run(resource["id"])


def _stored_validation(action, context, data_dict) -> ResourceValidation:
    data = validated(context, data_dict, schema.resource_validation_by_resource(), auth=action)
    row = ResourceValidation.get(data["resource_id"])
    if row is not None and not resource_validation.is_live(data["resource_id"]):
        # A report outlives neither its resource nor its dataset.
        resource_validation.forget(data["resource_id"])
        row = None
    if row is None:
        raise tk.ObjectNotFound(tk._("Aucune validation pour cette ressource."))
    return row


@tk.side_effect_free
def resource_validation_show(context, data_dict):
    return _stored_validation("resource_validation_show", context, data_dict).as_dict()


def resource_validation_delete(context, data_dict):
    row = _stored_validation("resource_validation_delete", context, data_dict)
    model.Session.delete(row)
    model.Session.commit()


def odl_resource_repair(context, data_dict):
    """Queue the chosen mechanical repairs (``kinds``) of an uploaded resource.

    A background job writes the corrected CSV as the resource's file (validated
    again in the background) and keeps the replaced file downloadable. Returns
    the repair's state (``status``: running, done or error). Queued once: asked
    again while it runs, or with the ``file`` signature of a file since replaced,
    it queues nothing and returns the state.
    """
    data = validated(context, data_dict, schema.resource_repair(), auth="odl_resource_repair")
    resource = _resource(context, data["resource_id"])
    if data.get("file") and data["file"] != repair_flow.file_signature(resource):
        # a click on a page shown before the file was replaced (a repair done): a no-op
        return repair_flow.state(resource["id"]) or {"status": "done", "kinds": data["kinds"]}
    version, report = repair_flow.schema_of(resource)
    repair_flow.check_repairable(resource, version, report, data["kinds"])
    user = context.get("user") or ""
    try:
        return repair_flow.enqueue(resource, data["kinds"], user, data.get("file"))
    except job_queue.QueueUnavailable as error:
        raise job_queue.refusal(error)


@tk.side_effect_free
def odl_resource_repair_status(context, data_dict):
    """The last repair of a resource (status running, done or error; cells repaired
    by kind; French error), or ``{"status": null}`` before any; for its editors."""
    data = validated(context, data_dict, schema.resource_validation_by_resource(),
                     auth="odl_resource_repair_status")
    _resource(context, data["resource_id"])
    found = repair_flow.state(data["resource_id"]) or {"status": None}
    return {key: value for key, value in found.items() if key != "user"}
