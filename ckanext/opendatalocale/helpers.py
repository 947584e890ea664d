"""Template helpers shared by the suite's plugins."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import display
from .home import (odl_home_canteen_weeks, odl_home_data_requests, odl_home_funnel,
                   odl_home_latest_datasets)
from .scdl import resource_schema
from .scdl.i18n import N_
from .scdl.site_catalogue import catalogue

__all__ = [
    "odl_number",
    "odl_money",
    "odl_percent",
    "odl_date",
    "odl_moment",
    "odl_dataset_url",
    "odl_colon",
    "odl_format_population",
    "odl_schema_choices",
    "odl_schema_title",
    "odl_schema_reference_value",
    "odl_schema_version_of",
    "odl_validation_badge",
    "odl_dataset_validation_status",
    "odl_endpoint_exists",
    "odl_home_latest_datasets",
    "odl_home_funnel",
    "odl_home_canteen_weeks",
    "odl_home_data_requests",
]

def odl_number(value: Any, decimals: int | None = None) -> str:
    return display.number(value, tk.h.lang(), decimals)


def odl_money(value: Any) -> str:
    return display.money(value, tk.h.lang())


def odl_percent(value: Any, decimals: int = 0, share: bool = False) -> str:
    return display.percent(value, tk.h.lang(), decimals, share)


def odl_date(value: Any, long: bool = True) -> str:
    return display.date(value, tk.h.lang(), long)


def odl_moment(value: Any) -> str:
    return display.moment(value, tk.h.lang())


def odl_colon() -> str:
    return display.colon(tk.h.lang())


def odl_dataset_url(dataset: dict) -> str:
    """The dataset's page under its type's route; /dataset/ when that type's plugin is
    not enabled here (a canteen listed on a site that left the menus plugin out)."""
    from werkzeug.routing import BuildError

    try:
        return tk.h.url_for(f"{dataset.get('type') or 'dataset'}.read", id=dataset["name"])
    except BuildError:
        return tk.h.url_for("dataset.read", id=dataset["name"])


def odl_format_population(population: Any) -> str:
    return display.number(population, tk.h.lang()) if population not in (None, "") else ""


def odl_schema_choices(schema_id: str | None = None) -> list[dict[str, str]]:
    """Select options: every version of every table schema (or of one), latest first."""
    options = []
    for info in catalogue().list():
        if not info.table_validatable or (schema_id and info.id != schema_id):
            continue
        for version in reversed(info.versions):
            options.append({"value": f"{info.id}@{version.version}",
                            "text": f"{version.title} ({version.version})"})
    return options


def odl_schema_title(schema_id: str) -> str:
    """The schema's title (« Subventions »), its id when the catalogue does not know it."""
    try:
        return catalogue().info(schema_id).title
    except KeyError:  # UnknownSchema
        return schema_id


def odl_schema_version_of(value: Any):
    try:
        return resource_schema.resolve(resource_schema.parse_reference(value), catalogue())
    except resource_schema.SchemaReferenceError:
        return None


def odl_schema_reference_value(value: Any) -> str:
    version = odl_schema_version_of(value)
    return f"{version.id}@{version.version}" if version else ""


_BADGES = {
    "success": ("success", N_("valide")),
    "failure": ("failure", N_("invalide")),
    "running": ("running", N_("en cours")),
    "error": ("error", N_("erreur")),
}


def odl_validation_badge(status: str | None) -> dict[str, str] | None:
    """CSS modifier and French label of a validation status, None if unknown."""
    if status not in _BADGES:
        return None
    modifier, label = _BADGES[status]
    return {"modifier": modifier, "label": tk._(label)}


# The worst verdict wins: one invalid file makes the dataset "invalide".
_SEVERITY = ["success", "running", "error", "failure"]


def odl_dataset_validation_status(dataset: dict) -> str | None:
    statuses = [r.get("validation_status") for r in dataset.get("resources", [])
                if r.get("validation_status") in _SEVERITY]
    return max(statuses, key=_SEVERITY.index) if statuses else None


def odl_endpoint_exists(endpoint: str) -> bool:
    """Whether a route is registered: menus link only the plugins a site enabled."""
    from flask import current_app

    return endpoint in current_app.view_functions
