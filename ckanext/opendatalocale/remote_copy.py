"""The last copy of a linked resource, fetched by a background job.

Web requests never fetch a remote file (a slow 2 GB link would hold every
web worker): the validation job fetches a link through the guarded fetcher
and keeps the copy under the suite's storage folder; pages and actions read
that copy and say when it is stale. Uploads are already on the platform and
are read where CKAN keeps them.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import tempfile
from typing import IO, Iterator, Optional

import ckan.plugins.toolkit as tk

from . import compat, fetch


class CopyUnavailable(Exception):
    """No copy to read; str() is a French sentence for the user."""


def copies_folder() -> str:
    """Where copies are kept; read once by whoever asks about many resources."""
    base = tk.config.get("ckanext.opendatalocale.storage_path") or os.path.join(
        tk.config.get("ckan.storage_path") or "", "opendatalocale")
    return os.path.join(base, "remote-copies")


def copy_name(resource_id: str) -> str:
    # A digest, not the id: an id never becomes a path of its own.
    return hashlib.sha256(str(resource_id).encode("utf-8")).hexdigest()


def stored_copies(base: str) -> set[str]:
    """copy_name() of every resource with a copy, listed once for many resources (a
    scan of 100,000 datasets would otherwise try to open a record for each link)."""
    names = set()
    try:
        folders = [entry.path for entry in os.scandir(base) if entry.is_dir()]
    except OSError:
        return names
    for folder in folders:
        with contextlib.suppress(OSError):
            names.update(entry.name[:-5] for entry in os.scandir(folder)
                         if entry.name.endswith(".json"))
    return names


def _paths(resource_id: str, base: Optional[str] = None):
    digest = copy_name(resource_id)
    folder = os.path.join(base or copies_folder(), digest[:2])
    return folder, os.path.join(folder, digest), os.path.join(folder, digest + ".json")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def refresh(resource: dict, policy: fetch.FetchPolicy) -> dict:
    """Fetch the resource's link into its stored copy (background jobs only).

    The new copy replaces the old one only once complete: a refused or cut
    fetch keeps the previous copy. Raises fetch.FetchRefused.
    """
    folder, data_path, meta_path = _paths(resource["id"])
    os.makedirs(folder, exist_ok=True)
    url = resource.get("url") or ""
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as target:
            fetched = fetch.fetch(url, target, policy)
        meta = {"url": url, "final_url": fetched.url, "size": fetched.size,
                "content_type": fetched.content_type, "fetched_at": _now().isoformat()}
        os.replace(partial, data_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    with open(meta_path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(meta, out)
    os.replace(meta_path + ".tmp", meta_path)
    return meta


def copy_info(resource: dict, base: Optional[str] = None) -> Optional[dict]:
    """fetched_at, url, size and stale for a link's copy; None for uploads or none yet.
    ``base``: copies_folder(), when the caller asks for many resources."""
    if resource.get("url_type") == "upload":
        return None
    _, data_path, meta_path = _paths(resource["id"], base)
    try:
        with open(meta_path, encoding="utf-8") as handle:
            meta = json.load(handle)
    except (OSError, ValueError):
        return None
    if not os.path.exists(data_path):
        return None
    fetched_at = datetime.datetime.fromisoformat(meta["fetched_at"])
    modified = _as_datetime(resource.get("last_modified") or resource.get("metadata_modified"))
    stale = meta.get("url") != (resource.get("url") or "") or (
        modified is not None and modified > fetched_at)
    return {"fetched_at": fetched_at, "url": meta.get("url"), "size": meta.get("size"),
            "stale": bool(stale)}


def _as_datetime(value) -> Optional[datetime.datetime]:
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return None


@contextlib.contextmanager
def open_copy(resource: dict) -> Iterator[IO[bytes]]:
    """The resource's bytes as stored on the platform; never touches the network."""
    if resource.get("url_type") == "upload":
        path = compat.local_upload_path(resource)
        if path is not None:
            # read in place: a page of a 1 GB upload must not copy the gigabyte first
            try:
                handle = open(path, "rb")
            except OSError as error:
                raise CopyUnavailable(tk._(
                    "Le fichier déposé est introuvable sur le serveur ({error})."
                ).format(error=type(error).__name__))
            with handle:
                yield handle
            return
        # 1 MB in memory at most: readers stream this copy once, then drop it
        with compat.spooled_copy(max_size=1024 * 1024) as copy:
            try:
                compat.copy_uploaded_resource(resource, copy)
            except (OSError, KeyError) as error:
                raise CopyUnavailable(tk._(
                    "Le fichier déposé est introuvable sur le serveur ({error})."
                ).format(error=type(error).__name__))
            copy.seek(0)
            yield copy
        return
    _, data_path, _meta = _paths(resource["id"])
    try:
        handle = open(data_path, "rb")
    except OSError:
        raise CopyUnavailable(tk._(
            "Le fichier de ce lien n'a pas encore été lu par la plateforme : il le sera "
            "dans quelques minutes, en arrière-plan."))
    with handle:
        yield handle


def forget(resource_id: str) -> None:
    """Remove the stored copy (the resource was deleted)."""
    _, data_path, meta_path = _paths(resource_id)
    for path in (data_path, meta_path):
        with contextlib.suppress(OSError):
            os.unlink(path)


def policy(max_bytes: Optional[int] = None, deadline: Optional[float] = None) -> fetch.FetchPolicy:
    """The site's fetch policy (config), with a caller's tighter cap or deadline."""
    return fetch.policy_from_config(tk.config, max_bytes=max_bytes, deadline=deadline)
