"""A canteen service's menu files, read once and kept while they do not change.

The files of a dataset are told apart by the schema their resource declares:
menus (scdl/menus-collectifs), dish composition (scdl/plats-menus-collectifs)
and purchases (ma-cantine import). Reading a school year of 10,000 dishes
takes a few hundred milliseconds, so each web process keeps the parsed result
keyed by the resources' ids, sizes and modification stamps, and for links by
the identity of the copy the background job fetched: an upload, an edit or a
new copy changes the key and the next request reads the new file. Concurrent
requests for one key parse it once (``single_flight``).

A web request never fetches a link: it reads the copy the validation job
stored (``remote_copy``), and says so when there is none yet or when it is
older than the link. What is kept is shared by every visitor, so it holds no
translated sentence: problems keep codes and values, files keep their
validation report, and pages write the words in each visitor's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import ckan.plugins.toolkit as tk

from .. import remote_copy
from ..iso_dates import date_of
from ..scdl import resource_schema
from ..scdl.messages import group_errors, report_summary
from ..scdl.site_catalogue import catalogue
from . import checks, purchases, reader
from .menu_file import MenuFile, MenuProblem
from .vocabulary import DISHES_SCHEMA, MENUS_SCHEMA, PURCHASES_SCHEMA
from .single_flight import SingleFlightCache
from .week import MenuIndex


@dataclass
class LoadedService:
    menus: MenuFile
    index: MenuIndex
    problems: List[MenuProblem]
    purchases: Optional[List[dict]] = None
    files: List[dict] = field(default_factory=list)  # per resource: role, status, report, copy
    memo: Dict[str, object] = field(default_factory=dict)  # figures computed once per version

    def once(self, key: str, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


_cache: "SingleFlightCache[LoadedService]" = SingleFlightCache(
    lambda: tk.config.get("ckanext.opendatalocale.menus.cache_size"))


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


def _copy_identity(copy: Optional[dict]) -> tuple:
    return (copy["fetched_at"].isoformat(), copy.get("size")) if copy else ()


def _key(dataset: dict, resources: List[Tuple[str, dict]], copies: Dict[str, Optional[dict]]
         ) -> tuple:
    stamps = tuple((r["id"], r.get("last_modified") or "", r.get("metadata_modified") or "",
                    r.get("size") or "", r.get("url") or "", r.get("validation_status") or "",
                    _copy_identity(copies.get(r["id"])))
                   for _, r in resources)
    declared = (dataset.get("period_start"), dataset.get("period_end"),
                repr(dataset.get("restaurants")))
    return (dataset["id"],) + stamps + declared


def _read(resource: dict, parse):
    """``parse`` run on the file as stored on the platform (never fetched here)."""
    with remote_copy.open_copy(resource) as stored:
        return parse(stored)


def _unavailable(resource: dict) -> MenuProblem:
    # remote_copy's own sentence is in the first visitor's language: keep a code.
    code = "upload-missing" if resource.get("url_type") == "upload" else "not-fetched"
    return MenuProblem(code, params={"name": resource.get("name") or resource["id"]},
                       blocking=True)


as_date = date_of  # menus' own name for it, used by the menu actions


def _file_state(role: str, resource: dict, copy: Optional[dict]) -> dict:
    """What is kept about one file: its validation report (not its sentences)
    and, for a link, which copy was read."""
    state = {"role": role, "id": resource["id"], "name": resource.get("name") or resource["id"],
             "status": resource.get("validation_status"), "report": None, "schema": None,
             "copy": None}
    if copy:
        state["copy"] = {"fetched_at": copy["fetched_at"].isoformat(), "url": copy.get("url"),
                         "size": copy.get("size"), "stale": bool(copy.get("stale"))}
    if resource.get("validation_status") == "failure":
        try:
            validation = tk.get_action("resource_validation_show")(
                {"ignore_auth": True}, {"resource_id": resource["id"]})
        except tk.ObjectNotFound:
            return state
        state["report"] = validation.get("report") or {}
        state["schema"] = resource.get("schema")
    return state


def file_states(loaded: LoadedService) -> List[dict]:
    """The files of a service as a page shows them, in the visitor's language:
    validation summary and first groups of errors, and the copy read."""
    shown = []
    for state in loaded.files:
        item = {key: state[key] for key in ("role", "id", "name", "status", "copy")}
        item["summary"], item["groups"] = "", []
        if state["report"] is not None:
            try:
                version = resource_schema.resolve(
                    resource_schema.parse_reference(state["schema"]), catalogue())
            except resource_schema.SchemaReferenceError:
                version = None
            item["summary"] = report_summary(state["report"])
            item["groups"] = group_errors(state["report"], version)[:5]
        shown.append(item)
    return shown


def load(dataset: dict, resource_id: Optional[str] = None) -> LoadedService:
    """The dataset's menus, joined to their composition, with every problem found."""
    resources = menu_resources(dataset, resource_id)
    copies = {resource["id"]: remote_copy.copy_info(resource) for _, resource in resources}
    return _cache.get(_key(dataset, resources, copies),
                      lambda: _load(dataset, resources, copies))


def _load(dataset: dict, resources: List[Tuple[str, dict]], copies: Dict[str, Optional[dict]]
          ) -> LoadedService:
    menus = MenuFile()
    problems: List[MenuProblem] = []
    compositions: Dict[str, list] = {}
    bought: Optional[List[dict]] = None
    files = []
    for role, resource in resources:
        files.append(_file_state(role, resource, copies.get(resource["id"])))
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
        except remote_copy.CopyUnavailable:
            problems.append(_unavailable(resource))
    problems = menus.problems + problems
    if compositions:
        problems.extend(reader.join_composition(menus.dishes, compositions))
    problems.extend(checks.check_service(
        menus.dishes, start=as_date(dataset.get("period_start")), end=as_date(dataset.get("period_end")),
        restaurants=dataset.get("restaurants") or []))
    return LoadedService(menus, MenuIndex(menus.dishes), problems, bought, files)


def clear() -> None:
    _cache.clear()
