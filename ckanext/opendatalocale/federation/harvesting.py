"""Harvesting a commune's DCAT catalogue into its territory, through ckanext-dcat's own
DCAT RDF harvester (``dcat_rdf``), constrained by the suite's hooks.

ckanext-dcat downloads with ``requests`` by itself (a HEAD then a GET, redirects
followed, no address check, and a local path read as a file). The suite routes it:

* ``before_download`` refuses anything but an http(s) URL, reads the page **through
  fetch.py** (public addresses only unless ``ckanext.opendatalocale.fetch.allowed_networks``
  says otherwise, a total deadline, a size cap, redirects checked at each hop), checks that
  it parses as RDF, and keeps it for the request that follows; any fault becomes a French
  gather error and stops the job before a dataset is touched (ckanext-dcat then neither
  imports nor marks anything for deletion);
* ``update_session`` gives ckanext-dcat a ``requests`` session whose only transport is
  fetch.py (the page kept above, else a guarded fetch): no request of the harvester
  leaves any other way;
* ``before_create``/``before_update`` put every dataset in the source's territory,
  keep the remote identifier in ``identifier`` and refuse hostile text in French.
"""
from __future__ import annotations

import io
import json
import logging
import threading
from typing import Dict, Optional, Tuple

import ckan.plugins.toolkit as tk
import requests
from ckan import model
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from .. import fetch, remote_copy
from . import harvest_terms

log = logging.getLogger(__name__)

_DEFAULT_MAX_MB = 50

# Pages read by before_download, waiting for ckanext-dcat's GET of the same URL (same
# process, same gather). Bounded: a page is taken once, and at most a few wait.
_pages: Dict[str, Tuple[bytes, str]] = {}
_pages_lock = threading.Lock()


def _policy() -> fetch.FetchPolicy:
    max_mb = tk.asint(tk.config.get("ckanext.dcat.max_file_size") or _DEFAULT_MAX_MB)
    return remote_copy.policy(max_bytes=max_mb * 1024 * 1024)


def _get(url: str) -> Tuple[bytes, str]:
    body = io.BytesIO()
    fetched = fetch.fetch(url, body, _policy(),
                          accept="text/turtle, application/rdf+xml, application/ld+json;q=0.9, */*;q=0.5")
    return body.getvalue(), fetched.content_type


class GuardedAdapter(BaseAdapter):
    """The transport of ckanext-dcat's session: every GET through fetch.py."""

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        response = requests.Response()
        response.request = request
        response.url = request.url
        if request.method != "GET":
            # ckanext-dcat tries HEAD first and falls back to GET on any non-2xx.
            response.status_code = 405
            response.reason = "Method Not Allowed"
            response.raw = io.BytesIO(b"")
            return response
        with _pages_lock:
            kept = _pages.pop(request.url, None)
        if kept is None:
            try:
                kept = _get(request.url)
            except fetch.FetchRefused as error:
                raise requests.ConnectionError(str(error), request=request)
        body, content_type = kept
        response.status_code = 200
        response.reason = "OK"
        response.headers = CaseInsensitiveDict({"Content-Type": content_type or "",
                                                "Content-Length": str(len(body))})
        response.raw = io.BytesIO(body)
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def guarded_session(session: requests.Session) -> requests.Session:
    session.trust_env = False  # no proxy from the environment
    session.adapters.clear()
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def source_territory(source_id: str) -> Optional[model.Group]:
    """The active territory (organization) a harvest source belongs to."""
    source = model.Package.get(source_id)
    if source is None or not source.owner_org:
        return None
    group = model.Group.get(source.owner_org)
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


def _rdf_format(harvest_job, content_type: str) -> str:
    configured = None
    if harvest_job.source.config:
        try:
            configured = json.loads(harvest_job.source.config).get("rdf_format")
        except (ValueError, AttributeError):
            configured = None
    return configured or (content_type or "").split(";", 1)[0].strip()


