"""The `opendatalocale_dedup` plugin: duplicate reports (phase 4).

Wiring only; the behaviour lives in the modules beside it."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ..territories.interfaces import ITerritoryIndicators
from . import cli, helpers, incremental, territory_indicators, views
from .logic import action, auth


@tk.blanket.config_declarations
@tk.blanket.cli(cli.attach_to_suite_group)
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints(views)
@tk.blanket.helpers(helpers)
class DedupPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(ITerritoryIndicators)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "opendatalocale_dedup")

    def get_territory_indicators(self):
        return territory_indicators.INDICATORS

    # A saved dataset is checked against the catalogue in a background job; resource
    # changes save their dataset, so they come through here too.
    def after_dataset_create(self, context, pkg_dict):
        incremental.enqueue(pkg_dict["id"])

    def after_dataset_update(self, context, pkg_dict):
        incremental.enqueue(pkg_dict["id"])
