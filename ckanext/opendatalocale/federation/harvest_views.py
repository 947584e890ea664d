"""The datasets a platform-level harvest source could not place in a territory: listed
with the reason for the source's owners, assigned to a territory by a sysadmin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ..csrf import guard
from .. import page_calls

__all__ = ["harvest_placements"]

harvest_placements = guard(Blueprint("odl_harvest", __name__))


_context = page_calls.context


def _call(action, data_dict):
    return page_calls.call(action, data_dict, tk._("Source de moissonnage introuvable."))


def _can_assign() -> bool:
    try:
        tk.check_access("odl_harvest_placement_assign", _context(), {})
    except tk.NotAuthorized:
        return False
    return True


def unplaced(source_id):
    from ckan import model
    rows = _call("odl_harvest_placement_list", {"source_id": source_id})
    source = model.Package.get(source_id)
    return tk.render("federation/unplaced.html", {
        "source": source, "rows": rows, "can_assign": _can_assign()})


def assign(source_id):
    form = tk.request.form
    try:
        tk.get_action("odl_harvest_placement_assign")(_context(), {
            "id": form.get("id", ""), "territory": form.get("territory", "")})
    except tk.ValidationError as error:
        tk.h.flash_error("; ".join(", ".join(map(str, v)) for v in error.error_dict.values()))
        return tk.redirect_to("odl_harvest.unplaced", source_id=source_id)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return _call("odl_harvest_placement_assign", {"id": form.get("id", ""),
                                                     "territory": form.get("territory", "")})
    tk.h.flash_success(tk._("Jeu de données rattaché au territoire."))
    return tk.redirect_to("odl_harvest.unplaced", source_id=source_id)


harvest_placements.add_url_rule("/moissonnage/<source_id>/non-rattaches", view_func=unplaced)
harvest_placements.add_url_rule("/moissonnage/<source_id>/non-rattaches", view_func=assign,
                                endpoint="assign", methods=["POST"])
