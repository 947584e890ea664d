"""The core plugin, `opendatalocale`: SCDL schemas and validation, guides, shared helpers.

Wiring only. Each capability is its own plugin in its own folder
(`territories/plugin.py`, `menus/plugin.py`) so that a platform enables only what it
wants; all of them need this one.
"""
from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import cli, helpers, outages, registries, upload_limit, views
from .logic import validators
from .scdl import hooks as scdl_hooks
from .scdl import i18n as scdl_i18n
from .scdl import preview_view
from .scdl.logic import action as scdl_action
from .scdl.logic import auth as scdl_auth


def _actions() -> dict:
    # SCDL's actions, and CKAN's dataset saves refused in French while Solr is down
    return {**{name: getattr(scdl_action, name) for name in scdl_action.__all__},
            **outages.dataset_writes()}


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.actions(_actions)
@tk.blanket.auth_functions(scdl_auth)
@tk.blanket.helpers(helpers)
@tk.blanket.validators(validators)
@tk.blanket.blueprints(views)
class OpenDataLocalePlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceView, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "opendatalocale")
        scdl_i18n.set_translator(scdl_hooks.ckan_translator, scdl_hooks.ckan_plural_translator)
        if not config.get("licenses_group_url"):
            # Licence Ouverte 2.0 first, ODbL offered: what French public data uses.
            config["licenses_group_url"] = "file://" + os.path.join(
                os.path.dirname(__file__), "schemas", "licences.json")

    def make_middleware(self, app, config):
        # French pages while Solr or PostgreSQL is down (outages.py)
        outages.register(app)
        registries.fill()  # before the threads of the worker race to fill them
        return app

    def before_resource_create(self, context, resource):
        upload_limit.refuse_oversized(resource)

    def before_resource_update(self, context, current, resource):
        upload_limit.refuse_oversized(resource)
        scdl_hooks.before_update(context, current, resource)

    def after_resource_create(self, context, resource):
        scdl_hooks.after_change(context, resource, created=True)
        preview_view.ensure_view(context, resource)

    def after_resource_update(self, context, resource):
        scdl_hooks.after_change(context, resource, created=False)
        preview_view.ensure_view(context, resource)  # a schema may be declared later

    # The « Aperçu » view of tables with a schema (scdl/preview_view.py).
    def info(self):
        return preview_view.info()

    def can_view(self, data_dict):
        return preview_view.can_view(data_dict)

    def view_template(self, context, data_dict):
        return "scdl/preview.html"

    def setup_template_variables(self, context, data_dict):
        return preview_view.template_variables(context, data_dict)

    def before_resource_delete(self, context, resource, resources):
        scdl_hooks.forget_resource(resource.get("id"))

    def after_dataset_delete(self, context, pkg_dict):
        scdl_hooks.forget_dataset(pkg_dict.get("id"))
