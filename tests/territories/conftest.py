"""Fixtures of the territory tests."""
import pytest


@pytest.fixture
def territories_db(odl_db):
    """A clean database with the tables of every suite plugin loaded: the territory
    tables, and those of plugins that react when a test creates datasets."""
