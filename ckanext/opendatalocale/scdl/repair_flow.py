"""Applying the repair engine to a resource, in CKAN: « Corriger automatiquement ».

The validation job stores, with its report, what each mechanical repair would
change (``proposals``). An editor then chooses repairs and confirms; the
corrected file becomes the resource's new upload through ``resource_patch``
(CKAN's own checks and hooks: the new file is validated again in the
background) and the file it replaces is kept in the suite's storage, where
those who may read the resource can download it. Only uploads are repaired: a
link's file belongs to the site it points to.

Writing the corrected file reads the whole file, so it runs as a background job
(``enqueue`` then ``job``). Its state (running, done, error) is a small JSON file
beside the kept originals, which the report page reads; a lock file created
exclusively makes a second click while it runs enqueue nothing, and the
signature of the file the offer was made for makes a click on an old page a
no-op once the file has been replaced.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import os
import shutil
import tempfile
from typing import Any, Dict, List, Optional

import ckan.plugins.toolkit as tk

from .. import job_queue, remote_copy
from . import repairs

log = logging.getLogger(__name__)

# Report errors a repair can lift (see repairs._CELL_KINDS).
_REPAIRABLE = ("type-error", "constraint-error", "french-siret-value", "french-siren-value")


def may_help(report: Dict[str, Any]) -> bool:
    counts = report.get("error_counts") or {}
    return not report.get("valid") and any(counts.get(kind) for kind in _REPAIRABLE)


def proposals(source, version, report: Dict[str, Any], sheet: Optional[str] = None) -> List[Dict[str, Any]]:
    """What each kind would change, for the stored report (JSON)."""
    run = repairs.propose(source, version, header_mode=report.get("header_mode"), sheet=sheet)
    return [{"kind": p.kind.code, "count": p.count, "examples": p.examples} for p in run.listed()]


def _folder(resource_id: str) -> str:
    base = tk.config.get("ckanext.opendatalocale.storage_path") or os.path.join(
        tk.config.get("ckan.storage_path") or "", "opendatalocale")
    # a digest, not the id: an id never becomes a path of its own
    digest = hashlib.sha256(str(resource_id).encode("utf-8")).hexdigest()
    return os.path.join(base, "originals", digest[:2], digest)


def originals(resource_id: str) -> List[Dict[str, Any]]:
    """The files repairs replaced, oldest first: number, name, saved_at, kinds."""
    folder = _folder(resource_id)
    listed = []
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            if name.endswith(".json") and name[:-5].isdigit():  # not the repair's state
                with contextlib.suppress(OSError, ValueError):
                    with open(os.path.join(folder, name), encoding="utf-8") as handle:
                        listed.append(json.load(handle))
    return sorted(listed, key=lambda item: item["number"])


def original_path(resource_id: str, number: int) -> Optional[str]:
    path = os.path.join(_folder(resource_id), f"{int(number)}.bin")
    return path if os.path.exists(path) else None


def forget(resource_id: str) -> None:
    shutil.rmtree(_folder(resource_id), ignore_errors=True)


def _file_name(resource: dict) -> str:
    name = os.path.basename((resource.get("url") or "").split("?")[0]) or "fichier"
    stem = os.path.splitext(name)[0] or "fichier"
    if stem.endswith("-corrige"):
        return stem + ".csv"
    return stem + "-corrige.csv"


def apply(context: dict, resource: dict, version, kinds: List[str], header_mode: Optional[str]
          ) -> Dict[str, Any]:
    """Write the repaired file as the resource's new upload; keep the one it replaces.

    Raises tk.ValidationError (French) when there is nothing to repair or the file
    cannot be read. ``context`` is the caller's: resource_patch checks their right.
    """
    from werkzeug.datastructures import FileStorage

    if resource.get("url_type") != "upload":
        raise tk.ValidationError({"resource_id": [tk._(
            "Seul un fichier déposé sur la plateforme peut être corrigé ici ; un lien se corrige "
            "sur le site qui publie le fichier.")]})
    folder = _folder(resource["id"])
    os.makedirs(folder, exist_ok=True)
    number = len(originals(resource["id"])) + 1
    kept = os.path.join(folder, f"{number}.bin")
    with tempfile.TemporaryDirectory() as scratch:
        repaired_path = os.path.join(scratch, _file_name(resource))
        try:
            with remote_copy.open_copy(resource) as stored:
                with open(kept + ".partial", "wb") as original:
                    shutil.copyfileobj(stored, original)
                stored.seek(0)
                with open(repaired_path, "w", encoding="utf-8", newline="") as target:
                    run = repairs.repair(stored, target, version, kinds=kinds, header_mode=header_mode,
                                         sheet=resource.get("sheet") or None)
        except remote_copy.CopyUnavailable as reason:
            _drop(kept + ".partial")
            raise tk.ValidationError({"resource_id": [str(reason)]})
        if run.failure or not run.total:
            _drop(kept + ".partial")
            raise tk.ValidationError({"kinds": [run.failure or tk._(
                "Aucune cellule à corriger avec les corrections choisies.")]})
        with open(repaired_path, "rb") as repaired:
            patch = {"id": resource["id"], "format": "CSV",
                     "upload": FileStorage(stream=repaired, filename=os.path.basename(repaired_path),
                                           content_type="text/csv")}
            if resource.get("sheet"):
                patch["sheet"] = ""  # the new file is a CSV: it has no sheets
            try:
                updated = tk.get_action("resource_patch")(dict(context), patch)
            except Exception:
                _drop(kept + ".partial")
                raise
    os.replace(kept + ".partial", kept)
    meta = {"number": number, "name": os.path.basename((resource.get("url") or "").split("?")[0]),
            "format": resource.get("format") or "",
            "saved_at": datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat(),
            "kinds": {p.kind.code: p.count for p in run.listed()}}
    with open(os.path.join(folder, f"{number}.json"), "w", encoding="utf-8") as handle:
        json.dump(meta, handle)
    return {"resource": updated, "repaired": meta["kinds"], "original": meta}


_STATE = "correction.json"
_LOCK = "correction.lock"  # holds the id of the RQ job doing the repair
_JOB_TIMEOUT = 3600
# Between taking the lock and writing the job's id into it.
_ENQUEUE_SECONDS = 120
_ALIVE = ("queued", "started", "deferred", "scheduled")


def _now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat()


def file_signature(resource: dict) -> str:
    """Which file a repair offer was made for: it changes when the file is replaced."""
    parts = [resource.get("url") or "", str(resource.get("last_modified") or resource.get("created") or ""),
             str(resource.get("size") or "")]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def state(resource_id: str) -> Optional[Dict[str, Any]]:
    """The last repair's state: status (running, done, error), kinds, started,
    finished, repaired (cells by kind), error (French); None before any repair."""
    with contextlib.suppress(OSError, ValueError):
        with open(os.path.join(_folder(resource_id), _STATE), encoding="utf-8") as handle:
            found = json.load(handle)
        if isinstance(found, dict):
            if found.get("status") == "running" and not _locked(resource_id):
                # the worker died without a word: say so rather than « en cours » for ever
                found = dict(found, status="error", error=tk._(
                    "La correction s'est interrompue ; le fichier n'a pas été modifié. "
                    "Vous pouvez la relancer."))
            return found
    return None


def _write_state(resource_id: str, values: Dict[str, Any]) -> None:
    folder = _folder(resource_id)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, _STATE)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(values, handle, ensure_ascii=False)
    os.replace(path + ".tmp", path)  # readers see the old state or the new, never half


def _lock_holder(resource_id: str) -> Optional[str]:
    """The id of the job holding the lock ('' while it is being queued); None: no lock."""
    try:
        with open(os.path.join(_folder(resource_id), _LOCK), encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        return None


def _job_alive(job_id: str) -> bool:
    return job_queue.status(job_id) in _ALIVE


def _locked(resource_id: str) -> bool:
    """A repair of this resource is queued or running (its RQ job says so, not a
    guessed delay: a repair may wait behind hours of validations)."""
    holder = _lock_holder(resource_id)
    if holder is None:
        return False
    if holder:
        return _job_alive(holder)
    with contextlib.suppress(OSError):
        age = datetime.datetime.now().timestamp() - os.path.getmtime(
            os.path.join(_folder(resource_id), _LOCK))
        return age < _ENQUEUE_SECONDS
    return False


def _claim(resource_id: str) -> bool:
    """Take the resource's repair lock; False when a live repair already holds it."""
    folder = _folder(resource_id)
    os.makedirs(folder, exist_ok=True)
    lock = os.path.join(folder, _LOCK)
    for _attempt in range(2):
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return True
        except FileExistsError:
            if _locked(resource_id):
                return False
            _drop(lock)  # its job died or finished without releasing it
    return False


