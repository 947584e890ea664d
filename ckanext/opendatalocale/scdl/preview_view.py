"""The « Aperçu » resource view: a tabular file page by page, faulty cells marked.

The page reads the copy the platform keeps (remote_copy.open_copy: the upload
itself, or the copy the validation job fetched for a link), never the link:
a web request does not fetch a remote file. What a page shows is computed by
``preview.preview_page`` from the file and the stored report.
"""
from __future__ import annotations

import os
from typing import Any, Dict, Optional

import ckan.plugins.toolkit as tk

from .. import remote_copy, resource_views
from . import resource_schema
from .catalogue import UnknownSchema
from .model import ResourceValidation
from .preview import PAGE_SIZE, preview_page, whole_file_errors_unlisted
from .resource_validation import declared_schema
from .site_catalogue import catalogue

VIEW_TYPE = "odl_apercu"
# Formats validation reads as tables (a workbook is told by its bytes, not its name).
TABULAR_FORMATS = frozenset({"csv", "tsv", "txt", "xlsx", "xls", "ods"})


def info() -> dict:
    return {"name": VIEW_TYPE, "title": tk._("Aperçu"), "default_title": tk._("Aperçu"),
            "icon": "table", "iframed": False, "always_available": False,
            "preview_enabled": False}


def _format_of(resource: dict) -> str:
    declared = (resource.get("format") or "").strip().lower().lstrip(".")
    if declared:
        return declared
    path = (resource.get("url") or "").split("?")[0].split("#")[0]
    return os.path.splitext(path)[1].lower().lstrip(".")


def _schema_of(resource: dict):
    try:
        return declared_schema(resource)[1]
    except resource_schema.SchemaReferenceError:
        return None


def can_view(data_dict: dict) -> bool:
    """A table declaring a schema the site knows and can check a table against."""
    resource = data_dict.get("resource") or {}
    if not resource.get("schema") or _format_of(resource) not in TABULAR_FORMATS:
        return False
    version = _schema_of(resource)
    return version is not None and version.table_validatable


def _validated_schema(resource: dict, validation: Optional[ResourceValidation]):
    """The schema of the stored report (what its errors refer to), else the declared one."""
    if validation is not None and validation.schema_name:
        try:
            return catalogue().get(validation.schema_name, validation.schema_version)
        except (UnknownSchema, KeyError):
            pass
    return _schema_of(resource)


def _int_arg(name: str) -> Optional[int]:
    value = (tk.request.args.get(name) or "").strip()
    if not value.isdigit() or len(value) > 12:
        return None
    return int(value)


def _page_url(resource_view: dict, **params) -> str:
    """The current page (resource page or embedded view) with other paging parameters."""
    args = dict(tk.request.view_args or {})
    if "view_id" not in args and resource_view.get("id"):
        params["view_id"] = resource_view["id"]
    params = {key: value for key, value in params.items() if value not in (None, "", False)}
    return tk.h.url_for(tk.request.endpoint, **args, **params)


def template_variables(context: dict, data_dict: dict) -> Dict[str, Any]:
    """The page asked for, or a French reason why there is none (never an error page)."""
    resource = data_dict["resource"]
    resource_view = data_dict.get("resource_view") or {}
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else ""
    try:
        # CKAN checked the dataset; the view checks again before reading a byte.
        tk.check_access("resource_show", {"user": user}, {"id": resource["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return {"preview": None, "reason": tk._("Vous n'avez pas accès à cette ressource.")}
    validation = ResourceValidation.get(resource["id"])
    version = _validated_schema(resource, validation)
    if version is None or not version.table_validatable:
        return {"preview": None, "reason": tk._(
            "Le schéma déclaré par cette ressource n'est pas dans le catalogue du site.")}
    report = validation.as_dict()["report"] if validation is not None and validation.status in (
        "success", "failure") else None
    only_errors = tk.request.args.get("erreurs") == "1"
    start = _int_arg("debut") or _int_arg("ligne")
    try:
        with remote_copy.open_copy(resource) as stored:
            page = preview_page(stored, version, start=start, size=PAGE_SIZE,
                                only_errors=only_errors, report=report,
                                sheet=resource.get("sheet") or None)
    except remote_copy.CopyUnavailable as reason:
        return {"preview": None, "reason": str(reason)}
    total_rows = ((report or {}).get("stats") or {}).get("rows")
    first_shown = page.rows[0].number if page.rows else None
    previous = None
    if not only_errors and page.start > page.first_row:
        previous = _page_url(resource_view, debut=max(page.first_row, page.start - PAGE_SIZE))
    return {
        "preview": page,
        "reason": None,
        "schema_version": version,
        "validation_status": validation.status if validation is not None else None,
        "report_error_count": (report or {}).get("stats", {}).get("errors"),
        "whole_file_unlisted": whole_file_errors_unlisted(report),
        "only_errors": only_errors,
        "total_rows": total_rows,
        "last_row": (page.first_row + total_rows - 1) if total_rows else None,
        "first_shown": first_shown,
        "copy": remote_copy.copy_info(resource),
        "has_row_messages": any(row.messages for row in page.rows),
        "page_error_count": sum(len(c.messages) for row in page.rows for c in row.cells)
        + sum(len(row.messages) for row in page.rows),
        "first_url": _page_url(resource_view, erreurs="1" if only_errors else None)
        if page.start > page.first_row else None,
        "previous_url": previous,
        "next_url": _page_url(resource_view, debut=page.next_start,
                              erreurs="1" if only_errors else None) if page.next_start else None,
        "filter_url": _page_url(resource_view, erreurs="1"),
        "all_rows_url": _page_url(resource_view),
        "form_action": _page_url(resource_view).split("?")[0],
        "view_id": resource_view.get("id") if "view_id" not in (tk.request.view_args or {}) else None,
    }


def ensure_view(context: dict, resource: dict) -> None:
    """Add the view to a table with a schema (CKAN only adds ckan.views.default_views)."""
    resource_views.ensure(context, resource, VIEW_TYPE, tk._("Aperçu"), can_view)
