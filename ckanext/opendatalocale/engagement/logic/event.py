"""Event actions (registered through action.py): a territory's ateliers, hackathons,
open-data days and internal trainings, announced by its editors and admins, listed
per territory and platform-wide, and read by calendar programs as iCalendar feeds.
An event kept to the territory's members never reaches a public list or feed."""
from __future__ import annotations

import datetime
from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .. import events
from ..model import Event
from ...logic.navl import validated
from . import auth, event_auth, event_schema

__all__ = ["odl_event_create", "odl_event_show", "odl_event_list", "odl_event_update",
           "odl_event_delete"]

_FIELDS = ("title", "description", "kind", "starts_at", "ends_at", "place", "online_url",
           "audience", "registration_url", "visibility")


def _iso(value: Optional[datetime.datetime]) -> Optional[str]:
    return value.replace(tzinfo=datetime.timezone.utc).isoformat() if value else None


def _lang() -> str:
    # A page in English gets its dates in English; an API call or a job, in French.
    try:
        return tk.h.lang() or "fr"
    except (RuntimeError, AttributeError, TypeError):
        return "fr"


def event_dict(found: Event, context, territory: Optional[model.Group] = None) -> dict:
    territory = territory or model.Group.get(found.territory_id)
    return {
        "id": found.id,
        "territory": {"id": territory.id, "name": territory.name, "title": territory.title},
        "title": found.title, "description": found.description,
        "kind": found.kind, "kind_label": tk._(events.KINDS.get(found.kind, found.kind)),
        "starts_at": _iso(found.starts_at), "ends_at": _iso(found.ends_at),
        "starts_local": events.local_input(found.starts_at),
        "ends_local": events.local_input(found.ends_at),
        "when": events.when_text(found.starts_at, found.ends_at, _lang()),
        "place": found.place, "online_url": found.online_url, "audience": found.audience,
        "registration_url": found.registration_url,
        "visibility": found.visibility,
        "visibility_label": tk._(events.VISIBILITIES.get(found.visibility, found.visibility)),
        "created": _iso(found.created), "modified": _iso(found.modified),
        "may_edit": auth.may_answer(found.territory_id, context.get("user")),
    }


def _check_whole(values: dict) -> None:
    """What a field alone cannot say: where it happens, and that it ends after it starts."""
    errors = {}
    if not values.get("place") and not values.get("online_url"):
        errors["place"] = [tk._("Indiquez le lieu ou le lien de l'événement en ligne.")]
    try:
        events.check_span(values["starts_at"], values.get("ends_at"))
    except events.EventRefused as refused:
        errors["ends_at"] = [tk._(str(refused)).format(days=events.MAX_DAYS)]
    if errors:
        raise tk.ValidationError(errors)


def odl_event_create(context, data_dict):
    """Announce an event of a territory (``territory_id``: id or name): ``title``,
    ``kind`` (atelier, hackathon, journee, formation, autre), ``starts_at`` and
    ``ends_at`` (ISO 8601; without an offset, Paris time), ``place`` or
    ``online_url``, ``audience``, ``registration_url`` (http or https, never
    fetched), ``description``, ``visibility`` (publique, or membres: the territory's
    members alone see it). The territory's editors and admins."""
    data = validated(context, data_dict, event_schema.event_create(), auth="odl_event_create")
    territory = auth.active_territory(data["territory_id"])
    values = {key: data.get(key) for key in _FIELDS}
    values["visibility"] = values["visibility"] or events.PUBLIC
    for key in ("description", "place", "online_url", "audience", "registration_url"):
        values[key] = values[key] or ""
    _check_whole(values)
    now = datetime.datetime.utcnow()
    found = Event(territory_id=territory.id, created=now, modified=now, sequence=0,
                  created_by=auth._user_id(context), **values)
    model.Session.add(found)
    model.Session.commit()
    return event_dict(found, context, territory)


def odl_event_update(context, data_dict):
    """Change an event: the fields given change, the others are kept."""
    data = validated(context, data_dict, event_schema.event_update(), auth="odl_event_update")
    found = event_auth.event(data["id"])
    values = {key: getattr(found, key) for key in _FIELDS}
    values.update({key: data[key] for key in _FIELDS if key in data})
    for key in ("description", "place", "online_url", "audience", "registration_url"):
        values[key] = values[key] or ""
    _check_whole(values)
    changed = {key for key in _FIELDS if values[key] != getattr(found, key)}
    for key in changed:
        setattr(found, key, values[key])
    if changed:
        found.modified = datetime.datetime.utcnow()
        found.sequence = (found.sequence or 0) + 1
    model.Session.commit()
    return event_dict(found, context)


