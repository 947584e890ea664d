"""Fixtures shared by the suite's CKAN-level tests.

CKAN's own pytest plugin (ckan.tests.pytest_ckan, loaded with --ckan-ini) brings
clean_db, clean_index, with_plugins, app... against the real PostgreSQL and Solr
started by devstack/.
"""
import pytest


@pytest.fixture
def odl_db(clean_db, migrate_db_for):
    """A clean database with the suite's own tables (clean_db drops them)."""
    migrate_db_for("opendatalocale")
