"""Plugin classes of the suite: wiring only, the behaviour lives in the modules.

Each capability is its own plugin so that a platform enables only what it wants;
all of them need ``opendatalocale`` (schemas, validation, shared helpers).
"""
from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import cli, helpers, views
from .logic import validators
from .scdl import hooks as scdl_hooks
from .scdl import i18n as scdl_i18n
from .scdl.logic import action as scdl_action
from .scdl.logic import auth as scdl_auth
from .territories import cli as territory_cli
from .territories import helpers as territory_helpers
from .territories import indicators as territory_indicators
from .territories import jobs as territory_jobs
from .territories import validators as territory_validators
from .territories import views as territory_views
from .territories.interfaces import ITerritoryIndicators
from .territories.logic import action as territory_action
from .territories.logic import auth as territory_auth


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.actions(scdl_action)
@tk.blanket.auth_functions(scdl_auth)
@tk.blanket.helpers(helpers)
@tk.blanket.validators(validators)
@tk.blanket.blueprints(views)
class OpenDataLocalePlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "opendatalocale")
        scdl_i18n.set_translator(scdl_hooks.ckan_translator)
        if not config.get("licenses_group_url"):
            # Licence Ouverte 2.0 first, ODbL offered: what French public data uses.
            config["licenses_group_url"] = "file://" + os.path.join(
                os.path.dirname(__file__), "schemas", "licences.json")

    def before_resource_update(self, context, current, resource):
        scdl_hooks.before_update(context, current, resource)

    def after_resource_create(self, context, resource):
        scdl_hooks.after_change(context, resource, created=True)

    def after_resource_update(self, context, resource):
        scdl_hooks.after_change(context, resource, created=False)


@tk.blanket.config_declarations("territories/config_declaration.yaml")
@tk.blanket.cli(territory_cli.attach_to_suite_group)
@tk.blanket.actions(territory_action)
@tk.blanket.auth_functions(territory_auth)
@tk.blanket.helpers(territory_helpers)
@tk.blanket.validators(territory_validators)
@tk.blanket.blueprints(territory_views)
class TerritoriesPlugin(p.SingletonPlugin):
    """Territories and the six-phase dashboard (territories/)."""
    p.implements(ITerritoryIndicators)
    p.implements(p.IPackageController, inherit=True)

    def get_territory_indicators(self):
        return territory_indicators.CATALOGUE_INDICATORS

    # A dataset change may move its territory through the phases: record it later.
    def after_dataset_create(self, context, pkg_dict):
        territory_jobs.enqueue_progress_record(pkg_dict.get("owner_org"))

    def after_dataset_update(self, context, pkg_dict):
        territory_jobs.enqueue_progress_record(pkg_dict.get("owner_org"))

    def after_dataset_delete(self, context, pkg_dict):
        territory_jobs.enqueue_progress_record(territory_jobs.territory_of(pkg_dict))


class MenusPlugin(p.SingletonPlugin):
    """Canteen menus (phase 5): dataset type, menu view, EGalim indicators."""


class DedupPlugin(p.SingletonPlugin):
    """Duplicate detection across the catalogue (phase 4)."""


class EngagementPlugin(p.SingletonPlugin):
    """Territory public page, data requests, events, reuses (phase 6)."""


class DcatPlugin(p.SingletonPlugin):
    """DCAT-AP profile with SCDL conformance (harvesters read the catalogue)."""
