"""A canteen service's menu files, read once and kept while they do not change.

The files of a dataset are told apart by the schema their resource declares:
menus (scdl/menus-collectifs), dish composition (scdl/plats-menus-collectifs)
and purchases (ma-cantine import). Reading a school year of 10,000 dishes
takes a few hundred milliseconds, so each web process keeps the parsed result
keyed by the resources' ids, sizes and modification stamps: an upload or an
edit changes the key and the next request reads the new file.
"""
from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import ckan.plugins.toolkit as tk

from .. import compat
from ..scdl import resource_schema
from ..scdl.messages import group_errors, report_summary
from ..scdl.resource_validation import SourceUnavailable, copy_source
from ..scdl.site_catalogue import catalogue
from . import checks, purchases, reader
from .model import MenuFile, MenuProblem
from .reference import DISHES_SCHEMA, MENUS_SCHEMA, PURCHASES_SCHEMA
from .week import MenuIndex


@dataclass
class LoadedService:
    menus: MenuFile
    index: MenuIndex
    problems: List[MenuProblem]
    purchases: Optional[List[dict]] = None
    files: List[dict] = field(default_factory=list)  # per resource: role, status, report summary
    memo: Dict[str, object] = field(default_factory=dict)  # figures computed once per version

    def once(self, key: str, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


_cache: "OrderedDict[tuple, LoadedService]" = OrderedDict()
_lock = threading.Lock()


def role_of(resource: dict) -> Optional[str]:
    """menus, composition, purchases or None, from the schema the resource declares."""
    try:
        version = resource_schema.resolve(resource_schema.parse_reference(resource.get("schema")),
                                          catalogue())
    except resource_schema.SchemaReferenceError:
        return None
    if version is None:
        return None
    return {MENUS_SCHEMA: "menus", DISHES_SCHEMA: "composition",
            PURCHASES_SCHEMA: "purchases"}.get(version.id)


def menu_resources(dataset: dict, resource_id: Optional[str] = None) -> List[Tuple[str, dict]]:
    found = []
    for resource in dataset.get("resources") or []:
        if resource_id and resource["id"] != resource_id:
            continue
        role = role_of(resource)
        if role:
            found.append((role, resource))
    return found


def _key(dataset: dict, resources: List[Tuple[str, dict]]) -> tuple:
    stamps = tuple((r["id"], r.get("last_modified") or "", r.get("metadata_modified") or "",
                    r.get("size") or "", r.get("url") or "", r.get("validation_status") or "")
                   for _, r in resources)
    declared = (dataset.get("period_start"), dataset.get("period_end"),
                repr(dataset.get("restaurants")))
    return (dataset["id"],) + stamps + declared


def _read(resource: dict, parse):
    with compat.spooled_copy() as copy:
        copy_source(resource, copy)
        return parse(copy)


def as_date(value) -> Optional[datetime.date]:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _file_state(role: str, resource: dict) -> dict:
    """What a page says about one file: its validation verdict in French."""
    state = {"role": role, "id": resource["id"], "name": resource.get("name") or resource["id"],
             "status": resource.get("validation_status"), "summary": "", "groups": []}
    if resource.get("validation_status") == "failure":
        try:
            validation = tk.get_action("resource_validation_show")(
                {"ignore_auth": True}, {"resource_id": resource["id"]})
        except tk.ObjectNotFound:
            return state
        report = validation.get("report") or {}
        version = resource_schema.resolve(
            resource_schema.parse_reference(resource.get("schema")), catalogue())
        state["summary"] = report_summary(report)
        state["groups"] = group_errors(report, version)[:5]
    return state


def load(dataset: dict, resource_id: Optional[str] = None) -> LoadedService:
    """The dataset's menus, joined to their composition, with every problem found."""
    resources = menu_resources(dataset, resource_id)
    key = _key(dataset, resources)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    loaded = _load(dataset, resources)
    with _lock:
        _cache[key] = loaded
        while len(_cache) > max(tk.config.get("ckanext.opendatalocale.menus.cache_size"), 1):
            _cache.popitem(last=False)
    return loaded


def _load(dataset: dict, resources: List[Tuple[str, dict]]) -> LoadedService:
    menus = MenuFile()
    problems: List[MenuProblem] = []
    compositions: Dict[str, list] = {}
    bought: Optional[List[dict]] = None
    files = []
    for role, resource in resources:
        files.append(_file_state(role, resource))
        try:
            if role == "menus":
                menus.extend(_read(resource, lambda s: reader.read_menus(s, source_id=resource["id"])))
            elif role == "composition":
                by_code, found = _read(resource, reader.read_composition)
                problems.extend(found)
                for code, products in by_code.items():
                    compositions.setdefault(code, []).extend(products)
            else:
                rows, found = _read(resource, purchases.read_purchases)
                problems.extend(found)
                bought = (bought or []) + rows
        except SourceUnavailable as error:
            problems.append(MenuProblem("source", params={"detail": str(error)}, blocking=True))
    problems = menus.problems + problems
    if compositions:
        problems.extend(reader.join_composition(menus.dishes, compositions))
    problems.extend(checks.check_service(
        menus.dishes, start=as_date(dataset.get("period_start")), end=as_date(dataset.get("period_end")),
        restaurants=dataset.get("restaurants") or []))
    return LoadedService(menus, MenuIndex(menus.dishes), problems, bought, files)


def clear() -> None:
    with _lock:
        _cache.clear()
