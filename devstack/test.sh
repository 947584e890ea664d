#!/usr/bin/env bash
# `make test`: set up one CKAN version and run the whole suite against it.
source "$(dirname "$0")/lib.sh"

[ -n "${ODL_SKIP_SETUP:-}" ] || "$REPO/devstack/setup.sh"
say "tests sur CKAN $CKAN_VERSION"
cd "$REPO"
started=$SECONDS
set +e
"$VENV/bin/python" -m pytest --ckan-ini="$VDIR/test.ini" -p no:cacheprovider "$@" tests
status=$?
set -e
say "CKAN $CKAN_VERSION : pytest a terminé avec le code $status en $((SECONDS - started)) s"
# Exit code 5 means no test ran: that is a failure, never a pass.
exit $status
