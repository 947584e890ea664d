#!/usr/bin/env bash
# Create (once) the virtualenv that runs pyshacl for benchmarks/dcat_conformance.py.
# Kept apart from CKAN's: pyshacl brings owlrl and its own rdflib range.
#
#   bash benchmarks/shacl_env.sh          # prints the venv's python path
set -euo pipefail

PYSHACL_VERSION="0.40.1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-shacl"
PYTHON="${PYTHON:-python3.11}"

installed() {
    "$VENV/bin/python" - "$PYSHACL_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import pyshacl  # noqa: F401
sys.exit(0 if version("pyshacl") == sys.argv[1] else 1)
PY
}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" >&2
fi
if ! installed; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "pyshacl==$PYSHACL_VERSION" >&2
    installed
fi
echo "$VENV/bin/python"
