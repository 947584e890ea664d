"""Territory actions: identity listing, progress through the six phases, milestones,
SCDL coverage. Each checks its auth function, then validates with logic/schema.py."""
from __future__ import annotations

import datetime
import re

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import catalogue_figures as figures
from .. import identity, indicators, portal_index, progress, progress_store, standing_store
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
    """Territories with their identity and their count of public datasets, by title.

    Counts come from the search index with ``capacity:public`` so that a private
    dataset never shows in a public figure, whoever asks; they are kept with the
    territory's standing (standing_store) and read a page at a time.
    """
    data = validated(context, data_dict, schema.territory_list_schema(),
                     auth="odl_territory_list")
    standing_store.refresh_stale(standing_store.inline_limit())
    limit = min(data.get("limit", _DEFAULT_LIMIT), MAX_LIMIT)
    count, rows = standing_store.page({"kind": data.get("kind")}, "title", False, limit,
                                      data.get("offset", 0))
    records = {record["id"]: record
               for record in figures.territory_records([row["id"] for row in rows])}
    return {"count": count, "results": [
        dict(_identity(records[row["id"]]), public_dataset_count=row["public_datasets"])
        for row in rows if row["id"] in records]}


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


@tk.side_effect_free
def odl_territory_progress_list(context, data_dict):
    """Every territory's phase and progress, filterable and sortable, with the funnel
    of territories per phase. Public figures only, read from the kept standings
    (standing_store): a few stale ones are recomputed first, the rest by their jobs
    (``pending`` counts them, ``computed_at`` says when the oldest figure was made)."""
    data = validated(context, data_dict, schema.territory_progress_list_schema(),
                     auth="odl_territory_progress_list")
    programme, lang = progress_store.programme(), _lang()
    _, pending = standing_store.refresh_stale(standing_store.inline_limit())
    overview = indicators.overview_indicators()
    limit = min(data.get("limit", _DEFAULT_LIMIT), MAX_LIMIT)
    count, rows = standing_store.page(data, data.get("sort", "title"),
                                      data.get("order") == "desc", limit, data.get("offset", 0))
    for row in rows:
        values = row.pop("values")
        row.update({indicator.id: values.get(indicator.id, indicator.default)
                    for indicator in overview})
    funnel = standing_store.funnel(len(programme.phases))
    return {
        "count": count, "total": funnel[0],
        "results": rows,
        "pending": pending,
        "computed_at": _iso(standing_store.oldest_computed_at()),
        "phases": [{"number": phase.number, "title": localized(phase.title, lang)}
                   for phase in programme.phases],
        "funnel": [{"phase": number, "count": count} for number, count in enumerate(funnel)],
        "columns": [{"id": indicator.id, "label": localized(indicator.label, lang),
                     "unit": indicator.unit} for indicator in overview],
    }


@tk.side_effect_free
def odl_territory_coverage_show(context, data_dict):
    """Territories × SCDL schemas: resources published, valid and stale, from public
    datasets only, so agents see who already publishes what; read a page at a time
    from the kept standings."""
    data = validated(context, data_dict, schema.territory_coverage_schema(),
                     auth="odl_territory_coverage_show")
    _, pending = standing_store.refresh_stale(standing_store.inline_limit())
    limit = min(data.get("limit", _DEFAULT_LIMIT), MAX_LIMIT)
    return dict(standing_store.coverage_page(data, limit, data.get("offset", 0)),
                pending=pending)


def _known_milestone(name: str):
    if name not in progress_store.programme().milestones:
        raise tk.ValidationError({"milestone": [tk._("Jalon inconnu : « %s ».") % name]})


def _record_progress(territory_id: str):
    record = figures.territory_records([territory_id])
    progress_store.record_if_changed(standing_store.refresh(record))


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
    """Recompute the standing of one territory (``id``), of the stale ones
    (``stale``: its dataset or identity changed) or of all (daily job), and snapshot
    the progress of those whose progress changed."""
    data = validated(context, data_dict, schema.territory_progress_record_schema(),
                     auth="odl_territory_progress_record")
    if data.get("id"):
        records = [_territory_or_404(data["id"])]
    elif data.get("stale"):
        records = figures.territory_records(standing_store.stale_ids())
    else:
        records = figures.territory_records()
    items = standing_store.refresh(
        records, whole_catalogue=len(records) > standing_store.SCOPED_REFRESH_MAX)
    written = progress_store.record_if_changed(items)
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
    found = found[:limit]
    portal = portal_index.parents_on_portal((territory for territory, _ in found), referential)
    results = [_looked_up(territory, referential, redirect, portal)
               for territory, redirect in found]
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


# (région asked, régions configured, referential version, standings version) ->
# (régions, rows): matching a country's territories against the referential takes
# half a second, and its inputs change only when a standing is recomputed.
_obligation_cache: dict = {}
_OBLIGATION_CACHE_SIZE = 8


def _obligation_rows(data, referential):
    key = (data.get("region"),
           str(tk.config.get("ckanext.opendatalocale.territories.obligation_regions") or ""),
           referential.meta.get("version"), standing_store.version())
    found = _obligation_cache.get(key)
    if found is None:
        records = standing_store.identity_rows()
        regions = _obligation_regions(data, referential, records)
        found = (regions, obligation.obliged_territories(
            referential, regions, records,
            {record["id"]: record["public_datasets"] for record in records}))
        if len(_obligation_cache) >= _OBLIGATION_CACHE_SIZE:
            _obligation_cache.clear()
        _obligation_cache[key] = found
    return found


@tk.side_effect_free
def odl_territory_obligation_show(context, data_dict):
    """Territories of more than 3,500 inhabitants (staff unknown) of the portal's
    régions, which of them publish at least one public dataset here, counted per
    département and EPCI. Public figures only."""
    data = validated(context, data_dict, schema.territory_obligation_schema(),
                     auth="odl_territory_obligation_show")
    referential = referential_lookup.shipped()
    standing_store.refresh_stale(standing_store.inline_limit())
    regions, rows = _obligation_rows(data, referential)
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
