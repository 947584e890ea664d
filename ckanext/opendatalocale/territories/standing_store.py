"""Territory standings kept in a table: the overview, its exports, the territory
listing and the obligation page read them page by page in SQL instead of computing
every territory at each request (4.4 s for a country's 36,000 territories).

Freshness: a territory's row is marked stale in the transaction that changes one of
its datasets or its identity (a new territory has no row, which counts as stale);
its progress job and the periodic pass (`record-progress --stale`, every minute
under `make run`) recompute the stale rows, and the daily pass recomputes them all
(figures that move with time alone: "updated recently", "on time"). A page that
finds a few stale rows recomputes them itself before answering, so what an agent
just did shows at once; past that many, it shows the kept figures and says how
many are being recomputed.
"""
from __future__ import annotations

import datetime
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import catalogue_figures as figures
from . import coverage, freshness, identity, indicators, progress_store
from .model import TerritoryStanding

# Beyond this many territories, one pass over the whole catalogue is cheaper than
# queries scoped to them (catalogue_figures does the same).
SCOPED_REFRESH_MAX = 50
_BATCH = 2000

standing_table = TerritoryStanding.__table__


def coverage_cells(territory_ids: list[str] | None, now: datetime.datetime
                   ) -> dict[str, dict[str, dict]]:
    """{territory id: {schema id: cell}} of public resources declaring a schema: how
    many, how many valid, how many of datasets late for their frequency (or older
    than ``stale_after_days`` when they declare none)."""
    stale_after = datetime.timedelta(
        days=tk.config.get("ckanext.opendatalocale.territories.stale_after_days"))
    frequencies = {dataset_id: frequency for _, dataset_id, frequency, _
                   in figures.dataset_frequencies(territory_ids)}

    def stale(dataset_id, modified):
        on_time = freshness.is_on_time(frequencies.get(dataset_id), modified, now)
        return (now - modified > stale_after) if on_time is None else not on_time

    matrix = coverage.coverage_matrix(
        coverage.SchemaResource(territory_id, schema_id, status == "success",
                                stale(dataset_id, modified))
        for territory_id, dataset_id, schema_id, status, modified
        in figures.schema_resources(territory_ids))
    return {territory_id: {schema_id: {"resources": cell.resources, "valid": cell.valid,
                                       "stale": cell.stale, "state": cell.state}
                           for schema_id, cell in cells.items()}
            for territory_id, cells in matrix.items()}


def refresh(records: list[dict], *, whole_catalogue: bool = False,
            now: datetime.datetime | None = None) -> list[progress_store.Standing]:
    """Compute the standings of ``records`` and keep them; returns them. The
    caller commits."""
    if not records:
        return []
    now = now or datetime.datetime.utcnow()
    items = progress_store.standings(records, whole_catalogue=whole_catalogue)
    ids = [record["id"] for record in records]
    overview = [indicator for indicator in indicators.overview_indicators()
                if indicator.id not in progress_store.programme().indicator_ids()]
    extra = {}
    if overview:
        extra = indicators.compute_values(
            indicators.IndicatorContext({record["id"]: record for record in records},
                                        scoped=not whole_catalogue),
            {indicator.id for indicator in overview})
    last = figures.last_publication(None if whole_catalogue else ids)
    cells = coverage_cells(None if whole_catalogue else ids, now)
    rows = []
    for item in items:
        record = item.territory
        values = dict(extra.get(record["id"], {}))
        values.update({indicator.id: item.values.get(indicator.id, indicator.default)
                       for indicator in indicators.overview_indicators()
                       if indicator.id in item.values})
        rows.append({
            "territory_id": record["id"], "kind": record.get("kind"),
            "siren": record.get("siren"), "insee_code": record.get("insee_code"),
            "departement": identity.departement_of(record.get("insee_code"), record.get("kind")),
            "population": record.get("population"),
            "current_phase": item.progress.current_phase, "percent": item.progress.percent,
            "public_datasets": item.values.get("public_datasets", 0) or 0,
            "last_publication": last.get(record["id"]),
            "overview_values": values, "coverage_cells": cells.get(record["id"], {}),
            "stale": False, "computed_at": now,
        })
    # In one order for every writer, so that two pages refreshing together never deadlock.
    rows.sort(key=lambda row: row["territory_id"])
    for start in range(0, len(rows), _BATCH):
        statement = insert(standing_table).values(rows[start:start + _BATCH])
        statement = statement.on_conflict_do_update(
            index_elements=[standing_table.c.territory_id],
            set_={column: statement.excluded[column] for column in rows[0]
                  if column != "territory_id"})
        model.Session.execute(statement)
    return items


