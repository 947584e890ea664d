# Shared settings of the devstack scripts (sourced, not run).
# One variable, CKAN_VERSION, picks the CKAN release; everything that depends on it
# (virtualenv, databases, Solr core, config files) lives beside the other versions'.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${ODL_STATE_DIR:-$REPO/.devstack}
CKAN_VERSION=${CKAN_VERSION:-2.11.6}
VTAG=${CKAN_VERSION//./_}
# ODL_INSTANCE gives parallel test runs (several engineers on one machine) their
# own databases, Solr core and config files, sharing the virtualenv and services.
ODL_INSTANCE=${ODL_INSTANCE:-}
if [ -n "$ODL_INSTANCE" ]; then
  [[ $ODL_INSTANCE =~ ^[a-z0-9]+$ ]] || { echo "ODL_INSTANCE: lettres minuscules et chiffres seulement" >&2; exit 2; }
  VTAG=${VTAG}_$ODL_INSTANCE
fi
VDIR=$STATE/${CKAN_VERSION}${ODL_INSTANCE:+-$ODL_INSTANCE}
VENV=$STATE/venv-$CKAN_VERSION
SOLR_CORE=${SOLR_CORE:-ckan_$VTAG}
SOLR_PORT=${SOLR_PORT:-8983}
# SOLR_URL: an existing Solr (its base URL, e.g. http://solr.example.org:8983/solr) that
# the devstack uses instead of fetching and starting its own (devstack/solr.sh says how).
SOLR_URL=${SOLR_URL:-}
SOLR_BASE_URL=${SOLR_URL:-http://127.0.0.1:$SOLR_PORT/solr}
SOLR_BASE_URL=${SOLR_BASE_URL%/}
DB_NAME=odl_$VTAG
TEST_DB_NAME=odl_test_$VTAG
DB_USER=ckan
DB_PASSWORD=ckan
WEB_PORT=${WEB_PORT:-5000}
# The demo's commune catalogue (a static DCAT file the demo harvests), served by run.sh
# on a loopback address of its own: the only one the demo site's fetcher may read.
CATALOGUE_ADDRESS=127.0.0.3
CATALOGUE_PORT=${CATALOGUE_PORT:-$((WEB_PORT + 80))}
CATALOGUE_URL=http://$CATALOGUE_ADDRESS:$CATALOGUE_PORT
PYTHON=${PYTHON:-python3}
export ODL_STATE_DIR=$STATE SOLR_PORT SOLR_URL

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }

say() { echo "[devstack] $*"; }
die() { echo "[devstack] ERREUR : $*" >&2; exit 1; }

# wait_until SECONDS DESCRIPTION COMMAND... : poll with a deadline, never forever.
wait_until() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || return 1
    sleep 0.5
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$STATE" "$VDIR"

# redis_database NAME: the Redis database number kept for NAME (one per config file).
# CKAN's test fixtures empty every job queue and key of their database (clean_queues,
# clean_redis), whatever its site_id: two runs sharing a database lose each other's jobs.
REDIS_DATABASES=64
redis_database() {
  local registry=$STATE/redis-databases name=$1 number
  mkdir -p "$STATE"
  touch "$registry"
  number=$(awk -v n="$name" '$1 == n {print $2}' "$registry")
  if [ -z "$number" ]; then
    number=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m + 1}' "$registry")
    (( number < REDIS_DATABASES )) || die "plus de base Redis libre (voir $registry)"
    echo "$name $number" >> "$registry"
  fi
  # A Redis started before this script asked for $REDIS_DATABASES databases has 16.
  local served
  served=$(redis-cli -h 127.0.0.1 -p 6379 config get databases 2>/dev/null | tail -n 1)
  if [[ $served =~ ^[0-9]+$ ]] && (( number >= served )); then
    die "Redis ne sert que $served bases et $name a la base $number : redémarrez-le (make stop puis make setup)"
  fi
  echo "$number"
}
