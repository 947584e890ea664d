"""The datasets a platform-level harvest source could not place in a territory: listed
with the reason for the source's owners, assigned to a territory by a sysadmin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ..csrf import guard

__all__ = ["harvest_placements"]

harvest_placements = guard(Blueprint("odl_harvest", __name__))


def _context():
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _call(action, data_dict):
    try:
        return tk.get_action(action)(_context(), data_dict)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Accès refusé."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Source de moissonnage introuvable."))
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(f"{k} : {v}" for k, v in error.error_dict.items()))


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
