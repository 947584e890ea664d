"""The `opendatalocale_publishing` plugin: publishing at scale (phase 3), bulk import,
SCDL catalogue, inventory of unpublished data.

Wiring only; the behaviour lives in the modules beside it."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ..territories.interfaces import ITerritoryIndicators
from . import helpers, inventory_indicators, quality_indicators, quality_store, views
from .logic import action, auth


@tk.blanket.config_declarations
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints(views)
@tk.blanket.helpers(helpers)
class PublishingPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(ITerritoryIndicators)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_territory_indicators(self):
        return inventory_indicators.INDICATORS + quality_indicators.INDICATORS

    def before_dataset_index(self, pkg_dict):
        return quality_store.index_fields(pkg_dict)
