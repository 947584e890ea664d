"""The kit d'accompagnement of a territory (issue 16, point 6): everything the page
and the PDF show, read in one action so that both say the same and go through one
auth check (kit_auth.py).

What it reads and why it cannot leak:
- the journey comes from odl_territory_progress_show called as the caller (its own
  auth), without the members-only count of private datasets;
- the SCDL coverage from catalogue_figures.schema_resources, which reads public,
  active datasets only;
- the inventory only for the « membres » version, whose auth is the inventory's own;
  inventory.kit_rows has no auth of its own and names published datasets, so a
  dataset's name is kept only when that dataset is public (kit.inventory_for_kit);
- the contact from the territory's public fields (referent's name and role, website):
  the referent's personal contact is members-only in the territory schema and stays
  out of a document made to be handed over."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk

from ...guides import pages as guide_pages
from ...logic.navl import validated
from ...scdl.site_catalogue import catalogue
from ...territories import catalogue_figures as figures
from .. import kit
from ..inventory import STATUSES
from . import inventory_auth, kit_schema
from .inventory_action import kit_rows_for

__all__ = ["odl_kit_show"]

_PHASE_FIELDS = ("number", "title", "summary", "percent", "met_count", "total", "reached",
                 "reached_on")


def _journey(context, territory_id: str):
    try:
        progress = tk.get_action("odl_territory_progress_show")(
            {"user": context.get("user") or ""}, {"id": territory_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, KeyError):
        return None
    return {"current_phase": progress["current_phase"],
            "phase_count": progress["phase_count"], "percent": progress["percent"],
            "phases": [{key: phase.get(key) for key in _PHASE_FIELDS}
                       for phase in progress["phases"]],
            "next_steps": [{"label": step["label"], "phase": step.get("phase")}
                           for step in progress.get("next_steps", [])],
            "timeline": progress.get("timeline", []),
            "public_dataset_count": progress.get("public_dataset_count", 0),
            "last_publication": progress.get("last_publication")}


def _schema_titles(schema_ids) -> dict:
    titles = {}
    for schema_id in schema_ids:
        try:
            titles[schema_id] = catalogue().info(schema_id).title
        except KeyError:
            titles[schema_id] = schema_id
    return titles


def _templates(schema_ids) -> list[dict]:
    out = []
    for schema_id in schema_ids:
        try:
            info = catalogue().info(schema_id)
        except KeyError:
            continue  # a schema the site no longer knows: no template to hand over
        out.append({"schema_id": info.id, "title": info.title,
                    "version": info.latest.version,
                    "has_template": info.table_validatable})
    return out


def _public_names(names) -> set:
    names = [name for name in names if name]
    if not names:
        return set()
    return {name for (name,) in model.Session.query(model.Package.name).filter(
        model.Package.name.in_(names), model.Package.state == "active",
        model.Package.private.is_(False))}


def _guides() -> dict:
    override = tk.config.get("ckanext.opendatalocale.guides_path") or None
    method = guide_pages.page("methode", override)
    return {"method": {"title": method.title, "body": method.body} if method else None,
            "pages": [{"slug": page.slug, "title": page.title}
                      for page in guide_pages.pages(override)]}


@tk.side_effect_free
def odl_kit_show(context, data_dict):
    """A territory's kit d'accompagnement: ``territory`` (name or id) and ``audience``,
    « public » (default: public data only) or « membres » (adds the inventory; the
    territory's members only). Returns the territory's public identity and contact, its
    journey through the phases, the SCDL schemas its public datasets declare, the
    templates of those schemas, the method and the guide pages, the FAQ."""
    data = validated(context, data_dict, kit_schema.kit_show(), auth="odl_kit_show")
    territory = inventory_auth.territory(data["territory"])
    record = figures.territory_records([territory.id])[0]
    resources = [(dataset_id, schema_id, status) for _owner, dataset_id, schema_id, status, _m
                 in figures.schema_resources([territory.id])]
    schema_ids = {schema_id for _dataset, schema_id, _status in resources}
    inventory = None
    if data["audience"] == kit.MEMBERS:
        rows = kit_rows_for(territory.id)
        inventory = kit.inventory_for_kit(
            rows, _public_names(row.get("dataset_name") for row in rows))
        schema_ids |= {row["schema_id"] for row in inventory if row.get("schema_id")}
    titles = _schema_titles(schema_ids)
    coverage = kit.coverage_rows(resources, titles)
    if inventory is not None:
        for row in inventory:
            row["schema_title"] = titles.get(row["schema_id"], row["schema_title"])
    by_status = ({status: sum(1 for row in inventory if row["status"] == status)
                  for status in STATUSES} if inventory is not None else None)
    return {
        "audience": data["audience"],
        "generated": datetime.date.today().isoformat(),
        "territory": {key: record.get(key) for key in (
            "id", "name", "title", "kind", "population", "insee_code", "siren")},
        "contact": {key: record.get(key) or "" for key in (
            "referent_name", "referent_role", "website")},
        "journey": _journey(context, territory.id),
        "coverage": coverage,
        "inventory": inventory,
        "inventory_by_status": by_status,
        "templates": _templates(kit.template_schema_ids(coverage, inventory or [])),
        "guides": _guides(),
        "faq": kit.faq(),
    }
