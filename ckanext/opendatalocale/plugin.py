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
from .menus import dataset_type as menu_dataset_type
from .menus import helpers as menu_helpers
from .menus import resource_view as menu_resource_view
from .menus import territory_indicators as menu_territory_indicators
from .menus import validators as menu_validators
from .menus import views as menu_views
from .menus.logic import action as menu_action
from .menus.logic import auth as menu_auth
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
    p.implements(p.IPackageController, inherit=True)

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

    def before_resource_delete(self, context, resource, resources):
        scdl_hooks.forget_resource(resource.get("id"))

    def after_dataset_delete(self, context, pkg_dict):
        scdl_hooks.forget_dataset(pkg_dict.get("id"))


@tk.blanket.config_declarations("territories/config_declaration.yaml")
@tk.blanket.cli(territory_cli.attach_to_suite_group)
@tk.blanket.actions(territory_action)
@tk.blanket.auth_functions(territory_auth)
@tk.blanket.helpers(territory_helpers)
@tk.blanket.validators(territory_validators)
@tk.blanket.blueprints(territory_views)
class TerritoriesPlugin(p.SingletonPlugin):
    """Territories and the six-phase dashboard (territories/)."""
    p.implements(p.IConfigurer)
    p.implements(ITerritoryIndicators)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config):
        # Overrides of CKAN pages that link to this plugin's routes: only when enabled.
        tk.add_template_directory(config, "territories/templates")

    def get_territory_indicators(self):
        return territory_indicators.CATALOGUE_INDICATORS

    # A dataset change may move its territory through the phases: record it later.
    def after_dataset_create(self, context, pkg_dict):
        territory_jobs.enqueue_progress_record(pkg_dict.get("owner_org"))

    def after_dataset_update(self, context, pkg_dict):
        territory_jobs.enqueue_progress_record(pkg_dict.get("owner_org"))

    def after_dataset_delete(self, context, pkg_dict):
        territory_jobs.enqueue_progress_record(territory_jobs.territory_of(pkg_dict))


@tk.blanket.config_declarations("menus/config_declaration.yaml")
@tk.blanket.actions(menu_action)
@tk.blanket.auth_functions(menu_auth)
@tk.blanket.helpers(menu_helpers)
@tk.blanket.validators(menu_validators)
@tk.blanket.blueprints(menu_views)
class MenusPlugin(p.SingletonPlugin):
    """Canteen menus (phase 5): dataset type, menu view, EGalim indicators."""
    p.implements(p.IResourceView, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(ITerritoryIndicators)

    def before_dataset_index(self, pkg_dict):
        return menu_dataset_type.index_restaurants(pkg_dict)

    def info(self):
        return menu_resource_view.info()

    def can_view(self, data_dict):
        return menu_resource_view.can_view(data_dict)

    def view_template(self, context, data_dict):
        return "menus/resource_view.html"

    def setup_template_variables(self, context, data_dict):
        return menu_resource_view.template_variables(context, data_dict)

    def after_resource_create(self, context, resource):
        menu_resource_view.ensure_view(context, resource)

    def get_territory_indicators(self):
        return menu_territory_indicators.INDICATORS


class DedupPlugin(p.SingletonPlugin):
    """Duplicate detection across the catalogue (phase 4)."""


class EngagementPlugin(p.SingletonPlugin):
    """Territory public page, data requests, events, reuses (phase 6)."""


class DcatPlugin(p.SingletonPlugin):
    """DCAT-AP profile with SCDL conformance (harvesters read the catalogue)."""
