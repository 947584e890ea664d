"""Plugin classes of the suite: wiring only, the behaviour lives in the modules.

Each capability is its own plugin so that a platform enables only what it wants;
all of them need ``opendatalocale`` (schemas, validation, shared helpers).
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import cli, helpers, views
from .logic import action, auth, validators
from .territories import views as territory_views
from .territories.logic import action as territory_action
from .territories.logic import auth as territory_auth


@tk.blanket.config_declarations
@tk.blanket.cli(cli.get_commands)
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.validators(validators)
@tk.blanket.blueprints(views)
class OpenDataLocalePlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "opendatalocale")


@tk.blanket.actions(territory_action)
@tk.blanket.auth_functions(territory_auth)
@tk.blanket.blueprints(territory_views)
class TerritoriesPlugin(p.SingletonPlugin):
    pass


class MenusPlugin(p.SingletonPlugin):
    """Canteen menus (phase 5): dataset type, menu view, EGalim indicators."""


class DedupPlugin(p.SingletonPlugin):
    """Duplicate detection across the catalogue (phase 4)."""


class EngagementPlugin(p.SingletonPlugin):
    """Territory public page, data requests, events, reuses (phase 6)."""


class DcatPlugin(p.SingletonPlugin):
    """DCAT-AP profile with SCDL conformance (harvesters read the catalogue)."""
