"""Fetching new schema versions from a schema.data.gouv.fr-style catalogue.

The source is a URL of a `schemas.json` or a folder holding one (a mirror of
the site: `<folder>/schemas.json`, `<folder>/<id>/<version>/schema.json`), so a
platform without network access can refresh from a copy.
"""
from __future__ import annotations

import io
import json
import os
from typing import Callable

from .. import fetch, remote_copy
from .catalogue import SCHEMA_SITE, fetch_new_versions
from .site_catalogue import catalogue, mark_updated, schemas_folder

# A schema catalogue or descriptor is a few hundred kilobytes.
_MAX_BYTES = 20_000_000


class RefreshError(Exception):
    pass


def _http_get(url: str) -> bytes:
    body = io.BytesIO()
    try:
        fetch.fetch(url, body, remote_copy.policy(max_bytes=_MAX_BYTES), accept="application/json")
    except fetch.FetchRefused as error:
        raise RefreshError(str(error)) from error
    return body.getvalue()


def _folder_fetcher(folder: str) -> Callable[[str], bytes]:
    def fetch(url: str) -> bytes:
        path = url
        if url.startswith(SCHEMA_SITE + "/"):
            path = os.path.join(folder, url[len(SCHEMA_SITE) + 1:])
        elif url.startswith("file://"):
            path = url[len("file://"):]
        elif url.startswith(("http://", "https://")):
            return _http_get(url)
        elif not os.path.isabs(url):
            path = os.path.join(folder, url)
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise RefreshError(f"{url} : {error.strerror}") from error
    return fetch


def refresh(source: str, only_ids=None, labels=None) -> list:
    if source.startswith(("http://", "https://")):
        document, fetch = _http_get(source), _http_get
    else:
        path = os.path.join(source, "schemas.json") if os.path.isdir(source) else source
        fetch = _folder_fetcher(os.path.dirname(os.path.abspath(path)))
        try:
            with open(path, "rb") as handle:
                document = handle.read()
        except OSError as error:
            raise RefreshError(f"{path} : {error.strerror}") from error
    try:
        parsed = json.loads(document)
    except ValueError as error:
        raise RefreshError(f"{source} : pas un catalogue JSON ({error})") from error
    folder = schemas_folder()
    added = fetch_new_versions(parsed, fetch, folder, known=catalogue(),
                               only_ids=only_ids, labels=labels)
    if added:
        mark_updated(folder)
    return added
