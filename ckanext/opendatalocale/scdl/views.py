"""Pages of the schema catalogue and of validation reports."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ..csrf import guard
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


@validation.route("/dataset/<id>/resource/<resource_id>/validation")
def report(id: str, resource_id: str):
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
    report_data = result.get("report") or {}
    return tk.render("scdl/validation_report.html", {
        "pkg_dict": dataset,
        "resource": resource,
        "validation": result,
        "schema_version": version,
        "summary": report_summary(report_data) if report_data else "",
        "groups": group_errors(report_data, version) if report_data else [],
        "warnings": [warning_message(w, version) for w in report_data.get("warnings", [])],
    })
