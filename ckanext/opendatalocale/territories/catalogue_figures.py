"""Figures read from the catalogue for many territories at once.

One Solr query or one SQL query per figure, whatever the number of territories:
the overview of 1,000 territories must not run 1,000 queries. Dataset counts come
from the search index with ``capacity:public`` (what anonymous visitors see);
resource-level facts (declared schema, validation status) are not indexed by
CKAN, so they come from one SQL query restricted to public, active datasets.

CKAN 2.12 moved group and dataset extras into JSONB columns; 2.11 keeps the
``group_extra`` / ``package_extra`` tables. The two branches below are the only
places that know.
"""
from __future__ import annotations

import datetime
import functools
import json
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import coverage, freshness

# Beyond this many territories, filtering Solr by owner_org costs more than
# faceting over the whole catalogue and keeping what is asked.
_SCOPED_QUERY_MAX = 50
_EXTRAS_IN_TABLES = hasattr(model, "group_extra_table")
TERRITORY_FIELDS = ("kind", "siren", "insee_code", "population", "website",
                    "parent_territory", "accompanies", "referent_name", "referent_role")


def _scoped(territory_ids):
    if territory_ids is not None and len(territory_ids) <= _SCOPED_QUERY_MAX:
        return list(territory_ids)
    return None


def dataset_counts(territory_ids=None, *, private=False, modified_since_days=None) -> dict[str, int]:
    """Datasets per territory from one facet query over ``owner_org``."""
    filters = ["+capacity:private" if private else "+capacity:public"]
    if modified_since_days is not None:
        filters.append(f"+metadata_modified:[NOW-{int(modified_since_days)}DAYS TO *]")
    scoped = _scoped(territory_ids)
    if scoped:
        filters.append("+owner_org:(%s)" % " OR ".join(f'"{i}"' for i in scoped))
    result = tk.get_action("package_search")(
        {"ignore_auth": True},
        {"fq": " ".join(filters), "rows": 0, "facet": "true", "facet.field": ["owner_org"],
         "facet.limit": -1, "facet.mincount": 1, "include_private": private},
    )
    return dict(result["facets"].get("owner_org", {}))


def _public_packages(territory_ids):
    package = model.package_table
    conditions = [package.c.state == "active", package.c.private.is_(False),
                  package.c.owner_org.isnot(None)]
    scoped = _scoped(territory_ids)
    if scoped:
        conditions.append(package.c.owner_org.in_(scoped))
    return package, conditions


def last_publication(territory_ids=None) -> dict[str, datetime.datetime]:
    package, conditions = _public_packages(territory_ids)
    query = (sa.select(package.c.owner_org, sa.func.max(package.c.metadata_modified))
             .where(*conditions).group_by(package.c.owner_org))
    return dict(model.Session.execute(query).all())


def _frequency_column(package, conditions):
    """The declared frequency of public datasets, and the FROM clause that has it."""
    if _EXTRAS_IN_TABLES:
        extra = model.package_extra_table
        conditions = conditions + [extra.c.key == "frequency", extra.c.state == "active",
                                   extra.c.value != ""]
        return extra.c.value, package.join(extra, extra.c.package_id == package.c.id), conditions
    frequency = package.c.extras["frequency"].astext
    return frequency, package, conditions + [frequency.isnot(None), frequency != ""]


def dataset_frequencies(territory_ids=None) -> list[tuple[str, str, str, datetime.datetime]]:
    """(territory id, dataset id, frequency, modified) of public datasets declaring one."""
    package, conditions = _public_packages(territory_ids)
    frequency, source, conditions = _frequency_column(package, conditions)
    query = (sa.select(package.c.owner_org, package.c.id, frequency, package.c.metadata_modified)
             .select_from(source).where(*conditions))
    return [tuple(row) for row in model.Session.execute(query).all()]


