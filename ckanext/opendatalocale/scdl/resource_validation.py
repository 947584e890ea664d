"""Validating a resource against the schema it declares, in CKAN.

The file is copied to a spooled temporary file first (upload or URL), then
streamed through the suite's validator: memory stays flat whatever its size.
The resource itself is never modified beyond its validation_status and
validation_timestamp, whatever the verdict.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any, Optional

import shutil

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import compat, fetch, job_queue, remote_copy
from . import repair_flow, resource_schema
from .model import ResourceValidation
from .site_catalogue import catalogue
from .validator import validate_csv

log = logging.getLogger(__name__)

_PROGRESS_EVERY = 20000
# Sent with the dataset's id when a resource's validation status is written.
RESOURCE_STATUS_CHANGED = tk.signals.ckanext.signal("opendatalocale_resource_status_changed")


class SourceUnavailable(Exception):
    """The file could not be read; the message is for the user, in French."""


def declared_schema(resource: dict):
    """(reference, SchemaVersion or None). Raises SchemaReferenceError."""
    reference = resource_schema.parse_reference(resource.get("schema"))
    return reference, resource_schema.resolve(reference, catalogue())


def _validation_policy():
    return remote_copy.policy(
        max_bytes=tk.config.get("ckanext.opendatalocale.validation.max_download_bytes"),
        deadline=tk.config.get("ckanext.opendatalocale.validation.url_timeout"))


def copy_source(resource: dict, target) -> None:
    """The resource's bytes into ``target``: background jobs only for links.

    A link is fetched through the suite's guarded fetcher into its stored
    copy (which pages read later), then read from that copy.
    """
    if resource.get("url_type") != "upload":
        try:
            remote_copy.refresh(resource, _validation_policy())
        except fetch.FetchRefused as error:
            raise SourceUnavailable(str(error))
    try:
        with remote_copy.open_copy(resource) as stored:
            shutil.copyfileobj(stored, target)
    except remote_copy.CopyUnavailable as error:
        raise SourceUnavailable(str(error))
    target.seek(0)


def source_size(resource: dict) -> Optional[int]:
    """The size CKAN measured for an upload (0 is a real size: an empty file)."""
    size = resource.get("size")
    if size in (None, ""):
        return None
    try:
        return int(size)
    except (TypeError, ValueError):
        return None


def set_resource_status(resource_id: str, status: str) -> None:
    """Write the two fields without resource_update, whose hooks would re-run us.

    Written by an UPDATE outside the ORM's change tracking, then one re-index: a changed
    ``Resource`` in the session made CKAN re-index its dataset at commit
    (DomainObjectModification) and the rebuild did it again. The re-index stays: CKAN's
    package_show reads the dataset from the index while its metadata_modified matches."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return
    extras = dict(resource.extras or {})
    extras["validation_status"] = status
    extras["validation_timestamp"] = datetime.datetime.now(
        datetime.timezone.utc).replace(tzinfo=None).isoformat()
    package_id = resource.package_id
    table = model.Resource.__table__
    model.Session.execute(table.update().where(table.c.id == resource_id).values(extras=extras))
    # No dataset hook runs for this write: figures kept elsewhere (the territories'
    # standings) learn of it here, in the same transaction.
    RESOURCE_STATUS_CHANGED.send(package_id, resource_id=resource_id, status=status)
    model.Session.commit()
    # The session keeps objects after commit (expire_on_commit off): reread from the row.
    model.Session.expire(resource)
    compat.reindex_dataset(package_id)


def start(resource: dict, status_saved: bool = False) -> ResourceValidation:
    """The stored validation, reset to "running", and the resource's status.
    ``status_saved``: the caller saved the "running" status with the dataset itself (the
    harvest does, see federation/harvesting.py), so it is not written (and the dataset
    not re-indexed) a second time."""
    reference, version = declared_schema(resource)
    name = (reference or {}).get("name") or (version.id if version else None)
    row = ResourceValidation.start(resource["id"], name, version.version if version else None)
    if not status_saved:
        set_resource_status(resource["id"], "running")
    return row


