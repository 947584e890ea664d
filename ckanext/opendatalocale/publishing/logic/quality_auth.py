"""Who sees a dataset's quality score and who asks for its links to be checked: the
score follows the dataset (a private dataset's score is its members' business), the
check follows the right to edit it (it queues work on the platform)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_quality_show", "odl_quality_check"]


def _dataset_access(action: str, context, data_dict, message: str) -> dict:
    try:
        tk.check_access(action, dict(context), {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": message}
    return {"success": True}


@tk.auth_allow_anonymous_access
def odl_quality_show(context, data_dict):
    return _dataset_access("package_show", context, data_dict, tk._(
        "Vous ne pouvez pas voir ce jeu de données, ni donc son score de qualité."))


def odl_quality_check(context, data_dict):
    return _dataset_access("package_update", context, data_dict, tk._(
        "Seuls les éditeurs du jeu de données demandent la vérification de ses liens."))
