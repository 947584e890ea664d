"""The site's schema catalogue: the bundled copy plus versions fetched since.

Fetched versions live in a folder (config ``ckanext.opendatalocale.storage_path``)
so that every web worker sees what `ckan opendatalocale schemas refresh` stored.
"""
from __future__ import annotations

import os
from typing import Optional

import ckan.plugins.toolkit as tk

from .catalogue import SchemaCatalogue

_cached: Optional[SchemaCatalogue] = None
_cached_stamp: Optional[float] = None


def schemas_folder() -> str:
    base = tk.config.get("ckanext.opendatalocale.storage_path") or os.path.join(
        tk.config.get("ckan.storage_path") or "", "opendatalocale"
    )
    return os.path.join(base, "schemas")


STAMP_FILE = ".updated"


def mark_updated(folder: str) -> None:
    """Tell every process that the folder changed (refresh calls this)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, STAMP_FILE), "w") as stamp:
        stamp.write("")


def _stamp(folder: str) -> float:
    try:
        return os.stat(os.path.join(folder, STAMP_FILE)).st_mtime
    except OSError:
        return 0.0


def catalogue() -> SchemaCatalogue:
    global _cached, _cached_stamp
    folder = schemas_folder()
    stamp = _stamp(folder)
    if _cached is None or stamp != _cached_stamp:
        fresh = SchemaCatalogue()
        if stamp:
            fresh.load_folder(folder)
        _cached, _cached_stamp = fresh, stamp
    return _cached
