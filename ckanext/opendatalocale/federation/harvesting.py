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
* ``before_create``/``before_update`` (``prepare``, also the entry point of any other
  harvester of the suite) put the dataset in its territory, keep the remote identifier in
  ``identifier``, recognise its SCDL schemas and refuse hostile text in French;
  ``after_import`` (to be called after the save) queues the SCDL validation of its new
  or changed resources (the duplicate check follows every saved dataset through
  the dedup plugin's own hook).

Where a dataset lands. A territory's own source (a commune's catalogue) lands every
dataset in that territory, whatever the remote document says. A **platform-level**
source (a regional portal federating many communes) is one whose config holds
``"territory_by_publisher": true``, which only a sysadmin may set or keep (logic/
harvest_auth.py): each dataset goes to the territory its publisher's SIREN/SIRET or INSEE
code names, else to the one the source's ``"publisher_territories"`` or the site's
``ckanext.opendatalocale.harvest.publisher_territories`` maps its publisher to
(publisher_match.py). A new dataset that matches none is never dropped: its harvested
metadata is kept with the French reason (odl_harvest_placement, model.py says why not as
a private dataset) and listed for the source's owners and sysadmins; a sysadmin assigns
it to a territory (the dataset is created there, and the following harvests keep that
choice), or a mapping added later places it at the next harvest. A dataset placed
before whose publisher no longer says where stays where it is.
"""
from __future__ import annotations

import datetime
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

from .. import fetch, job_queue, remote_copy
from . import harvest_terms, publisher_match

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
        # A CKAN catalogue (the suite's, udata's export) says it in the resource's own
        # ``schema`` field: a name and version, « name@version », or a URL.
        declared = resource.pop("schema", None)
        candidates = [{"url": str(url)} for url in
                      (conforms_to if isinstance(conforms_to, list) else [conforms_to])]
        for candidate in candidates + ([declared] if declared else []):
            try:
                reference = resource_schema.parse_reference(candidate)
            except resource_schema.SchemaReferenceError:
                continue
            version = resource_schema.resolve(reference, schemas)
            if version is not None:
                # Stored as data.gouv.fr and the suite's form store it; an unknown
                # schema is left out (the form's validator would refuse the dataset).
                resource["schema"] = {"name": version.id, "version": version.version}
                break


PLATFORM_FLAG = "territory_by_publisher"
SOURCE_MAPPING = "publisher_territories"
SITE_MAPPING = "ckanext.opendatalocale.harvest.publisher_territories"


def source_config(source_id: str) -> dict:
    from ckanext.harvest.model import HarvestSource
    source = HarvestSource.get(source_id)
    try:
        config = json.loads(source.config) if source is not None and source.config else {}
    except ValueError:
        return {}
    return config if isinstance(config, dict) else {}


def is_platform_config(config: dict) -> bool:
    return config.get(PLATFORM_FLAG) is True or PLATFORM_FLAG in config and str(
        config.get(PLATFORM_FLAG)).lower() in ("true", "1", "yes", "oui")


def _mappings(config: dict) -> list:
    own = config.get(SOURCE_MAPPING)
    source = {publisher_match.normalise_key(key): str(value)
              for key, value in own.items()} if isinstance(own, dict) else {}
    return [source, publisher_match.parse_mapping(tk.config.get(SITE_MAPPING) or "")]


# The portal's territories, read once per harvest job (a country-wide portal has tens of
# thousands; a job imports its datasets one after the other in one process).
_index_cache: Dict[str, object] = {"job": None, "index": None}


def _territory_index(job_id: Optional[str]) -> publisher_match.TerritoryIndex:
    from ..territories.catalogue_figures import territory_records
    if job_id is None or _index_cache["job"] != job_id:
        _index_cache["index"] = publisher_match.TerritoryIndex.of(territory_records())
        _index_cache["job"] = job_id
    return _index_cache["index"]


# What prepare learnt about a dataset, for after_import (same thread, same object).
_pending = threading.local()


def _remember(harvest_object_id: str, facts: dict) -> None:
    if not hasattr(_pending, "facts"):
        _pending.facts = {}
    if len(_pending.facts) > 64:  # imports that never reached after_import
        _pending.facts.clear()
    _pending.facts[harvest_object_id] = facts


def _resources_before(dataset_id: Optional[str]) -> Dict[str, Tuple[str, str]]:
    package = model.Package.get(dataset_id) if dataset_id else None
    if package is None:
        return {}
    return {resource.id: (resource.url or "", json.dumps((resource.extras or {}).get("schema"),
                                                          sort_keys=True))
            for resource in package.resources}


def _placement(harvest_object, publisher, config: dict) -> publisher_match.Placement:
    from .model import HarvestPlacement
    source_id, guid = harvest_object.source.id, harvest_object.guid
    index = _territory_index(getattr(harvest_object, "harvest_job_id", None))
    kept = HarvestPlacement.of(source_id, guid)
    if kept is not None and kept.territory_id and kept.territory_id in index.titles:
        # A sysadmin's choice outlives the next harvests.
        return publisher_match.Placement(kept.territory_id, "choix d'un administrateur")
    return publisher_match.place(publisher, index, _mappings(config))


def _hold(harvest_object, dataset: dict, publisher, reason: str, identifier: str) -> None:
    """Keep an unmatched dataset for an admin: its metadata and the reason. Its harvest
    object becomes the guid's current one (ckanext-dcat does it already, other harvesters
    may not): the list shows what the remote catalogue still holds."""
    from ckanext.harvest.model import HarvestObject
    from .model import HarvestPlacement
    (model.Session.query(HarvestObject)
     .filter(HarvestObject.harvest_source_id == harvest_object.source.id,
             HarvestObject.guid == harvest_object.guid, HarvestObject.id != harvest_object.id,
             HarvestObject.current.is_(True))
     .update({"current": False}, synchronize_session=False))
    harvest_object.current = True
    harvest_object.add()
    row = HarvestPlacement.of(harvest_object.source.id, harvest_object.guid)
    if row is None:
        row = HarvestPlacement(source_id=harvest_object.source.id, guid=harvest_object.guid)
        model.Session.add(row)
    row.remote_identifier = identifier or ""
    row.title = str(dataset.get("title") or dataset.get("name") or "")[:1000]
    row.publisher = publisher.label[:500]
    row.reason = reason
    row.dataset = json.dumps({key: value for key, value in dataset.items()
                              if key not in ("id", "owner_org")})
    row.recorded = datetime.datetime.utcnow()
    model.Session.commit()


READY, HELD, REFUSED = "ready", "held", "refused"


def prepare(harvest_object, dataset: dict) -> str:
    """Before create or update: the dataset's territory, the remote identifier, its SCDL
    schemas, no hostile text. A refused or held dataset leaves the dict empty, which
    ckanext-dcat skips. Returns READY, HELD (kept for an admin: not an error of the
    harvest object) or REFUSED (its French error is recorded on the harvest object)."""
    refusal = harvest_terms.hostile_text(dataset)
    territory = source_territory(harvest_object.source.id)
    if territory is None:
        refusal = harvest_terms.no_territory(harvest_object.source.title or harvest_object.source.id)
    if refusal:
        _object_error(harvest_object, refusal)
        dataset.clear()
        return REFUSED
    if dataset.get("id") and not _harvested_by(dataset["id"], harvest_object):
        # ckanext-dcat finds "the previous copy" by guid across the whole site: a
        # catalogue repeating another source's identifier would overwrite, and move
        # here, a dataset of another territory.
        _object_error(harvest_object, harvest_terms.identifier_taken(
            str(dataset.get("title") or harvest_object.guid), harvest_object.guid))
        dataset.clear()
        return REFUSED
    identifier = harvest_terms.remote_identifier(dataset, harvest_object.guid)
    publisher = publisher_match.publisher_of(dataset)  # before the cut drops publisher fields
    # ckanext-dcat gives the id before this hook; another harvester may give it after.
    dataset_id = dataset.get("id") or _previous_package_id(harvest_object)
    _fit_to_schema(dataset)
    if identifier:
        dataset["identifier"] = identifier
    # The source decides where its datasets land, never the remote document; only a
    # platform-level source (set by a sysadmin) lets the publisher's codes decide.
    owner = territory.id
    config = source_config(harvest_object.source.id)
    if is_platform_config(config):
        existing = model.Package.get(dataset_id) if dataset_id else None
        placement = _placement(harvest_object, publisher, config)
        if placement.territory_id:
            owner = placement.territory_id
            from .model import HarvestPlacement
            held = HarvestPlacement.of(harvest_object.source.id, harvest_object.guid)
            if held is not None and not held.territory_id:
                model.Session.delete(held)  # a mapping added since places it
                model.Session.commit()
        elif existing is not None and existing.state == "active" and existing.owner_org:
            # Placed by an earlier harvest: a publisher that no longer says where does
            # not move it (nor leave it out).
            owner = existing.owner_org
        else:
            _hold(harvest_object, dataset, publisher, placement.reason, identifier)
            dataset.clear()
            return HELD
    dataset["owner_org"] = owner
    before = _resources_before(dataset_id)
    _keep_resource_ids(dataset, before)
    stamp = _mark_validations(dataset, before)
    _remember(harvest_object.id, {"resources_before": before, "stamp": stamp})
    return READY


def _harvested_by(dataset_id: str, harvest_object) -> bool:
    """Whether a saved dataset came from this harvest object's source (an earlier
    harvest of it, or a sysadmin's assignment of one it held); an id not saved yet is
    the new copy's own."""
    from ckanext.harvest.model import HarvestObject
    from .model import HarvestPlacement
    if model.Package.get(dataset_id) is None:
        return True
    source_id = harvest_object.source.id
    if (model.Session.query(HarvestObject.id)
            .filter(HarvestObject.package_id == dataset_id,
                    HarvestObject.harvest_source_id == source_id,
                    HarvestObject.id != harvest_object.id).first()) is not None:
        return True
    return (model.Session.query(HarvestPlacement.id)
            .filter(HarvestPlacement.package_id == dataset_id,
                    HarvestPlacement.source_id == source_id).first()) is not None