def mark_stale(territory_id: str | None) -> None:
    """In the transaction of the change: its figures are recomputed before they are
    shown again, even if the job that follows is lost."""
    if territory_id:
        model.Session.execute(standing_table.update()
                              .where(standing_table.c.territory_id == territory_id)
                              .values(stale=True))


def _active_territories():
    group = model.group_table
    return group, [group.c.is_organization.is_(True), group.c.state == "active"]


def stale_ids(limit: int | None = None) -> list[str]:
    """Active territories whose row is stale or missing."""
    group, conditions = _active_territories()
    query = (sa.select(group.c.id)
             .select_from(group.outerjoin(standing_table,
                                          standing_table.c.territory_id == group.c.id))
             .where(*conditions, sa.or_(standing_table.c.territory_id.is_(None),
                                        standing_table.c.stale.is_(True)))
             .order_by(group.c.id))
    if limit is not None:
        query = query.limit(limit)
    return [row[0] for row in model.Session.execute(query).all()]


def inline_limit() -> int:
    """Stale rows a page recomputes before answering (a few scoped queries)."""
    return tk.config.get("ckanext.opendatalocale.territories.inline_refresh_max")


def refresh_stale(limit: int | None = None) -> tuple[int, int]:
    """Recompute the stale rows when there are at most ``limit`` of them (all of them
    when ``limit`` is None); returns (recomputed, still stale). Commits."""
    ids = stale_ids(None if limit is None else limit + 1)
    if not ids:
        return 0, 0
    if limit is not None and len(ids) > limit:
        return 0, pending_count()
    refresh(figures.territory_records(ids), whole_catalogue=len(ids) > SCOPED_REFRESH_MAX)
    model.Session.commit()
    return len(ids), 0


def pending_count() -> int:
    group, conditions = _active_territories()
    query = (sa.select(sa.func.count())
             .select_from(group.outerjoin(standing_table,
                                          standing_table.c.territory_id == group.c.id))
             .where(*conditions, sa.or_(standing_table.c.territory_id.is_(None),
                                        standing_table.c.stale.is_(True))))
    return model.Session.execute(query).scalar() or 0


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(filters: dict):
    group, conditions = _active_territories()
    s = standing_table
    if filters.get("kind"):
        conditions.append(s.c.kind == filters["kind"])
    if filters.get("departement"):
        conditions.append(s.c.departement == filters["departement"].upper())
    if "phase" in filters:
        conditions.append(sa.func.coalesce(s.c.current_phase, 0) == filters["phase"])
    query = (filters.get("q") or "").strip().lower()
    if query:
        pattern = _like(query)
        conditions.append(sa.or_(sa.func.lower(group.c.title).like(pattern, escape="\\"),
                                 group.c.name.like(pattern, escape="\\")))
    return conditions


_SORT_COLUMNS = {"phase": "current_phase"}


def _order(sort: str, descending: bool):
    """Rows by ``sort``; rows without a value last whatever the order, the unique name
    breaking ties so that pages read one after the other neither repeat nor skip."""
    group, s = model.group_table, standing_table
    if sort == "title":
        value = sa.func.lower(sa.func.coalesce(sa.func.nullif(group.c.title, ""), group.c.name))
    elif sort in ("kind", "departement"):
        value = sa.func.lower(s.c[sort])
    elif _SORT_COLUMNS.get(sort, sort) in s.c:
        value = s.c[_SORT_COLUMNS.get(sort, sort)]
    else:  # an overview indicator kept in the JSON of values
        data = sa.cast(sa.cast(s.c.overview_values, sa.UnicodeText), JSONB)[sort]
        value = sa.case((sa.func.jsonb_typeof(data) == "number", sa.cast(data.astext, sa.Numeric)),
                        else_=sa.null())
    direction = value.desc() if descending else value.asc()
    return [value.is_(None), direction, group.c.name]


