"""Moderation actions (registered through action.py): the queue of a territory and
of the platform, decisions on what waits, spam reports, and each territory's
choice to publish what the public writes at once (issue 15, point 7)."""
from __future__ import annotations

import datetime
from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ... import compat
from .. import moderation, throttle
from ..model import ModerationSetting, SpamReport
from ...logic.navl import validated
from . import auth, moderation_queue, moderation_schema as schema
from .schema import DEFAULT_LIMIT, MAX_LIMIT

__all__ = ["odl_moderation_list", "odl_moderation_decide", "odl_spam_report_create",
           "odl_spam_report_list", "odl_spam_report_dismiss", "odl_spam_report_show",
           "odl_spam_report_delete", "odl_moderation_setting_show",
           "odl_moderation_setting_update"]


def _iso(value):
    return value.isoformat() if value else None


def _territory(territory_id, cache: dict) -> dict:
    if territory_id not in cache:
        found = model.Group.get(territory_id)
        cache[territory_id] = {"id": found.id, "name": found.name, "title": found.title}
    return cache[territory_id]


def premoderated(territory_id: str) -> bool:
    """Whether what the public writes to this territory waits for a moderator."""
    setting = compat.get_row(ModerationSetting, territory_id)
    return moderation.DEFAULT_PREMODERATION if setting is None else setting.premoderation


def _bounds(data) -> tuple[int, int]:
    return min(data.get("limit", DEFAULT_LIMIT), MAX_LIMIT), data.get("offset", 0)


@tk.side_effect_free
def odl_moderation_list(context, data_dict):
    """Everything waiting for a moderator, newest first, a page at a time (``limit``
    ≤ 100, ``offset``): new data requests, proposed reuses, questions when the
    discussions are there, and reported items (their open reports grouped). One
    territory (``territory_id``, its admins), or every territory (sysadmins).
    ``kind`` keeps one kind; ``counts`` gives the number waiting of each."""
    data = validated(context, data_dict, schema.moderation_list(), auth="odl_moderation_list")
    limit, offset = _bounds(data)
    territory = auth.active_territory(data["territory_id"]) if data.get("territory_id") else None
    selects = [source.waiting() for source in moderation_queue.SOURCES.values()]
    waiting = sa.union_all(*selects).subquery("waiting")
    conditions = [waiting.c.territory_id == territory.id] if territory else []
    counted = model.Session.execute(
        sa.select(waiting.c.kind, sa.func.count()).where(*conditions).group_by(waiting.c.kind))
    counts = {kind: 0 for kind in moderation_queue.SOURCES}
    counts.update({kind: number for kind, number in counted})
    if data.get("kind"):
        conditions.append(waiting.c.kind == data["kind"])
    rows = model.Session.execute(
        sa.select(waiting.c.kind, waiting.c.item_id, waiting.c.territory_id, waiting.c.created)
        .where(*conditions)
        .order_by(waiting.c.created.desc(), waiting.c.kind, waiting.c.item_id)
        .offset(offset).limit(limit)).all()
    by_kind: dict = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.item_id)
    entries = {kind: moderation_queue.SOURCES[kind].entries(context, ids)
               for kind, ids in by_kind.items()}
    territories: dict = {}
    results = []
    for row in rows:
        entry = entries[row.kind].get(row.item_id)
        if entry is None:  # gone between the two queries
            continue
        source = moderation_queue.SOURCES[row.kind]
        results.append(dict(entry, kind=row.kind, kind_label=tk._(source.label),
                            id=row.item_id, created=_iso(row.created),
                            territory=_territory(row.territory_id, territories),
                            decisions=list(moderation.REPORT_DECISIONS if row.kind ==
                                           moderation.REPORT else moderation.ITEM_DECISIONS)))
    count = counts.get(data["kind"], 0) if data.get("kind") else sum(counts.values())
    return {"count": count, "counts": counts, "offset": offset, "limit": limit,
            "territory": _territory(territory.id, territories) if territory else None,
            "results": results}


