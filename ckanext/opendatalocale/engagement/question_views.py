"""Question pages, on the engagement blueprint (views.py imports this module):
/territoires/<name>/questions (a territory's questions, its public response figures,
the form to ask, and the team's forms to moderate, answer and close), and the POST
routes behind those forms. The dataset page shows its own questions and the same
asking form (templates/package/read.html). Every form goes through the blueprint's
CSRF guard; a private dataset's questions reach its territory's members only.
"""
from __future__ import annotations

from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import question_states as states
from . import request_states, throttle
from .logic import auth
from .views import _call, _context, _errors, _page_number, _page_size, engagement

_ASK_FIELDS = ("dataset_id", "title", "body", throttle.HONEYPOT_FIELD)
ASKABLE_DATASETS = 200


def delay_text(hours: Optional[float]) -> Optional[str]:
    """A median delay as inhabitants read it: "5 heures", "3,5 jours"."""
    words = states.delay_words(hours)
    if words is None:
        return None
    unit, number = words
    shown = f"{number:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    if unit == "heures":
        return tk.ungettext("{n} heure", "{n} heures", 2 if number >= 2 else 1).format(n=shown)
    return tk.ungettext("{n} jour", "{n} jours", 2 if number >= 2 else 1).format(n=shown)


def public_figures(territory_id: str) -> dict:
    figures = _call("odl_question_figures", {"territory_id": territory_id})
    return dict(figures, median_text=delay_text(figures["median_hours"]))


def _askable(territory_id: str) -> list:
    """The territory's public datasets a visitor may pick in the form (the dataset
    page's own form names its dataset, public or not)."""
    found = tk.get_action("package_search")(_context(), {
        "fq": f'owner_org:"{territory_id}"', "include_private": False,
        "sort": "title_string asc", "rows": ASKABLE_DATASETS})
    return [{"name": d["name"], "title": d.get("title") or d["name"]} for d in found["results"]]


@engagement.route("/territoires/<name>/questions")
def questions_page(name, form=None, errors=None):
    public = _call("odl_territory_public_show", {"id": name})
    territory = public["territory"]
    page = _page_number()
    listing = _call("odl_question_list", {"territory_id": territory["id"],
                                          "limit": _page_size(),
                                          "offset": (page - 1) * _page_size()})
    page, _, page_count = request_states.page_bounds(listing["count"], page, _page_size())
    return tk.render("engagement/questions.html", {
        "territory": territory, "listing": listing, "page": page, "page_count": page_count,
        "figures": public_figures(territory["id"]), "datasets": _askable(territory["id"]),
        "form": form or {}, "errors": errors or {}, "honeypot": throttle.HONEYPOT_FIELD,
        "may_answer": auth.may_answer(territory["id"], tk.g.user),
        "may_moderate": auth.may_moderate(territory["id"], tk.g.user),
        "limits": {"title": states.TITLE_MAX, "body": states.BODY_MAX,
                   "answer": states.ANSWER_MAX, "reason": states.REASON_MAX},
    }), (400 if errors else 200)


def _dataset_page(dataset_id: str):
    dataset = model.Package.get(dataset_id)
    return tk.redirect_to(f"{dataset.type or 'dataset'}.read", id=dataset.name,
                          _anchor="questions")


@engagement.route("/territoires/<name>/questions", methods=["POST"])
def question_create(name):
    form = {key: tk.request.form.get(key, "") for key in _ASK_FIELDS}
    try:
        created = tk.get_action("odl_question_create")(_context(), dict(form))
    except tk.ValidationError as error:
        return questions_page(name, form=form, errors=error.error_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_question_create", dict(form))
    if created["territory"]["name"] != name and created["territory"]["id"] != name:
        # Asked from another territory's page: answered by the dataset's own.
        name = created["territory"]["name"]
    tk.h.flash_success(tk._("Question envoyée : elle sera visible de tous après relecture "
                            "par le territoire, qui y répondra ici."))
    if tk.request.form.get("retour") == "jeu":
        return _dataset_page(created["dataset"]["id"])
    return tk.redirect_to("odl_engagement.questions_page", name=name)


def _back(question_id: str, shown: Optional[dict] = None):
    shown = shown or _call("odl_question_show", {"id": question_id})
    return tk.redirect_to("odl_engagement.questions_page", name=shown["territory"]["name"],
                          _anchor=f"question-{question_id}")


def _act(action: str, question_id: str, data: dict, done: str):
    data = dict(data, id=question_id)
    try:
        shown = tk.get_action(action)(_context(), data)
    except tk.ValidationError as error:
        tk.h.flash_error(_errors(error))
        return _back(question_id)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call(action, data)
    tk.h.flash_success(done)
    return _back(question_id, shown)


@engagement.route("/questions/<question_id>/moderation", methods=["POST"])
def question_moderate(question_id):
    return _act("odl_question_moderate", question_id,
                {"state": tk.request.form.get("state", ""),
                 "reason": tk.request.form.get("reason", "")},
                tk._("Question modérée."))


@engagement.route("/questions/<question_id>/reponse", methods=["POST"])
def question_answer(question_id):
    return _act("odl_question_answer", question_id, {"body": tk.request.form.get("body", "")},
                tk._("Réponse publiée au nom du territoire."))


@engagement.route("/questions/<question_id>/cloture", methods=["POST"])
def question_close(question_id):
    return _act("odl_question_close", question_id, {}, tk._("Question close."))


@engagement.route("/questions/<question_id>/suppression", methods=["POST"])
def question_delete(question_id):
    shown = _call("odl_question_show", {"id": question_id})
    _call("odl_question_delete", {"id": question_id})
    tk.h.flash_success(tk._("Question supprimée."))
    return tk.redirect_to("odl_engagement.questions_page", name=shown["territory"]["name"])
