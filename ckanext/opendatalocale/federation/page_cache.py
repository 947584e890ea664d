"""Whole catalogue pages kept in Redis (issue 13, point 10: a page of 100 datasets
cost 10-17× CKAN's /dataset/ page, in ckanext-dcat's graph and rdflib's serialiser).

A page is found again only under a key made of everything its output is made of:

- the datasets the search gives **as the anonymous user** (never a private or deleted
  dataset: it is not in that search, so not in the key, and a page listing it was
  rendered from the same search), each with its ``metadata_modified``, which every
  package_update (a resource, a title, turning the dataset private) changes, and the
  search's total count (the last-page link);
- the territories of those datasets as the database holds them now (name, title,
  state, SIREN, INSEE code, box: they are the publisher and the footprint, and an
  organization's update re-indexes none of its datasets);
- the format, the profiles, the page's own URL and parameters (its hydra links).

What the key does not hold (the site's options, the schema catalogue's URLs after a
``schemas refresh``) is bounded by the entry's lifetime,
``ckanext.opendatalocale.dcat.page_cache_seconds`` (0: no cache).
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Iterable, List, Optional

import ckan.plugins.toolkit as tk
from ckan import model

log = logging.getLogger(__name__)

PREFIX = "odl:dcat:page:"


def lifetime() -> int:
    return int(tk.config.get("ckanext.opendatalocale.dcat.page_cache_seconds") or 0)


def territory_rows(org_ids: Iterable[str]) -> List[list]:
    """One query (two on 2.11, whose extras are rows) for the page's territories."""
    ids = sorted({org_id for org_id in org_ids if org_id})
    if not ids:
        return []
    rows = model.Session.query(model.Group).filter(model.Group.id.in_(ids)).all()
    if hasattr(model, "GroupExtra"):  # CKAN 2.11: key/value rows
        extras = {}
        for extra in model.Session.query(model.GroupExtra).filter(
                model.GroupExtra.group_id.in_(ids)):
            if extra.state == "active":
                extras.setdefault(extra.group_id, {})[extra.key] = extra.value
    else:  # CKAN 2.12: a JSONB column of the group row
        extras = {group.id: dict(group.extras or {}) for group in rows}
    return sorted([group.id, group.name, group.title, group.state,
                   sorted(extras.get(group.id, {}).items())] for group in rows)


def key(data_dict: dict, query: dict, pagination: dict, territories: List[list]) -> str:
    """``territories``: territory_rows() of the page's datasets (the caller reads them once
    for the page's key and its pieces' keys)."""
    datasets = query.get("results") or []
    parts = {
        "format": data_dict.get("format"),
        "profiles": data_dict.get("profiles") or tk.config.get("ckanext.dcat.rdf.profiles"),
        "pagination": pagination,  # the hydra links, built on the page's own URL
        "count": query.get("count"),
        "datasets": [[d.get("id"), d.get("metadata_modified")] for d in datasets],
        "territories": territories,
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _redis():
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


def get(cache_key: str) -> Optional[str]:
    try:
        value = _redis().get(cache_key)
    except Exception:  # noqa: BLE001 — Redis down: render the page, never fail it
        log.warning("catalogue page cache unavailable", exc_info=True)
        return None
    return value.decode("utf-8") if value is not None else None


def put(cache_key: str, output: str, seconds: int) -> None:
    try:
        _redis().set(cache_key, output.encode("utf-8"), ex=seconds)
    except Exception:  # noqa: BLE001
        log.warning("catalogue page cache unavailable", exc_info=True)
