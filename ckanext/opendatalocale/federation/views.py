"""One DCAT catalogue per territory: what a regional portal or data.gouv.fr harvests
for a single commune, paginated like the whole catalogue (`/catalog.<format>`)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.exceptions import RDFProfileException
from ckanext.dcat.utils import CONTENT_TYPES
from flask import Blueprint, make_response, request

from ..csrf import guard

__all__ = ["federation"]

federation = guard(Blueprint("odl_federation", __name__))


def territory_catalogue(territory: str, _format: str):
    if _format not in CONTENT_TYPES:
        tk.abort(404, tk._("Format inconnu : le catalogue existe en ttl, rdf, xml, n3 et jsonld."))
    organization = model.Group.get(territory)
    if organization is None or not organization.is_organization or organization.state != "active":
        tk.abort(404, tk._("Territoire introuvable."))
    data_dict = {
        "page": request.args.get("page"),
        "modified_since": request.args.get("modified_since"),
        # Quoted: an id is a UUID, but a quote-free id must never widen the query.
        "fq": 'owner_org:"{0}"'.format(organization.id.replace('"', "")),
        "format": _format,
    }
    if request.args.get("profiles"):
        # As on /catalog.<format>: e.g. opendatalocale_dcat_ap_2 for a DCAT-AP 2.1.1
        # harvester (ckanext-dcat keeps the parameter in the next-page links).
        data_dict["profiles"] = request.args["profiles"].split(",")
    try:
        # The action, not ckanext-dcat's internals: same search (no private dataset),
        # same profiles, and next-page links built on this path.
        output = tk.get_action("dcat_catalog_show")({}, data_dict)
    except tk.ValidationError:
        tk.abort(400, tk._("Paramètre invalide : page est un entier à partir de 1, "
                           "modified_since une date ISO 8601."))
    except RDFProfileException:
        tk.abort(400, tk._("Profil inconnu : opendatalocale_dcat_ap (DCAT-AP 3, par défaut) "
                           "ou opendatalocale_dcat_ap_2 (DCAT-AP 2.1.1)."))
    response = make_response(output)
    response.headers["Content-Type"] = CONTENT_TYPES[_format]
    return response


federation.add_url_rule("/catalog/<territory>.<_format>", view_func=territory_catalogue)
