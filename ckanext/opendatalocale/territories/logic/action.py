"""Territory actions: identity listing, progress through the six phases, milestones,
SCDL coverage. Each checks its auth function, then validates with logic/schema.py."""
from __future__ import annotations

import datetime
import re

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import catalogue_figures as figures
from .. import coverage, freshness, identity, indicators, portal_index, progress, progress_store
from ..model import TerritoryMilestone
from ..phases import localized
from ..referential import lookup as referential_lookup
from ..referential import matching, obligation
from . import schema
from ...logic.navl import validated

__all__ = ["odl_territory_list", "odl_territory_progress_show", "odl_territory_progress_list",
           "odl_territory_coverage_show", "odl_milestone_update", "odl_milestone_review",
           "odl_territory_progress_record", "odl_territory_lookup",
           "odl_territory_obligation_show"]

_DEFAULT_LIMIT = 100
MAX_LIMIT = 1000  # the largest page of a listing; exports read page after page


def _lang() -> str:
    try:
        return tk.h.lang() or "fr"
    except (RuntimeError, AttributeError, TypeError):
        return "fr"  # no request: CLI, jobs


def _iso(value):
    return value.isoformat() if value else None


def _territory_or_404(reference: str) -> dict:
    territory = model.Group.get(reference)
    if territory is None or not territory.is_organization or territory.state != "active":
        raise tk.ObjectNotFound(tk._("Territoire introuvable."))
    return figures.territory_records([territory.id])[0]


def _identity(record: dict) -> dict:
    public = {key: record.get(key) for key in (
        "id", "name", "title", "image_url", "kind", "siren", "insee_code", "population",
        "website", "parent_territory", "accompanies", "referent_name", "referent_role")}
    public["departement"] = identity.departement_of(record.get("insee_code"), record.get("kind"))
    return public


@tk.side_effect_free
def odl_territory_list(context, data_dict):
    """Territories with their identity and their count of public datasets.

    Counts come from the search index with ``capacity:public`` so that a private
    dataset never shows in a public figure, whoever asks.
    """
    data = validated(context, data_dict, schema.territory_list_schema(),
                     auth="odl_territory_list")
    limit = min(data.get("limit", _DEFAULT_LIMIT), MAX_LIMIT)
    offset = data.get("offset", 0)
    counts = figures.dataset_counts()
    territories = [
        dict(_identity(record), public_dataset_count=counts.get(record["id"], 0))
        for record in figures.territory_records()
        if not data.get("kind") or record["kind"] == data["kind"]
    ]
    territories.sort(key=lambda t: t["title"].lower())
    return {"count": len(territories), "results": territories[offset:offset + limit]}


def _criterion_dict(result: progress.CriterionResult, record: dict, units: dict, lang: str) -> dict:
    criterion = result.criterion
    guides = [{"url": guide.url_for(record["name"], record["id"]),
               "label": localized(guide.label, lang)} for guide in criterion.guides]
    return {
        "id": criterion.id, "label": localized(criterion.label, lang), "kind": criterion.kind,
        "indicator": criterion.indicator, "milestone": criterion.milestone,
        "required": criterion.required, "available": result.available, "met": result.met,
        "value": result.value, "unit": units.get(criterion.indicator, "count"),
        "at_least": criterion.at_least, "at_most": criterion.at_most,
        "guide": guides[0] if guides else None, "guides": guides,
    }