def on_time_counts(territory_ids=None, now: datetime.datetime | None = None
                   ) -> dict[str, tuple[int, int]]:
    """{territory id: (datasets judged, datasets on time)} for their frequency.

    Counted by PostgreSQL: a first query lists the few spellings of frequencies in
    use, freshness.period_days() turns each into a deadline, and a second query
    counts per territory. Frequencies without a period are not judged.
    """
    now = now or datetime.datetime.utcnow()
    package, conditions = _public_packages(territory_ids)
    frequency, source, conditions = _frequency_column(package, conditions)
    # Spellings of every dataset (no join): a superset of the public ones, found
    # without joining, and an unused deadline costs nothing.
    if _EXTRAS_IN_TABLES:
        extra = model.package_extra_table
        spelling_query = sa.select(extra.c.value).where(
            extra.c.key == "frequency", extra.c.state == "active")
    else:
        spelling_query = sa.select(package.c.extras["frequency"].astext)
    spellings = model.Session.execute(spelling_query.distinct()).scalars().all()
    deadlines = {}
    for spelling in spellings:
        days = freshness.period_days(spelling)
        if days is not None:
            deadlines[spelling] = now - datetime.timedelta(days=days * freshness.TOLERANCE)
    if not deadlines:
        return {}
    deadline = sa.case(*[(frequency == spelling, sa.literal(limit))
                         for spelling, limit in deadlines.items()])
    query = (sa.select(package.c.owner_org, sa.func.count(),
                       sa.func.count().filter(package.c.metadata_modified >= deadline))
             .select_from(source).where(*conditions, frequency.in_(list(deadlines)))
             .group_by(package.c.owner_org))
    return {territory_id: (judged, on_time)
            for territory_id, judged, on_time in model.Session.execute(query).all()}


def _declared_schemas(territory_ids):
    """Active resources of public datasets with the JSON text of their ``schema``
    extra and their validation status, decoded by PostgreSQL rather than Python.

    ``resource.extras`` is JSON in a text column on CKAN 2.11 and 2.12 alike.
    """
    package, conditions = _public_packages(territory_ids)
    resource = model.resource_table
    text = sa.cast(resource.c.extras, sa.UnicodeText)
    extras = sa.cast(text, JSONB)
    declared = extras["schema"]
    # The LIKE keeps the JSON cast to the few resources that may declare a schema;
    # any further condition on the JSON would spoil the planner's row estimate
    # (nested loops instead of a hash join: twice slower), so Python drops the rest.
    conditions = conditions + [resource.c.state == "active", text.contains('"schema"')]
    columns = {"schema": sa.cast(declared, sa.UnicodeText).label("schema"),
               "valid": sa.func.coalesce(extras["validation_status"].astext == "success",
                                         False).label("valid")}
    return package, resource, columns, conditions


@functools.lru_cache(maxsize=4096)
def _schema_identifier(schema_json: str | None) -> str | None:
    # A few distinct declarations over thousands of resources: decode each once.
    return coverage.schema_identifier(json.loads(schema_json)) if schema_json else None


def schema_counts(territory_ids=None) -> dict[str, tuple[int, int]]:
    """{territory id: (resources declaring a schema, valid ones)}, counted by
    PostgreSQL per territory and declaration; Python only names the few distinct
    declarations (coverage.schema_identifier, so the rules stay in one place)."""
    package, resource, columns, conditions = _declared_schemas(territory_ids)
    query = (sa.select(package.c.owner_org, columns["schema"], columns["valid"], sa.func.count())
             .select_from(resource.join(package, resource.c.package_id == package.c.id))
             .where(*conditions).group_by(package.c.owner_org, columns["schema"], columns["valid"]))
    counts: dict[str, list[int]] = {}
    for territory_id, schema_json, valid, count in model.Session.execute(query).all():
        if _schema_identifier(schema_json):
            tally = counts.setdefault(territory_id, [0, 0])
            tally[0] += count
            tally[1] += count if valid else 0
    return {territory_id: (declared, valid) for territory_id, (declared, valid) in counts.items()}