def odl_moderation_decide(context, data_dict):
    """Decide on one waiting item: ``kind`` and ``id`` as the queue gives them,
    ``decision`` approuver, refuser (with a public ``reason``) or supprimer for a
    request, a reuse or a question; rejeter (the reports), depublier (the item goes
    back to waiting) or supprimer for a reported item. The territory's admins."""
    data = validated(context, data_dict, schema.moderation_decide(),
                     auth="odl_moderation_decide")
    source = moderation_queue.SOURCES[data["kind"]]
    if source.item(data["id"]) is None:
        raise tk.ObjectNotFound(tk._("Élément introuvable dans la file de modération."))
    refused = moderation.decision_refused(data["kind"], data["decision"], data.get("reason", ""))
    if refused:
        raise tk.ValidationError({"decision" if "raison" not in refused else "reason":
                                  [tk._(refused)]})
    source.decide(context, data["id"], data["decision"], data.get("reason", ""))
    model.Session.commit()
    return {"kind": data["kind"], "id": data["id"], "decision": data["decision"]}


def _report_dict(report: SpamReport) -> dict:
    return {"id": report.id, "item_kind": report.item_kind, "item_id": report.item_id,
            "territory_id": report.territory_id, "reason": report.reason,
            "reason_label": tk._(moderation.REPORT_REASONS.get(report.reason, report.reason)),
            "comment": report.comment, "state": report.state,
            "state_label": tk._(moderation.REPORT_STATE_LABELS.get(report.state, report.state)),
            "created": _iso(report.created), "handled": _iso(report.handled)}


def _once_per_address(item_kind: str, item_id: str) -> None:
    """An anonymous reporter reports an item once: remembered in Redis under a keyed
    hash of the address, for the configured number of days, never in the database."""
    from ckan.lib.redis import connect_to_redis
    from .action import client_address
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "")
    key = throttle.address_key(str(tk.config.get("ckan.site_id")),
                               f"report:{item_kind}:{item_id}", client_address() or "", secret)
    days = int(tk.config.get("ckanext.opendatalocale.engagement.report_memory_days"))
    if not connect_to_redis().set(key, 1, nx=True, ex=days * 86400):
        raise tk.ValidationError({"item_id": [tk._("Vous avez déjà signalé cet élément.")]})


def odl_spam_report_create(context, data_dict):
    """Report a public item as spam or abusive: ``item_kind`` (demande,
    reutilisation, question once discussions exist), ``item_id``, ``reason`` (spam,
    abusif, donnees_personnelles, hors_sujet, autre), an optional ``comment``.
    Anyone: without an account, the honeypot ``site_web`` left empty and the
    per-address rate limit. One report per person and item; no e-mail is asked.
    The report waits in the territory's moderation queue."""
    from .action import check_anonymous_limit
    data = validated(context, data_dict, schema.spam_report_create(),
                     auth="odl_spam_report_create")
    source = moderation_queue.SOURCES[data["item_kind"]]
    found = source.item(data["item_id"])
    # The same answer for a missing item and one the public may not see.
    if found is None or not found.public:
        raise tk.ObjectNotFound(tk._("Élément introuvable : seul ce qui est publié se "
                                     "signale."))
    user_id = auth._user_id(context)
    if user_id is None:
        check_anonymous_limit("report")
        _once_per_address(data["item_kind"], data["item_id"])
    report = SpamReport(item_kind=data["item_kind"], item_id=data["item_id"],
                        territory_id=found.territory_id, reason=data["reason"],
                        comment=data.get("comment", ""), user_id=user_id,
                        state=moderation.OPEN, created=datetime.datetime.utcnow())
    model.Session.add(report)
    try:
        model.Session.flush()
    except sa_exc.IntegrityError:
        model.Session.rollback()
        raise tk.ValidationError({"item_id": [tk._("Vous avez déjà signalé cet élément.")]})
    model.Session.commit()
    return _report_dict(report)


@tk.side_effect_free
def odl_spam_report_list(context, data_dict):
    """Spam reports, newest first, a page at a time: one territory's
    (``territory_id``, its admins) or every territory's (sysadmins); filters
    ``state`` (ouvert, rejete, retenu), ``item_kind``, ``item_id``. Reporters are
    never named."""
    data = validated(context, data_dict, schema.spam_report_list(),
                     auth="odl_spam_report_list")
    limit, offset = _bounds(data)
    query = model.Session.query(SpamReport)
    if data.get("territory_id"):
        territory = auth.active_territory(data["territory_id"])
        query = query.filter(SpamReport.territory_id == territory.id)
    for field in ("state", "item_kind", "item_id"):
        if data.get(field):
            query = query.filter(getattr(SpamReport, field) == data[field])
    count = query.count()
    found = query.order_by(SpamReport.created.desc(), SpamReport.id).offset(offset).limit(
        limit).all()
    return {"count": count, "offset": offset, "limit": limit,
            "results": [_report_dict(report) for report in found]}


