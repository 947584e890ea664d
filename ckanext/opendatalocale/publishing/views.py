"""Bulk import pages: the template, the upload form (dry run), an import's page with its
plan, errors and progress, and the form that applies it."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ..csrf import guard
from . import rows, scdl_catalogue

publishing = guard(Blueprint("odl_publishing", __name__))


def _context():
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _may_import() -> bool:
    try:
        tk.check_access("odl_bulk_import_check", _context(), {})
        return True
    except tk.NotAuthorized:
        return False


@publishing.route("/import/modele.csv")
def template():
    response = Response(rows.template_csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="modele-import-jeux.csv"'
    return response


def _form(errors=None, status=200):
    return tk.render("publishing/import.html", {
        "form_errors": errors or [], "columns": rows.COLUMNS,
        "latest": tk.get_action("odl_bulk_import_list")(_context(), {"limit": 10}),
        "max_rows": tk.config.get("ckanext.opendatalocale.publishing.max_rows")}), status


@publishing.route("/import", methods=["GET", "POST"])
def upload():
    if not _may_import():
        return tk.abort(403, tk._("Seuls les éditeurs et les administrateurs d'un territoire "
                                  "importent des jeux de données."))
    if tk.request.method == "GET":
        return _form()
    sent = tk.request.files.get("upload")
    data_dict = {"upload": sent if sent and sent.filename else None,
                 "file_name": sent.filename if sent else ""}
    try:
        checked = tk.get_action("odl_bulk_import_check")(_context(), data_dict)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        messages = [str(message) for values in error.error_dict.values() for message in values]
        return _form(messages, 400)
    return tk.redirect_to(tk.url_for("odl_publishing.read", import_id=checked["id"]))


def _show(import_id):
    try:
        return tk.get_action("odl_bulk_import_show")(_context(), {"id": import_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Import introuvable."))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError:
        return tk.abort(404, tk._("Import introuvable."))


@publishing.route("/import/<import_id>")
def read(import_id):
    bulk = _show(import_id)
    return tk.render("publishing/read.html", {"bulk": bulk})


@publishing.route("/import/<import_id>/appliquer", methods=["POST"])
def apply(import_id):
    _show(import_id)
    try:
        tk.get_action("odl_bulk_import_apply")(_context(), {"id": import_id})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        messages = [str(message) for values in error.error_dict.values() for message in values]
        tk.h.flash_error(" ".join(messages))
        return tk.redirect_to(tk.url_for("odl_publishing.read", import_id=import_id))
    tk.h.flash_success(tk._("Import lancé en arrière-plan : cette page suit son avancement."))
    return tk.redirect_to(tk.url_for("odl_publishing.read", import_id=import_id))


def _territory(name) -> dict:
    try:
        found = tk.get_action("organization_show")(
            {"user": ""}, {"id": name, "include_datasets": False, "include_users": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Territoire introuvable."))
    extras = {extra["key"]: extra["value"] for extra in found.get("extras") or []}
    return {"id": found["id"], "name": found["name"], "title": found.get("title") or found["name"],
            "kind": found.get("kind") or extras.get("kind", ""),
            "siren": found.get("siren") or extras.get("siren", "")}


def _public_datasets(owner):
    """Every public dataset of the territory (its id), searched as an anonymous visitor
    would: a private dataset is never asked for, whoever downloads."""
    search = tk.get_action("package_search")
    start, page = 0, 1000
    while True:
        found = search({"user": "", "ignore_auth": True},
                       {"fq": f'+owner_org:"{owner}" +capacity:public', "rows": page,
                        "start": start, "sort": "name asc", "include_private": False})
        yield from found["results"]
        start += page
        if start >= found["count"]:
            return


@publishing.route("/territoires/<name>/catalogue-scdl.csv")
def scdl_catalogue_csv(name):
    territory = _territory(name)
    # Read before streaming: the search needs the request's context.
    datasets = list(_public_datasets(territory["id"]))
    body = "".join(scdl_catalogue.csv_text_chunks(
        datasets, territory, tk.config.get("ckan.site_url") or ""))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="catalogue-scdl-{territory["name"]}.csv"')
    return response


# The inventory's pages, registered with this plugin's blueprints (blanket reads every
# Blueprint of this module).
from .inventory_views import inventory_pages  # noqa: E402,F401
from .kit_views import kit_pages  # noqa: E402,F401
from .quality_views import quality_pages  # noqa: E402,F401
