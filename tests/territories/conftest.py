"""Fixtures of the territory tests: the suite's territory tables need their migrations."""
import pytest


@pytest.fixture
def territories_db(with_plugins, clean_db, migrate_db_for):
    """A clean database with the milestone and progress-history tables (the plugin
    must be loaded for CKAN to find its migrations)."""
    migrate_db_for("opendatalocale_territories")
