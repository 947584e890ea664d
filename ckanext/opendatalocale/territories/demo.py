"""The demo as a région at work (issue 19): the Loire's territories onboarded from the
shipped referential (communes above 3,500 inhabitants, their EPCI, the département,
the région), each on a journey through the phases over the past year (demo_journey):
milestones declared, datasets published (valid and faulty SCDL files), neighbours
accompanied, and the history of phases reached, so that the funnel, the timelines and
the obligation page have something to say.

Deterministic: each territory's journey comes from a hash of its name and a fixed
reference date (the Monday of the current week), so two runs give the same demo.
Idempotent: onboarding skips what exists, milestones and datasets already there are
kept, the demo history is written again. Every onboarded territory without a
description, and every generated dataset, says that it is demo data.
"""
from __future__ import annotations

import contextlib
import datetime
import io

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from . import catalogue_figures as figures, progress_store, standing_store
from . import demo_catalogue as catalogue
from .demo_journey import (DEMO_LABEL, DEPARTEMENT, REGION, Journey, PlannedDataset, demo_footprint,
                           journey)
from .model import TerritoryMilestone, TerritoryProgressRecord

KINDS = ("commune", "epci", "departement", "region")


def _onboard() -> list[dict]:
    """Onboard through the `onboard` command itself (one way to create territories
    from the referential), then the portal's records of the planned territories."""
    from .cli import onboard
    from .referential import lookup, matching

    try:
        onboard.callback(region=REGION, departement=DEPARTEMENT, min_population="3500",
                         kinds=",".join(KINDS), dry_run=False)
    except SystemExit as exit_:
        if exit_.code:  # the command listed what failed; the demo goes on with the rest
            pass
    referential = lookup.shipped()
    planned = {territory.key for territory in matching.plan_onboarding(
        referential, REGION, DEPARTEMENT, 3500, list(KINDS))}
    found = matching.identity_index(figures.territory_records(), referential)
    # the referential key travels with the record: the demo's footprints are filed by it
    return [dict(record, referential_key=key) for key, record in found.items() if key in planned]


def _label(records: list[dict]) -> None:
    for record in records:
        group = model.Group.get(record["id"])
        if group is not None and not group.description:
            group.description = DEMO_LABEL
    model.Session.commit()


def _declare(record: dict, steps, reviewer_id: str | None) -> int:
    existing = {row.milestone for row in model.Session.query(TerritoryMilestone.milestone)
                .filter(TerritoryMilestone.territory_id == record["id"])}
    added = 0
    for milestone, achieved, status in steps:
        if milestone in existing:
            continue
        declared_at = datetime.datetime.combine(achieved, datetime.time(9))
        model.Session.add(TerritoryMilestone(
            territory_id=record["id"], milestone=milestone, status=status,
            achieved_on=achieved, note="Jalon de démonstration.", declared_at=declared_at,
            reviewed_by=reviewer_id if status == "confirmed" else None,
            reviewed_at=declared_at + datetime.timedelta(days=3) if status == "confirmed" else None))
        added += 1
    return added


DATASET_LABEL = "Jeu de données de démonstration, généré pour la démo."


def _dataset_name(record: dict, planned: PlannedDataset) -> str:
    return f"{planned.slug}-{record['name']}"[:100]


def _create_dataset(admin: str, record: dict, planned: PlannedDataset) -> str | None:
    """The planned dataset with its CSV file; None when it exists already."""
    name = _dataset_name(record, planned)
    if model.Session.query(model.Package.id).filter_by(name=name).first():
        return None
    theme = catalogue.theme(planned.theme)
    year = str(planned.year) if planned.year else ""
    territory = catalogue.Territory(record["name"], record["title"], record.get("siren") or "",
                                    record.get("insee_code") or "")
    dataset = {
        "name": name,
        "title": theme.title.format(year=year).strip(),
        "notes": f"{theme.notes.format(year=year)}\n\n{DATASET_LABEL}",
        "owner_org": record["id"],
        "license_id": "lo-2.0",
        "frequency": catalogue.FREQUENCY + theme.frequency,
        "tag_string": ",".join(theme.tags + ("démonstration",)),
    }
    if record.get("insee_code"):
        dataset["spatial_coverage"] = record["insee_code"]
    if planned.year:
        dataset.update(temporal_start=f"{year}-01-01", temporal_end=f"{year}-12-31")
    filename = f"{planned.slug}.csv"
    resource = {"name": f"{dataset['title']} (CSV)", "format": "CSV", "url": filename,
                "upload": FileStorage(stream=io.BytesIO(catalogue.file_of(
                    territory, planned.theme, planned.year, planned.faulty)), filename=filename)}
    if theme.schema:
        resource["schema"] = theme.schema
    package_id = tk.get_action("package_create")({"user": admin, "return_id_only": True}, dataset)
    tk.get_action("resource_create")({"user": admin}, dict(resource, package_id=package_id))
    return package_id