@tk.side_effect_free
def odl_territory_progress_show(context, data_dict):
    """A territory's dashboard: phases with their criteria and live values, the next
    three steps, the timeline of phases reached and the milestones declared.
    Members of the territory also get their private datasets counted apart."""
    data = validated(context, data_dict, schema.territory_progress_show_schema(),
                     auth="odl_territory_progress_show")
    record = _territory_or_404(data["id"])
    item = progress_store.standings([record])[0]
    programme, lang = progress_store.programme(), _lang()
    units = {i.id: i.unit for i in indicators.registered_indicators().values()}
    snapshots = progress_store.snapshots(progress_store.history(record["id"]))
    reached = progress.reached_on(snapshots)
    phase_titles = {phase.number: localized(phase.title, lang) for phase in programme.phases}

    phases_out = []
    for phase_progress in item.progress.phases:
        phase = phase_progress.phase
        phases_out.append({
            "number": phase.number, "id": phase.id, "title": localized(phase.title, lang),
            "summary": localized(phase.summary, lang), "percent": phase_progress.percent,
            "met_count": phase_progress.met_count, "total": len(phase_progress.results),
            "holds": phase_progress.holds,
            "reached": phase.number <= item.progress.current_phase,
            "reached_on": _iso(reached.get(phase.number)),
            "criteria": [_criterion_dict(r, record, units, lang) for r in phase_progress.results],
        })
    declared = {m.milestone: m for m in model.Session.query(TerritoryMilestone)
                .filter(TerritoryMilestone.territory_id == record["id"])}
    result = {
        "territory": _identity(record),
        "current_phase": item.progress.current_phase,
        "phase_count": len(programme.phases),
        "percent": item.progress.percent,
        "phases": phases_out,
        "next_steps": [dict(_criterion_dict(r, record, units, lang),
                            phase=_phase_of(programme, r.criterion.id))
                       for r in progress.next_steps(item.progress)],
        "timeline": [{"date": _iso(event.recorded_at), "phase": event.phase_number,
                      "title": phase_titles.get(event.phase_number, ""), "reached": event.reached}
                     for event in progress.phase_events(snapshots)],
        "milestones": [{"id": m.id, "label": localized(m.label, lang),
                        "help": localized(m.help, lang),
                        "declaration": declared[m.id].as_dict() if m.id in declared else None}
                       for m in programme.milestones.values()],
        "public_dataset_count": item.values.get("public_datasets", 0),
        "last_publication": _iso(figures.last_publication([record["id"]]).get(record["id"])),
    }
    user = context.get("user")
    if user and (authz.is_sysadmin(user) or authz.has_user_permission_for_group_or_org(
            record["id"], user, "read")):
        result["private_dataset_count"] = figures.dataset_counts(
            [record["id"]], private=True).get(record["id"], 0)
    return result


def _phase_of(programme, criterion_id) -> int:
    return next(phase.number for phase in programme.phases
                for criterion in phase.criteria if criterion.id == criterion_id)


def _matches(row: dict, data: dict) -> bool:
    if data.get("kind") and row["kind"] != data["kind"]:
        return False
    if data.get("departement") and row["departement"] != data["departement"].upper():
        return False
    if "phase" in data and row["current_phase"] != data["phase"]:
        return False
    query = (data.get("q") or "").strip().lower()
    return not query or query in row["title"].lower() or query in (row["name"] or "")


def _sorted(rows: list, sort: str, descending: bool) -> list:
    """Rows by ``sort``; rows without a value last whatever the order. The name
    (unique) breaks ties so that pages read one after the other neither repeat nor skip."""
    field = {"phase": "current_phase"}.get(sort, sort)

    def value(row):
        found = row.get(field)
        return found.lower() if isinstance(found, str) else found

    known = sorted((row for row in rows if row.get(field) is not None),
                   key=lambda row: (value(row), row["name"]), reverse=descending)
    missing = sorted((row for row in rows if row.get(field) is None), key=lambda row: row["name"])
    return known + missing


