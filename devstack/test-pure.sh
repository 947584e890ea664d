#!/usr/bin/env bash
# `make test-pure`: every pure test (domain code: SCDL validation, phases, referential,
# menu files...) in a virtualenv with the suite and its development requirements but no
# CKAN, and without PostgreSQL, Solr or Redis. Installing the suite there with its
# dependencies also checks that setup.py declares what the suite imports.
source "$(dirname "$0")/lib.sh"

PURE_VENV=$STATE/venv-pure
stamp_want=$(cat "$REPO/requirements.txt" "$REPO/dev-requirements.txt" "$REPO/setup.py" \
  | sha256sum | cut -c1-16)-$REPO
if [ ! -x "$PURE_VENV/bin/python" ]; then
  say "création du virtualenv $PURE_VENV (sans CKAN)"
  "$PYTHON" -m venv "$PURE_VENV"
fi
if [ "$(cat "$PURE_VENV/.odl-installed" 2>/dev/null)" != "$stamp_want" ]; then
  say "installation de la suite et de ses dépendances de développement, sans CKAN"
  "$PURE_VENV/bin/pip" install -q -e "$REPO" -r "$REPO/dev-requirements.txt" \
    || die "pip n'a pas pu installer la suite dans $PURE_VENV"
  "$PURE_VENV/bin/pip" check >/dev/null || die "conflit de dépendances : $("$PURE_VENV/bin/pip" check)"
  if "$PURE_VENV/bin/python" -c 'import ckan' 2>/dev/null; then
    die "une dépendance a installé CKAN dans $PURE_VENV : les tests purs ne prouveraient plus rien"
  fi
  echo "$stamp_want" > "$PURE_VENV/.odl-installed"
fi

cd "$REPO"
started=$SECONDS
set +e
"$PURE_VENV/bin/python" -m pytest -p no:cacheprovider -m "not ckan" "$@" tests
status=$?
set -e
say "tests purs (sans CKAN) : pytest a terminé avec le code $status en $((SECONDS - started)) s"
exit $status
