"""The `opendatalocale_menus` plugin: canteen menus (phase 5), their dataset type,
menu view and EGalim indicators. Wiring only; the behaviour lives beside it."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ..territories.interfaces import ITerritoryIndicators
from . import dataset_type, helpers, resource_view, territory_indicators, validators, views
from .logic import action, auth


@tk.blanket.config_declarations
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.validators(validators)
@tk.blanket.blueprints(views)
class MenusPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IResourceView, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(ITerritoryIndicators)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "opendatalocale_menus")

    def before_dataset_index(self, pkg_dict):
        return dataset_type.index_restaurants(pkg_dict)

    def info(self):
        return resource_view.info()

    def can_view(self, data_dict):
        return resource_view.can_view(data_dict)

    def view_template(self, context, data_dict):
        return "menus/resource_view.html"

    def setup_template_variables(self, context, data_dict):
        return resource_view.template_variables(context, data_dict)

    def after_resource_create(self, context, resource):
        resource_view.ensure_view(context, resource)

    def get_territory_indicators(self):
        return territory_indicators.INDICATORS
