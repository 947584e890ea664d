"""Datasets of the catalogue as the matcher sees them.

Datasets are read from PostgreSQL many at a time (catalogue_rows), with scheming
fields such as `identifier` at top level, as package_show has them.
File digests come from the copies the platform already holds (uploads, and the copy
of a link the validation job fetched). A link with no copy is read only by the
duplicate check's background job (incremental.py), through the suite's guarded fetcher
and up to ``link_max_bytes``; its digest is cached here, and the full scan queues that
job for the datasets whose links are not read yet: a scan never fetches a remote file
itself, and a web request never does. The first line of a CSV read for its digest
gives its column names, for files the SCDL validator never read.
"""
from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from typing import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import compat, fetch, remote_copy
from . import catalogue_rows
from .csv_headers import HEAD_BYTES, headers_of, is_csv
from .identifiers import normalise_identifier
from .matching import DatasetRecord, fold
from .model import FileDigest
from .urls import normalise_url

log = logging.getLogger(__name__)

PAGE_SIZE = 2000


def count_datasets() -> int:
    return catalogue_rows.count()


def iter_pages(progress: Callable[[int], None] | None = None) -> Iterator[list[dict]]:
    """Every active dataset, private ones included, in pages of PAGE_SIZE; ``progress``
    hears how many were read once a page is handled.

    The next page is read by a thread (CKAN's Session is per thread: its own session
    and connection) while the caller handles this one, so that PostgreSQL's time and
    the matcher's overlap on two cores."""
    pages: queue.Queue = queue.Queue(maxsize=1)
    finished, stop = object(), threading.Event()

    def read():
        try:
            # Every stored digest in one sequential read (a page's 4,000 resource ids
            # made PostgreSQL scan the table at every page anyway).
            digests = digest_rows()
            for page in catalogue_rows.pages(PAGE_SIZE):
                if stop.is_set():
                    return
                # The page's column names too: their query waits on PostgreSQL here
                # rather than in the matcher's thread.
                page.prefetched = (digests, headers_by_resource(page))
                pages.put(page)
            pages.put(finished)
        except BaseException as error:  # handed to the caller, raised there
            pages.put(error)
        finally:
            model.Session.remove()

    reader = threading.Thread(target=read, name="odl-dedup-pages", daemon=True)
    reader.start()
    done = 0
    try:
        while True:
            page = pages.get()
            if page is finished:
                return
            if isinstance(page, BaseException):
                raise page
            yield page
            done += len(page)
            if progress:
                progress(done)
    finally:
        stop.set()
        while reader.is_alive():  # a reader waiting to put a page is let go
            try:
                pages.get(timeout=0.1)
            except queue.Empty:
                pass


def datasets_by_id(ids: list[str]) -> list[dict]:
    return catalogue_rows.by_ids(ids)


def _marker(resource: dict, known: "Known | None" = None) -> str | None:
    """What identifies the stored file's version; None when there is none to read."""
    if resource.get("url_type") == "upload":
        # The file name only: package_show spells an upload's url as a whole download
        # address, the table as the name alone; both readers must give one marker.
        name = str(resource.get("url") or "").rsplit("/", 1)[-1]
        return "upload:{}:{}:{}".format(name, resource.get("size"),
                                        resource.get("last_modified") or resource.get("metadata_modified"))
    if known is not None and remote_copy.copy_name(resource["id"]) not in known.copied:
        return None
    info = remote_copy.copy_info(resource, known.copies if known is not None else None)
    if not info or info["stale"]:
        return None
    return "copy:{}:{}".format(info["url"], info["fetched_at"].isoformat())


def _link_marker(resource: dict) -> str | None:
    """A link's version as CKAN knows it (its URL and when the resource last changed)."""
    if resource.get("url_type") == "upload" or not resource.get("url"):
        return None
    return "link:{}:{}".format(resource["url"], resource.get("last_modified")
                               or resource.get("metadata_modified") or "")


