"""The publishing guide (phase 2: which data, where, what it costs, how long)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ..csrf import guard
from . import pages

guide = guard(Blueprint("odl_guide", __name__))


def _override():
    return tk.config.get("ckanext.opendatalocale.guides_path") or None


@guide.route("/guide")
def index():
    return tk.render("guides/index.html", {
        "intro": pages.page("index", _override()),
        "pages": pages.pages(_override()),
    })


@guide.route("/guide/<slug>")
def read(slug: str):
    found = pages.page(slug, _override())
    if found is None or slug == "index":
        return tk.abort(404, tk._("Cette page du guide n'existe pas."))
    return tk.render("guides/read.html", {"guide_page": found,
                                          "pages": pages.pages(_override())})
