"""Fixtures of the pure SCDL tests (tests/conftest.py makes the work tree's
ckanext.opendatalocale importable)."""
import pytest

from ckanext.opendatalocale.scdl import i18n
from ckanext.opendatalocale.scdl.catalogue import default_catalogue


@pytest.fixture(autouse=True)
def french_messages():
    """Each test starts with untranslated (French) messages."""
    i18n.set_translator(None)
    yield
    i18n.set_translator(None)


@pytest.fixture(scope="session")
def catalogue():
    return default_catalogue()


@pytest.fixture(scope="session")
def subventions(catalogue):
    return catalogue.get("scdl/subventions")


@pytest.fixture(scope="session")
def subventions_example(subventions):
    with open(subventions.examples["example-valid"], "rb") as handle:
        return handle.read()
