"""Inventory pages of a territory, for its members only: the list (sorted, filtered,
paged), its CSV export, and the forms that add, change and remove an entry (POST with
CSRF through the suite's guard)."""
from __future__ import annotations

import datetime
from urllib.parse import quote

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ..csrf import guard
from ..csv_cells import csv_chunks
from ..scdl.site_catalogue import catalogue
from . import inventory
from .logic import inventory_schema

inventory_pages = guard(Blueprint("odl_inventory", __name__))

_FILTERS = {"statut": "status", "priorite": "priority", "frein": "blocker",
            "schema": "schema_id", "q": "q"}
_FIELDS = ("title", "description", "owner_service", "priority", "status", "blocker",
           "blocker_detail", "target_date", "schema_id", "dataset")


def _context():
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _territory(name) -> dict:
    try:
        found = tk.get_action("organization_show")(
            {"user": ""}, {"id": name, "include_datasets": False, "include_users": False})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return tk.abort(404, tk._("Territoire introuvable."))
    return {"id": found["id"], "name": found["name"], "title": found.get("title") or found["name"]}


def _allowed(action, data_dict) -> bool:
    try:
        tk.check_access(action, _context(), data_dict)
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def _refuse_unless_member(territory):
    if not _allowed("odl_inventory_item_list", {"territory": territory["id"]}):
        if not tk.current_user.is_authenticated:
            return tk.redirect_to(tk.url_for("user.login", came_from=tk.request.full_path))
        return tk.abort(403, tk._("L'inventaire d'un territoire n'est visible que par ses "
                                  "membres."))
    return None


def choices() -> dict:
    """Select options of the form and of the list's filters, translated here."""
    return {
        "statuses": [(key, tk._(label)) for key, label in inventory.STATUS_LABELS.items()],
        "priorities": [(key, tk._(label)) for key, label in inventory.PRIORITY_LABELS.items()],
        "blockers": [(key, tk._(label)) for key, label in inventory.BLOCKER_LABELS.items()],
        "schemas": sorted(((info.id, info.title) for info in catalogue().list()
                           if info.table_validatable), key=lambda pair: pair[1].casefold()),
    }


def _filters() -> dict:
    args = tk.request.args
    found = {field: args[key] for key, field in _FILTERS.items() if args.get(key)}
    if args.get("en_retard"):
        found["overdue"] = True
    sort = args.get("tri") or "priorite"
    found["sort"] = sort if sort in inventory.SORTS else "priorite"
    return found


def _page_number() -> int:
    try:
        page = int(tk.request.args.get("page", 1))
    except ValueError:
        return 1
    return min(max(page, 1), inventory_schema.MAX_OFFSET // inventory_schema.DEFAULT_LIMIT)


def _list(data_dict):
    try:
        return tk.get_action("odl_inventory_item_list")(_context(), data_dict)
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(str(message) for messages in error.error_dict.values()
                                       for message in messages))