def before_download(url: str, harvest_job):
    """(url, errors) for ckanext-dcat: the page is read here, through fetch.py."""
    source = model.Package.get(harvest_job.source.id)
    if source_territory(harvest_job.source.id) is None:
        return None, [harvest_terms.no_territory(source.title if source else harvest_job.source.id)]
    try:
        fetch.check_url(url)
        body, content_type = _get(url)
    except fetch.FetchRefused as error:
        return None, [harvest_terms.unreadable_source(url, str(error))]
    try:
        content = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, [harvest_terms.not_text(url)]
    rdf_format = _rdf_format(harvest_job, content_type)
    # Parsed once here so that a broken page is told in French and stops the job
    # before ckanext-dcat imports or deletes anything.
    from ckanext.dcat.processors import RDFParser, RDFParserException
    try:
        RDFParser().parse(content, _format=rdf_format or None)
    except RDFParserException as error:
        return None, [harvest_terms.malformed_rdf(url, rdf_format, str(error))]
    with _pages_lock:
        if len(_pages) > 16:
            _pages.clear()
        _pages[url] = (body, content_type)
    return url, []


def _object_error(harvest_object, message: str) -> None:
    from ckanext.harvest.model import HarvestObjectError
    HarvestObjectError(message=message, object=harvest_object, stage="Import").save()


# Keys of a dataset and a resource dict that are not schema fields but CKAN's own.
_CORE_DATASET = {"id", "name", "title", "type", "owner_org", "private", "tags", "resources",
                 "extras", "notes", "license_id", "url", "version"}
_CORE_RESOURCE = {"id", "url", "name", "description", "format", "mimetype", "size"}


def _schema_fields(dataset_type: str) -> Tuple[set, set]:
    from ckanext.scheming.helpers import scheming_get_dataset_schema
    schema = scheming_get_dataset_schema(dataset_type) or scheming_get_dataset_schema("dataset") or {}
    return ({field["field_name"] for field in schema.get("dataset_fields", [])},
            {field["field_name"] for field in schema.get("resource_fields", [])})


def _fit_to_schema(dataset: dict) -> None:
    """What ckanext-dcat's DCAT-AP 3 parser gives, cut to the suite's dataset schema:
    unknown keys (publisher, contact...) would make package_create refuse the dataset.
    The resource's ``dct:conformsTo`` becomes its ``schema`` when the suite's schema
    catalogue knows that URL (the form's validator then stores name and version)."""
    from ..scdl import resource_schema
    from ..scdl.site_catalogue import catalogue
    dataset_fields, resource_fields = _schema_fields(dataset.get("type") or "dataset")
    for key in list(dataset):
        if key not in dataset_fields and key not in _CORE_DATASET:
            del dataset[key]
    if not isinstance(dataset.get("spatial_coverage", ""), str):
        del dataset["spatial_coverage"]  # the parser's list of locations, not a COG code
    # Only ckanext-dcat's guid stays an extra: it finds the copy again on the next run.
    dataset["extras"] = [extra for extra in dataset.get("extras") or []
                         if extra.get("key") == "guid"]
    schemas = catalogue()
    for resource in dataset.get("resources") or []:
        conforms_to = resource.get("conforms_to") or []
        if isinstance(conforms_to, str):
            # The scheming-aware parser hands repeating values over as JSON text.
            try:
                conforms_to = json.loads(conforms_to)
            except ValueError:
                conforms_to = [conforms_to]
        for key in list(resource):
            if key not in resource_fields and key not in _CORE_RESOURCE:
                del resource[key]
        resource.pop("schema", None)
        for url in conforms_to if isinstance(conforms_to, list) else [conforms_to]:
            try:
                reference = resource_schema.parse_reference({"url": str(url)})
            except resource_schema.SchemaReferenceError:
                continue
            version = resource_schema.resolve(reference, schemas)
            if version is not None:
                # Stored as data.gouv.fr and the suite's form store it.
                resource["schema"] = {"name": version.id, "version": version.version}
                break


def prepare(harvest_object, dataset: dict) -> None:
    """Before create or update: the source's territory, the remote identifier, no
    hostile text (then the dict is emptied, which ckanext-dcat skips)."""
    refusal = harvest_terms.hostile_text(dataset)
    territory = source_territory(harvest_object.source.id)
    if territory is None:
        refusal = harvest_terms.no_territory(harvest_object.source.title or harvest_object.source.id)
    if refusal:
        _object_error(harvest_object, refusal)
        dataset.clear()
        return
    identifier = harvest_terms.remote_identifier(dataset, harvest_object.guid)
    _fit_to_schema(dataset)
    if identifier:
        dataset["identifier"] = identifier
    # The source decides where its datasets land, never the remote document.
    dataset["owner_org"] = territory.id
