#!/usr/bin/env bash
# make backup [BACKUP=file]: one file with what a site cannot rebuild — its PostgreSQL
# database (CKAN's tables, the suite's odl_ tables, harvest tables) and its uploaded
# files. The Solr index is left out: `make restore` rebuilds it from the database.
# CKAN_INI picks another config file than the version's demo one.
source "$(dirname "$0")/lib.sh"

INI=${CKAN_INI:-$VDIR/ckan.ini}
[ -f "$INI" ] || die "pas de fichier de configuration $INI (lancez d'abord make run ou make setup)"
mapfile -t site < <("$VENV/bin/python" "$REPO/devstack/site_config.py" "$INI") \
  || die "configuration illisible : $INI"
db_url=${site[0]} db_name=${site[1]} storage=${site[3]}
out=${1:-$STATE/backups/opendatalocale-$VTAG-$(date -u +%Y%m%dT%H%M%SZ).tar}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say "sauvegarde de la base $db_name"
pg_dump --format=custom --no-owner --no-privileges --dbname="$db_url" --file="$work/database.dump" \
  || die "pg_dump a échoué : rien n'est écrit"
if [ -n "$storage" ] && [ -d "$storage" ]; then
  say "sauvegarde des fichiers déposés ($storage)"
  tar -C "$storage" -cf "$work/storage.tar" . || die "lecture de $storage impossible : rien n'est écrit"
else
  tar -cf "$work/storage.tar" --files-from /dev/null
fi
"$VENV/bin/python" - "$work/manifest.json" "$CKAN_VERSION" "$db_name" <<'PY'
import datetime, json, sys
json.dump({"format": "opendatalocale-backup/1", "ckan_version": sys.argv[2],
           "database": sys.argv[3],
           "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")},
          open(sys.argv[1], "w"), indent=2)
PY
# Written beside, then moved: an interrupted backup never looks like a complete one.
tar -C "$work" -cf "$out.partial" manifest.json database.dump storage.tar \
  && mv "$out.partial" "$out" || { rm -f "$out.partial"; die "écriture de $out impossible"; }
say "sauvegarde écrite : $out ($(du -h "$out" | cut -f1))"
