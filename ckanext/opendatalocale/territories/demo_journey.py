"""A territory's demo journey through the programme's phases, a pure function of its
name and a reference date (the same demo on every run). No CKAN import.

Pilots reach the later phases (one territory at phase 6); the others draw theirs from a
hash of their name: about a quarter still at phase 0, most at phases 1-2. A journey
holds the milestones declared, the datasets published (enough for the thresholds of
the shipped phases.yaml: 1, 12 and 30 public datasets) and the day each phase was
reached, all within the year before the reference date and in order.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import os

from . import demo_catalogue as catalogue

REGION, DEPARTEMENT = "84", "42"
DEMO_LABEL = "Territoire de démonstration : avancement et jalons générés pour la démo."

# Milestones declared on the way to each phase, in the order a territory declares them.
MILESTONES = {
    1: ("referent_named", "council_decision", "data_inventory"),
    2: ("publishing_method",),
    3: ("support_kit_shared",),
    4: ("internal_training",),
    5: ("policy_showcase",),
    6: ("first_public_event", "reuse_promoted"),
}
PHASE_ONE = MILESTONES[1]
# Public datasets held once a phase is reached (phases 3 and 4 ask for 12 and 30).
DATASETS_AT = {3: 12, 4: 30, 5: 30, 6: 31}
# Pilots: the phase they reach and the neighbours they accompany (phase 3).
PILOTS = {
    "saint-etienne": (6, ("saint-priest-en-jarez", "la-talaudiere")),
    "saint-etienne-metropole": (5, ("firminy",)),
    "departement-de-la-loire": (4, ("feurs", "montbrison")),
    "roanne": (3, ("riorges",)),
    "saint-chamond": (3, ("rive-de-gier",)),
}
_DRAWN = (0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2)
# Every demo territory's bounding box (W,S,E,N), by referential key "kind:code":
# approximations made from GeoNames' town positions by devstack/make_demo_footprints.py
# (the demo's, not a survey's). Their catalogues then carry a footprint, which
# data.gouv.fr keeps where it drops a bare INSEE code.
_FOOTPRINTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_footprints.json")


@functools.lru_cache(maxsize=1)
def _footprints() -> dict[str, str]:
    with open(_FOOTPRINTS, encoding="utf-8") as handle:
        return json.load(handle)["boxes"]


def demo_footprint(kind: str, code: str) -> str | None:
    """The demo's box of a territory of the referential, or None."""
    return _footprints().get(f"{kind}:{code}")


@dataclasses.dataclass(frozen=True)
class PlannedDataset:
    theme: str
    year: int | None
    created: datetime.date
    faulty: bool = False

    @property
    def slug(self) -> str:
        return f"{self.theme}-{self.year}" if self.year else self.theme


@dataclasses.dataclass(frozen=True)
class Journey:
    phase: int
    milestones: tuple[tuple[str, datetime.date, str], ...]
    datasets: tuple[PlannedDataset, ...]
    reached: tuple[tuple[int, datetime.date], ...]
    accompanies: tuple[str, ...] = ()


def _catalogue_order(seed: int, reference_year: int) -> list[tuple[str, int | None]]:
    """The themes a territory publishes, in order: an SCDL file every third dataset
    (subventions of past years, parking, charging points), the other themes rotated
    by the territory's hash so that neighbours do not all start alike."""
    scdl = [("subventions", reference_year - 1), ("stationnement", None),
            ("subventions", reference_year - 2), ("irve", None)]
    scdl += [("subventions", reference_year - age) for age in range(3, 10)]
    themes = [theme.id for theme in catalogue.THEMES]
    shift = seed % len(themes)
    themes = themes[shift:] + themes[:shift]
    order: list[tuple[str, int | None]] = []
    while scdl or themes:
        if scdl and (len(order) % 3 == 0 or not themes):
            order.append(scdl.pop(0))
        else:
            order.append((themes.pop(0), None))
    return order


def _datasets_held(phase: int, seed: int) -> int:
    if phase < 2:
        return 0
    if phase == 2:
        return 1 + seed % 2
    return DATASETS_AT[phase]


def journey(name: str, reference: datetime.date) -> Journey:
    seed = catalogue.digest(name)
    phase, accompanies = PILOTS.get(name, (_DRAWN[seed % len(_DRAWN)], ()))
    # Pilots started about a year ago; the others within the last ten months.
    start = reference - datetime.timedelta(days=345 if name in PILOTS else 90 + (seed >> 8) % 210)
    finish = reference - datetime.timedelta(days=7 + (seed >> 20) % 14)
    span = (finish - start).days
    reached = tuple((number, start + datetime.timedelta(days=span * number // max(phase, 1)))
                    for number in range(1, phase + 1))

    milestones: list[tuple[str, datetime.date, str]] = []
    for number, day in reached:
        declared = MILESTONES[number]
        for position, milestone in enumerate(declared):
            achieved = day - datetime.timedelta(days=5 * (len(declared) - 1 - position))
            # about one milestone in four still awaits the platform's review
            status = "declared" if (seed >> (24 + len(milestones))) % 4 == 0 else "confirmed"
            milestones.append((milestone, achieved, status))
    if phase == 0 and seed % 3 == 0:  # a decision voted, the referent not yet named
        milestones.append(("council_decision", finish, "declared"))

    datasets: list[PlannedDataset] = []
    order = _catalogue_order(seed, reference.year)
    held_before, since = 0, start
    for number, day in reached:
        held = _datasets_held(number, seed)
        for position in range(held_before, held):
            theme, year = order[position]
            created = since + datetime.timedelta(
                days=(day - since).days * (position - held_before + 1) // (held - held_before + 1))
            # the second SCDL file of a territory, or a first one in three, has mistakes
            faulty = theme == "subventions" and (
                (phase >= 3 and year == reference.year - 2) or (phase == 2 and seed % 3 == 1))
            datasets.append(PlannedDataset(theme, year, created, faulty))
        held_before, since = max(held, held_before), day
    return Journey(phase, tuple(milestones), tuple(datasets), reached, accompanies)
