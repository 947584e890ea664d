"""Pages about territories: overview with funnel and table, exports, SCDL
coverage matrix, one dashboard per territory, milestone forms (POST + CSRF).

Routes: /territoires, /territoires/export.{csv,json}, /territoires/couverture-scdl,
/territoires/obligation(.csv|.json), /territoires/<name>. Organization names
cannot contain dots, and the names of RESERVED_NAMES are refused by the territory
schema (validators.odl_territory_name_not_reserved) so that no territory's
dashboard is hidden behind one of these pages.
"""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, stream_with_context

from ..csrf import guard
from .. import page_calls
from ..csv_cells import csv_chunks
from .logic.action import MAX_LIMIT

territories = guard(Blueprint("odl_territories", __name__))

__all__ = ["territories"]

# Every fixed page under /territoires/ (tests check this against the routes).
RESERVED_NAMES = frozenset({"couverture-scdl", "obligation", "export"})

_FILTERS = ("q", "kind", "departement", "phase", "sort", "order")
_EXPORT_COLUMNS = ("name", "title", "kind", "departement", "population", "current_phase",
                   "percent", "public_datasets", "last_publication")


_context = page_calls.context


def _filters() -> dict:
    return {key: tk.request.args[key] for key in _FILTERS if tk.request.args.get(key)}


def _call(action, data_dict):
    return page_calls.call(action, data_dict, tk._("Territoire introuvable."))


def _page_number() -> int:
    try:
        return min(max(int(tk.request.args.get("page", 1)), 1), 1_000_000)
    except ValueError:
        return 1


@territories.route("/territoires")
def index():
    page_size = tk.config.get("ckanext.opendatalocale.territories.overview_page_size")
    page = _page_number()
    filters = _filters()
    listing = _call("odl_territory_progress_list",
                    dict(filters, limit=page_size, offset=(page - 1) * page_size))
    return tk.render("territories/index.html", {
        "listing": listing, "filters": filters, "page": page,
        "page_count": max((listing["count"] + page_size - 1) // page_size, 1),
    })


_EXPORT_PAGE = MAX_LIMIT


def _export_pages():
    """Every territory of the overview, a page at a time, so that no export is cut.
    The first page is read at once: a refusal or a bad filter is still an HTTP answer."""
    filters = _filters()
    first = _call("odl_territory_progress_list", dict(filters, limit=_EXPORT_PAGE))

    def following():
        offset = len(first["results"])
        while first["results"] and offset < first["count"]:
            page = _call("odl_territory_progress_list",
                         dict(filters, limit=_EXPORT_PAGE, offset=offset))["results"]
            if not page:
                return
            yield page
            offset += len(page)
    return first, following()


def _exported_territories(first, following):
    yield from first["results"]
    for page in following:
        yield from page


@territories.route("/territoires/export.json")
def export_json():
    first, following = _export_pages()
    body = json.dumps({"count": first["count"], "phases": first["phases"],
                       "funnel": first["funnel"],
                       "territories": list(_exported_territories(first, following))},
                      ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'inline; filename="territoires.json"'})


_CSV_CHUNK = 64 * 1024


