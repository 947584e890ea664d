"""Inventory actions: the entries of a territory's inventory of unpublished data,
created, changed, removed, read one by one, listed page by page, and summed up for the
dashboard. Every action checks its auth function first (inventory_auth.py)."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ...logic.navl import validated
from .. import inventory
from ..model import InventoryItem
from . import inventory_auth, inventory_schema as schema

__all__ = ["odl_inventory_item_create", "odl_inventory_item_update",
           "odl_inventory_item_delete", "odl_inventory_item_show", "odl_inventory_item_list",
           "odl_inventory_summary"]

_EDITABLE = ("title", "description", "owner_service", "priority", "blocker", "blocker_detail",
             "target_date", "schema_id", "status")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _today() -> datetime.date:
    return _now().date()


def _user_id(context):
    user = model.User.get(context.get("user") or "") if context.get("user") else None
    return user.id if user is not None else None


def _dataset(reference, territory_id: str):
    """The territory's dataset an entry names as published; any member may see it
    (private ones too: the inventory is the members' own)."""
    if not reference:
        return None
    found = model.Package.get(reference)
    if found is None or found.state != "active":
        raise tk.ValidationError({"dataset": [tk._(
            "Jeu de données « {dataset} » introuvable.").format(dataset=reference[:100])]})
    if found.owner_org != territory_id:
        raise tk.ValidationError({"dataset": [tk._(
            "Le jeu de données « {dataset} » n'appartient pas à ce territoire.").format(
                dataset=reference[:100])]})
    return found


def _coherent(item: InventoryItem) -> None:
    errors = {}
    if item.status == inventory.PUBLISHED and not item.dataset_id:
        errors["dataset"] = [tk._("Une donnée publiée nomme le jeu de données qui la publie.")]
    if item.blocker == inventory.OTHER_BLOCKER and not (item.blocker_detail or "").strip():
        errors["blocker_detail"] = [tk._("Précisez le frein quand vous choisissez « autre ».")]
    if errors:
        raise tk.ValidationError(errors)


def _out(items) -> list[dict]:
    """Entries as dicts with the name and title of the dataset that published them,
    read in one query for a whole page."""
    ids = {item.dataset_id for item in items if item.dataset_id}
    packages = {package.id: package for package in model.Session.query(model.Package)
                .filter(model.Package.id.in_(ids))} if ids else {}
    today = _today()
    out = []
    for item in items:
        entry = item.as_dict()
        package = packages.get(item.dataset_id)
        entry["dataset_name"] = package.name if package is not None else None
        entry["dataset_title"] = (package.title or package.name) if package is not None else None
        entry["overdue"] = inventory.is_overdue(entry, today)
        out.append(entry)
    return out


def _save(context, item: InventoryItem) -> dict:
    _coherent(item)
    model.Session.add(item)
    model.Session.flush()
    if not context.get("defer_commit"):
        model.Session.commit()
    return _out([item])[0]


def _apply(item: InventoryItem, data: dict, territory_id: str) -> None:
    for field in _EDITABLE:
        if field in data:
            setattr(item, field, data[field])
    if "dataset" in data:
        found = _dataset(data["dataset"], territory_id)
        item.dataset_id = found.id if found is not None else None
    # Only a published entry names a dataset: moved back, it forgets it.
    if item.status != inventory.PUBLISHED:
        item.dataset_id = None


def odl_inventory_item_create(context, data_dict):
    """Add an entry to a territory's inventory (``territory``: its name or id)."""
    data = validated(context, data_dict, schema.inventory_item_create(),
                     auth="odl_inventory_item_create")
    territory = inventory_auth.territory(data["territory"])
    user_id, now = _user_id(context), _now()
    item = InventoryItem(territory_id=territory.id, created=now, updated=now,
                         created_by=user_id, updated_by=user_id)
    _apply(item, data, territory.id)
    return _save(context, item)


def odl_inventory_item_update(context, data_dict):
    """Change the fields given (the others stay as they are)."""
    data = validated(context, data_dict, schema.inventory_item_update(),
                     auth="odl_inventory_item_update")
    item = inventory_auth.inventory_item(data["id"])
    _apply(item, data, item.territory_id)
    item.updated, item.updated_by = _now(), _user_id(context)
    return _save(context, item)


def odl_inventory_item_delete(context, data_dict):
    data = validated(context, data_dict, schema.inventory_item_show(),
                     auth="odl_inventory_item_delete")
    model.Session.delete(inventory_auth.inventory_item(data["id"]))
    if not context.get("defer_commit"):
        model.Session.commit()


@tk.side_effect_free
def odl_inventory_item_show(context, data_dict):
    data = validated(context, data_dict, schema.inventory_item_show(),
                     auth="odl_inventory_item_show")
    return _out([inventory_auth.inventory_item(data["id"])])[0]


def _ordered(query, sort: str):
    """The database's order for each sort of inventory.sort_key (which says the same
    for rows already read): undated entries last, ties by title."""
    title = sa.func.lower(InventoryItem.title)
    undated_last = InventoryItem.target_date.is_(None)
    if sort == "echeance":
        return query.order_by(undated_last, InventoryItem.target_date, title, InventoryItem.id)
    if sort == "titre":
        return query.order_by(title, InventoryItem.id)
    if sort == "maj":
        return query.order_by(InventoryItem.updated.desc(), title, InventoryItem.id)
    rank = sa.case({priority: rank for rank, priority in enumerate(inventory.PRIORITIES)},
                   value=InventoryItem.priority, else_=len(inventory.PRIORITIES))
    return query.order_by(rank, undated_last, InventoryItem.target_date, title, InventoryItem.id)


def _overdue_filter(today: datetime.date):
    return sa.and_(InventoryItem.status.in_(sorted(inventory.OPEN_STATUSES)),
                   InventoryItem.target_date.isnot(None), InventoryItem.target_date < today)


@tk.side_effect_free
def odl_inventory_item_list(context, data_dict):
    """A page of a territory's inventory: filters ``status``, ``priority``, ``blocker``,
    ``schema_id``, ``overdue``, ``q`` (words of the title, service or description);
    ``sort`` priorite (default), echeance, titre or maj; ``limit`` (at most 100) and
    ``offset``. Returns ``{count, results, limit, offset, sort}``."""
    data = validated(context, data_dict, schema.inventory_item_list(),
                     auth="odl_inventory_item_list")
    territory = inventory_auth.territory(data["territory"])
    query = model.Session.query(InventoryItem).filter(InventoryItem.territory_id == territory.id)
    for field in ("status", "priority", "blocker", "schema_id"):
        if data.get(field):
            query = query.filter(getattr(InventoryItem, field) == data[field])
    if data.get("overdue"):
        query = query.filter(_overdue_filter(_today()))
    words = (data.get("q") or "").strip().lower()
    if words:
        # strpos, not LIKE: a % or _ typed by the agent is a character, not a wildcard.
        query = query.filter(sa.or_(*(sa.func.strpos(sa.func.lower(column), words) > 0 for column
                                      in (InventoryItem.title, InventoryItem.owner_service,
                                          InventoryItem.description))))
    limit = data.get("limit", schema.DEFAULT_LIMIT)
    offset = data.get("offset", 0)
    count = query.count()
    items = _ordered(query, data["sort"]).limit(limit).offset(offset).all()
    return {"count": count, "results": _out(items), "limit": limit, "offset": offset,
            "sort": data["sort"]}


@tk.side_effect_free
def odl_inventory_summary(context, data_dict):
    """What the territory's dashboard shows its members: entries by status, how many
    are overdue (and the five most overdue), the share published."""
    data = validated(context, data_dict, schema.inventory_summary(),
                     auth="odl_inventory_summary")
    territory = inventory_auth.territory(data["territory"])
    counts = dict(model.Session.query(InventoryItem.status, sa.func.count(InventoryItem.id))
                  .filter(InventoryItem.territory_id == territory.id)
                  .group_by(InventoryItem.status).all())
    by_status = {status: counts.get(status, 0) for status in inventory.STATUSES}
    today = _today()
    overdue = (model.Session.query(InventoryItem)
               .filter(InventoryItem.territory_id == territory.id, _overdue_filter(today)))
    return {"by_status": by_status, "total": sum(by_status.values()),
            "overdue": overdue.count(),
            "overdue_items": _out(overdue.order_by(InventoryItem.target_date,
                                                   InventoryItem.title).limit(5).all()),
            "published_share": inventory.published_share(by_status)}


def kit_rows_for(territory_id: str) -> list[dict]:
    """The territory's inventory as rows for the kit d'accompagnement (point 6, not
    built yet): inventory.kit_rows over every entry, schema titles from the site's
    catalogue. Not an action and no auth check: the kit's own action decides who may
    generate the kit; what it may show of the inventory is what kit_rows keeps."""
    from ...scdl.site_catalogue import catalogue

    items = (model.Session.query(InventoryItem)
             .filter(InventoryItem.territory_id == territory_id).all())
    titles = {}
    for schema_id in {item.schema_id for item in items if item.schema_id}:
        try:
            titles[schema_id] = catalogue().info(schema_id).title
        except KeyError:
            titles[schema_id] = schema_id
    return inventory.kit_rows(_out(items), _today(), titles)