class _Digesting:
    """A file object the fetcher writes into: hashes what it gets, keeps the first block."""

    def __init__(self):
        self.digest, self.size, self.head = hashlib.sha256(), 0, b""

    def write(self, chunk: bytes) -> int:
        self.digest.update(chunk)
        self.size += len(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[:HEAD_BYTES - len(self.head)]
        return len(chunk)


class Known:
    """The stored digests of a page of datasets, read in one query as plain rows (a full
    scan would otherwise ask once per resource, or build an ORM object for each); the
    table's row is loaded only for a digest to write."""

    def __init__(self, datasets: list[dict], copied: set[str] | None = None,
                 rows: dict | None = None):
        self.copies = remote_copy.copies_folder()
        # Listed once per scan by the caller when it reads many pages.
        self.copied = remote_copy.stored_copies(self.copies) if copied is None else copied
        self.rows = digest_rows(datasets) if rows is None else rows

    def get(self, resource_id: str):
        return self.rows.get(resource_id)


def digest_rows(datasets: list[dict] | None = None) -> dict:
    """The stored digests of these datasets' resources (of every resource without
    ``datasets``), as plain rows, by resource id."""
    table = FileDigest.__table__
    # The column names as the JSON text they are stored as: decoded only for the few
    # datasets whose validation report does not give them (_headers).
    query = sa.select(table.c.resource_id, table.c.marker, table.c.sha256,
                      sa.type_coerce(table.c.headers, sa.UnicodeText).label("headers"))
    if datasets is not None:
        ids = [r["id"] for d in datasets for r in d.get("resources") or [] if r.get("id")]
        if not ids:
            return {}
        query = query.where(table.c.resource_id == sa.any_(
            sa.bindparam("ids", ids, type_=ARRAY(sa.UnicodeText))))
    return {row[0]: row for row in model.Session.execute(query)}


def _cached(resource_id: str, known: Known | None = None):
    """The resource's stored digest: a plain row from ``known``, else the table's row."""
    if known is not None:
        return known.get(resource_id)
    return compat.get_row(FileDigest, resource_id)


def _read_stored(resource: dict, max_bytes: int) -> _Digesting | None:
    """The stored file's digest and head; None when over ``max_bytes`` (or gone)."""
    reading = _Digesting()
    try:
        with remote_copy.open_copy(resource) as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                if reading.size + len(chunk) > max_bytes:
                    return None
                reading.write(chunk)
    except remote_copy.CopyUnavailable:
        return None
    return reading


def _read_link(resource: dict, policy: fetch.FetchPolicy) -> _Digesting | None:
    """The link read through the guarded fetcher (background jobs only); None when the
    fetcher refuses it for good (too large, a refused address or scheme)."""
    reading = _Digesting()
    try:
        fetch.fetch(resource["url"], reading, policy)
    except fetch.FetchRefused as refused:
        if refused.reason in ("size", "address", "scheme"):
            return None
        raise  # network, HTTP error, deadline: tried again at the next check
    return reading


def file_facts(resource: dict, max_bytes: int,
               link_policy: fetch.FetchPolicy | None = None,
               known: Known | None = None):
    """The resource's file digest (and CSV column names), up to date; None while its
    file cannot be read here. Links with no copy are read only with ``link_policy``
    (given by the background job); otherwise their last digest counts while the link
    is unchanged."""
    marker = _marker(resource, known)
    link = marker is None
    if link:
        marker = _link_marker(resource)
        if marker is None:
            return None
    cached = _cached(resource["id"], known)
    if cached is not None and cached.marker == marker:
        return cached
    if link and link_policy is None:
        return None
    try:
        reading = _read_link(resource, link_policy) if link else _read_stored(resource, max_bytes)
    except fetch.FetchRefused:
        log.info("Lien de %s non lu pour les doublons", resource.get("id"), exc_info=True)
        return None
    if known is not None:
        cached = compat.get_row(FileDigest, resource["id"])
    if cached is None:
        cached = FileDigest(resource_id=resource["id"])
        model.Session.add(cached)
    # An empty file is like every other empty file: no digest.
    cached.marker = marker
    cached.sha256 = reading.digest.hexdigest() if reading is not None and reading.size else ""
    cached.headers = list(headers_of(reading.head)) if reading is not None and is_csv(resource) \
        else None
    return cached


def file_digest(resource: dict, max_bytes: int,
                link_policy: fetch.FetchPolicy | None = None) -> str | None:
    """SHA-256 of the resource's file, from the cache while it is unchanged."""
    facts = file_facts(resource, max_bytes, link_policy)
    return facts.sha256 if facts is not None and facts.sha256 else None


def links_unread(dataset: dict, known: Known | None = None) -> bool:
    """A link of this dataset has no digest for its current version yet."""
    for resource in dataset.get("resources") or []:
        marker = _link_marker(resource)
        if marker is None or _marker(resource, known) is not None:
            continue
        cached = _cached(resource["id"], known)
        if cached is None or cached.marker != marker:
            return True
    return False


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


def _headers(resources: list[dict], by_resource: dict[str, set[str]],
             facts: dict[str, FileDigest | None]) -> tuple[str, ...]:
    """The same table published twice has the same set of columns: the validation
    report's labels, else the first line the digest's reading found."""
    labels: set[str] = set()
    for resource in resources:
        read = by_resource.get(resource.get("id"))
        if not read and facts.get(resource.get("id")) is not None:
            stored = facts[resource.get("id")].headers
            if isinstance(stored, str):  # a plain row's JSON text (digest_rows)
                try:
                    stored = json.loads(stored)
                except ValueError:
                    stored = None
            read = set(stored or [])
        labels |= read or set()
    return tuple(sorted(labels))


def records_of(datasets: list[dict], max_bytes: int, harvested: set[str] | None = None,
               unread: set[str] | None = None,
               copied: set[str] | None = None) -> list[DatasetRecord]:
    """``unread`` collects the datasets with a link not read yet (for the job to read);
    ``copied``: remote_copy.stored_copies(), when the caller reads many pages."""
    rows, by_resource = getattr(datasets, "prefetched", None) or (
        None, headers_by_resource(datasets))
    known = Known(datasets, copied, rows)
    records = []
    for dataset in datasets:
        records.append(record_of(dataset, max_bytes, harvested, by_resource, known=known))
        if unread is not None and links_unread(dataset, known):
            unread.add(dataset["id"])
    return records


def record_of(dataset: dict, max_bytes: int, harvested: set[str] | None = None,
              headers: dict[str, set[str]] | None = None,
              link_policy: fetch.FetchPolicy | None = None,
              known: Known | None = None) -> DatasetRecord:
    resources = dataset.get("resources") or []
    if headers is None:
        headers = headers_by_resource([dataset])
    urls = tuple(sorted({key for key in (normalise_url(r.get("url")) for r in resources
                                         if r.get("url_type") != "upload") if key}))
    facts = {r["id"]: file_facts(r, max_bytes, link_policy, known)
             for r in resources if r.get("id")}
    digests = tuple(sorted({f.sha256 for f in facts.values() if f is not None and f.sha256}))
    return DatasetRecord(
        id=dataset["id"], owner_org=dataset.get("owner_org"),
        title=dataset.get("title") or "", notes=dataset.get("notes") or "",
        tags=tuple(sorted(t["name"] for t in dataset.get("tags") or [])),
        identifier=normalise_identifier(dataset.get("identifier")),
        urls=urls, content_hashes=digests,
        spatial=dataset.get("spatial_coverage") or None,
        temporal_start=dataset.get("temporal_start") or None,
        temporal_end=dataset.get("temporal_end") or None,
        schema=_schema(dataset), headers=_headers(resources, headers, facts),
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
