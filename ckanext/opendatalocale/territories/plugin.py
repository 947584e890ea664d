"""The `opendatalocale_territories` plugin: territories and the six-phase dashboard.

Wiring only; the behaviour lives in the modules beside it.
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import cli, helpers, indicators, jobs, portal_index, validators, views
from .interfaces import ITerritoryIndicators
from .logic import action, auth


@tk.blanket.config_declarations
@tk.blanket.cli(cli.attach_to_suite_group)
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.validators(validators)
@tk.blanket.blueprints(views)
class TerritoriesPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(ITerritoryIndicators)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "opendatalocale_territories")

    def get_territory_indicators(self):
        return indicators.CATALOGUE_INDICATORS

    # A dataset change may move its territory through the phases: record it later.
    # IOrganizationController: the look-up's index of the portal's territories
    def create(self, entity):
        portal_index.forget()

    def edit(self, entity):
        portal_index.forget()

    def delete(self, entity):
        portal_index.forget()

    def after_dataset_create(self, context, pkg_dict):
        jobs.enqueue_progress_record(pkg_dict.get("owner_org"))

    def after_dataset_update(self, context, pkg_dict):
        jobs.enqueue_progress_record(pkg_dict.get("owner_org"))

    def after_dataset_delete(self, context, pkg_dict):
        jobs.enqueue_progress_record(jobs.territory_of(pkg_dict))
