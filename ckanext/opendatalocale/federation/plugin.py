"""The `opendatalocale_dcat` plugin: the suite's catalogue for harvesters (DCAT-AP).

Wiring only. The RDF profile is not a plugin: ckanext-dcat finds it through the
``ckan.rdf.profiles`` entry point ``opendatalocale_dcat_ap`` (profile.py), enabled by
``ckanext.dcat.rdf.profiles``. This plugin needs ckanext-dcat's ``dcat`` plugin.

`opendatalocale_harvest` is separate so that a site without ckanext-harvest still loads
the catalogue: it needs ``harvest`` and ckanext-dcat's ``dcat_rdf_harvester``.
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.dcat.interfaces import IDCATRDFHarvester

from . import harvesting, views
from .logic import auth


@tk.blanket.config_declarations
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints(views)
class FederationPlugin(p.SingletonPlugin):
    pass


class HarvestPlugin(p.SingletonPlugin):
    """Constrains ckanext-dcat's DCAT RDF harvester (see harvesting.py)."""

    p.implements(IDCATRDFHarvester, inherit=True)

    def before_download(self, url, harvest_job):
        return harvesting.before_download(url, harvest_job)

    def update_session(self, session):
        return harvesting.guarded_session(session)

    def before_create(self, harvest_object, dataset_dict, temp_dict):
        harvesting.prepare(harvest_object, dataset_dict)

    def before_update(self, harvest_object, dataset_dict, temp_dict):
        harvesting.prepare(harvest_object, dataset_dict)
