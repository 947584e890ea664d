"""Who may import: an editor or admin of a territory (each row's territory is checked
by the dry run), and only the person who checked an import sees and applies it.

Sysadmins pass every check before these functions run (CKAN's check_access)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ..model import BulkImport
from . import inventory_auth
from .inventory_auth import *  # noqa: F401,F403 (registered through __all__)
from . import kit_auth
from .kit_auth import *  # noqa: F401,F403 (registered through __all__)
from . import quality_auth
from .quality_auth import *  # noqa: F401,F403 (registered through __all__)

__all__ = ["odl_bulk_import_check", "odl_bulk_import_show", "odl_bulk_import_apply",
           "odl_bulk_import_list"]
__all__ += inventory_auth.__all__
__all__ += kit_auth.__all__
__all__ += quality_auth.__all__


def odl_bulk_import_check(context, data_dict):
    user = context.get("user")
    if user and authz.has_user_permission_for_some_org(user, "create_dataset"):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Seuls les éditeurs et les administrateurs d'un territoire importent des jeux de "
        "données.")}


def odl_bulk_import_show(context, data_dict):
    user = model.User.get(context.get("user") or "") if context.get("user") else None
    bulk = model.Session.get(BulkImport, str(data_dict.get("id") or ""))
    if bulk is None:
        raise tk.ObjectNotFound(tk._("Import introuvable."))
    if user is not None and bulk.requested_by == user.id:
        return {"success": True}
    return {"success": False, "msg": tk._("Seule la personne qui a vérifié cet import le voit "
                                          "et l'applique.")}


def odl_bulk_import_list(context, data_dict):
    # Anyone signed in may ask: the action lists only the caller's own imports.
    if context.get("user"):
        return {"success": True}
    return {"success": False, "msg": tk._("Connectez-vous pour voir vos imports.")}


def odl_bulk_import_apply(context, data_dict):
    allowed = odl_bulk_import_show(context, data_dict)
    if not allowed["success"]:
        return allowed
    return odl_bulk_import_check(context, data_dict)
