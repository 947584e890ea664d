"""Pages of a canteen service: week of menus, print view, iCalendar feed,
indicators and the entry form (POST + CSRF).

Routes live under /cantine/<id>/..., next to the pages scheming gives the
`cantine` dataset type (/cantine/<id>); they work for any dataset holding
menu resources.
"""
from __future__ import annotations

import datetime
import re

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ..csrf import guard
from . import ical, store, writer
from .menu_file import slugify
from .vocabulary import (allergens, dish_types, diets, meal_types, nutriscores, siqo_values,
                        textures)
from .week import DateOutOfRange, monday_of, parse_week, read_week, week_label

menus = guard(Blueprint("odl_menus", __name__))

__all__ = ["menus"]

SLOTS_PER_DAY = 7  # the five usual courses, plus room for alternatives


def _context():
    return {"user": tk.current_user.name if tk.current_user else ""}


def _call(action, data_dict):
    try:
        return tk.get_action(action)(_context(), data_dict)
    except tk.NotAuthorized:
        # As CKAN does for private datasets: say nothing of what one may not see.
        return tk.abort(404, tk._("Service de restauration introuvable."))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error) or tk._("Service de restauration introuvable."))
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(error_messages(error.error_dict)))


def _filters() -> dict:
    args = tk.request.args
    found = {}
    excluded = [value for value in args.getlist("exclure") if value]
    if excluded:
        found["exclude"] = excluded
    if args.get("regime"):
        found["diet"] = args["regime"]
    if args.get("restaurant"):
        found["restaurant"] = args["restaurant"]
    if args.get("semaine"):
        found["week"] = args["semaine"]
    return found


def _week(id: str):
    dataset = _call("package_show", {"id": id})
    week = _call("odl_menu_week_show", dict(_filters(), id=dataset["id"]))
    return dataset, week


def _extra_vars(dataset, week) -> dict:
    return {"pkg_dict": dataset, "week": week, "allergen_choices": allergens(),
            "diet_choices": diets()}


@menus.route("/cantine/<id>/menus")
def week(id: str):
    dataset, shown = _week(id)
    return tk.render("menus/week.html", _extra_vars(dataset, shown))


@menus.route("/cantine/<id>/menus/imprimer")
def print_week(id: str):
    dataset, shown = _week(id)
    return tk.render("menus/print.html", _extra_vars(dataset, shown))


