"""Pages of the engagement plugin: a territory's public page and its data requests.

Routes: /territoires/<name>/public (for inhabitants), /territoires/<name>/demandes
(list and form), POST /territoires/<name>/demandes (ask), POST
/demandes-de-donnees/<id>/soutien (vote), POST /demandes-de-donnees/<id>/etat
(answer or moderate). Every form goes through the suite's CSRF guard.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ..csrf import guard
from .. import page_calls
from . import request_states, throttle
from .logic import auth, schema

engagement = guard(Blueprint("odl_engagement", __name__))

__all__ = ["engagement"]




def _page_size() -> int:
    return tk.config.get("ckanext.opendatalocale.engagement.requests_page_size")


_context = page_calls.context


def _call(action, data_dict):
    return page_calls.call(action, data_dict, errors=_errors)


def _errors(error: tk.ValidationError) -> str:
    return "; ".join(f"{', '.join(map(str, messages))}" if isinstance(messages, list)
                     else str(messages) for messages in error.error_dict.values())


def _allowed(action, data_dict) -> bool:
    try:
        tk.check_access(action, _context(), data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


@engagement.route("/territoires/<name>/public")
def public_page(name):
    shown = _call("odl_territory_public_show", {"id": name})
    return tk.render("engagement/public_page.html", {"public": shown})


def _page_number() -> int:
    try:
        return min(max(int(tk.request.args.get("page", 1)), 1), 100_000)
    except ValueError:
        return 1


@engagement.route("/territoires/<name>/demandes")
def requests_page(name, form=None, errors=None):
    public = _call("odl_territory_public_show", {"id": name})
    territory = public["territory"]
    page = _page_number()
    sort = "votes" if tk.request.args.get("tri") == "votes" else "recent"
    listing = _call("odl_data_request_list", {
        "territory_id": territory["id"], "sort": sort, "limit": _page_size(),
        "offset": (page - 1) * _page_size()})
    page, _, page_count = request_states.page_bounds(listing["count"], page, _page_size())
    return tk.render("engagement/requests.html", {
        "territory": territory, "listing": listing, "page": page, "page_count": page_count,
        "sort": sort, "form": form or {}, "errors": errors or {},
        "requester_kinds": request_states.REQUESTER_KINDS,
        "may_answer": _allowed("odl_data_request_list",
                               {"territory_id": territory["id"], "state": request_states.NEW}),
        "may_moderate": auth.may_moderate(territory["id"], tk.g.user),
        "honeypot": throttle.HONEYPOT_FIELD,
        "limits": {"title": schema.TITLE_MAX, "description": schema.DESCRIPTION_MAX,
                   "purpose": schema.PURPOSE_MAX},
    }), (400 if errors else 200)


_FORM_FIELDS = ("title", "description", "purpose", "requester_kind", "email",
                throttle.HONEYPOT_FIELD)


@engagement.route("/territoires/<name>/demandes", methods=["POST"])
def request_create(name):
    form = {key: tk.request.form.get(key, "") for key in _FORM_FIELDS}
    if tk.g.user:
        form.pop("email")
    return _propose("odl_data_request_create", name, form, requests_page,
                    tk._("Demande envoyée : elle sera visible de tous après relecture "
                         "par le territoire."), "odl_engagement.requests_page")


def _propose(action, name, form, page, done, endpoint):
    """A visitor's proposal to a territory: the form again with its French errors, the
    refusal as an HTTP answer, or back to the list with what happens next."""
    try:
        created = tk.get_action(action)(_context(), dict(form, territory_id=name))
    except tk.ValidationError as error:
        return page(name, form=form, errors=error.error_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call(action, dict(form, territory_id=name))
    # A territory without pre-moderation publishes it at once.
    tk.h.flash_success(done if created["state"] in ("nouvelle", "proposee") else tk._(
        "Envoyé : c'est publié. Le territoire peut encore le retirer."))
    return tk.redirect_to(endpoint, name=name)


def _back(request_id):
    shown = _call("odl_data_request_show", {"id": request_id})
    return tk.redirect_to("odl_engagement.requests_page", name=shown["territory"]["name"],
                          _anchor=f"demande-{request_id}")


@engagement.route("/demandes-de-donnees/<request_id>/soutien", methods=["POST"])
def request_vote(request_id):
    action = ("odl_data_request_vote_delete" if tk.request.form.get("retirer")
              else "odl_data_request_vote")
    data = {"id": request_id}
    if not tk.g.user:
        data[throttle.HONEYPOT_FIELD] = tk.request.form.get(throttle.HONEYPOT_FIELD, "")
    try:
        tk.get_action(action)(_context(), data)
    except tk.ValidationError as error:
        tk.h.flash_error(_errors(error))
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call(action, data)
    else:
        if action == "odl_data_request_vote":
            tk.h.flash_success(tk._("Merci : votre soutien est compté."))
    return _back(request_id)


@engagement.route("/demandes-de-donnees/<request_id>/etat", methods=["POST"])
def request_update(request_id):
    form = tk.request.form
    data = {"id": request_id, "state": form.get("state", ""), "reason": form.get("reason", "")}
    if form.get("dataset_id"):
        data["dataset_id"] = form["dataset_id"]
    try:
        tk.get_action("odl_data_request_update")(_context(), data)
    except tk.ValidationError as error:
        tk.h.flash_error(_errors(error))
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_data_request_update", data)
    else:
        tk.h.flash_success(tk._("Demande mise à jour."))
    return _back(request_id)


@engagement.route("/demandes-de-donnees/<request_id>/suppression", methods=["POST"])
def request_delete(request_id):
    shown = _call("odl_data_request_show", {"id": request_id})
    _call("odl_data_request_delete", {"id": request_id})
    tk.h.flash_success(tk._("Demande supprimée."))
    return tk.redirect_to("odl_engagement.requests_page", name=shown["territory"]["name"])


@engagement.route("/demandes-de-donnees/<request_id>/adresse", methods=["POST"])
def request_email_erase(request_id):
    _call("odl_data_request_email_erase", {"id": request_id})
    tk.h.flash_success(tk._("Adresse du demandeur effacée."))
    return _back(request_id)


_REUSE_FIELDS = ("title", "description", "url", "image_url", "reuse_type", "topic", "author",
                 "datasets", throttle.HONEYPOT_FIELD)


@engagement.route("/territoires/<name>/reutilisations")
def reuses_page(name, form=None, errors=None):
    from . import reuse_kinds
    public = _call("odl_territory_public_show", {"id": name})
    territory = public["territory"]
    page = _page_number()
    listing = _call("odl_reuse_list", {"territory_id": territory["id"], "limit": _page_size(),
                                       "offset": (page - 1) * _page_size()})
    page, _, page_count = request_states.page_bounds(listing["count"], page, _page_size())
    return tk.render("engagement/reuses.html", {
        "territory": territory, "listing": listing, "page": page, "page_count": page_count,
        "form": form or {}, "errors": errors or {}, "types": reuse_kinds.TYPES,
        "topics": reuse_kinds.TOPICS, "honeypot": throttle.HONEYPOT_FIELD,
        "may_moderate": auth.may_moderate(territory["id"], tk.g.user),
        "limits": {"title": schema.TITLE_MAX, "description": schema.REUSE_DESCRIPTION_MAX,
                   "author": schema.AUTHOR_MAX},
    }), (400 if errors else 200)


@engagement.route("/territoires/<name>/reutilisations", methods=["POST"])
def reuse_create(name):
    form = {key: tk.request.form.get(key, "") for key in _REUSE_FIELDS}
    return _propose("odl_reuse_create", name, form, reuses_page,
                    tk._("Réutilisation proposée : elle sera visible de tous après "
                         "relecture par le territoire."), "odl_engagement.reuses_page")


def _back_to_reuses(reuse_id):
    shown = _call("odl_reuse_show", {"id": reuse_id})
    return tk.redirect_to("odl_engagement.reuses_page", name=shown["territory"]["name"],
                          _anchor=f"reutilisation-{reuse_id}")


@engagement.route("/reutilisations/<reuse_id>/etat", methods=["POST"])
def reuse_update(reuse_id):
    data = {"id": reuse_id, "state": tk.request.form.get("state", ""),
            "reason": tk.request.form.get("reason", "")}
    try:
        tk.get_action("odl_reuse_update")(_context(), data)
    except tk.ValidationError as error:
        tk.h.flash_error(_errors(error))
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_reuse_update", data)
    else:
        tk.h.flash_success(tk._("Réutilisation mise à jour."))
    return _back_to_reuses(reuse_id)


@engagement.route("/reutilisations/<reuse_id>/suppression", methods=["POST"])
def reuse_delete(reuse_id):
    shown = _call("odl_reuse_show", {"id": reuse_id})
    _call("odl_reuse_delete", {"id": reuse_id})
    tk.h.flash_success(tk._("Réutilisation supprimée."))
    return tk.redirect_to("odl_engagement.reuses_page", name=shown["territory"]["name"])


# Last: the event pages import this module's helpers and add their routes to its blueprint.
from . import event_views  # noqa: E402,F401  (its routes join this blueprint)
from . import moderation_views  # noqa: E402,F401  (its routes join this blueprint)
from . import question_views  # noqa: E402,F401  (its routes join this blueprint)
