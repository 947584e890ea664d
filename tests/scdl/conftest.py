"""SCDL test fixtures; also makes the work tree's ckanext.opendatalocale importable.

CKAN's namespace .pth files create ``ckanext`` from site-packages at start-up,
so a PYTHONPATH entry alone is not searched; once the package is installed
(pip install -e .) the path fix does nothing.
"""
import os

import ckanext

_HERE = os.path.dirname(os.path.abspath(__file__))
_CKANEXT = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "ckanext")
if _CKANEXT not in list(ckanext.__path__):
    # a plain list: a _NamespacePath would recompute itself from sys.path
    ckanext.__path__ = list(ckanext.__path__) + [_CKANEXT]

import pytest  # noqa: E402

from ckanext.opendatalocale.scdl import i18n  # noqa: E402
from ckanext.opendatalocale.scdl.catalogue import default_catalogue  # noqa: E402


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
