"""Moderation pages, on the engagement blueprint (views.py imports this module):
/territoires/<name>/moderation (the territory's admins), /moderation (sysadmins,
every territory), the decision and setting forms, and POST /signalements where
anyone reports a public item. Every form goes through the blueprint's CSRF guard.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import moderation, request_states, throttle
from .logic import moderation_queue
from .views import _call, _context, _errors, _page_number, engagement


def _moderation_page_size() -> int:
    return tk.config.get("ckanext.opendatalocale.engagement.moderation_page_size")


def _queue(territory_name=None):
    page = _page_number()
    size = _moderation_page_size()
    kind = tk.request.args.get("type") or None
    if kind not in moderation_queue.SOURCES:
        kind = None
    data = {"limit": size, "offset": (page - 1) * size}
    if territory_name:
        data["territory_id"] = territory_name
    if kind:
        data["kind"] = kind
    listing = _call("odl_moderation_list", data)
    page, _, page_count = request_states.page_bounds(listing["count"], page, size)
    for entry in listing["results"]:
        entry["link"] = moderation_queue.SOURCES[entry["kind"]].link(
            entry["territory"]["name"], entry["id"])
    territory = listing["territory"]
    setting = _call("odl_moderation_setting_show",
                    {"territory_id": territory["id"]}) if territory else None
    return tk.render("engagement/moderation.html", {
        "territory": territory, "listing": listing, "page": page, "page_count": page_count,
        "kind": kind, "setting": setting,
        "sources": {name: tk._(source.label) for name, source in
                    moderation_queue.SOURCES.items()},
        "decision_labels": {name: tk._(label) for name, label in
                            moderation.DECISION_LABELS.items()},
    })


@engagement.route("/territoires/<name>/moderation")
def moderation_queue_page(name):
    return _queue(name)


@engagement.route("/moderation")
def moderation_platform_page():
    return _queue()


def _back_to_queue():
    territory = tk.request.form.get("territoire", "")
    args = {"page": tk.request.form.get("page") or None,
            "type": tk.request.form.get("type") or None}
    if territory:
        return tk.redirect_to("odl_engagement.moderation_queue_page", name=territory, **args)
    return tk.redirect_to("odl_engagement.moderation_platform_page", **args)


@engagement.route("/moderation/decision", methods=["POST"])
def moderation_decide():
    form = tk.request.form
    data = {"kind": form.get("kind", ""), "id": form.get("id", ""),
            "decision": form.get("decision", ""), "reason": form.get("reason", "")}
    try:
        tk.get_action("odl_moderation_decide")(_context(), data)
    except tk.ValidationError as error:
        tk.h.flash_error(_errors(error))
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_moderation_decide", data)
    else:
        tk.h.flash_success(tk._("Décision enregistrée."))
    return _back_to_queue()


@engagement.route("/territoires/<name>/moderation/reglage", methods=["POST"])
def moderation_setting(name):
    # An unticked box sends nothing.
    premoderation = "oui" if "oui" in tk.request.form.getlist("premoderation") else "non"
    _call("odl_moderation_setting_update", {"territory_id": name,
                                            "premoderation": premoderation})
    tk.h.flash_success(tk._("Réglage de la modération enregistré."))
    return tk.redirect_to("odl_engagement.moderation_queue_page", name=name)


_REPORT_FIELDS = ("item_kind", "item_id", "reason", "comment", throttle.HONEYPOT_FIELD)


@engagement.route("/signalements", methods=["POST"])
def spam_report_create():
    form = {key: tk.request.form.get(key, "") for key in _REPORT_FIELDS}
    source = moderation_queue.SOURCES.get(form["item_kind"])
    found = source.item(form["item_id"]) if source and source.unpublish else None
    if found is None or not found.public:
        return tk.abort(404, tk._("Élément introuvable : seul ce qui est publié se signale."))
    try:
        tk.get_action("odl_spam_report_create")(_context(), form)
    except tk.ValidationError as error:
        tk.h.flash_error(_errors(error))
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_spam_report_create", form)
    else:
        tk.h.flash_success(tk._("Merci : votre signalement sera examiné par le territoire."))
    return tk.redirect_to(source.link(model.Group.get(found.territory_id).name,
                                      form["item_id"]))
