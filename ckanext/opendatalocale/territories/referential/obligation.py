"""The open-data obligation, as far as the referential can tell: pure module.

The Loi pour une République numérique (2016) obliges collectivités of more than
3,500 inhabitants employing 50 agents or more to open their data. The
referential knows populations, not staff: a territory above 3,500 inhabitants
is "plus de 3 500 habitants (effectif d'agents non connu)", never "obligé".
Départements and régions are all above the threshold; EPCI are counted by their
municipal population.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from .lookup import COMMUNE, DEPARTEMENT, EPCI, REGION, Referential, Territory
from .matching import OBLIGATION_POPULATION, identity_index

PUBLISHED, NOT_STARTED = "published", "not_started"
LABEL = "plus de 3 500 habitants (effectif d'agents non connu)"


@dataclasses.dataclass(frozen=True)
class ObligedTerritory:
    territory: Territory
    departement: Territory | None
    epci: Territory | None
    portal_record: dict | None  # the organization on this portal, if any
    public_datasets: int

    @property
    def status(self) -> str:
        return PUBLISHED if self.public_datasets > 0 else NOT_STARTED

    def as_dict(self) -> dict:
        territory = self.territory
        return {
            "kind": territory.kind, "code": territory.code, "name": territory.name,
            "siren": territory.siren, "population": territory.population,
            "departement": territory.departement,
            "departement_name": self.departement.name if self.departement else None,
            "epci": self.epci.code if self.epci else None,
            "epci_name": self.epci.name if self.epci else None,
            "territory": self.portal_record["name"] if self.portal_record else None,
            "on_portal": self.portal_record is not None,
            "public_datasets": self.public_datasets, "status": self.status,
        }


def obliged_territories(referential: Referential, regions: Iterable[str] | None,
                        records: Iterable[dict], public_counts: Mapping[str, int],
                        threshold: int = OBLIGATION_POPULATION) -> list[ObligedTerritory]:
    """Territories of the régions (all of France when None) above the threshold,
    with their organization on the portal and its count of public datasets."""
    portal = identity_index(records, referential)
    scope = set(regions) if regions else None
    found = []
    for kind in (REGION, DEPARTEMENT, EPCI, COMMUNE):
        for territory in referential.in_area(kind):
            if scope is not None and territory.region not in scope:
                continue
            if (territory.population or 0) <= threshold:
                continue
            record = portal.get(territory.key)
            found.append(ObligedTerritory(
                territory, referential.departement_of(territory),
                referential.epci_of(territory), record,
                public_counts.get(record["id"], 0) if record else 0))
    return found


def select(rows: list[ObligedTerritory], *, departement=None, epci=None, kind=None, status=None,
           region=None) -> list[ObligedTerritory]:
    return [row for row in rows
            if (not region or row.territory.region == region)
            and (not departement or row.territory.departement == departement)
            and (not epci or (row.epci and row.epci.code == epci) or row.territory.code == epci)
            and (not kind or row.territory.kind == kind)
            and (not status or row.status == status)]


def _tally(rows: Iterable[ObligedTerritory], key) -> list[dict]:
    groups: dict = {}
    for row in rows:
        group = key(row)
        if group is None:
            continue
        tally = groups.setdefault(group[0], {"code": group[0], "name": group[1],
                                             "territories": 0, "published": 0})
        tally["territories"] += 1
        tally["published"] += row.status == PUBLISHED
    for tally in groups.values():
        tally["not_started"] = tally["territories"] - tally["published"]
    return sorted(groups.values(), key=lambda t: t["code"])


def summary(rows: list[ObligedTerritory]) -> dict:
    """Totals, then per département and per EPCI (the communes above the threshold)."""
    communes = [row for row in rows if row.territory.kind == COMMUNE]
    return {
        "territories": len(rows), "published": sum(row.status == PUBLISHED for row in rows),
        "not_started": sum(row.status == NOT_STARTED for row in rows),
        "on_portal": sum(row.portal_record is not None for row in rows),
        "by_kind": {kind: sum(row.territory.kind == kind for row in rows)
                    for kind in (REGION, DEPARTEMENT, EPCI, COMMUNE)},
        "by_departement": _tally(rows, lambda row: (row.territory.departement, row.departement.name)
                                 if row.departement else None),
        "by_epci": _tally(communes, lambda row: (row.epci.code, row.epci.name) if row.epci else None),
    }