def _hold(resource_id: str, job_id: str) -> None:
    path = os.path.join(_folder(resource_id), _LOCK)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(job_id)
    os.replace(path + ".tmp", path)


def _release(resource_id: str) -> None:
    _drop(os.path.join(_folder(resource_id), _LOCK))


def schema_of(resource: dict):
    """(schema version or None, header_mode) the stored report used for this resource."""
    from .catalogue import UnknownSchema
    from .model import ResourceValidation
    from .resource_schema import SchemaReferenceError
    from .resource_validation import declared_schema
    from .site_catalogue import catalogue

    row = ResourceValidation.get(resource["id"])
    version = None
    if row is not None and row.schema_name:
        with contextlib.suppress(UnknownSchema):
            version = catalogue().get(row.schema_name, row.schema_version)
    if version is None:
        with contextlib.suppress(SchemaReferenceError):
            _, version = declared_schema(resource)
    report = (row.as_dict()["report"] if row is not None else None) or {}
    return version, report


def check_repairable(resource: dict, version, report: Dict[str, Any], kinds: List[str]) -> None:
    """What can be told at once, before queueing: French tk.ValidationError otherwise."""
    if resource.get("url_type") != "upload":
        raise tk.ValidationError({"resource_id": [tk._(
            "Seul un fichier déposé sur la plateforme peut être corrigé ici ; un lien se corrige "
            "sur le site qui publie le fichier.")]})
    if version is None or not version.table_validatable:
        raise tk.ValidationError({"schema": [tk._(
            "Le schéma déclaré par cette ressource n'est pas dans le catalogue du site.")]})
    offered = {item.get("kind") for item in report.get("repairs") or [] if item.get("count")}
    if report and not offered.intersection(kinds):
        raise tk.ValidationError({"kinds": [tk._(
            "Aucune cellule à corriger avec les corrections choisies.")]})


