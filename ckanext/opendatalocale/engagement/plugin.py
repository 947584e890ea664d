"""The `opendatalocale_engagement` plugin: a territory's public page and data
requests with votes (phase 6). Wiring only; the behaviour lives beside it."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ..territories.interfaces import ITerritoryIndicators
from . import cli, helpers, territory_indicators, views
from .logic import action, auth


@tk.blanket.config_declarations
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints(views)
@tk.blanket.cli(cli.get_commands)
@tk.blanket.helpers(helpers)
class EngagementPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(ITerritoryIndicators)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "opendatalocale_engagement")

    def get_territory_indicators(self):
        return territory_indicators.INDICATORS
