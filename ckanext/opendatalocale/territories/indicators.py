"""Indicator registry: what criteria can measure, gathered from every plugin.

The territories plugin provides the catalogue indicators below through
ITerritoryIndicators like any other capability (menus, dedup...), so the
dashboard never names a capability.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any, Callable, Mapping

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import catalogue_figures as figures
from . import identity
from ..savepoints import guarded_reads
from .interfaces import ITerritoryIndicators

log = logging.getLogger(__name__)

COUNT, SHARE = "count", "share"


@dataclasses.dataclass(frozen=True)
class Indicator:
    id: str
    label: Any
    compute: Callable[["IndicatorContext"], Mapping[str, Any]]
    phase: int | None = None
    unit: str = COUNT
    default: Any = 0
    # Also a sortable column of the territories overview (computed for every territory
    # of the overview at once, like the programme's indicators).
    overview: bool = False


@dataclasses.dataclass
class IndicatorContext:
    """The territories a page asks about, with their identity records, and a memo
    so that indicators sharing a query (SCDL count and valid share) run it once."""
    territories: Mapping[str, dict]
    now: datetime.datetime = dataclasses.field(default_factory=datetime.datetime.utcnow)
    scoped: bool = True
    _memo: dict = dataclasses.field(default_factory=dict)

    @property
    def territory_ids(self) -> list[str] | None:
        """None for "every territory" so that queries facet over all of them."""
        return list(self.territories) if self.scoped else None

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def registered_indicators() -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for plugin in p.PluginImplementations(ITerritoryIndicators):
        for declared in plugin.get_territory_indicators():
            indicator = declared if isinstance(declared, Indicator) else Indicator(**declared)
            if indicator.id in indicators:
                log.warning("Indicateur « %s » déclaré deux fois ; %s est ignoré",
                            indicator.id, plugin.name)
                continue
            indicators[indicator.id] = indicator
    return indicators


def overview_indicators() -> list[Indicator]:
    return [indicator for indicator in registered_indicators().values() if indicator.overview]


def compute_values(context: IndicatorContext, wanted: set[str] | None = None
                   ) -> dict[str, dict[str, Any]]:
    """{territory_id: {indicator_id: value}}; an indicator that fails is logged and
    left out, so its criteria show as unavailable instead of breaking the page."""
    values: dict[str, dict[str, Any]] = {territory_id: {} for territory_id in context.territories}
    for indicator in registered_indicators().values():
        if wanted is not None and indicator.id not in wanted:
            continue
        # A failing query must not abort the transaction of the page or action that
        # asked (every later query would fail with it).
        try:
            with guarded_reads():
                by_territory = indicator.compute(context)
        except Exception:
            log.exception("Calcul de l'indicateur « %s » impossible", indicator.id)
            continue
        for territory_id, territory_values in values.items():
            territory_values[indicator.id] = by_territory.get(territory_id, indicator.default)
    return values


# --- catalogue indicators of the territories plugin ---------------------------

def _public_datasets(context):
    return figures.dataset_counts(context.territory_ids)


def _recently_updated(context):
    days = tk.config.get("ckanext.opendatalocale.territories.recent_days")
    return figures.dataset_counts(context.territory_ids, modified_since_days=days)


def _schema_counts(context):
    return context.once("schema_counts", lambda: figures.schema_counts(context.territory_ids))


def _scdl_resources(context):
    return {territory_id: declared for territory_id, (declared, _) in _schema_counts(context).items()}


def _scdl_valid_share(context):
    return {territory_id: valid / declared
            for territory_id, (declared, valid) in _schema_counts(context).items() if declared}


def _on_time_share(context):
    return {territory_id: on_time / judged for territory_id, (judged, on_time)
            in figures.on_time_counts(context.territory_ids, context.now).items() if judged}


def _accompanied(context):
    return {territory_id: len(record["accompanies"])
            for territory_id, record in context.territories.items()}


def _identity_complete(context):
    return {territory_id: identity.identity_complete(record)
            for territory_id, record in context.territories.items()}


CATALOGUE_INDICATORS = [
    Indicator("identity_complete", {"fr": "Identité du territoire renseignée",
                                    "en": "Territory identity filled in"},
              _identity_complete, phase=1, default=False),
    Indicator("public_datasets", {"fr": "Jeux de données publics", "en": "Public datasets"},
              _public_datasets, phase=2),
    Indicator("recently_updated_datasets", {"fr": "Jeux publics mis à jour récemment",
                                            "en": "Public datasets updated recently"},
              _recently_updated, phase=2),
    Indicator("scdl_resources", {"fr": "Ressources déclarant un schéma SCDL",
                                 "en": "Resources declaring an SCDL schema"},
              _scdl_resources, phase=2),
    Indicator("scdl_valid_share", {"fr": "Part des ressources SCDL valides",
                                   "en": "Share of valid SCDL resources"},
              _scdl_valid_share, phase=4, unit=SHARE, default=None),
    Indicator("datasets_on_time_share", {"fr": "Part des jeux à jour selon leur fréquence",
                                         "en": "Share of datasets on schedule"},
              _on_time_share, phase=4, unit=SHARE, default=None),
    Indicator("territories_accompanied", {"fr": "Territoires accompagnés",
                                          "en": "Territories helped"},
              _accompanied, phase=3),
]
