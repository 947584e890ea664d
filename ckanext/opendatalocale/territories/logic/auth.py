from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_territory_list"]


@tk.auth_allow_anonymous_access
def odl_territory_list(context, data_dict):
    # Only public figures are returned, so everyone may read them.
    return {"success": True}
