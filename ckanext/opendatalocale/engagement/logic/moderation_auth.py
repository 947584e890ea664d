"""Who moderates (registered through auth.py): a territory's admins its own queue,
reports and setting; sysadmins (who pass before these functions run) every
territory's and the platform-wide queue. Anyone reports a public item."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import moderation
from . import moderation_queue

__all__ = ["odl_moderation_list", "odl_moderation_decide", "odl_spam_report_create",
           "odl_spam_report_list", "odl_spam_report_dismiss", "odl_spam_report_show",
           "odl_spam_report_delete", "odl_moderation_setting_show",
           "odl_moderation_setting_update"]

_ONLY_ADMINS = "Seuls les administrateurs du territoire modèrent ses contributions."


def _moderator_of(territory_reference, context, platform_message):
    from .auth import _allowed, active_territory, may_moderate
    if not territory_reference:
        # Every territory at once: the platform's queue, for sysadmins alone.
        return _allowed(False, tk._(platform_message))
    territory = active_territory(territory_reference)
    return _allowed(may_moderate(territory.id, context.get("user")), tk._(_ONLY_ADMINS))


def odl_moderation_list(context, data_dict):
    return _moderator_of(data_dict.get("territory_id"), context,
                         "Seuls les administrateurs de la plateforme voient la file de "
                         "modération de tous les territoires.")


def odl_moderation_decide(context, data_dict):
    from .auth import _allowed, may_moderate
    source = moderation_queue.SOURCES.get(data_dict.get("kind"))
    found = source.item(str(data_dict.get("id") or "")) if source else None
    if found is None:
        raise tk.ObjectNotFound(tk._("Élément introuvable dans la file de modération."))
    return _allowed(may_moderate(found.territory_id, context.get("user")), tk._(_ONLY_ADMINS))


@tk.auth_allow_anonymous_access
def odl_spam_report_create(context, data_dict):
    # Anyone reports what is public; without an account the action checks the
    # honeypot and the per-address rate limit, as for a data request.
    return {"success": True}


def odl_spam_report_list(context, data_dict):
    return _moderator_of(data_dict.get("territory_id"), context,
                         "Seuls les administrateurs de la plateforme voient les signalements "
                         "de tous les territoires.")


def odl_spam_report_dismiss(context, data_dict):
    from ... import compat
    from ..model import SpamReport
    from .auth import _allowed, may_moderate
    if data_dict.get("id"):
        report = compat.get_row(SpamReport, str(data_dict["id"]))
        territory_id = report.territory_id if report else None
    else:
        found = moderation_queue.SOURCES[moderation.REPORT].item(moderation.report_key(
            str(data_dict.get("item_kind") or ""), str(data_dict.get("item_id") or "")))
        territory_id = found.territory_id if found else None
    if territory_id is None:
        raise tk.ObjectNotFound(tk._("Signalement introuvable."))
    return _allowed(may_moderate(territory_id, context.get("user")), tk._(_ONLY_ADMINS))


def odl_spam_report_show(context, data_dict):
    from ... import compat
    from ..model import SpamReport
    from .auth import _allowed, may_moderate
    report = compat.get_row(SpamReport, str(data_dict.get("id") or ""))
    if report is None:
        raise tk.ObjectNotFound(tk._("Signalement introuvable."))
    return _allowed(may_moderate(report.territory_id, context.get("user")), tk._(_ONLY_ADMINS))


odl_spam_report_delete = odl_spam_report_show


def odl_moderation_setting_show(context, data_dict):
    return _moderator_of(data_dict.get("territory_id"), context, _ONLY_ADMINS)


def odl_moderation_setting_update(context, data_dict):
    return _moderator_of(data_dict.get("territory_id"), context, _ONLY_ADMINS)