def _report(reference) -> SpamReport:
    report = compat.get_row(SpamReport, str(reference or ""))
    if report is None:
        raise tk.ObjectNotFound(tk._("Signalement introuvable."))
    return report


@tk.side_effect_free
def odl_spam_report_show(context, data_dict):
    """One report (``id``): the territory's admins. The reporter is never named."""
    data = validated(context, data_dict, schema.spam_report_show(),
                     auth="odl_spam_report_show")
    return _report_dict(_report(data["id"]))


def odl_spam_report_delete(context, data_dict):
    """Remove a report (``id``) for good, the reported item unchanged (a report made
    in error, or holding personal data in its comment). The territory's admins;
    ``odl_spam_report_dismiss`` keeps the trace instead."""
    data = validated(context, data_dict, schema.spam_report_show(),
                     auth="odl_spam_report_delete")
    model.Session.delete(_report(data["id"]))
    model.Session.commit()
    return {"id": data["id"], "deleted": True}


def odl_spam_report_dismiss(context, data_dict):
    """Dismiss a report (``id``) or every open report on an item (``item_kind`` and
    ``item_id``): the item stays as it is. The territory's admins."""
    data = validated(context, data_dict, schema.spam_report_dismiss(),
                     auth="odl_spam_report_dismiss")
    now, user_id = datetime.datetime.utcnow(), auth._user_id(context)
    if data.get("id"):
        report = compat.get_row(SpamReport, data["id"])
        if report is None:
            raise tk.ObjectNotFound(tk._("Signalement introuvable."))
        reports = [report] if report.state == moderation.OPEN else []
    elif data.get("item_kind") and data.get("item_id"):
        reports = model.Session.query(SpamReport).filter(
            SpamReport.item_kind == data["item_kind"], SpamReport.item_id == data["item_id"],
            SpamReport.state == moderation.OPEN).all()
        if not reports:
            raise tk.ObjectNotFound(tk._("Signalement introuvable."))
    else:
        raise tk.ValidationError({"id": [tk._(
            "Indiquez le signalement (id) ou l'élément signalé (item_kind et item_id).")]})
    for report in reports:
        report.state, report.handled, report.handled_by = moderation.DISMISSED, now, user_id
    model.Session.commit()
    return {"dismissed": len(reports)}


def _setting_dict(territory, setting: Optional[ModerationSetting]) -> dict:
    return {"territory_id": territory.id,
            "premoderation": moderation.DEFAULT_PREMODERATION if setting is None
            else setting.premoderation,
            "modified": _iso(setting.modified) if setting else None}


@tk.side_effect_free
def odl_moderation_setting_show(context, data_dict):
    """Whether what the public writes to the territory (requests, reuses) waits for
    a moderator (``premoderation``, true unless the territory turned it off)."""
    data = validated(context, data_dict, schema.moderation_setting_show(),
                     auth="odl_moderation_setting_show")
    territory = auth.active_territory(data["territory_id"])
    return _setting_dict(territory, compat.get_row(ModerationSetting, territory.id))


def odl_moderation_setting_update(context, data_dict):
    """Turn pre-moderation off (``premoderation`` false: requests and reuses are
    public at once, still reportable) or back on. The territory's admins."""
    data = validated(context, data_dict, schema.moderation_setting_update(),
                     auth="odl_moderation_setting_update")
    territory = auth.active_territory(data["territory_id"])
    setting = compat.get_row(ModerationSetting, territory.id)
    if setting is None:
        setting = ModerationSetting(territory_id=territory.id)
        model.Session.add(setting)
    setting.premoderation = data["premoderation"]
    setting.modified = datetime.datetime.utcnow()
    setting.modified_by = auth._user_id(context)
    model.Session.commit()
    return _setting_dict(territory, setting)
