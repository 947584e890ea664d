"""The kit d'accompagnement of a territory: /territoires/<name>/kit as a page and
/territoires/<name>/kit.pdf as a PDF, both from odl_kit_show (its auth decides).
``?version=membres`` asks for the members' version (with the inventory)."""
from __future__ import annotations

from urllib.parse import quote

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from .. import page_calls
from ..csrf import guard
from . import kit, kit_pdf

kit_pages = guard(Blueprint("odl_kit", __name__))


def _audience() -> str:
    version = tk.request.args.get("version") or kit.PUBLIC
    return version if version in kit.AUDIENCES else kit.PUBLIC


def _kit(name: str) -> dict:
    return page_calls.call("odl_kit_show", {"territory": name, "audience": _audience()},
                           not_found=tk._("Territoire introuvable."))


def _may_read_members(territory_id: str) -> bool:
    try:
        tk.check_access("odl_kit_show", page_calls.context(),
                        {"territory": territory_id, "audience": kit.MEMBERS})
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def _private(response):
    # The members' version holds the inventory: no shared cache keeps it.
    if _audience() == kit.MEMBERS:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@kit_pages.route("/territoires/<name>/kit")
def read(name):
    found = _kit(name)
    body = tk.render("kit/read.html", {
        "kit": found, "may_read_members": _may_read_members(found["territory"]["id"])})
    return _private(Response(body, mimetype="text/html"))


@kit_pages.route("/territoires/<name>/kit.pdf")
def pdf(name):
    found = _kit(name)
    html = tk.render("kit/document.html", {"kit": found,
                                           "stylesheet_url": kit_pdf.STYLESHEET_URL})
    document = kit_pdf.render(html, tk.config.get("ckan.site_url") or "")
    filename = f"kit-accompagnement-{found['territory']['name']}.pdf"
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{quote(filename)}"'
    return _private(response)