def schema_resources(territory_ids=None, schemas: Iterable[str] | None = None):
    """(territory id, dataset id, schema id, validation status, dataset modified) of
    active resources of public datasets that declare a schema; only ``schemas``
    when given."""
    package, resource, columns, conditions = _declared_schemas(territory_ids)
    status = sa.cast(resource.c.extras, JSONB)["validation_status"].astext
    query = (sa.select(package.c.owner_org, package.c.id, columns["schema"], status,
                       package.c.metadata_modified)
             .select_from(resource.join(package, resource.c.package_id == package.c.id))
             .where(*conditions))
    wanted = set(schemas) if schemas is not None else None
    if wanted is not None:
        # A superset in SQL (the id appears in the declaration's text), exact in Python.
        text = sa.cast(resource.c.extras, sa.UnicodeText)
        query = query.where(sa.or_(sa.false(), *[text.contains(schema) for schema in wanted]))
    rows = []
    for territory_id, dataset_id, schema_json, status, modified in model.Session.execute(query).all():
        schema = _schema_identifier(schema_json)
        if schema and (wanted is None or schema in wanted):
            rows.append((territory_id, dataset_id, schema, status, modified))
    return rows


def territory_records(territory_ids: Iterable[str] | None = None) -> list[dict]:
    """Active organizations with their territory fields, in two queries at most."""
    group = model.group_table
    conditions = [group.c.is_organization.is_(True), group.c.state == "active"]
    if territory_ids is not None:
        conditions.append(group.c.id.in_(list(territory_ids)))
    columns = [group.c.id, group.c.name, group.c.title, group.c.image_url]
    if not _EXTRAS_IN_TABLES:
        columns.append(group.c.extras)
    records = {}
    for row in model.Session.execute(sa.select(*columns).where(*conditions)).all():
        extras = (row[4] or {}) if not _EXTRAS_IN_TABLES else {}
        records[row[0]] = _record(row[0], row[1], row[2], row[3], extras)
    if _EXTRAS_IN_TABLES and records:
        extra = model.group_extra_table
        query = sa.select(extra.c.group_id, extra.c.key, extra.c.value).where(
            extra.c.state == "active", extra.c.key.in_(TERRITORY_FIELDS))
        if territory_ids is not None:
            query = query.where(extra.c.group_id.in_(list(records)))
        for group_id, key, value in model.Session.execute(query).all():
            if group_id in records:
                records[group_id][key] = value
        for record in records.values():
            _normalise(record)
    return list(records.values())


def territory_ids_by_identity(sirens: Iterable[str] = (), insee_codes: Iterable[str] = (),
                              limit: int | None = None) -> list[str]:
    """Ids of the active territories whose SIREN or INSEE code is one of those given,
    read in one query on CKAN 2.11's extras table or 2.12's extras column."""
    wanted = [("siren", list(sirens)), ("insee_code", list(insee_codes))]
    group = model.group_table
    conditions = [group.c.is_organization.is_(True), group.c.state == "active"]
    if _EXTRAS_IN_TABLES:
        extra = model.group_extra_table
        query = sa.select(group.c.id).join(extra, extra.c.group_id == group.c.id).where(
            *conditions, extra.c.state == "active",
            sa.or_(*[sa.and_(extra.c.key == key, extra.c.value.in_(values))
                     for key, values in wanted if values]))
    else:
        query = sa.select(group.c.id).where(
            *conditions, sa.or_(*[group.c.extras[key].astext.in_(values)
                                  for key, values in wanted if values]))
    query = query.distinct()
    if limit is not None:
        query = query.limit(limit)
    return [row[0] for row in model.Session.execute(query).all()]


def territory_ids_by_insee_code(code: str, limit: int = 2) -> list[str]:
    """Ids of the active territories whose INSEE code is ``code`` (at most ``limit``)."""
    return territory_ids_by_identity(insee_codes=[code], limit=limit)


def _record(territory_id, name, title, image_url, extras) -> dict:
    record = {"id": territory_id, "name": name, "title": title or name, "image_url": image_url}
    record.update({field: extras.get(field) for field in TERRITORY_FIELDS})
    return _normalise(record)


def _normalise(record: dict) -> dict:
    try:
        record["population"] = int(record["population"]) if record["population"] not in (None, "") else None
    except (TypeError, ValueError):
        record["population"] = None
    accompanies = record.get("accompanies")
    if isinstance(accompanies, str):
        try:
            accompanies = json.loads(accompanies) if accompanies.startswith("[") else [
                part.strip() for part in accompanies.split(",") if part.strip()]
        except ValueError:
            accompanies = []
    record["accompanies"] = list(accompanies or [])
    return record
