"""Menu actions: search, week, indicators, and saving a week entered in the form."""
from __future__ import annotations

import datetime
import io
from typing import List, Optional

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ... import remote_copy
from ...scdl.csv_source import CsvSourceError
from .. import checks, indicators, purchases, store, writer
from ..filtering import AllergenFilter, DishVerdict
from ..menu_file import slugify
from ..problems import echoed
from ..vocabulary import MENUS_SCHEMA, allergen_label, diet_label
from ..week import DAY_NAMES, week_label
from . import schema
from ...logic.navl import validated

__all__ = ["odl_menu_search", "odl_menu_week_show", "odl_menu_indicators", "odl_menu_week_save"]

DEFAULT_ROWS = 100  # a page, like package_search: ask for more with ``limit`` and ``offset``
ENTRY_RESOURCE_NAME = "Menus saisis en ligne"
ENTRY_FILENAME = "menus-saisis.csv"


def _dataset(context, data) -> dict:
    if data.get("id"):
        return tk.get_action("package_show")(dict(context), {"id": data["id"]})
    if data.get("resource_id"):
        resource = tk.get_action("resource_show")(dict(context), {"id": data["resource_id"]})
        return tk.get_action("package_show")(dict(context), {"id": resource["package_id"]})
    raise tk.ValidationError({"id": [tk._("Indiquez le service de restauration (id) ou une "
                                          "ressource de menus (resource_id).")]})


def _loaded(context, data):
    dataset = _dataset(context, data)
    return dataset, store.load(dataset, data.get("resource_id"))


def _filter(data) -> AllergenFilter:
    return AllergenFilter(frozenset(data.get("exclude") or ()), data.get("diet") or None)


def _verdict_dict(verdict: DishVerdict) -> dict:
    shown = dict(verdict.dish.as_dict())
    shown["allergen_verdict"] = verdict.allergen
    shown["contains_excluded"] = list(verdict.contains)
    shown["diet_ok"] = verdict.diet_ok
    shown["shown_as_safe"] = verdict.shown_as_safe
    return shown


def _filter_dict(allergen_filter: AllergenFilter) -> dict:
    return {"exclude": allergen_filter.query_args().get("exclure", []),
            "exclude_labels": [allergen_label(a) for a in
                               allergen_filter.query_args().get("exclure", [])],
            "diet": allergen_filter.diet,
            "diet_label": diet_label(allergen_filter.diet) if allergen_filter.diet else None}


def _restaurants(loaded) -> List[dict]:
    return [{"key": r.key, "name": r.name, "identifier": r.identifier or None, "type": r.kind or None}
            for r in loaded.index.restaurant_list()]


@tk.side_effect_free
def odl_menu_search(context, data_dict):
    """Dishes of a canteen service (``id``) or of one menu resource (``resource_id``).

    Filters: ``restaurant`` (name or key), ``date_from``/``date_to`` (AAAA-MM-JJ),
    ``meal``, ``exclude`` (allergens, list or comma-separated, as published),
    ``diet`` (e.g. « végétarien »). Dishes naming an excluded allergen or not
    keeping the diet are left out unless ``include_excluded``. ``count`` is the
    number of dishes found; ``limit`` (default 100) and ``offset`` page them.
    Every dish comes
    with ``allergen_verdict``: ``safe`` (information complete, none of the
    excluded allergens), ``unknown`` (information missing or incomplete: never
    safe), ``contains`` or ``not-filtered`` (nothing excluded).
    """
    data = validated(context, data_dict, schema.menu_search(), auth="odl_menu_search")
    _dataset_dict, loaded = _loaded(context, data)
    allergen_filter = _filter(data)
    found = loaded.index.search(
        restaurant_key=slugify(data["restaurant"]) if data.get("restaurant") else None,
        start=store.as_date(data.get("date_from")), end=store.as_date(data.get("date_to")), meal=data.get("meal"))
    verdicts = allergen_filter.apply(found)
    if not data["include_excluded"]:
        verdicts = [v for v in verdicts if v.kept]
    maximum = tk.config.get("ckanext.opendatalocale.menus.search_max_rows")
    limit = min(data.get("limit", DEFAULT_ROWS), maximum)
    offset = data["offset"]
    return {
        "count": len(verdicts),
        "offset": offset,
        "limit": limit,
        "filter": _filter_dict(allergen_filter),
        "restaurants": _restaurants(loaded),
        "dishes": [_verdict_dict(v) for v in verdicts[offset:offset + limit]],
        "problem_count": len(loaded.problems),
    }


