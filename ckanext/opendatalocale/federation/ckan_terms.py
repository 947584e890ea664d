"""What the suite keeps of a dataset read from another CKAN's API, decided without CKAN.

The suite's CKAN harvester (``ckan_harvester.py``) hands each remote ``package_search``
result to ``local_dataset``, then to ``harvesting.prepare`` like a DCAT dataset: the
copy carries the source's territory, a permanent remote identifier, a licence of the
suite and the SCDL schema of each file, and nothing else the remote site decided
(its ids, organisation, groups, extras, internal fields).
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ..scdl import resource_schema
from . import licences

_HTTP_URI = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")
_TAG = re.compile(r"^[\w \-.]{2,100}$", re.UNICODE)


def remote_identifier(remote: dict, base_url: str) -> str:
    """The copy's ``identifier``: the remote's own when it is an http(s) URI (a suite
    site, or a CKAN that harvested it from elsewhere), else the remote dataset's page
    built on its id, which never changes, unlike its name."""
    declared = str(remote.get("identifier") or "").strip()
    if _HTTP_URI.match(declared):
        return declared
    return f"{base_url.rstrip('/')}/dataset/{remote['id']}"


def _schema_url(declared: Any, catalogue) -> Optional[str]:
    """The published URL of the schema a remote resource declares, when the suite's
    catalogue knows it (ckanext-validation and udata store it as a URL, the suite as
    {name, version}, some sites as JSON text)."""
    try:
        reference = resource_schema.parse_reference(declared)
    except resource_schema.SchemaReferenceError:
        return None
    version = resource_schema.resolve(reference, catalogue)
    return version.url if version is not None and version.url else None


def _resource(remote: dict, catalogue) -> Optional[dict]:
    url = str(remote.get("url") or "").strip()
    if not url:
        return None
    resource = {
        "url": url,
        "name": remote.get("name") or "",
        "description": remote.get("description") or "",
        "format": remote.get("format") or "",
    }
    if remote.get("mimetype"):
        resource["mimetype"] = remote["mimetype"]
    conforms_to = []
    for declared in (remote.get("schema"), remote.get("conforms_to")):
        values = declared if isinstance(declared, list) else [declared]
        for value in values:
            found = _schema_url(value, catalogue)
            if found and found not in conforms_to:
                conforms_to.append(found)
    if conforms_to:
        # harvesting.prepare turns a known dct:conformsTo into the resource's schema
        resource["conforms_to"] = conforms_to
    return resource


def local_dataset(remote: dict, base_url: str, catalogue) -> dict:
    """The dataset dict to create or update from one remote ``package_show`` dict."""
    licence = licences.first_known(
        [remote.get("license_id"), remote.get("license_url"), remote.get("license_title")])
    tags = []
    for tag in remote.get("tags") or []:
        name = (tag.get("name") if isinstance(tag, dict) else str(tag or "")).strip()
        if _TAG.match(name) and name not in tags:
            tags.append(name)
    resources = [r for r in (_resource(item, catalogue) for item in remote.get("resources") or [])
                 if r is not None]
    return {
        "type": "dataset",
        "name": remote.get("name") or "",
        "title": remote.get("title") or remote.get("name") or "",
        "notes": remote.get("notes") or "",
        "url": remote.get("url") or "",
        "version": remote.get("version") or "",
        "private": False,
        "tags": [{"name": name} for name in tags],
        # Never the form's default: an unknown licence is not Licence Ouverte.
        "license_id": licence or "notspecified",
        "identifier": remote_identifier(remote, base_url),
        "resources": resources,
    }