@tk.side_effect_free
def odl_territory_progress_list(context, data_dict):
    """Every territory's phase and progress, filterable and sortable, with the funnel
    of territories per phase. Public figures only."""
    data = validated(context, data_dict, schema.territory_progress_list_schema(),
                     auth="odl_territory_progress_list")
    programme, lang = progress_store.programme(), _lang()
    records = figures.territory_records()
    last = figures.last_publication()
    rows = []
    for item in progress_store.standings(records, whole_catalogue=True):
        record = item.territory
        rows.append({
            "id": record["id"], "name": record["name"], "title": record["title"],
            "kind": record["kind"], "population": record["population"],
            "departement": identity.departement_of(record["insee_code"], record["kind"]),
            "current_phase": item.progress.current_phase, "percent": item.progress.percent,
            "public_datasets": item.values.get("public_datasets", 0),
            "last_publication": _iso(last.get(record["id"])),
        })
    overview = indicators.overview_indicators()
    if overview:
        extra = indicators.compute_values(
            indicators.IndicatorContext({record["id"]: record for record in records},
                                        scoped=False),
            {indicator.id for indicator in overview})
        for row in rows:
            row.update({indicator.id: extra[row["id"]].get(indicator.id, indicator.default)
                        for indicator in overview})
    funnel = progress.funnel((row["current_phase"] for row in rows), len(programme.phases))
    selected = [row for row in rows if _matches(row, data)]
    sort = data.get("sort", "title")
    selected = _sorted(selected, sort, data.get("order") == "desc")
    limit = min(data.get("limit", _DEFAULT_LIMIT), MAX_LIMIT)
    offset = data.get("offset", 0)
    return {
        "count": len(selected), "total": len(rows),
        "results": selected[offset:offset + limit],
        "phases": [{"number": phase.number, "title": localized(phase.title, lang)}
                   for phase in programme.phases],
        "funnel": [{"phase": number, "count": count} for number, count in enumerate(funnel)],
        "columns": [{"id": indicator.id, "label": localized(indicator.label, lang),
                     "unit": indicator.unit} for indicator in overview],
    }


@tk.side_effect_free
def odl_territory_coverage_show(context, data_dict):
    """Territories × SCDL schemas: resources published, valid and stale, from public
    datasets only, so agents see who already publishes what."""
    data = validated(context, data_dict, schema.territory_coverage_schema(),
                     auth="odl_territory_coverage_show")
    now = datetime.datetime.utcnow()
    stale_after = datetime.timedelta(
        days=tk.config.get("ckanext.opendatalocale.territories.stale_after_days"))
    frequencies = {dataset_id: frequency
                   for _, dataset_id, frequency, _ in figures.dataset_frequencies()}

    def stale(dataset_id, modified):
        on_time = freshness.is_on_time(frequencies.get(dataset_id), modified, now)
        return (now - modified > stale_after) if on_time is None else not on_time

    matrix = coverage.coverage_matrix(
        coverage.SchemaResource(territory_id, schema_id, status == "success",
                                stale(dataset_id, modified))
        for territory_id, dataset_id, schema_id, status, modified in figures.schema_resources())
    records = {r["id"]: r for r in figures.territory_records(matrix)} if matrix else {}
    schemas = sorted({schema_id for cells in matrix.values() for schema_id in cells})
    territories = []
    for territory_id, cells in matrix.items():
        record = records.get(territory_id)
        if record is None:
            continue
        row = _identity(record)
        if data.get("kind") and row["kind"] != data["kind"]:
            continue
        if data.get("departement") and row["departement"] != data["departement"].upper():
            continue
        territories.append({
            "id": row["id"], "name": row["name"], "title": row["title"], "kind": row["kind"],
            "departement": row["departement"],
            "cells": {schema_id: {"resources": cell.resources, "valid": cell.valid,
                                  "stale": cell.stale, "state": cell.state}
                      for schema_id, cell in cells.items()},
        })
    territories.sort(key=lambda t: t["title"].lower())
    totals = {schema_id: sum(1 for t in territories if schema_id in t["cells"])
              for schema_id in schemas}
    return {"schemas": schemas, "territories": territories, "territory_counts": totals}


