"""Public pages about territories."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

territories = Blueprint("odl_territories", __name__)

__all__ = ["territories"]


@territories.route("/territoires")
def index():
    try:
        listing = tk.get_action("odl_territory_list")({}, {"limit": 1000})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Vous n'avez pas accès à la liste des territoires."))
    return tk.render("territories/index.html", {"territories": listing["results"],
                                                "count": listing["count"]})
