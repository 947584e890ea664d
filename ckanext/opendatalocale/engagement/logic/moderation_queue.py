"""The moderation queue: one small source per kind of waiting item.

A source says which of its rows wait (a SELECT of kind, item_id, territory_id,
created that the queue unites with the others' and pages in SQL), how an entry
reads in the queue, what each decision does (through the engagement actions, so
their own auth functions run again), and, for a kind the public may report, which
of its items are public and how one is unpublished. Adding a kind (questions on
datasets, say) is one ``register(Source(...))`` with those few functions.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ... import compat
from .. import moderation, request_states, reuse_kinds
from ..model import DataRequest, Reuse, SpamReport
from . import auth


@dataclass(frozen=True)
class Item:
    """What the queue and the reports need to know of any item."""
    territory_id: str
    title: str
    public: bool


@dataclass(frozen=True)
class Source:
    kind: str
    label: str  # French source string
    # select(kind, item_id, territory_id, created) of the rows waiting for a moderator
    waiting: Callable[[], sa.sql.Select]
    # (context, ids) -> {id: {"title", "text", "details": [(label, value)], ...}}
    entries: Callable[[dict, list], dict]
    # (context, id, decision, reason): through the capability's own actions
    decide: Callable[[dict, str, str, str], None]
    item: Callable[[str], Optional[Item]]
    # (territory name, id) -> the address of the item's public page (views only)
    link: Callable[[str, str], str]
    # (context, id): back to waiting for a moderator; None: the public cannot report it
    unpublish: Optional[Callable[[dict, str], None]] = None


SOURCES: dict = {}


def register(source: Source) -> Source:
    SOURCES[source.kind] = source
    return source


def reportable_kinds() -> list:
    return sorted(kind for kind, source in SOURCES.items() if source.unpublish is not None)


def _waiting_select(kind: str, table, state: str):
    return sa.select(sa.literal(kind, sa.UnicodeText).label("kind"),
                     table.id.label("item_id"), table.territory_id.label("territory_id"),
                     table.created.label("created")).where(table.state == state)


def _act(action: str, context: dict, data: dict):
    # A copy: CKAN writes into the context it is given.
    return tk.get_action(action)(dict(context), data)


# Data requests -------------------------------------------------------------------

def _request_entries(context, ids):
    rows = model.Session.query(DataRequest).filter(DataRequest.id.in_(ids))
    return {r.id: {
        "title": r.title, "text": r.description,
        "details": [(tk._("Pour quoi faire"), r.purpose),
                    (tk._("Demandée par"), tk._(request_states.REQUESTER_KINDS.get(
                        r.requester_kind, r.requester_kind)))],
    } for r in rows}


def _request_decide(context, item_id, decision, reason):
    if decision == moderation.REMOVE:
        _act("odl_data_request_delete", context, {"id": item_id})
    elif decision == moderation.APPROVE:
        _act("odl_data_request_update", context,
             {"id": item_id, "state": request_states.ACCEPTED})
    else:
        _act("odl_data_request_update", context,
             {"id": item_id, "state": request_states.REFUSED, "reason": reason})


def _request_item(item_id) -> Optional[Item]:
    found = compat.get_row(DataRequest, item_id) if item_id else None
    if found is None:
        return None
    return Item(found.territory_id, found.title, request_states.is_public(found.state))


def _request_unpublish(context, item_id):
    found = compat.get_row(DataRequest, item_id)
    found.state = request_states.NEW
    found.state_changed = datetime.datetime.utcnow()
    found.state_changed_by = auth._user_id(context)


register(Source(
    kind=moderation.REQUEST, label="Demandes de données",
    waiting=lambda: _waiting_select(moderation.REQUEST, DataRequest, request_states.NEW),
    entries=_request_entries, decide=_request_decide, item=_request_item,
    link=lambda name, item_id: tk.url_for("odl_engagement.requests_page", name=name,
                                          _anchor=f"demande-{item_id}"),
    unpublish=_request_unpublish))


# Reuses --------------------------------------------------------------------------

def _reuse_entries(context, ids):
    from .reuse import _public_datasets_of
    rows = model.Session.query(Reuse).filter(Reuse.id.in_(ids))
    # Only public datasets are named: a dataset of another territory made private
    # never reaches this territory's moderators.
    return {r.id: {
        "title": r.title, "text": r.description,
        "details": [(tk._("Lien"), r.url), (tk._("Auteur"), r.author),
                    (tk._("Type"), tk._(reuse_kinds.TYPES.get(r.reuse_type, r.reuse_type))),
                    (tk._("Jeux de données"), ", ".join(
                        d["title"] for d in _public_datasets_of(r.id)))],
    } for r in rows}


def _reuse_decide(context, item_id, decision, reason):
    if decision == moderation.REMOVE:
        _act("odl_reuse_delete", context, {"id": item_id})
    elif decision == moderation.APPROVE:
        _act("odl_reuse_update", context, {"id": item_id, "state": reuse_kinds.PUBLISHED})
    else:
        _act("odl_reuse_update", context,
             {"id": item_id, "state": reuse_kinds.REFUSED, "reason": reason})


def _reuse_item(item_id) -> Optional[Item]:
    found = compat.get_row(Reuse, item_id) if item_id else None
    if found is None:
        return None
    return Item(found.territory_id, found.title, found.state == reuse_kinds.PUBLISHED)


def _reuse_unpublish(context, item_id):
    found = compat.get_row(Reuse, item_id)
    found.state = reuse_kinds.PROPOSED
    found.state_changed = datetime.datetime.utcnow()
    found.state_changed_by = auth._user_id(context)


register(Source(
    kind=moderation.REUSE, label="Réutilisations",
    waiting=lambda: _waiting_select(moderation.REUSE, Reuse, reuse_kinds.PROPOSED),
    entries=_reuse_entries, decide=_reuse_decide, item=_reuse_item,
    link=lambda name, item_id: tk.url_for("odl_engagement.reuses_page", name=name,
                                          _anchor=f"reutilisation-{item_id}"),
    unpublish=_reuse_unpublish))


# Spam reports, grouped by the item they name -------------------------------------

def _open_reports(item_kind, item_id):
    return model.Session.query(SpamReport).filter(
        SpamReport.item_kind == item_kind, SpamReport.item_id == item_id,
        SpamReport.state == moderation.OPEN)


def _report_waiting():
    key = (SpamReport.item_kind + sa.literal(":", sa.UnicodeText) + SpamReport.item_id)
    return sa.select(sa.literal(moderation.REPORT, sa.UnicodeText).label("kind"),
                     key.label("item_id"), SpamReport.territory_id.label("territory_id"),
                     sa.func.max(SpamReport.created).label("created")).where(
        SpamReport.state == moderation.OPEN).group_by(
        SpamReport.item_kind, SpamReport.item_id, SpamReport.territory_id)


def _report_entries(context, keys):
    shown = {}
    for key in keys:
        item_kind, item_id = moderation.split_report_key(key)
        source = SOURCES.get(item_kind)
        reports = _open_reports(item_kind, item_id).order_by(SpamReport.created).all()
        found = source.item(item_id) if source else None
        reasons: dict = {}
        for report in reports:
            label = tk._(moderation.REPORT_REASONS.get(report.reason, report.reason))
            reasons[label] = reasons.get(label, 0) + 1
        shown[key] = {
            "title": found.title if found else tk._("Élément déjà supprimé"),
            "text": "",
            "item_kind": item_kind, "item_id": item_id,
            "item_kind_label": tk._(source.label) if source else item_kind,
            "item_public": bool(found and found.public), "item_exists": found is not None,
            "report_count": len(reports),
            "reasons": [{"label": label, "count": count} for label, count in reasons.items()],
            # What reporters wrote; never who they are.
            "comments": [r.comment for r in reports if r.comment],
            "details": [],
        }
    return shown


def close_reports(context, item_kind, item_id, state):
    user_id = auth._user_id(context)
    return _open_reports(item_kind, item_id).update(
        {SpamReport.state: state, SpamReport.handled: datetime.datetime.utcnow(),
         SpamReport.handled_by: user_id}, synchronize_session=False)


def _report_decide(context, key, decision, reason):
    item_kind, item_id = moderation.split_report_key(key)
    source = SOURCES.get(item_kind)
    if decision == moderation.DISMISS:
        _act("odl_spam_report_dismiss", context, {"item_kind": item_kind, "item_id": item_id})
        return
    if source is None or source.item(item_id) is None:
        raise tk.ObjectNotFound(tk._("L'élément signalé n'existe plus : rejetez le signalement."))
    if decision == moderation.REMOVE:
        source.decide(context, item_id, moderation.REMOVE, "")
    else:
        source.unpublish(context, item_id)
    close_reports(context, item_kind, item_id, moderation.UPHELD)
    model.Session.commit()


def _report_item(key) -> Optional[Item]:
    item_kind, item_id = moderation.split_report_key(key)
    report = _open_reports(item_kind, item_id).first()
    if report is None:
        return None
    source = SOURCES.get(item_kind)
    found = source.item(item_id) if source else None
    return Item(report.territory_id, found.title if found else "", bool(found and found.public))


def _report_link(name, key):
    item_kind, item_id = moderation.split_report_key(key)
    source = SOURCES.get(item_kind)
    return source.link(name, item_id) if source else ""


register(Source(
    kind=moderation.REPORT, label="Signalements",
    waiting=_report_waiting, entries=_report_entries, decide=_report_decide,
    item=_report_item, link=_report_link))