def _known_milestone(name: str):
    if name not in progress_store.programme().milestones:
        raise tk.ValidationError({"milestone": [tk._("Jalon inconnu : « %s ».") % name]})


def _record_progress(territory_id: str):
    record = figures.territory_records([territory_id])
    progress_store.record_if_changed(progress_store.standings(record))


def odl_milestone_update(context, data_dict):
    """Declare (or re-declare) a milestone of a territory: date, note, evidence link.
    A new declaration goes back to "declared" until a sysadmin reviews it."""
    data = validated(context, data_dict, schema.milestone_update_schema(),
                     auth="odl_milestone_update")
    territory = _territory_or_404(data["id"])
    _known_milestone(data["milestone"])
    milestone = model.Session.query(TerritoryMilestone).filter_by(
        territory_id=territory["id"], milestone=data["milestone"]).one_or_none()
    if milestone is None:
        milestone = TerritoryMilestone(territory_id=territory["id"], milestone=data["milestone"])
        model.Session.add(milestone)
    milestone.status = progress.DECLARED
    milestone.achieved_on = data.get("achieved_on").date() if data.get("achieved_on") else None
    milestone.note = data.get("note", "")
    milestone.evidence_url = data.get("evidence_url", "")
    milestone.declared_by = _user_id(context)
    milestone.declared_at = datetime.datetime.utcnow()
    milestone.reviewed_by, milestone.reviewed_at, milestone.review_note = None, None, ""
    return _saved(milestone, territory["id"])


def odl_milestone_review(context, data_dict):
    """A platform sysadmin confirms or rejects a declared milestone."""
    data = validated(context, data_dict, schema.milestone_review_schema(),
                     auth="odl_milestone_review")
    territory = _territory_or_404(data["id"])
    milestone = model.Session.query(TerritoryMilestone).filter_by(
        territory_id=territory["id"], milestone=data["milestone"]).one_or_none()
    if milestone is None:
        raise tk.ObjectNotFound(tk._("Ce jalon n'a pas été déclaré."))
    milestone.status = data["status"]
    milestone.review_note = data.get("review_note", "")
    milestone.reviewed_by = _user_id(context)
    milestone.reviewed_at = datetime.datetime.utcnow()
    return _saved(milestone, territory["id"])


def _saved(milestone: TerritoryMilestone, territory_id: str) -> dict:
    """The milestone stored with the progress it changes, in one transaction."""
    model.Session.flush()
    _record_progress(territory_id)
    model.Session.commit()
    return milestone.as_dict()


def odl_territory_progress_record(context, data_dict):
    """Snapshot the progress of one territory, or of all, when it changed (daily job)."""
    data = validated(context, data_dict, schema.territory_progress_record_schema(),
                     auth="odl_territory_progress_record")
    if data.get("id"):
        records = [_territory_or_404(data["id"])]
    else:
        records = figures.territory_records()
    written = progress_store.record_if_changed(progress_store.standings(records, whole_catalogue=not data.get("id")))
    model.Session.commit()
    return {"territories": len(records), "recorded": written}


def _user_id(context):
    user = model.User.get(context.get("user") or "")
    return user.id if user else None


_LOOKUP_MAX = 50


def _looked_up(territory, referential, redirect=None, portal=None) -> dict:
    found = referential_lookup.describe(territory, referential)
    found["redirect"] = redirect.message if redirect else None
    found["kind_label"] = tk.h.odl_territory_kind_label(found["kind"])
    parent = referential.parent_of(territory)
    if found["parent"] is not None and portal is not None:
        # The parent's organization on this portal, for the form's parent field.
        record = portal.get(parent.key)
        found["parent"]["portal_name"] = record["name"] if record else None
    return found


