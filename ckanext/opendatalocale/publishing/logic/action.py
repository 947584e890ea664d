"""Bulk import actions: the dry run, reading an import back, applying it."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ... import job_queue
from ...logic.navl import validated
from .. import importer
from ..model import BulkImport
from . import inventory_action
from .inventory_action import *  # noqa: F401,F403 (registered through __all__)
from . import kit_action
from .kit_action import *  # noqa: F401,F403 (registered through __all__)
from . import quality_action
from .quality_action import *  # noqa: F401,F403 (registered through __all__)
from . import schema

__all__ = ["odl_bulk_import_check", "odl_bulk_import_show", "odl_bulk_import_apply",
           "odl_bulk_import_list"]
__all__ += inventory_action.__all__
__all__ += kit_action.__all__
__all__ += quality_action.__all__


def _user(context) -> model.User:
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Connectez-vous pour importer des jeux de données."))
    return user


def odl_bulk_import_check(context, data_dict):
    """Dry run: read the file, check every row, store and return the plan and the errors.
    Nothing is created or changed."""
    data = validated(context, data_dict, schema.bulk_import_check_schema(),
                     auth="odl_bulk_import_check")
    name = data.get("file_name") or getattr(data_dict.get("upload"), "filename", "") or ""
    return importer.dry_run(_user(context), data["upload"], name).as_dict()


@tk.side_effect_free
def odl_bulk_import_show(context, data_dict):
    data = validated(context, data_dict, schema.bulk_import_show_schema(),
                     auth="odl_bulk_import_show")
    return model.Session.get(BulkImport, data["id"]).as_dict()


@tk.side_effect_free
def odl_bulk_import_list(context, data_dict):
    """The caller's own latest imports, newest first (without their plans)."""
    data = validated(context, data_dict, schema.bulk_import_list_schema(),
                     auth="odl_bulk_import_list")
    imports = (model.Session.query(BulkImport)
               .filter(BulkImport.requested_by == _user(context).id)
               .order_by(BulkImport.checked_at.desc()).limit(data.get("limit", 10)))
    return [{key: value for key, value in bulk.as_dict().items()
             if key not in ("plan", "errors", "results")}
            | {"errors": len(bulk.errors or []), "rows": len(bulk.plan or [])}
            for bulk in imports]


def odl_bulk_import_apply(context, data_dict):
    """Queue the background job that applies a checked import free of errors."""
    data = validated(context, data_dict, schema.bulk_import_show_schema(),
                     auth="odl_bulk_import_apply")
    bulk = model.Session.get(BulkImport, data["id"])
    if bulk.state != "checked":
        raise tk.ValidationError({"id": [tk._("Cet import est déjà appliqué ou en cours.")]})
    if bulk.errors:
        raise tk.ValidationError({"id": [tk._(
            "Corrigez d'abord les erreurs du fichier, puis vérifiez-le de nouveau : un import "
            "ne s'applique qu'entier.")]})
    if not bulk.plan:
        raise tk.ValidationError({"id": [tk._("Ce fichier ne décrit aucun jeu à importer.")]})
    try:
        return importer.start(bulk).as_dict()
    except job_queue.QueueUnavailable as error:
        raise job_queue.refusal(error)
