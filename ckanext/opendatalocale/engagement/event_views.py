"""Event pages, on the engagement blueprint (views.py imports this module):
/evenements (every territory's), /territoires/<name>/evenements (one territory's),
their iCalendar feeds (.ics), an event's page, and the forms of the territory's team.
Every form goes through the blueprint's CSRF guard. Feeds hold public events only,
whoever asks: a feed's address is shared and subscribed to, never tied to a session.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
import flask

from . import events, request_states
from .logic import auth, event_schema
from .logic.event import feed_events
from .views import _allowed, _call, _context, _page_number, _page_size, engagement

_FORM_FIELDS = ("title", "kind", "starts_at", "ends_at", "place", "online_url", "audience",
                "registration_url", "description", "visibility")


def _listing_page(territory, period, template_data=None):
    page = _page_number()
    data = {"period": period, "limit": _page_size(), "offset": (page - 1) * _page_size()}
    if territory:
        data["territory_id"] = territory["id"]
    listing = _call("odl_event_list", data)
    page, _, page_count = request_states.page_bounds(listing["count"], page, _page_size())
    return tk.render("engagement/events.html", dict({
        "territory": territory, "listing": listing, "period": period, "page": page,
        "page_count": page_count,
        "may_create": bool(territory) and _allowed("odl_event_create",
                                                   {"territory_id": territory["id"]}),
    }, **(template_data or {})))


def _period() -> str:
    return "passes" if tk.request.args.get("periode") == "passes" else "a_venir"


@engagement.route("/evenements")
def events_page():
    return _listing_page(None, _period())


@engagement.route("/territoires/<name>/evenements")
def territory_events_page(name):
    territory = _call("odl_territory_public_show", {"id": name})["territory"]
    return _listing_page(territory, _period())


def _feed(territory=None):
    tk.check_access("odl_event_list", _context(), {})
    host = urlsplit(str(tk.config.get("ckan.site_url") or "")).hostname or "opendatalocale"
    titles = {}
    rows = []
    for found in feed_events(territory.id if territory else None):
        if found.territory_id not in titles:
            owner = territory or auth.active_territory(found.territory_id)
            titles[found.territory_id] = owner.title or owner.name
        rows.append(events.CalendarEvent(
            # The event's id never changes: a calendar program recognises it on every
            # refresh, whatever was edited.
            uid=f"{found.id}@{host}", title=found.title, description=found.description,
            kind=found.kind, starts=found.starts_at, ends=found.ends_at, place=found.place,
            online_url=found.online_url, audience=found.audience,
            registration_url=found.registration_url,
            page_url=tk.h.url_for("odl_engagement.event_read", event_id=found.id,
                                  _external=True),
            territory=titles[found.territory_id], created=found.created,
            modified=found.modified, sequence=found.sequence or 0))
    if territory:
        name = tk._("Événements de {title}").format(title=territory.title or territory.name)
        page = tk.h.url_for("odl_engagement.territory_events_page", name=territory.name,
                            _external=True)
    else:
        name = tk._("Événements des territoires · {site}").format(site=tk.config.get(
            "ckan.site_title") or "")
        page = tk.h.url_for("odl_engagement.events_page", _external=True)
    body = events.calendar(rows, name=name, url=page)
    response = flask.Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response


@engagement.route("/evenements.ics")
def events_feed():
    return _feed()


@engagement.route("/territoires/<name>/evenements.ics")
def territory_events_feed(name):
    try:
        territory = auth.active_territory(name)
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error))
    return _feed(territory)


def _form_page(territory, form, errors, event=None):
    return tk.render("engagement/event_form.html", {
        "territory": territory, "form": form, "errors": errors or {}, "event": event,
        "kinds": events.KINDS, "visibilities": events.VISIBILITIES,
        "limits": {"title": event_schema.TITLE_MAX, "description": event_schema.DESCRIPTION_MAX,
                   "place": event_schema.PLACE_MAX, "audience": event_schema.AUDIENCE_MAX},
    }), (400 if errors else 200)


def _sent_form() -> dict:
    return {key: tk.request.form.get(key, "") for key in _FORM_FIELDS}


@engagement.route("/territoires/<name>/evenements/nouveau", methods=["GET", "POST"])
def event_new(name):
    territory = _call("odl_territory_public_show", {"id": name})["territory"]
    if not _allowed("odl_event_create", {"territory_id": territory["id"]}):
        return _call("odl_event_create", {"territory_id": territory["id"]})  # its 403
    if tk.request.method != "POST":
        return _form_page(territory, {"visibility": events.PUBLIC}, None)
    form = _sent_form()
    try:
        created = tk.get_action("odl_event_create")(_context(), dict(
            form, territory_id=territory["id"]))
    except tk.ValidationError as error:
        return _form_page(territory, form, error.error_dict)
    tk.h.flash_success(tk._("Événement annoncé."))
    return tk.redirect_to("odl_engagement.event_read", event_id=created["id"])


@engagement.route("/evenements/<event_id>")
def event_read(event_id):
    shown = _call("odl_event_show", {"id": event_id})
    return tk.render("engagement/event.html", {"event": shown, "territory": shown["territory"]})


@engagement.route("/evenements/<event_id>/modifier", methods=["GET", "POST"])
def event_edit(event_id):
    shown = _call("odl_event_show", {"id": event_id})
    if not shown["may_edit"]:
        return _call("odl_event_update", {"id": event_id})  # its 403
    if tk.request.method != "POST":
        form = {key: shown.get(key) or "" for key in _FORM_FIELDS}
        form.update(starts_at=shown["starts_local"], ends_at=shown["ends_local"])
        return _form_page(shown["territory"], form, None, shown)
    form = _sent_form()
    try:
        tk.get_action("odl_event_update")(_context(), dict(form, id=event_id))
    except tk.ValidationError as error:
        return _form_page(shown["territory"], form, error.error_dict, shown)
    tk.h.flash_success(tk._("Événement modifié."))
    return tk.redirect_to("odl_engagement.event_read", event_id=event_id)


@engagement.route("/evenements/<event_id>/suppression", methods=["POST"])
def event_delete(event_id):
    shown = _call("odl_event_show", {"id": event_id})
    _call("odl_event_delete", {"id": event_id})
    tk.h.flash_success(tk._("Événement supprimé."))
    return tk.redirect_to("odl_engagement.territory_events_page", name=shown["territory"]["name"])
