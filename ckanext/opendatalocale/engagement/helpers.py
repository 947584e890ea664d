"""Template helpers of the engagement plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_engagement_email_retention_days", "odl_engagement_dataset_reuses"]


def odl_engagement_email_retention_days() -> int:
    return tk.config.get("ckanext.opendatalocale.engagement.email_retention_days")


def odl_engagement_dataset_reuses(package_id: str) -> list:
    """The published reuses of a dataset the visitor may see, ten at most."""
    try:
        return tk.get_action("odl_reuse_list")(
            {"user": tk.g.user}, {"dataset_id": package_id, "state": "publiee",
                                  "limit": 10})["results"]
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return []  # a private or deleted dataset shows none
