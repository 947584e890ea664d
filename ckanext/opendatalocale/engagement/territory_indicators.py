"""Phase-6 indicators the engagement plugin gives the territories dashboard: data
requests answered, how long the answer took, reuses published, events held. One
grouped query each for all the territories a page asks about."""
from __future__ import annotations

import datetime
import statistics

import ckan.model as model
import sqlalchemy as sa

from . import events, request_states, reuse_kinds
from .model import DataRequest, Event, Reuse


def _scoped(query, column, context):
    ids = context.territory_ids
    return query if ids is None else query.filter(column.in_(ids))


def data_requests_answered(context) -> dict:
    """Requests closed with an answer: published (a dataset answers) or refused with a
    public reason. A request still waiting for moderation is not counted."""
    query = model.Session.query(DataRequest.territory_id, sa.func.count(DataRequest.id)).filter(
        DataRequest.state.in_(request_states.CLOSED_STATES))
    return dict(_scoped(query, DataRequest.territory_id, context)
                .group_by(DataRequest.territory_id).all())


def data_request_median_days(context) -> dict:
    """Median days between a request and its answer, over the answered ones."""
    query = model.Session.query(DataRequest.territory_id, DataRequest.created,
                                DataRequest.state_changed).filter(
        DataRequest.state.in_(request_states.CLOSED_STATES),
        DataRequest.state_changed.isnot(None))
    delays: dict[str, list[float]] = {}
    for territory_id, created, answered in _scoped(query, DataRequest.territory_id, context):
        delays.setdefault(territory_id, []).append(
            max((answered - created).total_seconds(), 0) / 86400)
    return {territory_id: round(statistics.median(days), 1) for territory_id, days in delays.items()}


def reuses_published(context) -> dict:
    query = model.Session.query(Reuse.territory_id, sa.func.count(Reuse.id)).filter(
        Reuse.state == reuse_kinds.PUBLISHED)
    return dict(_scoped(query, Reuse.territory_id, context).group_by(Reuse.territory_id).all())


def events_held(context) -> dict:
    """Public events that took place in the last twelve months: the figure is shown to
    anyone (dashboard, overview), so a members-only training is not counted."""
    now = datetime.datetime.utcnow()
    query = model.Session.query(Event.territory_id, sa.func.count(Event.id)).filter(
        Event.visibility == events.PUBLIC,
        Event.starts_at <= now, Event.starts_at > now - datetime.timedelta(days=365))
    return dict(_scoped(query, Event.territory_id, context).group_by(Event.territory_id).all())


def questions_answered(context) -> dict:
    """Questions with at least one answer, among the published ones on public datasets
    (the public figures: a private dataset's questions are never counted)."""
    from .logic.question import figures
    return {territory_id: shown["answered"]
            for territory_id, shown in figures(context.territory_ids).items()}


INDICATORS = [
    {"id": "data_requests_answered",
     "label": {"fr": "Demandes de données auxquelles le territoire a répondu",
               "en": "Data requests the territory answered"},
     "compute": data_requests_answered, "phase": 6},
    {"id": "data_request_median_days",
     "label": {"fr": "Délai médian de réponse aux demandes (jours)",
               "en": "Median time to answer a data request (days)"},
     "compute": data_request_median_days, "phase": 6, "default": None},
    {"id": "reuses_published",
     "label": {"fr": "Réutilisations publiées", "en": "Reuses published"},
     "compute": reuses_published, "phase": 6},
    {"id": "events_last_12_months",
     "label": {"fr": "Événements tenus dans les 12 derniers mois",
               "en": "Events held in the last 12 months"},
     "compute": events_held, "phase": 6},
    {"id": "questions_answered",
     "label": {"fr": "Questions sur les données auxquelles le territoire a répondu",
               "en": "Questions on datasets the territory answered"},
     "compute": questions_answered, "phase": 6},
]
