"""Applying the repair engine to a resource, in CKAN: « Corriger automatiquement ».

The validation job stores, with its report, what each mechanical repair would
change (``proposals``). An editor then chooses repairs and confirms; the
corrected file becomes the resource's new upload through ``resource_patch``
(CKAN's own checks and hooks: the new file is validated again in the
background) and the file it replaces is kept in the suite's storage, where
those who may read the resource can download it. Only uploads are repaired: a
link's file belongs to the site it points to.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import tempfile
from typing import Any, Dict, List, Optional

import ckan.plugins.toolkit as tk

from .. import remote_copy
from . import repairs

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
            if name.endswith(".json"):
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


def _drop(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
