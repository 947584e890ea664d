"""Datasets of the catalogue as the matcher sees them (read through Solr).

Datasets are read with package_search, whose dicts carry scheming fields such as
`identifier` at top level on CKAN 2.11 (extras table) and 2.12 (JSONB extras) alike.
File digests come from the copies the platform already holds (uploads, and the copy
of a link the validation job fetched): a scan never fetches a remote file.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Callable, Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import remote_copy
from .identifiers import normalise_identifier
from .matching import DatasetRecord
from .model import FileDigest
from .urls import normalise_url

log = logging.getLogger(__name__)

PAGE_SIZE = 500


def count_datasets() -> int:
    return tk.get_action("package_search")(
        {"ignore_auth": True}, {"q": "*:*", "rows": 0, "include_private": True})["count"]


def iter_datasets(progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """Every active dataset, private ones included, in pages of PAGE_SIZE."""
    offset = 0
    while True:
        page = tk.get_action("package_search")({"ignore_auth": True}, {
            "q": "*:*", "rows": PAGE_SIZE, "start": offset, "sort": "id asc",
            "include_private": True})["results"]
        if not page:
            return
        yield from page
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


def record_of(dataset: dict, max_bytes: int) -> DatasetRecord:
    resources = dataset.get("resources") or []
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
        temporal_end=dataset.get("temporal_end") or None)


def fingerprint(record: DatasetRecord) -> str:
    """Changes when what the matcher compares changes ("pas un doublon" then lapses)."""
    parts = [record.title, record.notes, record.identifier or "", *record.urls,
             *record.content_hashes, record.temporal_start or "", record.temporal_end or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
