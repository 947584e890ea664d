"""navl schemas of the bulk import actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _file_content(value, context):
    """The uploaded file's bytes (a form's file, or bytes given by Python code), at most
    the configured size: the dry run reads it in the web request."""
    limit = tk.config.get("ckanext.opendatalocale.publishing.max_bytes")
    if isinstance(value, (bytes, bytearray)):
        content = bytes(value)
    elif hasattr(value, "read"):
        content = value.read(limit + 1)
    else:
        raise tk.Invalid(tk._("Choisissez le fichier à importer (CSV, XLSX ou ODS)."))
    if not content:
        raise tk.Invalid(tk._("Le fichier envoyé est vide."))
    if len(content) > limit:
        raise tk.Invalid(tk._("Le fichier dépasse {limit} Mo : découpez-le en plusieurs imports.")
                         .format(limit=round(limit / 1024 / 1024, 1)))
    return content


@tk.validator_args
def bulk_import_check_schema(ignore_missing, unicode_safe):
    # _file_content says in French that the file is missing (CKAN's not_missing would not).
    return {"upload": [_file_content],
            "file_name": [ignore_missing, unicode_safe]}


@tk.validator_args
def bulk_import_list_schema(ignore_missing, natural_number_validator, int_validator):
    def at_most_50(value, context):
        if isinstance(value, int) and value > 50:
            raise tk.Invalid(tk._("Au plus {limit}.").format(limit=50))
        return value
    return {"limit": [ignore_missing, int_validator, natural_number_validator, at_most_50]}


@tk.validator_args
def bulk_import_show_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
