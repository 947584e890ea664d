"""What the whole suite shares: the `ckan` marker, and the fixtures of CKAN-level tests.

Two kinds of tests live side by side in each folder:

* pure tests of the domain code (parsing, checks, indicators...), which need neither
  CKAN nor a database and run in a plain virtualenv:
  ``python -m pytest tests/scdl tests/territories tests/menus -m "not ckan"``
  (``make test-pure``);
* CKAN-level tests, run by ``make test`` through CKAN's own pytest plugin
  (``--ckan-ini``: clean_db, clean_index, with_plugins, app...) against the real
  PostgreSQL, Solr and Redis started by devstack/.

The ``ckan`` marker is set here, so it cannot be forgotten: a test is CKAN-level when
its module holds something of CKAN, when it uses a fixture of CKAN's plugin (directly or
through another fixture), when a fixture it asks for exists only with CKAN, or when it
carries ``ckan_config``. Only a test that reaches CKAN some other way (a subprocess
started with the --ckan-ini file, say) writes ``pytest.mark.ckan`` itself; the pure run
(``make test-pure``) fails on one that does not. Without CKAN installed, a test module or
a folder's conftest that imports CKAN at top level is not even imported.

This file and the folders' conftests import CKAN only inside fixtures, for the same
reason.
"""
import ast
import importlib.util
import os
import types

import pytest

import ckanext

_REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SUITE = os.path.join(_REPO, "ckanext", "opendatalocale")

# CKAN's namespace .pth files create ``ckanext`` from site-packages at start-up, so a
# PYTHONPATH entry alone is not searched; once the suite is installed (pip install -e .)
# this does nothing.
if os.path.join(_REPO, "ckanext") not in list(ckanext.__path__):
    # a plain list: a _NamespacePath would recompute itself from sys.path
    ckanext.__path__ = list(ckanext.__path__) + [os.path.join(_REPO, "ckanext")]

CKAN_INSTALLED = importlib.util.find_spec("ckan") is not None


def _parse_yaml_in_c():
    """CKAN's test fixtures load the plugins again for every test, and with them some
    forty YAML files (scheming's schemas and presets, config declarations): PyYAML's
    pure-Python parser was a second of each CKAN-level test. Its C parser (libyaml, the
    same library's) reads them alike."""
    try:
        import yaml
    except ImportError:
        return
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return

    def safe_load(stream):
        return yaml.load(stream, Loader=loader)

    yaml.safe_load = safe_load


_parse_yaml_in_c()

_left_out = []  # test files and folders not imported because CKAN is absent


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "ckan: CKAN-level test (CKAN's pytest plugin with --ckan-ini, PostgreSQL, Solr, "
        "Redis); set by tests/conftest.py from the fixtures and imports of a test")


def _imports_ckan_at_top(path) -> bool:
    """Whether a Python file imports CKAN when it is imported (functions aside)."""
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), filename=str(path))
    except (OSError, SyntaxError):
        return False  # let pytest import it and say what is wrong
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            pending.extend(ast.iter_child_nodes(node))
            continue
        if any(name == "ckan" or name.startswith("ckan.") for name in names):
            return True
    return False


def pytest_ignore_collect(collection_path, config):
    if CKAN_INSTALLED:
        return None
    path = str(collection_path)
    if os.path.isdir(path):
        conftest = os.path.join(path, "conftest.py")
        if os.path.exists(conftest) and _imports_ckan_at_top(conftest):
            _left_out.append(os.path.relpath(path, _REPO) + "/")
            return True
        return None
    if path.endswith(".py") and os.path.basename(path).startswith("test_") \
            and _imports_ckan_at_top(path):
        _left_out.append(os.path.relpath(path, _REPO))
        return True
    return None


def _holds_ckan(module) -> bool:
    for value in vars(module).values():
        name = value.__name__ if isinstance(value, types.ModuleType) \
            else getattr(value, "__module__", None) or ""
        if name == "ckan" or name.startswith("ckan."):
            return True
    return False


