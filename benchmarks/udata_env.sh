#!/usr/bin/env bash
# Create (once) the virtualenv that runs udata (data.gouv.fr) for benchmarks/udata_readback.py.
# udata pins its own Flask, which CKAN cannot share; mongomock stands in for MongoDB.
#
#   bash benchmarks/udata_env.sh          # prints the venv's python path
set -euo pipefail

UDATA_VERSION="17.18.0"
MONGOMOCK_VERSION="4.3.0"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-udata"
PYTHON="${PYTHON:-python3.11}"

installed() {
    "$VENV/bin/python" - "$UDATA_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import mongomock, udata.core.dataset.rdf  # noqa: F401
sys.exit(0 if version("udata") == sys.argv[1] else 1)
PY
}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" >&2
fi
if ! installed; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "udata==$UDATA_VERSION" "mongomock==$MONGOMOCK_VERSION" >&2
    installed
fi
echo "$VENV/bin/python"
