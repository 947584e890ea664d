"""Which modules of a capability are domain code, and the proof that they need no CKAN.

A capability folder (scdl/, territories/, menus/) holds two kinds of modules: the
CKAN wiring (plugin, views, logic/, tables, helpers, jobs...), named in each
capability's test_pure_domain.py, and everything else, its domain code (parsing,
checks, indicators...), which must import CKAN nowhere: neither directly, nor through
another suite module, nor inside a function. A new module is domain code unless it is
added to the wiring list, so a CKAN import cannot slip into one unnoticed.
"""
from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys

_REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SUITE = os.path.join(_REPO, "ckanext", "opendatalocale")
_PREFIX = "ckanext.opendatalocale"


@functools.lru_cache(maxsize=None)
def _module_files() -> dict:
    """{dotted name: path} of every suite module (alembic folders aside: they are
    CKAN's migration machinery, not code of the suite's own)."""
    found = {}
    for folder, subfolders, files in os.walk(_SUITE):
        subfolders[:] = [name for name in subfolders if name not in ("migration", "__pycache__")]
        for name in files:
            if name.endswith(".py"):
                relative = os.path.relpath(os.path.join(folder, name), _SUITE)[:-3]
                dotted = ".".join([_PREFIX] + relative.split(os.sep))
                found[dotted.removesuffix(".__init__")] = os.path.join(folder, name)
    return found


@functools.lru_cache(maxsize=None)
def _imports(dotted: str, path: str) -> tuple:
    """Absolute names of everything the module imports, anywhere in its source."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), filename=path)
    package = dotted if path.endswith("__init__.py") else dotted.rsplit(".", 1)[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.append(module)
            # `from . import x` and `from .pkg import module` name modules too
            names += [f"{module}.{alias.name}" for alias in node.names]
    return tuple(names)


def _is_ckan(name: str) -> bool:
    return name == "ckan" or name.startswith("ckan.") or (
        name.startswith("ckanext.") and not name.startswith(_PREFIX + ".")
        and name != _PREFIX)


def capability_modules(capability: str) -> list:
    prefix = f"{_PREFIX}.{capability}"
    return sorted(name for name in _module_files() if name == prefix or name.startswith(prefix + "."))


def domain_modules(capability: str, wiring) -> list:
    """The capability's modules that are not named (or inside a package named) in
    ``wiring`` (names relative to the capability, e.g. "logic", "views")."""
    prefix = f"{_PREFIX}.{capability}"
    wired = [f"{prefix}.{name}" for name in wiring]
    return [name for name in capability_modules(capability)
            if not any(name == w or name.startswith(w + ".") for w in wired)]


def missing_wiring(capability: str, wiring) -> list:
    """Names in a wiring list that no longer exist (a renamed module must be renamed
    there too, or the list would silently stop meaning anything)."""
    modules = capability_modules(capability)
    prefix = f"{_PREFIX}.{capability}"
    return [name for name in wiring
            if not any(m == f"{prefix}.{name}" or m.startswith(f"{prefix}.{name}.") for m in modules)]


def ckan_import_chains(modules) -> list:
    """For each module reaching CKAN, the chain of suite modules that leads there,
    e.g. ["...menus.store", "ckan.plugins.toolkit"]."""
    files = _module_files()
    chains = []
    for start in modules:
        seen, pending = {start}, [[start]]
        while pending:
            chain = pending.pop()
            found = None
            for name in _imports(chain[-1], files[chain[-1]]):
                if _is_ckan(name):
                    found = chain + [name]
                    break
                # a suite module (or the package holding an imported name)
                target = name if name in files else name.rsplit(".", 1)[0]
                if target in files and target not in seen:
                    seen.add(target)
                    pending.append(chain + [target])
            if found:
                chains.append(found)
                break
    return chains


_BLOCKED_IMPORT = """
import importlib, sys
for name in ("ckan", "ckanext.scheming"):
    sys.modules[name] = None  # any import of it now raises ImportError
failed = []
for module in sys.argv[1:]:
    try:
        importlib.import_module(module)
    except ImportError as error:
        failed.append(f"{module}: {error}")
print("\\n".join(failed))
"""


def modules_failing_without_ckan(modules) -> list:
    """Import the modules in a fresh interpreter where CKAN cannot be imported (even
    when it is installed); the ones that fail, with the reason."""
    result = subprocess.run(
        [sys.executable, "-c", _BLOCKED_IMPORT, *modules], cwd=_REPO,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_REPO, os.environ.get("PYTHONPATH")]))),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]
