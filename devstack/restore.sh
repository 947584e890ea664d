#!/usr/bin/env bash
# make restore BACKUP=file: puts a `make backup` file back — the database is replaced,
# the uploaded files too (the current ones are kept aside, not deleted), the schema
# is brought up to this version's migrations and the Solr index rebuilt from the
# database. Stop the site first (make stop): its workers would write meanwhile.
# CKAN_INI restores into another config file's database, storage and Solr core.
source "$(dirname "$0")/lib.sh"

backup=${1:-}
[ -n "$backup" ] || die "indiquez la sauvegarde : make restore BACKUP=chemin/vers/fichier.tar"
[ -f "$backup" ] || die "sauvegarde introuvable : $backup"
INI=${CKAN_INI:-$VDIR/ckan.ini}
[ -f "$INI" ] || die "pas de fichier de configuration $INI (lancez d'abord make setup)"
mapfile -t site < <("$VENV/bin/python" "$REPO/devstack/site_config.py" "$INI") \
  || die "configuration illisible : $INI"
db_url=${site[0]} db_name=${site[1]} db_user=${site[2]} storage=${site[3]}
[[ $db_name =~ ^[A-Za-z0-9_]+$ && $db_user =~ ^[A-Za-z0-9_]+$ ]] \
  || die "nom de base ou d'utilisateur inattendu dans $INI"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Everything is checked before anything is replaced.
tar -C "$work" -xf "$backup" manifest.json database.dump storage.tar 2>/dev/null \
  || die "$backup n'est pas une sauvegarde de make backup (archive incomplète ou illisible)"
grep -q '"opendatalocale-backup/1"' "$work/manifest.json" \
  || die "$backup n'est pas une sauvegarde de make backup (manifeste inconnu)"
pg_restore --list "$work/database.dump" >/dev/null 2>&1 || die "la base sauvegardée est illisible"
tar -tf "$work/storage.tar" >/dev/null || die "les fichiers sauvegardés sont illisibles"

say "restauration de la base $db_name"
psql_admin "DROP DATABASE IF EXISTS $db_name WITH (FORCE)"
psql_admin "CREATE DATABASE $db_name OWNER $db_user ENCODING 'UTF8' TEMPLATE template0"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$db_url" "$work/database.dump" \
  || die "pg_restore a échoué"
if [ -n "$storage" ]; then
  if [ -d "$storage" ] && [ -n "$(ls -A "$storage")" ]; then
    aside="$storage.avant-restauration-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$storage" "$aside"
    say "fichiers déposés présents mis de côté : $aside"
  fi
  mkdir -p "$storage"
  tar -C "$storage" -xf "$work/storage.tar"
fi
"$VENV/bin/ckan" -c "$INI" db upgrade >/dev/null 2>"$work/upgrade.log" \
  || { cat "$work/upgrade.log" >&2; die "échec des migrations après restauration"; }
say "reconstruction de l'index Solr"
"$VENV/bin/ckan" -c "$INI" search-index rebuild >/dev/null 2>"$work/index.log" \
  || { cat "$work/index.log" >&2; die "échec de la reconstruction de l'index"; }
say "restauration terminée depuis $backup"
