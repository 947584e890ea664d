"""Who may touch harvest sources and their placements (opendatalocale_harvest).

Sysadmins pass every check before these functions run (CKAN's check_access), so a
function that answers False here reserves the action to them."""
from __future__ import annotations

import json

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan import model

from .. import harvesting

__all__ = ["package_create", "package_update", "odl_territory_harvest_sources",
           "odl_harvest_placement_list", "odl_harvest_placement_assign"]


def _flagged(config) -> bool:
    if isinstance(config, str):
        try:
            config = json.loads(config) if config.strip() else {}
        except ValueError:
            return False
    return isinstance(config, dict) and (harvesting.is_platform_config(config)
                                         or harvesting.SOURCE_MAPPING in config)


_PLATFORM_ONLY = ("« territory_by_publisher » et « publisher_territories » font d'une "
                  "source de moissonnage une source de plateforme, qui range des jeux de "
                  "données dans d'autres territoires que le sien : seul un administrateur "
                  "de la plateforme la crée ou la modifie.")


@tk.chained_auth_function
def package_create(next_auth, context, data_dict):
    """A territory's admin creates a source for its own catalogue, never one that
    places datasets in other territories."""
    data_dict = data_dict or {}
    if data_dict.get("type") == "harvest" and _flagged(data_dict.get("config")):
        return {"success": False, "msg": tk._(_PLATFORM_ONLY)}
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_update(next_auth, context, data_dict):
    """Nor turns its source into one, nor edits or clears (harvest_source_clear comes
    here) a platform-level source of its organization."""
    data_dict = data_dict or {}
    package = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    if package is not None and package.type == "harvest":
        if _flagged(data_dict.get("config")) or harvesting.is_platform_config(
                harvesting.source_config(package.id)):
            return {"success": False, "msg": tk._(_PLATFORM_ONLY)}
    return next_auth(context, data_dict)


def _editor_of(context, organization_id) -> bool:
    user = context.get("user")
    return bool(user and organization_id and authz.has_user_permission_for_group_or_org(
        organization_id, user, "create_dataset"))


def odl_territory_harvest_sources(context, data_dict):
    """Its sources, their runs and errors: the territory's editors and admins (who may
    edit those sources in ckanext-harvest)."""
    territory = model.Group.get((data_dict or {}).get("id") or "")
    if territory is not None and _editor_of(context, territory.id):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Les sources de moissonnage d'un territoire sont visibles par ses éditeurs et "
        "administrateurs.")}


def odl_harvest_placement_list(context, data_dict):
    """The datasets a source could not place: the source's owners (they hold them,
    private) and sysadmins."""
    source = model.Package.get((data_dict or {}).get("source_id") or "")
    if source is not None and source.type == "harvest" and _editor_of(context, source.owner_org):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Les jeux non rattachés d'une source sont visibles par les éditeurs et "
        "administrateurs de l'organisation qui la possède.")}


def odl_harvest_placement_assign(context, data_dict):
    return {"success": False, "msg": tk._(
        "Seul un administrateur de la plateforme rattache un jeu moissonné à un territoire.")}
