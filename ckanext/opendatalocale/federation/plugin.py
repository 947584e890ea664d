"""The `opendatalocale_dcat` plugin: the suite's catalogue for harvesters (DCAT-AP).

Wiring only. The RDF profile is not a plugin: ckanext-dcat finds it through the
``ckan.rdf.profiles`` entry point ``opendatalocale_dcat_ap`` (profile.py), enabled by
``ckanext.dcat.rdf.profiles``. This plugin needs ckanext-dcat's ``dcat`` plugin.
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import views
from .logic import auth


@tk.blanket.config_declarations
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints(views)
class FederationPlugin(p.SingletonPlugin):
    pass