def _backdate(created: dict[str, datetime.date]) -> None:
    """Datasets dated on the day the journey published them, then indexed again."""
    from ckan.lib import search

    for package_id, day in created.items():
        moment = datetime.datetime.combine(day, datetime.time(10))
        model.Session.query(model.Package).filter_by(id=package_id).update(
            {"metadata_created": moment, "metadata_modified": moment}, synchronize_session=False)
        model.Session.query(model.Resource).filter_by(package_id=package_id).update(
            {"created": moment, "last_modified": moment, "metadata_modified": moment},
            synchronize_session=False)
    model.Session.commit()
    # the bulk updates bypass the objects the session holds: package_show would index them
    model.Session.expire_all()
    if created:
        search.rebuild(package_ids=list(created), quiet=True, defer_commit=True)


@contextlib.contextmanager
def _one_search_commit():
    """Solr commits once at the end instead of after each of the hundreds of index
    updates the demo's datasets make (half the time of a dataset's creation)."""
    from ckan.lib import search

    previous = tk.config.get("ckan.search.solr_commit")
    tk.config["ckan.search.solr_commit"] = False
    try:
        yield
    finally:
        tk.config["ckan.search.solr_commit"] = previous
        search.commit()


def _validate(territory_ids) -> None:
    """Validate now, rather than in the workers, every file of the demo territories not
    validated yet: the history written next must agree with the shares of valid SCDL
    files the phases read."""
    from ..scdl import resource_validation

    query = (model.Session.query(model.Resource)
             .join(model.Package, model.Package.id == model.Resource.package_id)
             .filter(model.Package.owner_org.in_(list(territory_ids)),
                     model.Package.state == "active", model.Resource.state == "active"))
    waiting = [resource.id for resource in query.all()
               if (resource.extras or {}).get("schema")
               and (resource.extras or {}).get("validation_status") not in ("success", "failure")]
    for resource_id in waiting:
        resource_validation.run(resource_id)


def _accompany(admin: str, record: dict, names: tuple[str, ...], known: set[str]) -> None:
    wanted = [name for name in names if name in known]
    if wanted and sorted(record.get("accompanies") or []) != sorted(wanted):
        tk.get_action("organization_patch")({"user": admin}, {"id": record["id"],
                                                             "accompanies": wanted})


def _footprint(admin: str, record: dict) -> None:
    wanted = demo_footprint(*record["referential_key"])
    group = model.Group.get(record["id"])
    if wanted and group is not None and not (group.extras or {}).get("bbox"):
        # never over what an admin entered since the last load
        tk.get_action("organization_patch")({"user": admin}, {"id": record["id"], "bbox": wanted})


def _rewrite_history(records: list[dict], journeys: dict[str, Journey]) -> dict[int, int]:
    """The demo territories' phase history: the day each phase was reached, up to the
    phase the catalogue shows today (a territory whose identity the referential leaves
    incomplete stays behind its journey), then a snapshot of today's standing."""
    ids = [record["id"] for record in records]
    model.Session.query(TerritoryProgressRecord).filter(
        TerritoryProgressRecord.territory_id.in_(ids)).delete(synchronize_session=False)
    standings = standing_store.refresh(figures.territory_records(ids),
                                       whole_catalogue=len(ids) > standing_store.SCOPED_REFRESH_MAX)
    for item in standings:
        for phase, day in journeys[item.territory["id"]].reached:
            if phase <= item.progress.current_phase:
                model.Session.add(TerritoryProgressRecord(
                    territory_id=item.territory["id"], current_phase=phase, percent=0,
                    met_criteria=[], recorded_at=datetime.datetime.combine(day, datetime.time(18))))
    model.Session.flush()
    progress_store.record_if_changed(standings)
    model.Session.commit()
    reached: dict[int, int] = {}
    for item in standings:
        reached[item.progress.current_phase] = reached.get(item.progress.current_phase, 0) + 1
    return reached


def load(admin: str, echo=print) -> dict:
    """Onboard the Loire and give its territories their journey; returns counts."""
    records = _onboard()
    _label(records)
    reviewer = model.User.by_name(admin)
    reference = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    journeys = {record["id"]: journey(record["name"], reference) for record in records}
    declared = 0
    for record in sorted(records, key=lambda r: r["name"]):
        declared += _declare(record, journeys[record["id"]].milestones,
                             reviewer.id if reviewer else None)
    model.Session.commit()
    known = {record["name"] for record in figures.territory_records()}
    for record in records:
        _accompany(admin, record, journeys[record["id"]].accompanies, known)
        _footprint(admin, record)
    planned = sorted(((planned.created, record["name"], record, planned)
                      for record in records for planned in journeys[record["id"]].datasets),
                     key=lambda item: item[:2])
    created = {}
    with _one_search_commit():
        for day, _, record, item in planned:
            package_id = _create_dataset(admin, record, item)
            if package_id:
                created[package_id] = day
        _validate([record["id"] for record in records])
        _backdate(created)
    phases = _rewrite_history(records, journeys)
    echo(f"Jalons de démonstration déclarés : {declared} ; jeux de données créés : {len(created)}")
    echo("Territoires par phase : " + ", ".join(f"{phase} : {count}"
                                                for phase, count in sorted(phases.items())))
    return {"territories": len(records), "milestones": declared, "datasets": len(created)}
