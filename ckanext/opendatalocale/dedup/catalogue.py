"""Datasets of the catalogue as the matcher sees them (read through Solr).

Datasets are read with package_search, whose dicts carry scheming fields such as
`identifier` at top level on CKAN 2.11 (extras table) and 2.12 (JSONB extras) alike.
File digests come from the copies the platform already holds (uploads, and the copy
of a link the validation job fetched): a scan never fetches a remote file.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Callable, Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import remote_copy
from .identifiers import normalise_identifier
from .matching import DatasetRecord, fold
from .model import FileDigest
from .urls import normalise_url

log = logging.getLogger(__name__)

PAGE_SIZE = 500


def count_datasets() -> int:
    return tk.get_action("package_search")(
        {"ignore_auth": True}, {"q": "*:*", "rows": 0, "include_private": True})["count"]


def iter_pages(progress: Callable[[int], None] | None = None) -> Iterator[list[dict]]:
    """Every active dataset, private ones included, in pages of PAGE_SIZE; ``progress``
    hears how many were read once a page is handled."""
    offset = 0
    while True:
        page = tk.get_action("package_search")({"ignore_auth": True}, {
            "q": "*:*", "rows": PAGE_SIZE, "start": offset, "sort": "id asc",
            "include_private": True})["results"]
        if not page:
            return
        yield page
        offset += len(page)
        if progress:
            progress(offset)


def _marker(resource: dict) -> str | None:
    """What identifies the stored file's version; None when there is none to read."""
    if resource.get("url_type") == "upload":
        return "upload:{}:{}:{}".format(resource.get("url"), resource.get("size"),
                                        resource.get("last_modified") or resource.get("metadata_modified"))
    info = remote_copy.copy_info(resource)
    if not info or info["stale"]:
        return None
    return "copy:{}:{}".format(info["url"], info["fetched_at"].isoformat())


def file_digest(resource: dict, max_bytes: int) -> str | None:
    """SHA-256 of the resource's stored file, from the cache while it is unchanged."""
    marker = _marker(resource)
    if marker is None:
        return None
    cached = model.Session.get(FileDigest, resource["id"]) if hasattr(model.Session, "get") \
        else model.Session.query(FileDigest).get(resource["id"])
    if cached is not None and cached.marker == marker:
        return cached.sha256
    digest = hashlib.sha256()
    read = 0
    try:
        with remote_copy.open_copy(resource) as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                read += len(chunk)
                if read > max_bytes:
                    return None
                digest.update(chunk)
    except remote_copy.CopyUnavailable:
        return None
    if read == 0:
        return None  # empty files all look alike
    if cached is None:
        cached = FileDigest(resource_id=resource["id"])
        model.Session.add(cached)
    cached.marker, cached.sha256 = marker, digest.hexdigest()
    return cached.sha256


def harvested_ids(dataset_ids=None) -> set[str]:
    """Datasets ckanext-harvest brought in (its current harvest objects), when the
    extension's table exists on this site; empty otherwise."""
    from sqlalchemy import inspect, text

    if not inspect(model.Session.get_bind()).has_table("harvest_object"):
        return set()
    query = "SELECT DISTINCT package_id FROM harvest_object WHERE current = true " \
            "AND package_id IS NOT NULL"
    params = {}
    if dataset_ids is not None:
        query += " AND package_id = ANY(:ids)"
        params["ids"] = list(dataset_ids)
    return {row[0] for row in model.Session.execute(text(query), params)}


def _is_harvested(dataset: dict) -> bool:
    keys = {"harvest_object_id", "harvest_source_id"}
    if keys & set(dataset):
        return True
    return any(extra.get("key") in keys for extra in dataset.get("extras") or []
               if isinstance(extra, dict))


def _schema(dataset: dict) -> str | None:
    """The SCDL schema a dataset publishes: its SCDL dataset type, else the one schema
    its resources declare."""
    dataset_type = dataset.get("type") or ""
    if dataset_type.startswith("scdl-"):
        return dataset_type
    declared = {str(r.get("schema")).strip() for r in dataset.get("resources") or []
                if isinstance(r.get("schema"), str) and r.get("schema").strip()}
    return declared.pop() if len(declared) == 1 else None


def headers_by_resource(datasets: list[dict]) -> dict[str, set[str]]:
    """Column names the validation job read in these datasets' files (its reports'
    labels), folded, per resource: one query for a page of datasets."""
    from ..scdl.model import ResourceValidation

    ids = [r["id"] for d in datasets for r in d.get("resources") or [] if r.get("id")]
    found: dict[str, set[str]] = {}
    if not ids:
        return found
    rows = model.Session.query(ResourceValidation.resource_id, ResourceValidation.report).filter(
        ResourceValidation.resource_id.in_(ids), ResourceValidation.report.isnot(None))
    for resource_id, report in rows:
        try:
            read = json.loads(report).get("labels") or []
        except (ValueError, AttributeError):
            continue
        labels = {fold(str(label)) for label in read} - {""}
        if labels:
            found[resource_id] = labels
    return found


def _headers(resources: list[dict], by_resource: dict[str, set[str]]) -> tuple[str, ...]:
    """The same table published twice has the same set of columns."""
    labels: set[str] = set()
    for resource in resources:
        labels |= by_resource.get(resource.get("id"), set())
    return tuple(sorted(labels))


def records_of(datasets: list[dict], max_bytes: int, harvested: set[str] | None = None
               ) -> list[DatasetRecord]:
    by_resource = headers_by_resource(datasets)
    return [record_of(dataset, max_bytes, harvested, by_resource) for dataset in datasets]


def record_of(dataset: dict, max_bytes: int, harvested: set[str] | None = None,
              headers: dict[str, set[str]] | None = None) -> DatasetRecord:
    resources = dataset.get("resources") or []
    if headers is None:
        headers = headers_by_resource([dataset])
    urls = tuple(sorted({key for key in (normalise_url(r.get("url")) for r in resources
                                         if r.get("url_type") != "upload") if key}))
    digests = tuple(sorted({d for d in (file_digest(r, max_bytes) for r in resources) if d}))
    return DatasetRecord(
        id=dataset["id"], owner_org=dataset.get("owner_org"),
        title=dataset.get("title") or "", notes=dataset.get("notes") or "",
        tags=tuple(sorted(t["name"] for t in dataset.get("tags") or [])),
        identifier=normalise_identifier(dataset.get("identifier")),
        urls=urls, content_hashes=digests,
        spatial=dataset.get("spatial_coverage") or None,
        temporal_start=dataset.get("temporal_start") or None,
        temporal_end=dataset.get("temporal_end") or None,
        schema=_schema(dataset), headers=_headers(resources, headers),
        harvested=_is_harvested(dataset) or (harvested is not None and dataset["id"] in harvested),
        created=dataset.get("metadata_created") or None)


def fingerprint(record: DatasetRecord) -> str:
    """Changes when what the matcher compares changes ("pas un doublon" then lapses)."""
    parts = [record.title, record.notes, record.identifier or "", *record.urls,
             *record.content_hashes, record.temporal_start or "", record.temporal_end or ""]
    # Appended only when present: fingerprints taken before these signals existed stay
    # valid, so "pas un doublon" decisions do not all lapse at once.
    if record.schema or record.headers:
        parts += [record.schema or "", *record.headers]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