def _previous_package_id(harvest_object) -> Optional[str]:
    from ckanext.harvest.model import HarvestObject
    previous = (model.Session.query(HarvestObject.package_id)
                .filter(HarvestObject.harvest_source_id == harvest_object.source.id,
                        HarvestObject.guid == harvest_object.guid,
                        HarvestObject.package_id.isnot(None),
                        HarvestObject.id != harvest_object.id)
                .order_by(HarvestObject.current.desc(), HarvestObject.import_finished.desc())
                .first())
    return previous[0] if previous else None


def _keep_resource_ids(dataset: dict, before: Dict[str, Tuple[str, str]]) -> None:
    """A resource harvested again keeps its id (found by its URL when the catalogue gives
    no URI ckanext-dcat could match): its validation report, views and links stay, and
    an unchanged file is not validated again."""
    free = {}
    for resource_id, (url, _schema) in before.items():
        free.setdefault(url, []).append(resource_id)
    taken = {resource.get("id") for resource in dataset.get("resources") or []}
    for resource in dataset.get("resources") or []:
        if resource.get("id"):
            continue
        for resource_id in free.get(resource.get("url") or "", []):
            if resource_id not in taken:
                resource["id"] = resource_id
                taken.add(resource_id)
                # The last verdict stays until a new validation says otherwise.
                kept = model.Resource.get(resource_id)
                for key in ("validation_status", "validation_timestamp"):
                    if kept is not None and (kept.extras or {}).get(key) and not resource.get(key):
                        resource[key] = kept.extras[key]
                break