@tk.side_effect_free
def odl_menu_week_show(context, data_dict):
    """One restaurant's week (``week``: 2025-W38 or a date in it; default: this
    week, or the next one with menus), meal by meal, with the filter's verdicts,
    week navigation and what is wrong with the files, in French."""
    data = validated(context, data_dict, schema.menu_week_show(), auth="odl_menu_week_show")
    dataset, loaded = _loaded(context, data)
    allergen_filter = _filter(data)
    restaurants = _restaurants(loaded)
    key = slugify(data["restaurant"]) if data.get("restaurant") else (
        restaurants[0]["key"] if restaurants else None)
    if key and key not in loaded.index.restaurants:
        raise tk.ObjectNotFound(tk._("Aucun menu pour le restaurant « {name} ».").format(
            name=echoed(data["restaurant"])))
    monday = store.as_date(data.get("week")) or (
        loaded.index.default_week(key, datetime.date.today()) if key else None)
    shown = {
        "dataset": {"id": dataset["id"], "name": dataset["name"], "title": dataset.get("title"),
                    "type": dataset.get("type")},
        "restaurants": restaurants,
        "restaurant": None, "week": None, "monday": None, "sunday": None,
        "previous": None, "next": None, "days": [], "dish_count": 0,
        "filter": _filter_dict(allergen_filter),
        "problems": checks.summarise(loaded.problems),
        "files": store.file_states(loaded),
    }
    if key is None or monday is None:
        return shown
    week = loaded.index.week(key, monday, allergen_filter)
    shown.update({
        "restaurant": {"key": key, "name": week.restaurant.name if week.restaurant else key},
        "week": week.label, "monday": week.monday.isoformat(), "sunday": week.sunday.isoformat(),
        "previous": week.previous.isoformat() if week.previous else None,
        "previous_label": week_label(week.previous) if week.previous else None,
        "next": week.next.isoformat() if week.next else None,
        "next_label": week_label(week.next) if week.next else None,
        "dish_count": week.dish_count,
        "days": [{"date": day.served_on.isoformat(), "name": DAY_NAMES[day.served_on.weekday()],
                  "meals": [{"meal": meal.meal, "guests": meal.guests, "vegetarian": meal.vegetarian,
                             "dishes": [_verdict_dict(v) for v in meal.verdicts
                                        if v.kept or not allergen_filter.active]}
                            for meal in day.meals]}
                 for day in week.days],
    })
    return shown


@tk.side_effect_free
def odl_menu_indicators(context, data_dict):
    """Dish-based indicators (organic and SIQO shares per week and month,
    vegetarian meals, allergen frequency) and, when a ma-cantine purchase file
    is attached, EGalim shares of purchase value against the thresholds."""
    data = validated(context, data_dict, schema.menu_indicators(), auth="odl_menu_indicators")
    _dataset_dict, loaded = _loaded(context, data)
    figures = indicators.labelled(
        loaded.once("indicators", lambda: indicators.menu_figures(loaded.menus.dishes)))
    egalim = None
    if loaded.purchases is not None:
        egalim = loaded.once("egalim", lambda: purchases.egalim_shares(loaded.purchases))
    return dict(figures, egalim=egalim, problems=checks.summarise(loaded.problems))


def _entry_resource(dataset: dict, resource_id: Optional[str]) -> Optional[dict]:
    for role, resource in store.menu_resources(dataset):
        if role != "menus":
            continue
        if resource_id and resource["id"] == resource_id:
            return resource
        if not resource_id and str(resource.get("menu_entry")).lower() == "true":
            return resource
    if resource_id:
        raise tk.ValidationError({"resource_id": [tk._(
            "Cette ressource n'est pas un fichier de menus de ce service.")]})
    return None