@inventory_pages.route("/territoires/<name>/inventaire")
def index(name):
    territory = _territory(name)
    refused = _refuse_unless_member(territory)
    if refused is not None:
        return refused
    filters, page = _filters(), _page_number()
    size = inventory_schema.DEFAULT_LIMIT
    listing = _list(dict(filters, territory=territory["id"], limit=size,
                         offset=(page - 1) * size))
    summary = tk.get_action("odl_inventory_summary")(_context(), {"territory": territory["id"]})
    # Only the list's own arguments are carried to its links (a stray "name" would clash
    # with the route's).
    args = {key: value for key, value in tk.request.args.items()
            if key in _FILTERS or key in ("en_retard", "tri")}
    return tk.render("inventory/index.html", {
        "territory": territory, "listing": listing, "summary": summary, "page": page,
        "page_count": max((listing["count"] + size - 1) // size, 1), "args": args,
        "filters": filters, "choices": choices(),
        "can_write": _allowed("odl_inventory_item_create", {"territory": territory["id"]})})


@inventory_pages.route("/territoires/<name>/inventaire.csv")
def csv_export(name):
    territory = _territory(name)
    refused = _refuse_unless_member(territory)
    if refused is not None:
        return refused
    filters = _filters()
    entries, offset = [], 0
    while True:
        found = _list(dict(filters, territory=territory["id"], offset=offset,
                           limit=inventory_schema.MAX_LIMIT))
        entries += found["results"]
        offset += inventory_schema.MAX_LIMIT
        if offset >= found["count"]:
            break
    today = datetime.datetime.now(datetime.timezone.utc).date()
    body = "".join(csv_chunks(inventory.CSV_COLUMNS, inventory.csv_rows(entries, today)))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="inventaire-{quote(territory["name"])}.csv"')
    # The territory's own working list: no shared cache keeps it.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _datasets(territory) -> list[tuple[str, str]]:
    """The territory's datasets a published entry can name, as the user sees them."""
    found = tk.get_action("package_search")(_context(), {
        "fq": f'+owner_org:"{territory["id"]}"', "rows": 1000, "sort": "title_string asc",
        "include_private": True, "fl": "id,name,title"})
    return [(dataset["name"], dataset.get("title") or dataset["name"])
            for dataset in found["results"]]


def _form(territory, values, errors=None, item=None, status=200):
    return tk.render("inventory/form.html", {
        "territory": territory, "values": values, "errors": errors or {}, "item": item,
        "choices": choices(), "datasets": _datasets(territory),
        "limits": {"title": inventory.TITLE_MAX, "description": inventory.DESCRIPTION_MAX,
                   "owner_service": inventory.OWNER_SERVICE_MAX,
                   "blocker_detail": inventory.BLOCKER_DETAIL_MAX},
        "can_delete": item is not None and _allowed("odl_inventory_item_delete",
                                                     {"id": item["id"]})}), status


def _sent() -> dict:
    return {field: tk.request.form.get(field, "") for field in _FIELDS}


def _field_errors(error: tk.ValidationError) -> dict:
    return {key: [str(message) for message in messages]
            for key, messages in error.error_dict.items()}


@inventory_pages.route("/territoires/<name>/inventaire/nouveau", methods=["GET", "POST"])
def new(name):
    territory = _territory(name)
    if not _allowed("odl_inventory_item_create", {"territory": territory["id"]}):
        refused = _refuse_unless_member(territory)
        return refused if refused is not None else tk.abort(403, tk._(
            "Seuls les éditeurs et les administrateurs du territoire modifient son "
            "inventaire."))
    if tk.request.method == "GET":
        return _form(territory, {"priority": inventory.MEDIUM, "status": inventory.TO_PUBLISH})
    values = _sent()
    try:
        tk.get_action("odl_inventory_item_create")(
            _context(), dict(values, territory=territory["id"]))
    except tk.ValidationError as error:
        return _form(territory, values, _field_errors(error), status=400)
    tk.h.flash_success(tk._("Entrée ajoutée à l'inventaire."))
    return tk.redirect_to(tk.url_for("odl_inventory.index", name=territory["name"]))


def _item(territory, item_id) -> dict:
    try:
        item = tk.get_action("odl_inventory_item_show")(_context(), {"id": item_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Entrée d'inventaire introuvable."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("L'inventaire d'un territoire n'est visible que par ses "
                                  "membres."))
    if item["territory_id"] != territory["id"]:
        return tk.abort(404, tk._("Entrée d'inventaire introuvable."))
    return item


@inventory_pages.route("/territoires/<name>/inventaire/<item_id>/modifier",
                       methods=["GET", "POST"])
def edit(name, item_id):
    territory = _territory(name)
    refused = _refuse_unless_member(territory)
    if refused is not None:
        return refused
    item = _item(territory, item_id)
    if not _allowed("odl_inventory_item_update", {"id": item_id}):
        return tk.abort(403, tk._("Seuls les éditeurs et les administrateurs du territoire "
                                  "modifient son inventaire."))
    if tk.request.method == "GET":
        return _form(territory, dict(item, dataset=item.get("dataset_name") or ""), item=item)
    values = _sent()
    try:
        tk.get_action("odl_inventory_item_update")(_context(), dict(values, id=item_id))
    except tk.ValidationError as error:
        return _form(territory, values, _field_errors(error), item=item, status=400)
    tk.h.flash_success(tk._("Entrée de l'inventaire modifiée."))
    return tk.redirect_to(tk.url_for("odl_inventory.index", name=territory["name"]))


@inventory_pages.route("/territoires/<name>/inventaire/<item_id>/supprimer", methods=["POST"])
def delete(name, item_id):
    territory = _territory(name)
    refused = _refuse_unless_member(territory)
    if refused is not None:
        return refused
    _item(territory, item_id)
    try:
        tk.get_action("odl_inventory_item_delete")(_context(), {"id": item_id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Seuls les éditeurs et les administrateurs du territoire "
                                  "modifient son inventaire."))
    tk.h.flash_success(tk._("Entrée retirée de l'inventaire."))
    return tk.redirect_to(tk.url_for("odl_inventory.index", name=territory["name"]))