def _validatable_schema(schema) -> Optional[Tuple[str, str]]:
    """(schema id, version) of a declared schema the suite validates, else None."""
    from ..scdl import resource_validation
    from ..scdl.resource_schema import SchemaReferenceError
    if not schema:
        return None
    try:
        _, version = resource_validation.declared_schema({"schema": schema})
    except SchemaReferenceError:
        return None
    if version is None or not version.table_validatable:
        return None
    return (version.id, version.version)


def _mark_validations(dataset: dict, before: Dict[str, Tuple[str, str]]) -> str:
    """Save the "running" status of the resources after_import will queue with the
    dataset itself: written afterwards, it saved and re-indexed every harvested dataset
    a second time (a third of its import under cProfile, issue 13 point 10). Returns the
    stamp written, by which after_import knows the status is saved."""
    from ..scdl.model import ResourceValidation
    stamp = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat()
    for resource in dataset.get("resources") or []:
        schema = _validatable_schema(resource.get("schema"))
        if schema is None:
            continue
        previous = before.get(resource.get("id") or "")
        if (previous and previous[0] == (resource.get("url") or "")
                and _validatable_schema(json.loads(previous[1])) == schema
                and ResourceValidation.get(resource["id"]) is not None):
            continue  # unchanged: its last verdict stays (_keep_resource_ids)
        resource["validation_status"] = "running"
        resource["validation_timestamp"] = stamp
    return stamp


def after_import(harvest_object, dataset: dict) -> None:
    """After create or update, once the dataset is saved (every harvester of the suite
    calls it): queue the SCDL validation of its resources that are new or changed since
    the last harvest."""
    dataset_id = dataset.get("id")
    facts = getattr(_pending, "facts", {}).pop(harvest_object.id, None)
    if facts is None or not dataset_id or model.Package.get(dataset_id) is None:
        return
    _queue_validation(dataset_id, facts["resources_before"], facts.get("stamp"))


def _queue_validation(dataset_id: str, before: Dict[str, Tuple[str, str]],
                      stamp: Optional[str] = None) -> None:
    from ..scdl import resource_validation
    from ..scdl.model import ResourceValidation
    from ..scdl.resource_schema import SchemaReferenceError
    package = model.Package.get(dataset_id)
    for resource in list(package.resources):
        extras = resource.extras or {}
        schema = extras.get("schema")
        if not schema:
            continue
        # Marked "running" by _mark_validations and saved with the dataset: always queued,
        # so that a saved "running" always has its job.
        marked = bool(stamp) and extras.get("validation_status") == "running" \
            and extras.get("validation_timestamp") == stamp
        state = (resource.url or "", json.dumps(schema, sort_keys=True))
        if not marked and before.get(resource.id) == state \
                and ResourceValidation.get(resource.id) is not None:
            continue  # unchanged since its last validation
        resource_dict = {"id": resource.id, "url": resource.url, "schema": schema,
                         "url_type": resource.url_type, "package_id": dataset_id}
        try:
            _, version = resource_validation.declared_schema(resource_dict)
        except SchemaReferenceError:
            version = None
        if version is not None and version.table_validatable:
            try:
                resource_validation.enqueue(resource_dict, status_saved=marked)
            except job_queue.QueueUnavailable:
                # the harvested dataset is kept; its report says the validation was not
                # started, and the next harvest (or the run button) asks again
                log.warning("validation of harvested resource %s not queued", resource.id)
        elif marked:
            # Never left "running" with no job (the schema was read differently once saved).
            resource_validation.set_resource_status(resource.id, "error")