def page(filters: dict, sort: str, descending: bool, limit: int, offset: int
         ) -> tuple[int, list[dict]]:
    """(count, rows) of the territories matching ``filters``, one page."""
    group, s = model.group_table, standing_table
    source = group.outerjoin(s, s.c.territory_id == group.c.id)
    conditions = _where(filters)
    count = model.Session.execute(
        sa.select(sa.func.count()).select_from(source).where(*conditions)).scalar() or 0
    query = (sa.select(group.c.id, group.c.name, group.c.title, s.c.kind, s.c.population,
                       s.c.departement, s.c.current_phase, s.c.percent, s.c.public_datasets,
                       s.c.last_publication, s.c.overview_values, s.c.computed_at,
                       s.c.stale)
             .select_from(source).where(*conditions)
             .order_by(*_order(sort, descending)).limit(limit).offset(offset))
    rows = []
    for row in model.Session.execute(query).all():
        rows.append({
            "id": row.id, "name": row.name, "title": row.title or row.name, "kind": row.kind,
            "population": row.population, "departement": row.departement,
            "current_phase": row.current_phase or 0, "percent": row.percent or 0,
            "public_datasets": row.public_datasets or 0,
            "last_publication": row.last_publication.isoformat() if row.last_publication else None,
            "values": row.overview_values or {},
            "computed_at": row.computed_at.isoformat() if row.computed_at else None,
            "pending": row.computed_at is None or bool(row.stale),
        })
    return count, rows


def funnel(phase_count: int) -> list[int]:
    """How many territories have reached at least phase n, for n = 0..phase_count
    (progress.funnel's figures, counted by PostgreSQL)."""
    group, conditions = _active_territories()
    s = standing_table
    phase = sa.func.coalesce(s.c.current_phase, 0)
    query = (sa.select(phase, sa.func.count())
             .select_from(group.outerjoin(s, s.c.territory_id == group.c.id))
             .where(*conditions).group_by(phase))
    at_phase = [0] * (phase_count + 1)
    for number, count in model.Session.execute(query).all():
        at_phase[min(max(number, 0), phase_count)] += count
    return [sum(at_phase[number:]) for number in range(phase_count + 1)]


def version() -> tuple:
    """Changes whenever a kept row is recomputed, added, or its territory leaves."""
    group, conditions = _active_territories()
    s = standing_table
    query = (sa.select(sa.func.count(), sa.func.max(s.c.computed_at))
             .select_from(group.join(s, s.c.territory_id == group.c.id)).where(*conditions))
    return tuple(model.Session.execute(query).one())


def oldest_computed_at() -> datetime.datetime | None:
    return model.Session.execute(sa.select(sa.func.min(standing_table.c.computed_at))).scalar()


def identity_rows(territory_ids: Iterable[str] | None = None) -> list[dict]:
    """Each active territory's identity as kept with its standing (id, name, title,
    kind, SIREN, INSEE code, population) and its count of public datasets: what the
    obligation page matches against the referential, in one query."""
    group, conditions = _active_territories()
    s = standing_table
    if territory_ids is not None:
        conditions.append(group.c.id.in_(list(territory_ids)))
    query = (sa.select(group.c.id, group.c.name, group.c.title, s.c.kind, s.c.siren,
                       s.c.insee_code, s.c.population, s.c.public_datasets)
             .select_from(group.join(s, s.c.territory_id == group.c.id)).where(*conditions))
    return [{"id": row.id, "name": row.name, "title": row.title or row.name, "kind": row.kind,
             "siren": row.siren, "insee_code": row.insee_code, "population": row.population,
             "public_datasets": row.public_datasets or 0}
            for row in model.Session.execute(query).all()]


def _cells_json():
    return sa.cast(sa.cast(standing_table.c.coverage_cells, sa.UnicodeText), JSONB)


def coverage_page(filters: dict, limit: int, offset: int) -> dict:
    """Territories publishing at least one SCDL schema, by title, one page; with the
    schemas published under the filters and how many territories publish each."""
    group, s = model.group_table, standing_table
    source = group.join(s, s.c.territory_id == group.c.id)
    conditions = _where(filters) + [standing_table.c.coverage_cells.isnot(None),
                                    _cells_json() != sa.cast(sa.literal("{}"), JSONB)]
    count = model.Session.execute(
        sa.select(sa.func.count()).select_from(source).where(*conditions)).scalar() or 0
    schema = sa.func.jsonb_object_keys(_cells_json()).label("schema")
    per_schema = sa.select(schema).select_from(source).where(*conditions).subquery()
    totals = dict(model.Session.execute(
        sa.select(per_schema.c.schema, sa.func.count()).group_by(per_schema.c.schema)).all())
    query = (sa.select(group.c.id, group.c.name, group.c.title, s.c.kind, s.c.departement,
                       s.c.coverage_cells)
             .select_from(source).where(*conditions)
             .order_by(*_order("title", False)).limit(limit).offset(offset))
    territories = [{"id": row.id, "name": row.name, "title": row.title or row.name,
                    "kind": row.kind, "departement": row.departement,
                    "cells": row.coverage_cells or {}}
                   for row in model.Session.execute(query).all()]
    return {"count": count, "schemas": sorted(totals), "territory_counts": totals,
            "territories": territories}