def odl_event_delete(context, data_dict):
    data = validated(context, data_dict, event_schema.event_delete(), auth="odl_event_delete")
    model.Session.delete(event_auth.event(data["id"]))
    model.Session.commit()
    return {"id": data["id"], "deleted": True}


@tk.side_effect_free
def odl_event_show(context, data_dict):
    data = validated(context, data_dict, event_schema.event_show(), auth="odl_event_show")
    return event_dict(event_auth.event(data["id"]), context)


def member_territory_ids(user: Optional[str]) -> set:
    """The active territories ``user`` belongs to, whatever the role."""
    user_obj = model.User.get(user) if user else None
    if user_obj is None:
        return set()
    rows = model.Session.query(model.Member.group_id).join(
        model.Group, model.Group.id == model.Member.group_id).filter(
        model.Member.table_name == "user", model.Member.table_id == user_obj.id,
        model.Member.state == "active", model.Group.is_organization.is_(True),
        model.Group.state == "active")
    return {row[0] for row in rows}


def _period(query, period: str, now: datetime.datetime):
    # An event under way is still "à venir" until it ends.
    end = sa.func.coalesce(Event.ends_at, Event.starts_at)
    if period == "passes":
        return query.filter(end < now).order_by(Event.starts_at.desc(), Event.id)
    if period == "tous":
        return query.order_by(Event.starts_at.desc(), Event.id)
    return query.filter(end >= now).order_by(Event.starts_at, Event.id)


def public_events(territory_id: Optional[str] = None):
    """Events anyone may see, of active territories: what a feed is made of."""
    query = model.Session.query(Event).join(model.Group, model.Group.id == Event.territory_id)\
        .filter(Event.visibility == events.PUBLIC, model.Group.state == "active")
    if territory_id:
        query = query.filter(Event.territory_id == territory_id)
    return query


@tk.side_effect_free
def odl_event_list(context, data_dict):
    """Events, a page at a time (``limit`` ≤ 100, ``offset``): ``period`` a_venir
    (the default: not ended yet, soonest first), passes (latest first) or tous.
    Filters: ``territory_id`` (id or name), ``kind``. Everyone sees the public
    events; a territory's members also see the ones kept to its members."""
    data = validated(context, data_dict, event_schema.event_list(), auth="odl_event_list")
    limit = min(data.get("limit", event_schema.DEFAULT_LIMIT), event_schema.MAX_LIMIT)
    offset = data.get("offset", 0)
    query = model.Session.query(Event).join(model.Group, model.Group.id == Event.territory_id)\
        .filter(model.Group.state == "active")
    if data.get("territory_id"):
        territory = auth.active_territory(data["territory_id"])
        query = query.filter(Event.territory_id == territory.id)
    if data.get("kind"):
        query = query.filter(Event.kind == data["kind"])
    user = context.get("user")
    if not (user and authz.is_sysadmin(user)):
        visible = Event.visibility == events.PUBLIC
        mine = member_territory_ids(user)
        if mine:
            visible = visible | Event.territory_id.in_(sorted(mine))
        query = query.filter(visible)
    query = _period(query, data.get("period", "a_venir"), datetime.datetime.utcnow())
    count = query.order_by(None).count()
    found = query.offset(offset).limit(limit).all()
    return {"count": count, "offset": offset, "limit": limit,
            "results": [event_dict(e, context) for e in found]}


def upcoming_public(context, territory, limit: int) -> list:
    """The next public events of a territory, for its public page."""
    query = _period(public_events(territory.id), "a_venir", datetime.datetime.utcnow())
    return [event_dict(e, context, territory) for e in query.limit(limit)]


def feed_events(territory_id: Optional[str] = None) -> list:
    """A feed's events: public ones ended less than FEED_PAST_DAYS ago or to come,
    in order of start."""
    since = datetime.datetime.utcnow() - datetime.timedelta(days=events.FEED_PAST_DAYS)
    return public_events(territory_id).filter(
        sa.func.coalesce(Event.ends_at, Event.starts_at) >= since).order_by(
        Event.starts_at, Event.id).limit(events.FEED_MAX_EVENTS).all()
