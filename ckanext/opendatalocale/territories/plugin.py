"""The `opendatalocale_territories` plugin: territories and the six-phase dashboard.

Wiring only; the behaviour lives in the modules beside it.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import cli, helpers, indicators, jobs, validators, views
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
    p.implements(p.ISignal)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "opendatalocale_territories")

    def get_territory_indicators(self):
        return indicators.CATALOGUE_INDICATORS

    # A change of a territory's identity or of one of its datasets may move it through
    # the phases: its kept standing is marked stale now, recomputed later.
    def edit(self, entity):
        # IPackageController's `edit` has the same name: a saved dataset arrives here too,
        # and its territory is already handled by after_dataset_update.
        if isinstance(entity, model.Group) and entity.is_organization:
            jobs.territory_changed(entity.id)

    def after_dataset_create(self, context, pkg_dict):
        jobs.territory_changed(pkg_dict.get("owner_org"))

    def after_dataset_update(self, context, pkg_dict):
        jobs.territory_changed(pkg_dict.get("owner_org"))

    def after_dataset_delete(self, context, pkg_dict):
        jobs.territory_changed(jobs.territory_of(pkg_dict))

    # A validation verdict is written without the dataset hooks above.
    def get_signal_subscriptions(self):
        return {tk.signals.ckanext.signal("opendatalocale_resource_status_changed"):
                [jobs.resource_status_changed]}
