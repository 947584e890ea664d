"""Who may read the catalogue and run or read validations."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = [
    "odl_schema_list",
    "odl_schema_show",
    "resource_validation_run",
    "resource_validation_show",
    "resource_validation_delete",
    "odl_resource_repair",
    "odl_resource_repair_status",
]


@tk.auth_allow_anonymous_access
def odl_schema_list(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def odl_schema_show(context, data_dict):
    return {"success": True}


def _can(action, context, resource_id):
    try:
        tk.check_access(action, dict(context), {"id": resource_id})
    except tk.NotAuthorized:
        return {"success": False,
                "msg": tk._("Vous n'avez pas le droit d'agir sur cette ressource.")}
    return {"success": True}


def resource_validation_run(context, data_dict):
    return _can("resource_update", context, data_dict.get("resource_id"))


@tk.auth_allow_anonymous_access
def resource_validation_show(context, data_dict):
    # A report shows cell values: only those who may read the resource see it.
    return _can("resource_show", context, data_dict.get("resource_id"))


def resource_validation_delete(context, data_dict):
    return _can("resource_update", context, data_dict.get("resource_id"))


def odl_resource_repair(context, data_dict):
    # A repair replaces the resource's file: whoever may update the resource.
    return _can("resource_update", context, data_dict.get("resource_id"))


def odl_resource_repair_status(context, data_dict):
    # The state names the kinds and counts of a file being replaced: its editors'.
    return _can("resource_update", context, data_dict.get("resource_id"))