def _needs_ckan(item) -> bool:
    if item.get_closest_marker("ckan_config") is not None:
        return True
    module = getattr(item, "module", None)
    if module is not None and _holds_ckan(module):
        return True
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    parametrized = getattr(getattr(item, "callspec", None), "params", {})
    for name in item.fixturenames:
        definitions = info.name2fixturedefs.get(name)
        if not definitions:
            if name != "request" and name not in parametrized:
                return True  # nobody defines it here: a fixture of CKAN's plugin
            continue
        if any(d.func.__module__.startswith("ckan.") for d in definitions):
            return True
    return False


def pytest_collection_modifyitems(config, items):
    # Runs before pytest's own -m selection (conftest hooks come first), which then
    # sees the marker.
    for item in items:
        if _needs_ckan(item):
            item.add_marker(pytest.mark.ckan)


def pytest_collection_finish(session):
    """A CKAN-level test selected where it cannot run is a usage error, not a failure
    at setup deep in CKAN's fixtures."""
    selected = [item for item in session.items if item.get_closest_marker("ckan")]
    if not selected:
        return
    if not CKAN_INSTALLED:
        raise pytest.UsageError(
            f"{len(selected)} tests need CKAN (e.g. {selected[0].nodeid}), which is not "
            "installed here: add -m \"not ckan\" for the pure tests, or use `make test`.")
    if not getattr(session.config.option, "ckan_ini", None):
        raise pytest.UsageError(
            f"{len(selected)} tests need CKAN's test configuration (e.g. "
            f"{selected[0].nodeid}): add --ckan-ini=.devstack/<version>/test.ini, "
            "or -m \"not ckan\" for the pure tests.")


def pytest_report_header(config):
    if not CKAN_INSTALLED:
        return "CKAN is not installed: pure tests only; test files importing CKAN are not collected"
    return None


def pytest_terminal_summary(terminalreporter, config):
    asked = [os.path.relpath(os.path.abspath(arg.split("::")[0]), _REPO) for arg in config.args]
    left_out = sorted(path for path in _left_out
                      if any(path == a or path.startswith(a.rstrip("/") + "/") or a == "." for a in asked))
    if left_out:
        terminalreporter.write_line(
            f"CKAN absent: {len(left_out)} CKAN-level test files and folders not imported "
            f"({', '.join(left_out)})")


def suite_plugins_with_tables():
    """Plugins with migrations. CKAN's `db upgrade -p` looks for them under
    `ckanext/<extension>/migration/<plugin>` whatever folder the plugin class is in."""
    migrations = os.path.join(_SUITE, "migration")
    return sorted(name for name in os.listdir(migrations)
                  if os.path.isdir(os.path.join(migrations, name, "versions")))


@pytest.fixture
def odl_db(with_plugins, clean_db, migrate_db_for):
    """A clean database with the suite's own tables (clean_db drops them).

    CKAN finds a plugin's migrations only once the plugin is loaded, hence with_plugins.
    """
    import ckan.plugins as p

    for plugin in suite_plugins_with_tables():
        # Alembic's own check (its environment loaded, the scripts read) was a second
        # of every CKAN-level test; the version table says the same in one query.
        if p.plugin_loaded(plugin) and not _at_head(plugin):
            migrate_db_for(plugin)


_HEADS: dict = {}


def _at_head(plugin: str) -> bool:
    """Whether the plugin's alembic version table holds its latest revisions."""
    import sqlalchemy as sa
    from alembic.script import ScriptDirectory
    from ckan import model

    if plugin not in _HEADS:
        folder = os.path.join(_SUITE, "migration", plugin)
        _HEADS[plugin] = sorted(ScriptDirectory(folder).get_heads())
    try:
        with model.Session.get_bind().connect() as connection:
            rows = connection.execute(sa.text(
                f'SELECT version_num FROM "{plugin}_alembic_version"')).fetchall()
    except sa.exc.DBAPIError:  # no table yet
        return False
    return sorted(row[0] for row in rows) == _HEADS[plugin]


@pytest.fixture
def clean_db(clean_db, migrate_db_for):  # noqa: F811 — CKAN's fixture, extended
    """CKAN's clean_db, extended: once a harvest test has loaded ckanext-harvest,
    CKAN 2.11 keeps its purge hook, which reads harvest_object: its tables come back
    with the others."""
    import ckan.plugins as p

    if p.plugin_loaded("harvest"):
        migrate_db_for("harvest")
