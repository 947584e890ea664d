"""Territory actions: a territory is a CKAN organization with the territory schema."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import schema

__all__ = ["odl_territory_list"]

_DEFAULT_LIMIT = 100
_MAX_LIMIT = 1000


@tk.side_effect_free
def odl_territory_list(context, data_dict):
    """Territories with their identity and their count of public datasets.

    Counts come from the search index with ``capacity:public`` so that a private
    dataset never shows in a public figure, whoever asks.
    """
    tk.check_access("odl_territory_list", context, data_dict)
    data, errors = tk.navl_validate(data_dict, schema.territory_list_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    limit = min(data.get("limit", _DEFAULT_LIMIT), _MAX_LIMIT)
    offset = data.get("offset", 0)

    # organization_list caps all_fields listings at 25: read the table instead.
    organizations = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .all()
    )

    facets = tk.get_action("package_search")(
        {"ignore_auth": True},
        {"fq": "+capacity:public", "rows": 0, "facet.field": ["owner_org"],
         "facet.limit": -1},
    )["facets"].get("owner_org", {})

    territories = []
    for org in organizations:
        extras = org.extras
        if data.get("kind") and extras.get("kind") != data["kind"]:
            continue
        territories.append({
            "id": org.id,
            "name": org.name,
            "title": org.title or org.name,
            "kind": extras.get("kind"),
            "siren": extras.get("siren"),
            "insee_code": extras.get("insee_code"),
            "population": _as_int(extras.get("population")),
            "public_dataset_count": facets.get(org.id, 0),
        })
    territories.sort(key=lambda t: t["title"].lower())
    return {"count": len(territories), "results": territories[offset:offset + limit]}


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
