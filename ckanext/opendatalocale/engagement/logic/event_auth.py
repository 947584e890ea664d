"""Who may read and write a territory's events (registered through auth.py).

Sysadmins pass every check before these functions run (CKAN's check_access). The
territory's editors and admins announce its events; an event kept to the members
(an internal training) is seen by the territory's members alone.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ... import compat
from .. import events

__all__ = ["odl_event_create", "odl_event_show", "odl_event_list", "odl_event_update",
           "odl_event_delete"]


def event(reference):
    from ..model import Event
    found = compat.get_row(Event, str(reference or ""))
    territory = model.Group.get(found.territory_id) if found is not None else None
    # A deleted territory's events go with it, as its listing and feeds already drop them.
    if territory is None or territory.state != "active":
        raise tk.ObjectNotFound(tk._("Événement introuvable."))
    return found


def may_see_event(found, user) -> bool:
    from .auth import role_in
    return found.visibility == events.PUBLIC or role_in(found.territory_id, user) is not None


def _team(territory_id, user, message):
    from .auth import _allowed, may_answer
    return _allowed(may_answer(territory_id, user), message)


def odl_event_create(context, data_dict):
    from .auth import active_territory
    territory = active_territory(data_dict.get("territory_id"))
    return _team(territory.id, context.get("user"),
                 tk._("Seuls les éditeurs et administrateurs du territoire annoncent "
                      "ses événements."))


@tk.auth_allow_anonymous_access
def odl_event_show(context, data_dict):
    from .auth import _allowed
    return _allowed(may_see_event(event(data_dict.get("id")), context.get("user")),
                    tk._("Cet événement est réservé aux membres du territoire."))


@tk.auth_allow_anonymous_access
def odl_event_list(context, data_dict):
    # The action leaves out the events kept to members of a territory the caller is
    # not a member of.
    return {"success": True}


def odl_event_update(context, data_dict):
    return _team(event(data_dict.get("id")).territory_id, context.get("user"),
                 tk._("Seuls les éditeurs et administrateurs du territoire modifient "
                      "ses événements."))


def odl_event_delete(context, data_dict):
    return _team(event(data_dict.get("id")).territory_id, context.get("user"),
                 tk._("Seuls les éditeurs et administrateurs du territoire suppriment "
                      "ses événements."))
