#!/usr/bin/env bash
# Create (once) the virtualenv of a reference tool the benchmarks compare the suite
# with, and print its python path. Each tool pins its own Flask or rdflib, which CKAN
# cannot share, hence a virtualenv of its own under benchmarks/.venv-<tool>.
#
#   bash benchmarks/tool_env.sh validata   # validata-table 0.12.5 (0.13 needs Python >= 3.12),
#                                          # plus frictionless's "ods" extra (ezodf, lxml):
#                                          # validata-table asks for frictionless[excel] only,
#                                          # so as installed it cannot open an .ods at all
#   bash benchmarks/tool_env.sh shacl      # pyshacl, for dcat_conformance.py
#   bash benchmarks/tool_env.sh udata      # udata (data.gouv.fr) with mongomock for MongoDB
#   bash benchmarks/tool_env.sh locust     # locust (load.py's clients: gevent, not CKAN's venv)
#   PYTHON=python3.11 bash benchmarks/tool_env.sh validata
set -euo pipefail

case "${1:-}" in
  validata) pins=("validata-table==0.12.5" "ezodf==0.3.2" "lxml==6.2.0"); probe="import validata_core, ezodf" ;;
  shacl) pins=("pyshacl==0.40.1"); probe="import pyshacl" ;;
  udata) pins=("udata==17.18.0" "mongomock==4.3.0"); probe="import mongomock, udata.core.dataset.rdf" ;;
  locust) pins=("locust==2.47.0"); probe="import locust" ;;
  *) echo "usage: $0 validata|shacl|udata|locust" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-$1"
PYTHON="${PYTHON:-python3.11}"

# Installed: the packages import (not only their metadata) at the pinned versions.
installed() {
    "$VENV/bin/python" - "$probe" "${pins[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
exec(sys.argv[1])
sys.exit(0 if all(version(pin.split("==")[0]) == pin.split("==")[1] for pin in sys.argv[2:])
         else 1)
PY
}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" >&2
fi
if ! installed; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}" >&2
    installed
fi
echo "$VENV/bin/python"