def _week_problems(data, dataset, monday) -> dict:
    """French errors of a submitted week: dates, period, restaurant, duplicates."""
    errors: dict = {}
    sunday = monday + datetime.timedelta(days=6)
    start, end = store.as_date(dataset.get("period_start")), store.as_date(dataset.get("period_end"))
    seen = set()
    for number, dish in enumerate(data.get("dishes") or [], start=1):
        day = datetime.date.fromisoformat(dish["date"])
        place = tk._("Plat {number} ({name})").format(number=number, name=dish["name"])
        if not monday <= day <= sunday:
            errors.setdefault("dishes", []).append(tk._(
                "{place} : le {day} n'est pas dans la semaine du {monday} au {sunday}.").format(
                    place=place, day=day.isoformat(), monday=monday.isoformat(),
                    sunday=sunday.isoformat()))
        if (start and day < start) or (end and day > end):
            errors.setdefault("dishes", []).append(tk._(
                "{place} : le {day} est hors de la période du service (du {start} au {end}).").format(
                    place=place, day=day.isoformat(), start=start or "…", end=end or "…"))
        key = (day, dish["dish_type"], dish["name"].lower())
        if key in seen:
            errors.setdefault("dishes", []).append(tk._(
                "{place} : ce plat est saisi deux fois le même jour.").format(place=place))
        seen.add(key)
    return errors


def odl_menu_week_save(context, data_dict):
    """Save one restaurant's week entered in the form as a scdl/menus-collectifs
    upload of the service (created on first save, replaced rows on later saves);
    the file is then validated in the background like any resource."""
    data = validated(context, data_dict, schema.menu_week_save(), auth="odl_menu_week_save")
    dataset = tk.get_action("package_show")(dict(context), {"id": data["id"]})
    declared = {slugify(r.get("nom") or ""): r for r in dataset.get("restaurants") or []}
    restaurant = declared.get(slugify(data["restaurant"]))
    if restaurant is None:
        raise tk.ValidationError({"restaurant": [tk._(
            "Le restaurant « {name} » n'est pas dans la liste des restaurants du service : "
            "ajoutez-le d'abord dans la fiche du service.").format(name=echoed(data["restaurant"]))]})
    monday = datetime.date.fromisoformat(data["week"])
    errors = _week_problems(data, dataset, monday)
    if errors:
        raise tk.ValidationError(errors)
    if not dataset.get("collectivite_siret") or not dataset.get("collectivite_nom"):
        raise tk.ValidationError({"id": [tk._(
            "Renseignez la collectivité et son SIRET dans la fiche du service avant de saisir "
            "des menus.")]})
    entry = writer.WeekEntry(
        writer.Service(dataset["collectivite_nom"], dataset["collectivite_siret"],
                       dataset.get("etablissement_nom") or "", dataset.get("etablissement_siret") or ""),
        writer.RestaurantEntry.from_service(restaurant), monday,
        [writer.DishEntry(
            served_on=datetime.date.fromisoformat(d["date"]), dish_type=d["dish_type"],
            name=d["name"], siqo=d.get("siqo") or [], diets=d.get("diets") or [],
            allergens=(d.get("allergens") or []) if (d.get("allergens_known") or d.get("allergens"))
            else None,
            textures=d.get("textures") or [writer.DEFAULT_TEXTURE], label=d.get("label") or "",
            nutriscore=d.get("nutriscore") or "", price=d.get("price"))
         for d in data.get("dishes") or []],
        meal=data["meal"], guests=data["guests"] or writer.DEFAULT_GUESTS)

    target = _entry_resource(dataset, data.get("resource_id"))
    labels, rows = [], []
    if target is not None:
        # The file as stored on the platform: an action never fetches a link.
        try:
            with remote_copy.open_copy(target) as stored:
                labels, rows = writer.read_rows(stored)
        except remote_copy.CopyUnavailable as error:
            raise tk.ValidationError({"resource_id": [str(error)]})
        except CsvSourceError as error:
            raise tk.ValidationError({"resource_id": [tk._(
                "Le fichier de menus existant ne peut pas être relu pour y ajouter la semaine : "
                "{reason}").format(reason=error.message)]})
    merged = writer.merge(rows, entry)
    content = writer.to_csv(merged, labels)
    upload = FileStorage(stream=io.BytesIO(content), filename=ENTRY_FILENAME,
                         content_type="text/csv")
    fields = {"url": ENTRY_FILENAME, "upload": upload, "format": "CSV",
              "schema": {"name": MENUS_SCHEMA, "version": "1.2.3"}}
    if target is None:
        saved = tk.get_action("resource_create")(dict(context), dict(
            fields, package_id=dataset["id"], name=ENTRY_RESOURCE_NAME, menu_entry="true",
            description=tk._("Menus saisis avec le formulaire du service, au format SCDL "
                             "« Menus de la restauration collective »."),))
    else:
        saved = tk.get_action("resource_patch")(dict(context), dict(fields, id=target["id"]))
    return {"resource_id": saved["id"], "rows": len(merged), "week": week_label(monday),
            "dishes": len(entry.dishes)}
