#!/usr/bin/env bash
# `make i18n`: extract the French source strings and update the English catalogue.
# New strings arrive untranslated (empty msgstr, shown in French until translated).
source "$(dirname "$0")/lib.sh"
[ -x "$VENV/bin/pybabel" ] || die "lancez d'abord make setup"
dir=$REPO/ckanext/opendatalocale/i18n
pot=$dir/ckanext-opendatalocale.pot
cd "$REPO"
"$VENV/bin/pybabel" extract -F babel.cfg -k _ -k N_ -k ungettext:1,2 -k ngettext:1,2 \
  --no-location --omit-header --sort-output -o "$pot" . >/dev/null 2>&1
po=$dir/en/LC_MESSAGES/ckanext-opendatalocale.po
if [ -f "$po" ]; then
  "$VENV/bin/pybabel" update -i "$pot" -d "$dir" -D ckanext-opendatalocale -l en --no-fuzzy-matching --ignore-obsolete >/dev/null 2>&1
else
  "$VENV/bin/pybabel" init -i "$pot" -d "$dir" -D ckanext-opendatalocale -l en >/dev/null 2>&1
fi
untranslated=$(msgattrib --untranslated "$po" | grep -c '^msgid ' || true)
say "catalogue anglais : $po ($untranslated chaînes sans traduction)"
