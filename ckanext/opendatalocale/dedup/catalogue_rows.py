"""Datasets as the matcher reads them, straight from PostgreSQL, many at a time.

A full scan of 100,000 datasets through package_search pages spent most of its time
in Solr's deep paging and in decoding each dataset's whole stored dict; the matcher
needs a dozen fields. Four queries per page (datasets, their extras, tags and
resources), pages taken in id order from the last id read (keyset: every page costs
the same, however deep), give the same dicts for what the matcher reads. Private
datasets are included (the reports filter by who may read them); harvest sources are
not datasets.

CKAN 2.12 keeps dataset extras in a JSONB column, 2.11 in ``package_extra``;
``resource.extras`` is JSON on both.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Callable, Iterator, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
import ckan.model as model

_EXTRAS_IN_TABLE = hasattr(model, "package_extra_table")
# Not datasets: ckanext-harvest keeps its sources as packages of this type.
_NOT_DATASETS = ("harvest",)
_RESOURCE_FIELDS = ("id", "url", "url_type", "format", "size", "last_modified",
                    "metadata_modified", "description", "name")


def _among(column, ids: list[str]):
    # One array parameter: an IN list of 2,000 parameters costs more to build and plan.
    return column == sa.any_(sa.bindparam(None, list(ids), type_=ARRAY(sa.UnicodeText)))


class Page(list):
    """A page of datasets read in id order; ``prefetched``: what records_of reads about
    them (stored digests, column names) when it was read beforehand."""
    prefetched: Optional[tuple] = None


class _Range:
    """The ids of a page read in id order: (after, last]. The rows of its datasets are
    read by a range of the package_id index (an array of 2,000 ids made PostgreSQL scan
    the whole extras table at every page); rows of datasets outside the page (deleted,
    harvest sources) are left out by the caller."""

    def __init__(self, after: Optional[str], last: str):
        self.after, self.last = after, last

    def of(self, column):
        return sa.and_(*([column > self.after] if self.after else []), column <= self.last)


def _scope(column, ids: list[str], within: Optional[_Range]):
    return within.of(column) if within is not None else _among(column, ids)


def _stamp(value) -> Optional[str]:
    # package_show's spelling, so that markers and dates compare across both readers.
    return value.isoformat() if value is not None else None


def _conditions(package):
    return [package.c.state == "active", package.c.type.notin_(_NOT_DATASETS)]


def count() -> int:
    package = model.package_table
    return model.Session.execute(
        sa.select(sa.func.count()).select_from(package).where(*_conditions(package))).scalar()


def _extras(ids: list[str], packages: dict[str, dict], within: Optional[_Range] = None) -> None:
    if not _EXTRAS_IN_TABLE:
        return
    extra = model.package_extra_table
    rows = model.Session.execute(sa.select(extra.c.package_id, extra.c.key, extra.c.value).where(
        _scope(extra.c.package_id, ids, within), extra.c.state == "active"))
    for package_id, key, value in rows:
        if package_id in packages:
            packages[package_id].setdefault("extras", []).append({"key": key, "value": value})


def _tags(ids: list[str], packages: dict[str, dict], within: Optional[_Range] = None) -> None:
    package_tag, tag = model.package_tag_table, model.tag_table
    rows = model.Session.execute(
        sa.select(package_tag.c.package_id, tag.c.name)
        .select_from(package_tag.join(tag, tag.c.id == package_tag.c.tag_id))
        .where(_scope(package_tag.c.package_id, ids, within), package_tag.c.state == "active",
               tag.c.vocabulary_id.is_(None)))
    for package_id, name in rows:
        if package_id in packages:
            packages[package_id]["tags"].append({"name": name})


def _resources(ids: list[str], packages: dict[str, dict],
               within: Optional[_Range] = None) -> None:
    resource = model.resource_table
    columns = [resource.c.package_id, resource.c.extras] + \
        [getattr(resource.c, field) for field in _RESOURCE_FIELDS]
    rows = model.Session.execute(
        sa.select(*columns).where(_scope(resource.c.package_id, ids, within),
                                  resource.c.state == "active")
        .order_by(resource.c.package_id, resource.c.position))
    by_package = defaultdict(list)
    for row in rows:
        if row[0] not in packages:
            continue
        found = dict(zip(_RESOURCE_FIELDS, row[2:]))
        found["last_modified"] = _stamp(found["last_modified"])
        found["metadata_modified"] = _stamp(found["metadata_modified"])
        extras = row[1] or {}
        if isinstance(extras, str):  # a text column where the model does not decode it
            try:
                extras = json.loads(extras)
            except ValueError:
                extras = {}
        if isinstance(extras, dict):
            for key, value in extras.items():
                found.setdefault(key, value)
        by_package[row[0]].append(found)
    for package_id, found in by_package.items():
        packages[package_id]["resources"] = found


def _read(where, limit: Optional[int] = None, after: Optional[str] = None) -> list[dict]:
    """The datasets ``where`` selects; with ``limit``, the next page after the id
    ``after`` (its rows read by id range)."""
    package = model.package_table
    columns = [package.c.id, package.c.name, package.c.title, package.c.notes, package.c.type,
               package.c.owner_org, package.c.private, package.c.metadata_created,
               package.c.metadata_modified]
    if not _EXTRAS_IN_TABLE:
        columns.append(package.c.extras)
    query = sa.select(*columns).where(*_conditions(package), *where).order_by(package.c.id)
    if limit is not None:
        query = query.limit(limit)
    packages: dict[str, dict] = {}
    for row in model.Session.execute(query):
        found = {"id": row[0], "name": row[1], "title": row[2], "notes": row[3], "type": row[4],
                 "owner_org": row[5], "private": row[6], "metadata_created": _stamp(row[7]),
                 "metadata_modified": _stamp(row[8]), "tags": [], "resources": []}
        if not _EXTRAS_IN_TABLE:
            found["extras"] = [{"key": k, "value": v} for k, v in (row[9] or {}).items()]
        packages[row[0]] = found
    ids = list(packages)
    if ids:
        within = _Range(after, ids[-1]) if limit is not None else None
        _extras(ids, packages, within)
        _tags(ids, packages, within)
        _resources(ids, packages, within)
    for found in packages.values():
        # Scheming fields (identifier, coverage) are extras: at top level, as package_show has them.
        for extra in found.get("extras", []):
            found.setdefault(extra["key"], extra["value"])
    return list(packages.values())


def by_ids(ids: list[str]) -> list[dict]:
    """The active datasets among ``ids``."""
    return _read([_among(model.package_table.c.id, ids)]) if ids else []


def pages(size: int, progress: Callable[[int], None] | None = None) -> Iterator[list[dict]]:
    """Every active dataset, private ones included, ``size`` at a time, in id order;
    ``progress`` hears how many were read once a page is handled."""
    package = model.package_table
    last, done = None, 0
    while True:
        page = _read([package.c.id > last] if last else [], limit=size, after=last)
        if not page:
            return
        last = page[-1]["id"]
        yield Page(page)
        done += len(page)
        if progress:
            progress(done)
