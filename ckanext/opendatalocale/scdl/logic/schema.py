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


def _repair_kinds(value, context=None):
    """A list of repair codes (one text or several); unknown codes refused in French."""
    from ..repairs import KIND_CODES

    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise tk.Invalid(tk._("Choisissez au moins une correction."))
    unknown = [v for v in value if v not in KIND_CODES]
    if unknown:
        raise tk.Invalid(tk._("Correction inconnue : {kinds}").format(kinds=", ".join(unknown[:5])))
    return list(dict.fromkeys(value))


@tk.validator_args
def resource_repair(not_empty, unicode_safe, ignore_missing):
    # file: the signature of the file the offer was shown for (a click on an old page)
    return {"resource_id": [not_empty, unicode_safe], "kinds": [not_empty, _repair_kinds],
            "file": [ignore_missing, unicode_safe]}