def enqueue(resource: dict, kinds: List[str], user_name: str,
            signature: Optional[str] = None) -> Dict[str, Any]:
    """Queue the repair once: returns the state the report page will show.

    ``signature`` is the file the offer was shown for (file_signature); when the
    resource has another file since, the click came from an old page: nothing is
    queued. Auth is the caller's (the action) and is checked again in the job.
    """
    current = state(resource["id"])
    if signature and signature != file_signature(resource):
        return current or {"status": "done", "kinds": kinds}
    if not _claim(resource["id"]):
        return current or {"status": "running", "kinds": kinds}
    running = {"status": "running", "kinds": kinds, "started": _now_iso(), "user": user_name,
               "file": file_signature(resource)}
    _write_state(resource["id"], running)
    try:
        queued = job_queue.enqueue(job, [resource["id"], kinds, user_name, running["file"]],
                                   title=f"Correction automatique de la ressource {resource['id']}",
                                   what=tk._("la correction"), rq_kwargs={"timeout": _JOB_TIMEOUT})
        _hold(resource["id"], queued.id)
    except Exception:
        _write_state(resource["id"], dict(running, status="error", finished=_now_iso(), error=tk._(
            "La correction n'a pas pu être lancée ; le fichier n'a pas été modifié.")))
        _release(resource["id"])
        raise
    return running


def job(resource_id: str, kinds: List[str], user_name: str, signature: str) -> None:
    """Background job (RQ pickles it by name): the editor's repair, checked again here
    (their right may have gone since the click), the file untouched on any failure."""
    import ckan.model as model
    from rq import get_current_job

    current = get_current_job()
    holder = _lock_holder(resource_id)
    if current is not None and holder and holder != current.id:
        # another repair took over (this one was thought dead): its state is not ours
        log.warning("repair job %s of resource %s no longer holds its lock", current.id, resource_id)
        return
    started = state(resource_id) or {}
    done = {"status": "running", "kinds": kinds, "user": user_name, "file": signature,
            "started": started.get("started") or _now_iso()}
    context = {"user": user_name}
    try:
        try:
            tk.check_access("odl_resource_repair", dict(context), {"resource_id": resource_id})
            resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            raise tk.ValidationError({"resource_id": [tk._(
                "Vous n'avez plus le droit de modifier cette ressource : le fichier n'a pas été "
                "modifié.")]})
        if file_signature(resource) != signature:
            raise tk.ValidationError({"resource_id": [tk._(
                "Le fichier a été remplacé depuis que la correction a été demandée : il n'a pas "
                "été modifié. Relancez la correction depuis le nouveau rapport.")]})
        version, report = schema_of(resource)
        check_repairable(resource, version, report, kinds)
        result = apply(context, resource, version, kinds, report.get("header_mode"))
        done.update(status="done", finished=_now_iso(), repaired=result["repaired"],
                    original=result["original"]["number"])
    except tk.ValidationError as error:
        model.Session.rollback()
        messages = [str(m) for ms in (error.error_dict or {}).values()
                    for m in (ms if isinstance(ms, list) else [ms])]
        done.update(status="error", finished=_now_iso(), error=" ".join(messages))
    except Exception:
        log.exception("repair of resource %s failed", resource_id)
        model.Session.rollback()
        done.update(status="error", finished=_now_iso(), error=tk._(
            "Erreur interne pendant la correction : le fichier n'a pas été modifié."))
        _write_state(resource_id, done)
        _release(resource_id)
        raise
    _write_state(resource_id, done)
    _release(resource_id)


def _drop(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
