"""Bulk import on the site: the dry run (in the web request) and its application (in a
background job, row by row, progress written to the import's row).

The dry run reads the file (rows.py) against what the site knows and stores the plan;
applying it never reads the file again. Each row is one package_create or
package_update call, resources included: CKAN validates the whole dict before it writes,
so a row that fails writes nothing, and the rows before it stay. A dataset is found again
by its `identifier` inside the row's territory, looked up again when the job applies the
row: importing the same file twice updates, never duplicates. Resource URLs are stored
as links; nothing here fetches them (the suite's validation job does, through fetch.py).
"""
from __future__ import annotations

import json
import logging
import os
import traceback
from typing import Dict, Iterable, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

import ckan.authz as authz
import sqlalchemy as sa
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.munge import munge_title_to_name

from .. import job_queue
from ..logic.validators import odl_insee_code
from ..scdl.site_catalogue import catalogue
from . import rows as import_rows
from .model import BulkImport, _utcnow

log = logging.getLogger(__name__)

_PRESETS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schemas", "presets.json")


def _frequencies() -> Dict[str, str]:
    """Folded French and English labels, EU codes and URIs -> the frequency URI."""
    with open(_PRESETS, encoding="utf-8") as handle:
        presets = json.load(handle)["presets"]
    choices = next(p for p in presets if p["preset_name"] == "frequency")["values"]["choices"]
    known = {}
    for choice in choices:
        uri = choice["value"]
        labels = choice.get("label") or {}
        for key in [uri, uri.rsplit("/", 1)[-1], *(labels.values() if isinstance(labels, dict)
                                                   else [labels])]:
            known[import_rows.fold(key)] = uri
    return known


def _licences() -> Dict[str, str]:
    known = {}
    for licence in tk.get_action("license_list")({"ignore_auth": True}, {}):
        known[import_rows.fold(licence.get("title") or "")] = licence["id"]
        known[import_rows.fold(licence["id"])] = licence["id"]
    known.pop("", None)
    return known


def _territories(user: model.User) -> Dict[str, import_rows.Territory]:
    editable = {org["id"] for org in tk.get_action("organization_list_for_user")(
        {"user": user.name}, {"id": user.id, "permission": "create_dataset"})}
    found: Dict[str, import_rows.Territory] = {}
    organizations = model.Session.query(model.Group).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active").all()
    # Names win over titles that fold the same way: titles go in first.
    for key in ("title", "id", "name"):
        for organization in organizations:
            territory = import_rows.Territory(
                id=organization.id, name=organization.name,
                title=organization.title or organization.name,
                editable=user.sysadmin or organization.id in editable)
            value = import_rows.fold(getattr(organization, key) or "")
            if value:
                found[value] = territory
    return found


def _spatial(value: str) -> Tuple[Optional[str], Optional[str]]:
    try:
        return odl_insee_code(value, {}), None
    except tk.Invalid as error:
        return None, str(error.error)


def lookups(user: model.User) -> import_rows.Lookups:
    return import_rows.Lookups(licences=_licences(), frequencies=_frequencies(),
                               territories=_territories(user), catalogue=catalogue(),
                               spatial=_spatial)


def existing_datasets(territory_ids: Iterable[str], identifiers: Iterable[str]
                      ) -> Dict[Tuple[str, str], List[str]]:
    """(territory id, identifier) -> ids of its datasets (active or draft) with it."""
    territory_ids, identifiers = list(set(territory_ids)), list(set(identifiers))
    if not territory_ids or not identifiers:
        return {}
    if hasattr(model, "PackageExtra"):  # CKAN 2.11: one row an extra
        value = model.PackageExtra.value
        query = model.Session.query(model.Package.owner_org, value, model.Package.id).join(
            model.PackageExtra, (model.PackageExtra.package_id == model.Package.id)
            & (model.PackageExtra.key == "identifier"))
    else:  # CKAN 2.12: a JSONB column of extras
        value = model.Package.extras["identifier"].astext
        query = model.Session.query(model.Package.owner_org, value, model.Package.id)
    found: Dict[Tuple[str, str], List[str]] = {}
    for start in range(0, len(identifiers), 500):
        page = query.filter(model.Package.owner_org.in_(territory_ids),
                            model.Package.state.in_(["active", "draft"]),
                            value.in_(identifiers[start:start + 500]))
        for owner, identifier, package_id in page:
            found.setdefault((owner, identifier), []).append(package_id)
    return found


