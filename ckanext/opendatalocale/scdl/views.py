"""Pages of the schema catalogue and of validation reports."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, send_file, stream_with_context

from .. import remote_copy
from ..csrf import guard
from ..csv_cells import csv_chunks
from . import repair_flow, repairs
from .catalogue import UnknownSchema
from .messages import group_errors, report_summary, warning_message
from .site_catalogue import catalogue
from .csv_templates import csv_template

schemas = guard(Blueprint("odl_schemas", __name__))
validation = guard(Blueprint("odl_validation", __name__))


def _schema_or_404(schema_id: str, version: str | None):
    try:
        return catalogue().get(schema_id, version or None)
    except UnknownSchema:
        return tk.abort(404, tk._("Schéma inconnu : {id}").format(id=schema_id))


@schemas.route("/schemas")
def index():
    listing = tk.get_action("odl_schema_list")({}, {})
    return tk.render("scdl/schema_index.html", {"schemas": listing})


@schemas.route("/schemas/<path:schema_id>")
def show(schema_id: str):
    version = tk.request.args.get("version")
    _schema_or_404(schema_id, version)
    data_dict = {"id": schema_id}
    if version:
        data_dict["version"] = version
    schema = tk.get_action("odl_schema_show")({}, data_dict)
    return tk.render("scdl/schema_read.html", {"schema": schema})


@schemas.route("/modele-csv/<path:schema_id>")
def template(schema_id: str):
    version = _schema_or_404(schema_id, tk.request.args.get("version"))
    if not version.table_validatable:
        return tk.abort(404, tk._("Ce schéma ne décrit pas un fichier CSV."))
    filename = f"modele-{version.id.split('/')[-1]}-{version.version}.csv"
    return Response(csv_template(version), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _validation_or_404(id: str, resource_id: str):
    """(context, dataset, resource, stored validation, its schema version or None) for
    a reader of the resource; 404 otherwise."""
    context = {"user": tk.current_user.name if tk.current_user else ""}
    try:
        dataset = tk.get_action("package_show")(dict(context), {"id": id})
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
        result = tk.get_action("resource_validation_show")(
            dict(context), {"resource_id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        # As CKAN does for private datasets: say nothing of what one may not see.
        return tk.abort(404, tk._("Aucun rapport de validation pour cette ressource."))
    if resource.get("package_id") != dataset["id"]:
        return tk.abort(404, tk._("Aucun rapport de validation pour cette ressource."))
    version = None
    if result.get("schema", {}).get("name"):
        try:
            version = catalogue().get(result["schema"]["name"], result["schema"].get("version"))
        except UnknownSchema:
            version = None
    return context, dataset, resource, result, version


@validation.route("/dataset/<id>/resource/<resource_id>/validation")
def report(id: str, resource_id: str, repair_errors=None):
    context, dataset, resource, result, version = _validation_or_404(id, resource_id)
    report_data = result.get("report") or {}
    repair_state = _repair_state(context, resource)
    offers = _repair_offers(context, resource, report_data, result.get("status"))
    return tk.render("scdl/validation_report.html", {
        "pkg_dict": dataset,
        "resource": resource,
        "validation": result,
        "schema_version": version,
        "summary": report_summary(report_data) if report_data else "",
        "groups": group_errors(report_data, version) if report_data else [],
        "warnings": [warning_message(w, version) for w in report_data.get("warnings", [])],
        # while a repair runs, its form is not offered again
        "repairs": [] if (repair_state or {}).get("status") == "running" else offers,
        "repair_file": repair_flow.file_signature(resource),
        "repair_state": repair_state,
        "originals": repair_flow.originals(resource_id),
        "repair_errors": repair_errors or [],
    })


def _repair_state(context, resource):
    """The last repair, with its kinds' titles, for those who may repair this resource."""
    try:
        found = tk.get_action("odl_resource_repair_status")(dict(context), {"resource_id": resource["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    if not found.get("status"):
        return None
    found["cells"] = sum((found.get("repaired") or {}).values())
    found["titles"] = [repairs.kind_title(code) for code in found.get("kinds") or []
                       if code in repairs.KIND_CODES]
    return found


def _repair_offers(context, resource, report_data, status):
    """The report's repair proposals, for those who may apply them to this upload."""
    if status != "failure" or resource.get("url_type") != "upload":
        return []
    try:
        tk.check_access("odl_resource_repair", dict(context), {"resource_id": resource["id"]})
    except tk.NotAuthorized:
        return []
    offers = []
    for proposal in report_data.get("repairs") or []:
        if proposal.get("kind") in repairs.KIND_CODES and proposal.get("count"):
            offers.append(dict(proposal, title=repairs.kind_title(proposal["kind"]),
                               explanation=repairs.kind_explanation(proposal["kind"])))
    return offers


@validation.route("/dataset/<id>/resource/<resource_id>/validation/corriger", methods=["POST"])
def repair(id: str, resource_id: str):
    """« Corriger automatiquement »: the chosen repairs, once confirmed, queued."""
    context = {"user": tk.current_user.name if tk.current_user else ""}
    form = tk.request.form
    kinds = form.getlist("kinds")
    if form.get("confirmer") != "1":
        return report(id, resource_id, repair_errors=[tk._(
            "Cochez la case de confirmation pour remplacer le fichier par sa version corrigée.")]), 400
    data_dict = {"resource_id": resource_id, "kinds": kinds}
    if form.get("fichier"):
        data_dict["file"] = form["fichier"]
    try:
        dataset = tk.get_action("package_show")(dict(context), {"id": id})
        tk.get_action("odl_resource_repair")(dict(context), data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404, tk._("Aucun rapport de validation pour cette ressource."))
    except tk.ValidationError as error:
        messages = [m for ms in (error.error_dict or {}).values()
                    for m in (ms if isinstance(ms, list) else [ms])]
        return report(id, resource_id, repair_errors=[str(m) for m in messages]), 400
    # The report page says where the repair stands (running, done or its error).
    return tk.redirect_to("odl_validation.report", id=dataset["name"], resource_id=resource_id)


@validation.route("/dataset/<id>/resource/<resource_id>/version-origine/<int:number>")
def original(id: str, resource_id: str, number: int):
    """A file a repair replaced, for those who may read the resource."""
    context = {"user": tk.current_user.name if tk.current_user else ""}
    try:
        dataset = tk.get_action("package_show")(dict(context), {"id": id})
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404, tk._("Fichier introuvable."))
    path = repair_flow.original_path(resource_id, number)
    kept = [item for item in repair_flow.originals(resource_id) if item["number"] == number]
    if resource.get("package_id") != dataset["id"] or path is None or not kept:
        return tk.abort(404, tk._("Fichier introuvable."))
    name = kept[0].get("name") or f"version-{number}"
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:120] or f"version-{number}"
    return send_file(path, as_attachment=True, download_name=f"origine-{number}-{safe}",
                     mimetype="application/octet-stream")


@validation.route("/dataset/<id>/resource/<resource_id>/validation/erreurs.csv")
def errors_csv(id: str, resource_id: str):
    """Every error of the file, one a line, with the suggested value: for fixing a big
    file in a spreadsheet. Read from the stored copy, streamed as it is written."""
    _context, _dataset, resource, result, version = _validation_or_404(id, resource_id)
    if version is None or result.get("status") not in ("success", "failure"):
        return tk.abort(404, tk._("Aucun rapport de validation pour cette ressource."))
    header = [tk._(title) for title in repairs.ERROR_COLUMNS]

    def chunks():
        try:
            with remote_copy.open_copy(resource) as stored:
                rows = repairs.error_rows(stored, version, result.get("report") or {},
                                          sheet=resource.get("sheet") or None)
                yield from csv_chunks(header, rows)
        except remote_copy.CopyUnavailable as reason:
            yield from csv_chunks(header, [["", "", "", str(reason), ""]])

    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in (resource.get("name") or "")
                   )[:60] or "ressource"
    return Response(stream_with_context(chunks()), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="erreurs-{name}.csv"'})
