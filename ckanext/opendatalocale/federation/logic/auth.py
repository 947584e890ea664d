"""Who may read the suite's DCAT: private datasets never leave through it."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

__all__ = ["dcat_dataset_show"]


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def dcat_dataset_show(next_auth, context, data_dict):
    """/dataset/<id>.rdf (.ttl, .jsonld...) is what harvesters read: a private dataset
    is refused to everyone there, its own members included, so that a member's
    harvester or a shared link never copies it elsewhere. The catalogue pages already
    leave private datasets out (package_search without include_private)."""
    dataset = model.Package.get((data_dict or {}).get("id") or "")
    if dataset is not None and dataset.private:
        return {"success": False,
                "msg": tk._("Un jeu de données privé n'est pas publié dans le catalogue DCAT.")}
    return next_auth(context, data_dict)