def dry_run(user: model.User, content: bytes, file_name: str) -> BulkImport:
    """Check the file and store what applying it would do; nothing else is written."""
    errors: List[dict] = []
    plan: List[dict] = []
    try:
        labels, table = import_rows.read_table(
            content, tk.config.get("ckanext.opendatalocale.publishing.max_rows"))
        checked = import_rows.check(labels, table, lookups(user))
        errors = [error.as_dict() for error in checked.errors]
        planned_rows = checked.rows
    except import_rows.ImportFileError as error:
        errors = [{"row": 0, "column": "", "column_title": "", "message": error.message}]
        planned_rows = []
    existing = existing_datasets([row.territory.id for row in planned_rows],
                                 [row.identifier for row in planned_rows])
    for planned in planned_rows:
        found = existing.get((planned.territory.id, planned.identifier), [])
        if len(found) > 1:
            errors.append(import_rows.RowError(planned.row, "identifiant", tk._(
                "Plusieurs jeux du territoire portent déjà l'identifiant « {identifier} » : "
                "l'import ne sait pas lequel mettre à jour.").format(
                    identifier=planned.identifier)).as_dict())
            continue
        dataset = model.Package.get(found[0]) if found else None
        if dataset is not None and not authz.is_authorized_boolean(
                "package_update", {"user": user.name, "model": model, "auth_user_obj": user},
                {"id": dataset.id}):
            errors.append(import_rows.RowError(planned.row, "identifiant", tk._(
                "Le jeu « {title} » porte cet identifiant et vous ne pouvez pas le modifier.")
                .format(title=dataset.title or dataset.name)).as_dict())
            continue
        plan.append(dict(planned.as_dict(), action="update" if dataset else "create",
                         dataset=dataset.name if dataset else None))
    errors.sort(key=lambda error: error["row"])
    bulk = BulkImport(requested_by=user.id, file_name=file_name[:200], state="checked",
                      plan=plan, errors=errors, total=len(plan))
    model.Session.add(bulk)
    model.Session.commit()
    return bulk


def start(bulk: BulkImport) -> BulkImport:
    """Queue the import; ``job_queue.QueueUnavailable`` (Redis down) leaves it "checked",
    to be applied again, never "queued" with no job to run it."""
    bulk.state, bulk.done = "queued", 0
    model.Session.commit()
    try:
        job_queue.enqueue(job, [bulk.id], title="odl: import de jeux de données",
                          what=tk._("l'import"))
    except job_queue.QueueUnavailable:
        bulk.state = "checked"
        model.Session.commit()
        raise
    return bulk


def job(import_id: str) -> None:
    run(import_id)


def _free_name(title: str, identifier: str) -> str:
    base = (munge_title_to_name(title) or munge_title_to_name(identifier) or "jeu")[:90]
    name, suffix = base, 1
    while model.Session.query(model.Package.id).filter(model.Package.name == name).first():
        suffix += 1
        name = f"{base}-{suffix}"
    return name


_FORMATS = {"csv": "CSV", "json": "JSON", "geojson": "GeoJSON", "xlsx": "XLSX", "xls": "XLS",
            "ods": "ODS", "pdf": "PDF", "xml": "XML", "zip": "ZIP", "txt": "TXT"}


def _resource(url: str, schema: Optional[dict]) -> dict:
    path = unquote(urlsplit(url).path.rstrip("/"))
    last = path.rsplit("/", 1)[-1]
    resource = {"url": url, "name": last or url,
                "format": _FORMATS.get(last.rsplit(".", 1)[-1].lower(), "") if "." in last else ""}
    if schema:
        resource["schema"] = schema
    return resource


