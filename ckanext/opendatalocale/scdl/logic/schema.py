"""navl schemas of the SCDL actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def schema_show(not_empty, ignore_missing, unicode_safe):
    return {
        "id": [not_empty, unicode_safe],
        "version": [ignore_missing, unicode_safe],
    }


def schema_list():
    return {}


@tk.validator_args
def resource_validation_run(not_empty, unicode_safe, default, boolean_validator):
    return {
        "resource_id": [not_empty, unicode_safe],
        "async": [default(True), boolean_validator],
    }


@tk.validator_args
def resource_validation_by_resource(not_empty, unicode_safe):
    return {"resource_id": [not_empty, unicode_safe]}