def run(resource_id: str) -> dict[str, Any]:
    """Validate now; returns the stored validation (also the job's body)."""
    if not is_live(resource_id):
        raise tk.ObjectNotFound(resource_id)
    resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    row = ResourceValidation.get(resource_id) or start(resource)
    try:
        _, version = declared_schema(resource)
    except resource_schema.SchemaReferenceError:
        version = None
    if version is None:
        row.finish("error", error=tk._(
            "Le schéma déclaré par cette ressource n'est pas dans le catalogue du site."))
        set_resource_status(resource_id, "error")
        return row.as_dict()

    def progress(rows_read: int) -> None:
        row.rows_read = rows_read
        model.Session.commit()

    with compat.spooled_copy() as copy:
        try:
            copy_source(resource, copy)
        except SourceUnavailable as error:
            row.finish("error", error=str(error))
            set_resource_status(resource_id, "error")
            return row.as_dict()
        # a workbook names the sheet to validate in its resource's "sheet" field
        report = validate_csv(copy, version, progress=progress, sheet=resource.get("sheet") or None,
                              progress_every=_PROGRESS_EVERY, **_validator_options())
        if repair_flow.may_help(report):
            # the report offers its repairs: pages never read the whole file again
            copy.seek(0)
            report["repairs"] = repair_flow.proposals(copy, version, report,
                                                      sheet=resource.get("sheet") or None)
    status = "success" if report.get("valid") else "failure"
    row.finish(status, report=report)
    set_resource_status(resource_id, status)
    return row.as_dict()


def is_live(resource_id: str) -> bool:
    """The resource and its dataset exist and are not deleted."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        return False
    dataset = model.Package.get(resource.package_id)
    return dataset is not None and dataset.state == "active"


def _validator_options() -> dict:
    require_rows = tk.config.get("ckanext.opendatalocale.validation.require_rows")
    return {} if require_rows is None else {"require_rows": bool(require_rows)}


def forget(resource_id: str) -> None:
    """Drop a resource's report and stored copy (the resource is gone)."""
    row = ResourceValidation.get(resource_id)
    if row is not None:
        model.Session.delete(row)
        model.Session.commit()
    remote_copy.forget(resource_id)
    repair_flow.forget(resource_id)


def forget_dataset(dataset_id: str) -> None:
    for (resource_id,) in model.Session.query(model.Resource.id).filter(
            model.Resource.package_id == dataset_id):
        forget(resource_id)


def job(resource_id: str) -> None:
    """Background job entry point (RQ pickles this function by name)."""
    from . import validation_recovery

    try:
        run(resource_id)
        validation_recovery.finished(resource_id)
    except tk.ObjectNotFound:
        # Deleted or purged before the worker reached it: nothing to validate.
        model.Session.rollback()
        log.info("validation of resource %s skipped: the resource is gone", resource_id)
        forget(resource_id)
    except Exception:
        log.exception("validation of resource %s failed", resource_id)
        row = ResourceValidation.get(resource_id)
        if row is not None:
            model.Session.rollback()
            row.finish("error", error=tk._("Erreur interne pendant la validation."))
            set_resource_status(resource_id, "error")
        raise


_WAITING = ("queued", "deferred", "scheduled")


def job_id(resource_id: str) -> str:
    """The RQ id of a resource's validation job: validation_recovery finds it by it."""
    return f"odl-validation-{resource_id}"


def enqueue(resource: dict, status_saved: bool = False) -> None:
    """Mark the validation "running" and queue it. Raises ``job_queue.QueueUnavailable``
    (Redis down) once the stored validation says, in French, that it was not started:
    never left "en cours" with no job to finish it; the run button asks again."""
    row = start(resource, status_saved=status_saved)
    try:
        # The job reads the resource when it starts: one already waiting validates this
        # file too, where a second one under the same id would run it twice (RQ pushes
        # the id again), e.g. a file replaced twice before a worker was free.
        if job_queue.status(job_id(resource["id"])) in _WAITING:
            return
        job_queue.enqueue(job, [resource["id"]],
                          title=f"Validation SCDL de la ressource {resource['id']}",
                          what=tk._("la validation du fichier"),
                          rq_kwargs={"timeout": 6 * 3600, "job_id": job_id(resource["id"])})
    except job_queue.QueueUnavailable as error:
        row.finish("error", error=error.message)
        set_resource_status(resource["id"], "error")
        raise
