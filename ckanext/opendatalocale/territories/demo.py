"""The demo as a région at work (issue 19, first slice): the Loire's territories onboarded
from the shipped referential (communes above 3,500 inhabitants, their EPCI, the
département, the région) and a journey through the first phases over the past year.

Deterministic: each territory's journey comes from a hash of its name and a fixed
reference date (the Monday of the current week), so two runs give the same demo.
Idempotent: onboarding skips what exists; milestones already declared are kept.
Every onboarded territory without a description says that it is demo data.
"""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import catalogue_figures as figures
from .demo_journey import DEMO_LABEL, DEPARTEMENT, REGION, journey
from .model import TerritoryMilestone

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
    return [record for key, record in found.items() if key in planned]


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


def load(admin: str, echo=print) -> dict:
    """Onboard the Loire and give its territories their journey; returns counts."""
    records = _onboard()
    _label(records)
    reviewer = model.User.by_name(admin)
    reference = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    declared = 0
    for record in sorted(records, key=lambda r: r["name"]):
        steps = journey(record["name"], reference)
        declared += _declare(record, steps, reviewer.id if reviewer else None)
    model.Session.commit()
    echo(f"Jalons de démonstration déclarés : {declared}")
    return {"territories": len(records), "milestones": declared}
