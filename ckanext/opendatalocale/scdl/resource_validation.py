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

import requests

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search

from .. import compat
from . import resource_schema
from .model import ResourceValidation
from .site_catalogue import catalogue
from .validator import validate_csv

log = logging.getLogger(__name__)

_PROGRESS_EVERY = 20000


class SourceUnavailable(Exception):
    """The file could not be read; the message is for the user, in French."""


def declared_schema(resource: dict):
    """(reference, SchemaVersion or None). Raises SchemaReferenceError."""
    reference = resource_schema.parse_reference(resource.get("schema"))
    return reference, resource_schema.resolve(reference, catalogue())


def _download(url: str, target) -> None:
    timeout = tk.config.get("ckanext.opendatalocale.validation.url_timeout")
    limit = tk.config.get("ckanext.opendatalocale.validation.max_download_bytes")
    try:
        with requests.get(url, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            size = 0
            for chunk in response.iter_content(chunk_size=1 << 16):
                size += len(chunk)
                if size > limit:
                    raise SourceUnavailable(tk._(
                        "Le fichier à l'adresse {url} dépasse {limit} octets : "
                        "il n'a pas été validé."
                    ).format(url=url, limit=limit))
                target.write(chunk)
    except requests.Timeout:
        raise SourceUnavailable(tk._(
            "Le fichier à l'adresse {url} n'a pas répondu dans le délai de {timeout} s. "
            "Vérifiez le lien ou déposez le fichier directement."
        ).format(url=url, timeout=timeout))
    except requests.HTTPError as error:
        raise SourceUnavailable(tk._(
            "Le fichier à l'adresse {url} n'a pas pu être téléchargé (erreur HTTP {code})."
        ).format(url=url, code=error.response.status_code))
    except requests.RequestException as error:
        raise SourceUnavailable(tk._(
            "Le fichier à l'adresse {url} n'a pas pu être téléchargé : {reason}."
        ).format(url=url, reason=type(error).__name__))


def copy_source(resource: dict, target) -> None:
    if resource.get("url_type") == "upload":
        try:
            compat.copy_uploaded_resource(resource, target)
        except (OSError, KeyError) as error:
            raise SourceUnavailable(
                tk._("Le fichier déposé est introuvable sur le serveur ({error}).").format(
                    error=type(error).__name__)
            )
    else:
        _download(resource.get("url") or "", target)
    target.seek(0)


def source_size(resource: dict) -> Optional[int]:
    try:
        return int(resource.get("size")) if resource.get("size") else None
    except (TypeError, ValueError):
        return None


def set_resource_status(resource_id: str, status: str) -> None:
    """Write the two fields without resource_update, whose hooks would re-run us."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return
    extras = dict(resource.extras or {})
    extras["validation_status"] = status
    extras["validation_timestamp"] = datetime.datetime.now(
        datetime.timezone.utc).replace(tzinfo=None).isoformat()
    resource.extras = extras
    model.Session.commit()
    search.rebuild(resource.package_id)


def start(resource: dict) -> ResourceValidation:
    reference, version = declared_schema(resource)
    name = (reference or {}).get("name") or (version.id if version else None)
    row = ResourceValidation.start(resource["id"], name, version.version if version else None)
    set_resource_status(resource["id"], "running")
    return row


def run(resource_id: str) -> dict[str, Any]:
    """Validate now; returns the stored validation (also the job's body)."""
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
        report = validate_csv(copy, version, progress=progress,
                              progress_every=_PROGRESS_EVERY)
    status = "success" if report.get("valid") else "failure"
    row.finish(status, report=report)
    set_resource_status(resource_id, status)
    return row.as_dict()


def job(resource_id: str) -> None:
    """Background job entry point (RQ pickles this function by name)."""
    try:
        run(resource_id)
    except Exception:
        log.exception("validation of resource %s failed", resource_id)
        row = ResourceValidation.get(resource_id)
        if row is not None:
            model.Session.rollback()
            row.finish("error", error=tk._("Erreur interne pendant la validation."))
            set_resource_status(resource_id, "error")
        raise


def enqueue(resource: dict) -> None:
    start(resource)
    tk.enqueue_job(job, [resource["id"]],
                   title=f"Validation SCDL de la ressource {resource['id']}",
                   rq_kwargs={"timeout": 6 * 3600})
