"""Fixtures shared by the suite's CKAN-level tests.

CKAN's own pytest plugin (ckan.tests.pytest_ckan, loaded with --ckan-ini) brings
clean_db, clean_index, with_plugins, app... against the real PostgreSQL and Solr
started by devstack/.
"""
import os

import pytest
import ckan.plugins as p

_MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "ckanext", "opendatalocale", "migration")


def suite_plugins_with_tables():
    return sorted(name for name in os.listdir(_MIGRATIONS)
                  if os.path.isdir(os.path.join(_MIGRATIONS, name, "versions")))


@pytest.fixture
def odl_db(with_plugins, clean_db, migrate_db_for):
    """A clean database with the suite's own tables (clean_db drops them).

    CKAN finds a plugin's migrations only once the plugin is loaded, hence with_plugins.
    """
    for plugin in suite_plugins_with_tables():
        if p.plugin_loaded(plugin):
            migrate_db_for(plugin)