def _csv_response(header, rows, filename):
    """A CSV streamed as it is written; every cell made safe for spreadsheets."""
    return Response(stream_with_context(csv_chunks(header, rows, _CSV_CHUNK)), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _csv_rows(columns, rows):
    return ([row[column] if row[column] is not None else "" for column in columns] for row in rows)


@territories.route("/territoires/export.csv")
def export_csv():
    first, following = _export_pages()
    return _csv_response(_EXPORT_COLUMNS,
                         _csv_rows(_EXPORT_COLUMNS, _exported_territories(first, following)),
                         "territoires.csv")


def _coverage_filters() -> dict:
    return {k: v for k, v in _filters().items() if k in ("kind", "departement")}


@territories.route("/territoires/couverture-scdl")
def coverage():
    page_size = tk.config.get("ckanext.opendatalocale.territories.overview_page_size")
    page = _page_number()
    matrix = _call("odl_territory_coverage_show",
                   dict(_coverage_filters(), limit=page_size, offset=(page - 1) * page_size))
    return tk.render("territories/coverage.html", {
        "coverage": matrix, "filters": _filters(), "page": page,
        "page_count": max((matrix["count"] + page_size - 1) // page_size, 1)})


@territories.route("/territoires/couverture-scdl.csv")
def coverage_csv():
    """Every territory of the matrix, read a page at a time as the CSV is sent."""
    filters = _coverage_filters()
    first = _call("odl_territory_coverage_show", dict(filters, limit=_EXPORT_PAGE))
    schemas = first["schemas"]

    def territories():
        page, offset = first["territories"], 0
        while page:
            yield from page
            offset += len(page)
            if offset >= first["count"]:
                return
            page = _call("odl_territory_coverage_show",
                         dict(filters, limit=_EXPORT_PAGE, offset=offset))["territories"]

    rows = ([territory["name"], territory["title"]] + [
        territory["cells"][schema]["state"] if schema in territory["cells"] else ""
        for schema in schemas] for territory in territories())
    return _csv_response(["name", "title"] + schemas, rows, "couverture-scdl.csv")


_OBLIGATION_FILTERS = ("region", "departement", "epci", "kind", "status")
_OBLIGATION_COLUMNS = ("kind", "code", "name", "siren", "population", "departement",
                       "departement_name", "epci", "epci_name", "territory", "public_datasets",
                       "status")


def _obligation():
    filters = {key: tk.request.args[key] for key in _OBLIGATION_FILTERS if tk.request.args.get(key)}
    return filters, _call("odl_territory_obligation_show", filters)


@territories.route("/territoires/obligation")
def obligation():
    page_size = tk.config.get("ckanext.opendatalocale.territories.overview_page_size")
    page = _page_number()
    filters = {key: tk.request.args[key] for key in _OBLIGATION_FILTERS if tk.request.args.get(key)}
    result = _call("odl_territory_obligation_show",
                   dict(filters, limit=page_size, offset=(page - 1) * page_size))
    return tk.render("territories/obligation.html", {
        "obligation": result, "filters": filters, "page": page,
        "page_count": max((result["count"] + page_size - 1) // page_size, 1)})


@territories.route("/territoires/obligation.json")
def obligation_json():
    _, result = _obligation()
    return Response(json.dumps(result, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": 'inline; filename="obligation.json"'})


@territories.route("/territoires/obligation.csv")
def obligation_csv():
    _, result = _obligation()
    return _csv_response(_OBLIGATION_COLUMNS, _csv_rows(_OBLIGATION_COLUMNS, result["results"]),
                         "obligation.csv")


@territories.route("/territoires/<name>")
def dashboard(name):
    standing = _call("odl_territory_progress_show", {"id": name})
    user = tk.g.user
    can_declare = bool(user) and _allowed("odl_milestone_update", name)
    can_review = bool(user) and _allowed("odl_milestone_review", name)
    return tk.render("territories/dashboard.html", {
        "standing": standing, "can_declare": can_declare, "can_review": can_review})


def _allowed(action, name) -> bool:
    try:
        tk.check_access(action, _context(), {"id": name})
    except tk.NotAuthorized:
        return False
    return True


@territories.route("/territoires/<name>/jalons", methods=["POST"])
def milestone_update(name):
    form = tk.request.form
    try:
        tk.get_action("odl_milestone_update")(_context(), {
            "id": name, "milestone": form.get("milestone", ""),
            "achieved_on": form.get("achieved_on") or None, "note": form.get("note", ""),
            "evidence_url": form.get("evidence_url", "")})
    except tk.ValidationError as error:
        # Back to the form with the reason rather than a bare error page, each
        # field named as the form labels it.
        labels = {"milestone": tk._("Jalon"), "achieved_on": tk._("Date"), "note": tk._("Note"),
                  "evidence_url": tk._("Lien vers une preuve (délibération, article…)")}
        tk.h.flash_error("; ".join(f"{labels.get(k, k)} : {', '.join(map(str, v))}"
                                   for k, v in error.error_dict.items()))
        return tk.redirect_to("odl_territories.dashboard", name=name, _anchor="jalons")
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_milestone_update", {"id": name})
    tk.h.flash_success(tk._("Jalon déclaré."))
    return tk.redirect_to("odl_territories.dashboard", name=name, _anchor="jalons")


@territories.route("/territoires/<name>/jalons/<milestone>/revue", methods=["POST"])
def milestone_review(name, milestone):
    _call("odl_milestone_review", {
        "id": name, "milestone": milestone, "status": tk.request.form.get("status", ""),
        "review_note": tk.request.form.get("review_note", "")})
    tk.h.flash_success(tk._("Avis enregistré."))
    return tk.redirect_to("odl_territories.dashboard", name=name, _anchor="jalons")
