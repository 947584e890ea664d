"""The `opendatalocale_dcat` plugin: the suite's catalogue for harvesters (DCAT-AP).

Wiring only. The RDF profile is not a plugin: ckanext-dcat finds it through the
``ckan.rdf.profiles`` entry point ``opendatalocale_dcat_ap`` (profile.py), enabled by
``ckanext.dcat.rdf.profiles``. This plugin needs ckanext-dcat's ``dcat`` plugin.

`opendatalocale_harvest` is separate so that a site without ckanext-harvest still loads
the catalogue: it needs ``harvest`` and ckanext-dcat's ``dcat_rdf_harvester``. Its
dashboard section, pages and table (odl_harvest_placement) exist only with it. It reads
the territories' SIREN and INSEE codes through territories/catalogue_figures.py (the
organization's fields, not the territories plugin).
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.dcat.interfaces import IDCATRDFHarvester

from . import harvest_helpers, harvest_views, harvesting, views
from .logic import action, auth, harvest_action, harvest_auth


@tk.blanket.config_declarations
@tk.blanket.actions(action)
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints(views)
class FederationPlugin(p.SingletonPlugin):
    pass


@tk.blanket.actions(harvest_action)
@tk.blanket.auth_functions(harvest_auth)
@tk.blanket.blueprints(harvest_views)
@tk.blanket.helpers(harvest_helpers)
class HarvestPlugin(p.SingletonPlugin):
    """Constrains ckanext-dcat's DCAT RDF harvester (see harvesting.py)."""

    p.implements(IDCATRDFHarvester, inherit=True)
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def before_download(self, url, harvest_job):
        return harvesting.before_download(url, harvest_job)

    def update_session(self, session):
        return harvesting.guarded_session(session)

    def before_create(self, harvest_object, dataset_dict, temp_dict):
        harvesting.prepare(harvest_object, dataset_dict)

    def before_update(self, harvest_object, dataset_dict, temp_dict):
        harvesting.prepare(harvest_object, dataset_dict)

    def after_create(self, harvest_object, dataset_dict, temp_dict):
        harvesting.after_import(harvest_object, dataset_dict)

    def after_update(self, harvest_object, dataset_dict, temp_dict):
        harvesting.after_import(harvest_object, dataset_dict)
