"""The portal's territories against the referential: pure module, no CKAN import.

- ``match``: which official territory an organization is, by SIREN or INSEE
  code, and why not when it cannot tell (also: the commune merged since);
- ``plan_onboarding``: which territories of a région to create, parents first;
- ``territory_name``: a stable, unique organization name (URL) for each.

Territory records are the dicts of catalogue_figures.territory_records():
``{"id", "name", "kind", "siren", "insee_code", ...}``.
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Iterable

from .. import kinds
from .lookup import COMMUNE, DEPARTEMENT, EPCI, KINDS, REGION, Redirect, Referential, Territory, normalize

REFERENTIAL_KIND = kinds.REFERENTIAL
OBLIGATION_POPULATION = 3500


@dataclasses.dataclass(frozen=True)
class Match:
    record: dict
    territory: Territory | None = None
    redirect: Redirect | None = None
    problem: str | None = None  # why no territory, in French

    @property
    def changed(self) -> bool:
        """The organization names a commune that has since merged or disappeared."""
        return self.redirect is not None


def _by_insee(record: dict, referential: Referential, kind: str | None):
    code = str(record["insee_code"]).strip().upper()
    if kind in (DEPARTEMENT, REGION):
        return referential.get(kind, code), None
    if kind == EPCI:
        return None, None  # EPCI have no INSEE code: their SIREN says who they are
    return referential.by_insee(code)


def match(record: dict, referential: Referential) -> Match:
    """SIREN first (it survives name changes), then INSEE code; both must agree."""
    kind = REFERENTIAL_KIND.get(record.get("kind") or "")
    if record.get("kind") and kind is None:
        return Match(record, problem=f"type « {record['kind']} » hors du référentiel "
                                     "(syndicats et autres s'identifient par leur seul SIREN)")
    siren, insee = record.get("siren"), record.get("insee_code")
    if not siren and not insee:
        return Match(record, problem="ni SIREN ni code INSEE renseigné")
    by_siren = referential.by_siren(siren) if siren else None
    by_insee, redirect = _by_insee(record, referential, kind) if insee else (None, None)
    if siren and by_siren is None and by_insee is None:
        if insee and redirect is None:
            return Match(record, problem=f"SIREN {siren} et code INSEE {insee} inconnus du référentiel")
        return Match(record, problem=f"SIREN {siren} inconnu du référentiel")
    if insee and by_insee is None and by_siren is None:
        return Match(record, problem=f"code INSEE {insee} inconnu du référentiel")
    if by_siren and by_insee and by_siren.key != by_insee.key and redirect is None:
        return Match(record, problem=f"le SIREN {siren} ({by_siren.name}) et le code INSEE "
                                     f"{insee} ({by_insee.name}) désignent deux territoires différents")
    territory = by_siren or by_insee
    if kind and territory.kind != kind and redirect is None:
        return Match(record, problem=f"le code désigne {territory.name}, de type "
                                     f"« {territory.kind} », pas « {record['kind']} »")
    return Match(record, territory, redirect)


def slug(text: str) -> str:
    return "-".join(normalize(text).split())[:90]


@functools.lru_cache(maxsize=2)
def _slug_counts(referential: Referential) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in (COMMUNE, EPCI):
        for official_name in referential.names_of(kind):
            name = slug(official_name)
            counts[name] = counts.get(name, 0) + 1
    return counts


def territory_name(territory: Territory, referential: Referential, reserved: Iterable[str] = ()) -> str:
    """saint-etienne, saint-etienne-metropole, departement-loire, region-auvergne-rhone-alpes;
    a name shared by several communes or EPCI in France gets its code: sainte-foy-85214.
    Derived from the national list only, so the same territory always gets the same name."""
    if territory.kind == DEPARTEMENT:
        return f"departement-{slug(territory.name)}"
    if territory.kind == REGION:
        return f"region-{slug(territory.name)}"
    name = slug(territory.name)
    if _slug_counts(referential).get(name, 0) > 1 or name in set(reserved) or len(name) < 2:
        name = f"{name}-{territory.code}"
    return name


def plan_onboarding(referential: Referential, region: str, departement: str | None = None,
                    min_population: int = OBLIGATION_POPULATION,
                    kinds: Iterable[str] = KINDS) -> list[Territory]:
    """Territories to create, parents before children: the région, its
    départements, the EPCI (above the threshold, or holding a chosen commune),
    the communes above the threshold ("plus de 3 500 habitants": strictly more)."""
    kinds = set(kinds)
    communes = [t for t in referential.in_area(COMMUNE, region, departement)
                if (t.population or 0) > min_population]
    plan: list[Territory] = []
    if REGION in kinds:
        plan.append(referential.get(REGION, region))
    if DEPARTEMENT in kinds:
        plan += sorted(referential.in_area(DEPARTEMENT, region, departement) if departement is None
                       else [referential.get(DEPARTEMENT, departement)], key=lambda t: t.code)
    if EPCI in kinds:
        chosen = {t.code: t for t in referential.in_area(EPCI, region, departement)
                  if (t.population or 0) > min_population}
        for commune in communes if COMMUNE in kinds else ():
            epci = referential.epci_of(commune)
            if epci is not None:
                chosen.setdefault(epci.code, epci)
        plan += sorted(chosen.values(), key=lambda t: t.name)
    if COMMUNE in kinds:
        plan += sorted(communes, key=lambda t: t.code)
    return [t for t in plan if t is not None]


def identity_index(records: Iterable[dict], referential: Referential) -> dict[tuple[str, str], dict]:
    """The portal's organizations by the referential key they match (kind, code)."""
    index = {}
    for record in records:
        found = match(record, referential)
        if found.territory is not None and found.redirect is None:
            index.setdefault(found.territory.key, record)
    return index
