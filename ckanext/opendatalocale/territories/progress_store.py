"""Where territories stand: the programme, their indicator values, milestones and
history put together for actions, pages and the daily job."""
from __future__ import annotations

import dataclasses
import datetime
import functools
from typing import Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import indicators, phases, progress
from .model import TerritoryMilestone, TerritoryProgressRecord


@functools.lru_cache(maxsize=4)
def _programme_from(path: str, recent_days: int) -> phases.Programme:
    return phases.load_programme(path or None, {"recent_days": recent_days})


def programme() -> phases.Programme:
    """The phases in force: the file named by config, else the shipped one."""
    return _programme_from(tk.config.get("ckanext.opendatalocale.territories.phases_file") or "",
                           tk.config.get("ckanext.opendatalocale.territories.recent_days"))


@dataclasses.dataclass
class Standing:
    territory: dict
    progress: progress.TerritoryProgress
    values: dict


def milestone_statuses(territory_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    statuses: dict[str, dict[str, str]] = {}
    query = model.Session.query(TerritoryMilestone.territory_id, TerritoryMilestone.milestone,
                                TerritoryMilestone.status)
    ids = list(territory_ids)
    if len(ids) <= 50:
        query = query.filter(TerritoryMilestone.territory_id.in_(ids))
    for territory_id, milestone, status in query:
        statuses.setdefault(territory_id, {})[milestone] = status
    return statuses


def standings(territories: list[dict], *, whole_catalogue: bool = False) -> list[Standing]:
    """Progress of many territories with one query per indicator.

    ``whole_catalogue``: the territories are (nearly) all of them, so indicators
    facet over the whole catalogue instead of filtering by territory.
    """
    current = programme()
    by_id = {territory["id"]: territory for territory in territories}
    context = indicators.IndicatorContext(by_id, scoped=not whole_catalogue)
    values = indicators.compute_values(context, current.indicator_ids())
    statuses = milestone_statuses(by_id)
    return [Standing(territory, progress.evaluate(current, values[territory["id"]],
                                                  statuses.get(territory["id"], {})),
                     values[territory["id"]])
            for territory in territories]


def history(territory_id: str) -> list[TerritoryProgressRecord]:
    return (model.Session.query(TerritoryProgressRecord)
            .filter(TerritoryProgressRecord.territory_id == territory_id)
            .order_by(TerritoryProgressRecord.recorded_at).all())


def latest_records(territory_ids: Iterable[str]) -> dict[str, TerritoryProgressRecord]:
    latest: dict[str, TerritoryProgressRecord] = {}
    ids = list(territory_ids)
    query = model.Session.query(TerritoryProgressRecord).order_by(
        TerritoryProgressRecord.recorded_at)
    if len(ids) <= 50:
        query = query.filter(TerritoryProgressRecord.territory_id.in_(ids))
    for record in query:
        latest[record.territory_id] = record
    return latest


def record_if_changed(items: list[Standing], now: datetime.datetime | None = None) -> int:
    """Write a snapshot for each territory whose progress differs from its last one;
    returns how many were written. The caller commits."""
    latest = latest_records(item.territory["id"] for item in items)
    written = 0
    for item in items:
        last = latest.get(item.territory["id"])
        signature = item.progress.signature()
        if last is not None and (last.current_phase, tuple(last.met_criteria or ())) == signature:
            continue
        model.Session.add(TerritoryProgressRecord(
            territory_id=item.territory["id"], recorded_at=now or datetime.datetime.utcnow(),
            current_phase=item.progress.current_phase, percent=item.progress.percent,
            met_criteria=list(signature[1])))
        written += 1
    return written


def snapshots(records: list[TerritoryProgressRecord]) -> list[progress.Snapshot]:
    return [progress.Snapshot(record.recorded_at, record.current_phase) for record in records]
