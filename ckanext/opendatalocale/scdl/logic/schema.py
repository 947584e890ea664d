"""navl schemas of the SCDL actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _v(name):
    return tk.get_validator(name)


def schema_show():
    return {
        "id": [_v("not_empty"), _v("unicode_safe")],
        "version": [_v("ignore_missing"), _v("unicode_safe")],
    }


def schema_list():
    return {}


def resource_validation_run():
    return {
        "resource_id": [_v("not_empty"), _v("unicode_safe")],
        "async": [_v("default")(True), _v("boolean_validator")],
    }


def resource_validation_by_resource():
    return {"resource_id": [_v("not_empty"), _v("unicode_safe")]}