@menus.route("/cantine/<id>/menus/<restaurant>.ics")
def feed(id: str, restaurant: str):
    dataset = _call("package_show", {"id": id})
    _call("odl_menu_search", {"id": dataset["id"], "restaurant": restaurant, "limit": 0})
    loaded = store.load(dataset)
    key = slugify(restaurant)
    if key not in loaded.index.restaurants:
        return tk.abort(404, tk._("Aucun menu pour ce restaurant."))
    name = loaded.index.restaurants[key].name
    page = tk.url_for("odl_menus.week", id=dataset["name"], restaurant=key, _external=True)
    text = ical.calendar(loaded.index.search(restaurant_key=key),
                         name=tk._("Menus – {restaurant}").format(restaurant=name),
                         uid_base=f"{dataset['id']}-{key}", url=page)
    return Response(text, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="menus-{key}.ics"'})


@menus.route("/cantine/<id>/indicateurs")
def indicators(id: str):
    dataset = _call("package_show", {"id": id})
    figures = _call("odl_menu_indicators", {"id": dataset["id"]})
    return tk.render("menus/indicators.html", {"pkg_dict": dataset, "figures": figures})


def _form_dishes(monday: datetime.date, existing: list) -> list:
    """Seven days of slots: what the file says, then empty lunch courses."""
    slots = []
    for offset in range(5):
        day = monday + datetime.timedelta(days=offset)
        of_day = [d for d in existing if d.served_on == day]
        for dish in of_day:
            slots.append({"date": day.isoformat(), "dish_type": dish.dish_type, "name": dish.name,
                          "siqo": list(dish.siqo), "diets": list(dish.diets),
                          "allergens": list(dish.allergens or []),
                          "allergens_known": dish.allergens is not None,
                          "textures": list(dish.textures), "label": dish.label,
                          "nutriscore": dish.nutriscore,
                          "price": "" if dish.price is None else dish.price})
        courses = list(writer.LUNCH_COURSES) + ["plat principal", "autre"]
        for course in courses[len(of_day):SLOTS_PER_DAY] if len(of_day) < SLOTS_PER_DAY else []:
            slots.append({"date": day.isoformat(), "dish_type": course, "name": "", "siqo": [],
                          "diets": [], "allergens": [], "allergens_known": False,
                          "textures": [writer.DEFAULT_TEXTURE], "label": "", "nutriscore": "",
                          "price": ""})
    return slots


_FIELD_NAMES = {"restaurant": "Restaurant", "week": "Semaine", "meal": "Repas", "id": "Service",
                "resource_id": "Fichier", "date": "Date", "dish_type": "Type de plat",
                "name": "Nom du plat", "siqo": "Signes de qualité", "diets": "Régimes",
                "allergens": "Allergènes", "textures": "Textures", "nutriscore": "Nutri-Score",
                "price": "Prix"}


def error_messages(errors: dict) -> list:
    """Flat French sentences from a ValidationError's nested error dict."""
    messages = []
    for key, value in errors.items():
        if key == "dishes" and isinstance(value, list) and value and isinstance(value[0], dict):
            for number, dish_errors in enumerate(value, start=1):
                for field_name, texts in (dish_errors or {}).items():
                    messages.append(tk._("Plat {number}, {field} : {text}").format(
                        number=number, field=tk._(_FIELD_NAMES.get(field_name, field_name)),
                        text=" ".join(map(str, texts))))
        elif key == "dishes":
            messages.extend(str(text) for text in value)
        else:
            texts = value if isinstance(value, list) else [value]
            messages.append(tk._("{field} : {text}").format(
                field=tk._(_FIELD_NAMES.get(key, key)), text=" ".join(map(str, texts))))
    return messages


# The fields the entry form sends, and no other: a crafted request gets a
# French refusal, not a traceback from CKAN's generic form unflattening.
_WEEK_FIELDS = ("restaurant", "week", "meal")
_DISH_FIELD = re.compile(r"dishes__(\d{1,4})__([a-z_]{1,32})")
_DISH_LIST_FIELDS = ("siqo", "diets", "allergens", "textures")
_DISH_TEXT_FIELDS = ("date", "dish_type", "name", "label", "nutriscore", "price", "allergens_known")
MAX_FORM_DISHES = 7 * SLOTS_PER_DAY * 4  # far more than the form offers


class FormRefused(Exception):
    """A submitted form the entry page never sends; str() is French."""


def _echo(name: str) -> str:
    return name if len(name) <= 60 else name[:60] + "…"


def _submitted() -> dict:
    form = tk.request.form
    week: dict = {}
    by_number: dict = {}
    for key in form.keys():
        values = form.getlist(key)
        if key in _WEEK_FIELDS:
            if len(values) != 1:
                raise FormRefused(tk._("Le champ « {name} » est envoyé plusieurs fois.").format(
                    name=key))
            week[key] = values[0]
            continue
        if not key.startswith("dishes"):
            continue  # the CSRF token, a button name: not ours to judge
        match = _DISH_FIELD.fullmatch(key)
        if not match or match.group(2) not in _DISH_LIST_FIELDS + _DISH_TEXT_FIELDS:
            raise FormRefused(tk._("Champ de formulaire inattendu : « {name} ».").format(
                name=_echo(key)))
        dish = by_number.setdefault(int(match.group(1)), {})
        if match.group(2) in _DISH_LIST_FIELDS:
            dish[match.group(2)] = [value for value in values if value]
        elif len(values) != 1:
            raise FormRefused(tk._("Le champ « {name} » est envoyé plusieurs fois.").format(
                name=_echo(key)))
        else:
            dish[match.group(2)] = values[0]
    if len(by_number) > MAX_FORM_DISHES:
        raise FormRefused(tk._("Trop de plats envoyés à la fois (au plus {maximum}).").format(
            maximum=MAX_FORM_DISHES))
    dishes = [by_number[number] for number in sorted(by_number)
              if (by_number[number].get("name") or "").strip()]
    for dish in dishes:
        for key in _DISH_LIST_FIELDS:
            dish.setdefault(key, [])
        dish["allergens_known"] = dish.get("allergens_known") == "oui"
        if not dish["textures"]:
            dish["textures"] = [writer.DEFAULT_TEXTURE]
    return {"restaurant": week.get("restaurant") or "", "week": week.get("week") or "",
            "meal": week.get("meal") or "déjeuner", "dishes": dishes}


def _asked_week() -> datetime.date:
    """The week of ?semaine= (this week when absent); 400 in French when unreadable."""
    asked = tk.request.args.get("semaine")
    if not asked:
        return monday_of(datetime.date.today())
    try:
        return read_week(asked)
    except DateOutOfRange as error:
        return tk.abort(400, str(error))
    except (ValueError, TypeError):
        return tk.abort(400, tk._("« {value} » n'est pas une semaine (ex. 2025-W38 ou "
                                  "2025-09-15).").format(value=_echo(asked)))


@menus.route("/cantine/<id>/menus/saisie", methods=["GET", "POST"])
def entry(id: str):
    dataset = _call("package_show", {"id": id})
    try:
        tk.check_access("odl_menu_week_save", _context(), {"id": dataset["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Vous n'avez pas le droit de saisir les menus de ce service."))
    declared = dataset.get("restaurants") or []
    errors, message = [], None
    if tk.request.method == "POST":
        try:
            submitted = _submitted()
        except FormRefused as error:
            return tk.abort(400, str(error))
        try:
            saved = tk.get_action("odl_menu_week_save")(_context(), dict(submitted, id=dataset["id"]))
        except tk.ValidationError as error:
            errors = error_messages(error.error_dict)
            monday = parse_week(submitted["week"]) or monday_of(datetime.date.today())
            slots = submitted["dishes"]
            restaurant = submitted["restaurant"]
        else:
            tk.h.flash_success(tk._("Semaine {week} enregistrée : {count} plats. Le fichier va "
                                    "être validé.").format(week=saved["week"], count=saved["dishes"]))
            return tk.redirect_to("odl_menus.entry", id=dataset["name"],
                                  restaurant=submitted["restaurant"], semaine=saved["week"])
    else:
        restaurant = tk.request.args.get("restaurant") or (declared[0]["nom"] if declared else "")
        monday = _asked_week()
        loaded = store.load(dataset)
        existing = [d for d in loaded.index.by_week.get((slugify(restaurant), monday), [])
                    if d.meal == "déjeuner"]
        slots = _form_dishes(monday, writer.entries_from_dishes(existing))
    return tk.render("menus/entry.html", {
        "pkg_dict": dataset, "restaurants": declared, "restaurant": restaurant,
        "monday": monday, "week": week_label(monday),
        "previous": week_label(monday - datetime.timedelta(days=7)),
        "next": week_label(monday + datetime.timedelta(days=7)),
        "days": [monday + datetime.timedelta(days=i) for i in range(5)],
        "slots": slots, "errors": errors, "message": message,
        "choices": {"dish_types": dish_types(), "siqo": siqo_values(), "diets": diets(),
                    "allergens": allergens(), "textures": textures(),
                    "nutriscores": nutriscores(), "meals": meal_types()},
    })