@tk.side_effect_free
def odl_territory_lookup(context, data_dict):
    """Territories of the official referential (INSEE's COG, shipped with the suite)
    by what people type (``q``: a name, accents, case and "st"/"ste" ignored, or any
    code: INSEE, SIREN, old code, postal code), by code (``code``: INSEE
    code, SIREN, old code of a merged commune) or by ``postal_code``; ``kind``
    narrows to commune, epci, departement or region. Public: anyone may ask."""
    data = validated(context, data_dict, schema.territory_lookup_schema(),
                     auth="odl_territory_lookup")
    referential = referential_lookup.shipped()
    limit = min(data.get("limit") or 10, _LOOKUP_MAX)
    kind = data.get("kind")
    found: list = []  # (territory, redirect)
    if data.get("code"):
        code = data["code"]
        if re.fullmatch(r"\d{9}", re.sub(r"[\s.]", "", code)):
            try:  # the suite's one SIREN check, with its French reason
                tk.get_validator("odl_siren")(code, context)
            except tk.Invalid as error:
                raise tk.ValidationError({"code": [error.error]})
        found = [(territory, None) for territory in referential.by_code(code, kind)]
        if not found and kind in (None, referential_lookup.COMMUNE):
            commune, redirect = referential.by_insee(code)
            if commune is not None:
                found.append((commune, redirect))
    elif data.get("postal_code"):
        found = [(t, None) for t in referential.by_postal_code(data["postal_code"])
                 if not kind or t.kind == kind]
    elif data.get("q"):
        found = referential.find(data["q"], [kind] if kind else None, limit)
    else:
        raise tk.ValidationError({"q": [tk._("Indiquez un nom (q), un code (code) ou un code postal (postal_code).")]})
    portal = portal_index.get(referential) if found else {}
    results = [_looked_up(territory, referential, redirect, portal)
               for territory, redirect in found[:limit]]
    message = None
    if not results:
        message = tk._("Aucun territoire du référentiel officiel ({version}) ne correspond à « {query} ».").format(
            version=referential.meta.get("version"),
            query=data.get("code") or data.get("postal_code") or data.get("q"))
    return {"results": results, "message": message, "source": {
        key: referential.meta.get(key) for key in ("source", "version", "generated_on")}}


def _obligation_regions(data, referential, records) -> list[str] | None:
    if data.get("region"):
        return [data["region"]]
    configured = tk.config.get("ckanext.opendatalocale.territories.obligation_regions") or ""
    if isinstance(configured, str):
        configured = configured.split()
    if configured:
        return list(configured)
    # The régions of the territories on this portal, else all of France.
    regions = {referential.get(*territory_key).region
               for territory_key in matching.identity_index(records, referential)}
    return sorted(region for region in regions if region) or None


def _page(rows: list, data: dict) -> list:
    offset = data.get("offset") or 0
    limit = data.get("limit")
    return rows[offset:] if limit is None else rows[offset:offset + limit]


@tk.side_effect_free
def odl_territory_obligation_show(context, data_dict):
    """Territories of more than 3,500 inhabitants (staff unknown) of the portal's
    régions, which of them publish at least one public dataset here, counted per
    département and EPCI. Public figures only."""
    data = validated(context, data_dict, schema.territory_obligation_schema(),
                     auth="odl_territory_obligation_show")
    referential = referential_lookup.shipped()
    records = figures.territory_records()
    regions = _obligation_regions(data, referential, records)
    rows = obligation.obliged_territories(referential, regions, records, figures.dataset_counts())
    selected = obligation.select(rows, departement=(data.get("departement") or "").upper() or None,
                                 epci=data.get("epci"), kind=data.get("kind"), status=data.get("status"))
    return {
        "label": tk._("plus de 3 500 habitants (effectif d'agents non connu)"),
        "regions": [{"code": code, "name": getattr(referential.get("region", code), "name", code)}
                    for code in (regions or [])],
        "summary": obligation.summary(selected),
        "count": len(selected),
        "results": [row.as_dict() for row in _page(selected, data)],
        "source": {key: referential.meta.get(key) for key in ("source", "version", "generated_on")},
    }
