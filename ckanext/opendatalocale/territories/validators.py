"""Validators of the territory (organization) schema's own fields."""
from __future__ import annotations

import json

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import bbox

__all__ = ["odl_territory_reference", "odl_territory_references", "odl_territory_members_only",
           "odl_territory_name_not_reserved", "odl_territory_bbox"]


def _territory_name(reference: str, own_id) -> str:
    territory = model.Group.get(reference.strip())
    if territory is None or not territory.is_organization or territory.state != "active":
        raise tk.Invalid(tk._("Territoire inconnu : « %s ».") % reference)
    if own_id and territory.id == own_id:
        raise tk.Invalid(tk._("Un territoire ne peut pas se désigner lui-même."))
    return territory.name


def odl_territory_reference(key, data, errors, context):
    """A parent territory given by name or id, stored by name."""
    value = data.get(key)
    if value in (None, "") or value is tk.missing:
        return
    try:
        data[key] = _territory_name(str(value), data.get(("id",)))
    except tk.Invalid as error:
        errors[key].append(error.error)


def odl_territory_references(key, data, errors, context):
    """The territories accompanied (phase 3), after scheming_multiple_text's JSON list."""
    value = data.get(key)
    if value in (None, "") or value is tk.missing or errors[key]:
        return
    names = json.loads(value) if isinstance(value, str) and value.startswith("[") else value
    if isinstance(names, str):
        names = [part for part in names.split(",")]
    accompanied = []
    for reference in names:
        if not str(reference).strip():
            continue
        try:
            name = _territory_name(str(reference), data.get(("id",)))
        except tk.Invalid as error:
            errors[key].append(error.error)
            continue
        if name not in accompanied:
            accompanied.append(name)
    data[key] = json.dumps(accompanied)


def odl_territory_members_only(key, data, errors, context):
    """Output validator: the referent's contact is shown to the territory's members
    and sysadmins only; everyone else gets the field removed, also from the API."""
    if context.get("ignore_auth"):
        return
    user = context.get("user")
    territory_id = data.get(("id",))
    if user and territory_id and (
        authz.is_sysadmin(user)
        or authz.has_user_permission_for_group_or_org(territory_id, user, "read")
    ):
        return
    data.pop(key, None)


def odl_territory_name_not_reserved(value, context):
    """A territory named like a page of /territoires/ would have no reachable dashboard."""
    from .views import RESERVED_NAMES

    if isinstance(value, str) and value in RESERVED_NAMES:
        raise tk.Invalid(tk._(
            "L'adresse « %s » est réservée par une page du portail (/territoires/%s) : "
            "choisissez-en une autre.") % (value, value))
    return value


def odl_territory_bbox(value, context):
    """The territory's bounding box, stored as "W,S,E,N" (see bbox.py)."""
    if value in (None, "") or value is tk.missing:
        return value
    try:
        return bbox.normalise(value)
    except bbox.BBoxError as error:
        raise tk.Invalid(str(error))
