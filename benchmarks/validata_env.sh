#!/usr/bin/env bash
# Create (once) the virtualenv that runs Validata for the parity and speed
# benchmarks. Validata pins Flask 2.1, which CKAN 2.11 cannot share, hence a
# venv of its own. validata-table 0.13 needs Python >= 3.12; 0.12.5 is the
# newest release installable with the project's Python 3.11.
#
#   bash benchmarks/validata_env.sh          # prints the venv's python path
#   PYTHON=python3.11 bash benchmarks/validata_env.sh
set -euo pipefail

VALIDATA_VERSION="0.12.5"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-validata"
PYTHON="${PYTHON:-python3.11}"

installed() {
    "$VENV/bin/python" - "$VALIDATA_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import validata_core  # noqa: F401  (the package imports, not only its metadata)
sys.exit(0 if version("validata-table") == sys.argv[1] else 1)
PY
}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" >&2
fi
if ! installed; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        "validata-table==$VALIDATA_VERSION" >&2
    installed
fi
echo "$VENV/bin/python"
