"""The portal's organizations by the referential key they match, for the look-up's
« parent on this portal ». Reading every territory at each keystroke of the form's
autocomplete took 1.2 s at country scale: the index is kept for a while, and dropped
at once when this process changes an organization (other processes wait for the TTL).
"""
from __future__ import annotations

import threading
import time

import ckan.plugins.toolkit as tk

from . import catalogue_figures
from .referential import matching

_cache: dict = {"at": None, "index": {}}
_lock = threading.Lock()


def get(referential) -> dict:
    ttl = tk.config.get("ckanext.opendatalocale.territories.lookup_cache_seconds")
    with _lock:
        now = time.monotonic()
        if _cache["at"] is None or ttl <= 0 or now - _cache["at"] > ttl:
            _cache["index"] = matching.identity_index(catalogue_figures.territory_records(),
                                                      referential)
            _cache["at"] = now
        return _cache["index"]


def forget() -> None:
    with _lock:
        _cache["at"] = None