def apply_row(entry: dict, user: model.User) -> Tuple[str, str]:
    """Create or update the row's dataset in one action call: ("created"|"updated", name)."""
    context = {"user": user.name, "auth_user_obj": user}
    # Two imports applied at once that carry the same new identifier: the second waits
    # here until the first one's package_create commits (which releases the lock), then
    # finds its dataset and updates it instead of creating a twin.
    model.Session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                          {"key": f"odl_bulk_import:{entry['territory_id']}:{entry['identifier']}"})
    found = existing_datasets([entry["territory_id"]], [entry["identifier"]]).get(
        (entry["territory_id"], entry["identifier"]), [])
    if len(found) > 1:
        raise tk.ValidationError({"identifiant": [tk._(
            "Plusieurs jeux du territoire portent déjà cet identifiant.")]})
    resources = [_resource(url, entry.get("schema")) for url in entry["urls"]]
    if not found:
        data = dict(entry["fields"], owner_org=entry["territory_id"], resources=resources,
                    name=_free_name(entry["title"], entry["identifier"]))
        created = tk.get_action("package_create")(context, data)
        return "created", created["name"]
    current = tk.get_action("package_show")(dict(context), {"id": found[0]})
    by_url = {resource["url"]: resource for resource in current.get("resources", [])}
    kept = []
    for resource in resources:
        known = by_url.pop(resource["url"], None)
        if known is None:
            kept.append(resource)
        else:
            kept.append(dict(known, schema=resource["schema"]) if "schema" in resource else known)
    # A resource the file does not list stays: an import never deletes data.
    kept.extend(by_url.values())
    data = dict(current, **entry["fields"], resources=kept)
    updated = tk.get_action("package_update")(context, data)
    return "updated", updated["name"]


def _failure_text(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        parts = []
        for field_name, messages in (error.error_dict or {}).items():
            if isinstance(messages, list):
                flat = [m if isinstance(m, str) else json.dumps(m, ensure_ascii=False)
                        for m in messages]
                parts.append(f"{field_name} : {' '.join(flat)}")
            else:
                parts.append(f"{field_name} : {json.dumps(messages, ensure_ascii=False)}")
        return tk._("Refusé par le site : {details}").format(details="; ".join(parts))[:1000]
    if isinstance(error, tk.NotAuthorized):
        return tk._("Vous n'avez plus le droit de publier ce jeu dans ce territoire.")
    return tk._("Erreur inattendue ; rien n'a été écrit pour cette ligne.")


def run(import_id: str) -> None:
    bulk = model.Session.get(BulkImport, import_id)
    if bulk is None or bulk.state != "queued":
        log.warning("Import %s introuvable ou déjà appliqué", import_id)
        return
    user = model.Session.get(model.User, bulk.requested_by)
    bulk.state, bulk.started, bulk.done, bulk.total = "running", _utcnow(), 0, len(bulk.plan)
    model.Session.commit()
    results: List[dict] = []
    try:
        for entry in list(bulk.plan):
            try:
                outcome, name = apply_row(entry, user)
                results.append({"row": entry["row"], "outcome": outcome, "dataset": name,
                                "title": entry["title"]})
            except Exception as error:  # one row's failure leaves the others to go on
                model.Session.rollback()
                if not isinstance(error, (tk.ValidationError, tk.NotAuthorized,
                                          tk.ObjectNotFound)):
                    log.exception("Import %s, ligne %s", import_id, entry["row"])
                results.append({"row": entry["row"], "outcome": "failed", "dataset": None,
                                "title": entry["title"], "message": _failure_text(error)})
            bulk = model.Session.get(BulkImport, import_id)
            bulk.done += 1
            bulk.results = list(results)
            model.Session.commit()
        bulk.state, bulk.finished = "finished", _utcnow()
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        log.exception("Import %s en échec", import_id)
        bulk = model.Session.get(BulkImport, import_id)
        bulk.state, bulk.finished = "failed", _utcnow()
        bulk.results = list(results)
        bulk.message = traceback.format_exc(limit=3)[-2000:]
        model.Session.commit()
