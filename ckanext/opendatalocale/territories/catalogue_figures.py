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
import json
from typing import Iterable

import sqlalchemy as sa
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import coverage

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


def dataset_frequencies(territory_ids=None) -> list[tuple[str, str, str, datetime.datetime]]:
    """(territory id, dataset id, frequency, modified) of public datasets declaring one."""
    package, conditions = _public_packages(territory_ids)
    if _EXTRAS_IN_TABLES:
        extra = model.package_extra_table
        query = (sa.select(package.c.owner_org, package.c.id, extra.c.value,
                           package.c.metadata_modified)
                 .select_from(package.join(extra, extra.c.package_id == package.c.id))
                 .where(*conditions, extra.c.key == "frequency", extra.c.state == "active",
                        extra.c.value != ""))
    else:
        frequency = package.c.extras["frequency"].astext
        query = (sa.select(package.c.owner_org, package.c.id, frequency,
                           package.c.metadata_modified)
                 .where(*conditions, frequency.isnot(None), frequency != ""))
    return [tuple(row) for row in model.Session.execute(query).all()]


def schema_resources(territory_ids=None):
    """(territory id, dataset id, schema id, validation status, dataset modified) of
    active resources of public datasets that declare a schema."""
    package, conditions = _public_packages(territory_ids)
    resource = model.resource_table
    # Cast so that the LIKE pattern is not JSON-encoded by the column's type.
    declares_schema = sa.cast(resource.c.extras, sa.UnicodeText).contains('"schema"')
    query = (sa.select(package.c.owner_org, package.c.id, resource.c.extras,
                       package.c.metadata_modified)
             .select_from(resource.join(package, resource.c.package_id == package.c.id))
             .where(*conditions, resource.c.state == "active", declares_schema))
    rows = []
    for territory_id, dataset_id, extras, modified in model.Session.execute(query).all():
        extras = extras if isinstance(extras, dict) else json.loads(extras or "{}")
        schema = coverage.schema_identifier(extras.get("schema"))
        if schema:
            rows.append((territory_id, dataset_id, schema, extras.get("validation_status"),
                         modified))
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
