"""Template helpers of the engagement plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["odl_engagement_email_retention_days", "odl_engagement_dataset_reuses",
           "odl_engagement_report_reasons", "odl_engagement_waiting_count",
           "odl_engagement_dataset_questions", "odl_engagement_question_figures"]


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


def odl_engagement_report_reasons() -> dict:
    from .moderation import REPORT_REASONS
    return REPORT_REASONS


def odl_engagement_waiting_count(territory_id: str):
    """How many items wait in the territory's moderation queue, for its admins (and
    sysadmins) only: None for anyone else, so a page never shows it to the public."""
    try:
        return tk.get_action("odl_moderation_list")(
            {"user": tk.g.user}, {"territory_id": territory_id, "limit": 1})["count"]
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def odl_engagement_dataset_questions(pkg: dict):
    """The questions on a territory's dataset the visitor may see (ten at most) and
    what its asking form needs; None for a dataset of no territory."""
    from ckan import model
    from . import question_states, throttle
    from .logic import auth
    territory = model.Group.get(pkg.get("owner_org") or "")
    if territory is None or not territory.is_organization or territory.state != "active":
        return None
    try:
        listing = tk.get_action("odl_question_list")(
            {"user": tk.g.user, "auth_user_obj": tk.g.userobj},
            {"dataset_id": pkg["id"], "limit": 10})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None
    return {"territory": {"id": territory.id, "name": territory.name,
                          "title": territory.title or territory.name},
            "questions": listing["results"], "count": listing["count"],
            "may_answer": auth.may_answer(territory.id, tk.g.user),
            "honeypot": throttle.HONEYPOT_FIELD,
            "limits": {"title": question_states.TITLE_MAX, "body": question_states.BODY_MAX}}


def odl_engagement_question_figures(territory_id: str) -> dict:
    """A territory's public response figures (published questions on public
    datasets), with the median delay in words."""
    from .question_views import public_figures
    return public_figures(territory_id)
