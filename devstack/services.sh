#!/usr/bin/env bash
# Starts PostgreSQL and Redis (reused when already running) and creates the
# role and the databases of the chosen CKAN version.
source "$(dirname "$0")/lib.sh"

# PostgreSQL refuses to run as root: Debian's cluster tools switch to the postgres user.
start_postgresql() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return; fi
  local cluster
  cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 {print $1" "$2; exit}')
  if [ -z "$cluster" ]; then
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    [ -n "$version" ] || die "PostgreSQL n'est pas installé (lancez devstack/packages.sh)"
    say "création du cluster PostgreSQL $version/main"
    pg_createcluster "$version" main --port 5432 >/dev/null
    cluster="$version main"
  fi
  port_open 5432 && die "le port 5432 est pris par un autre programme que PostgreSQL"
  say "démarrage de PostgreSQL ($cluster)"
  pg_ctlcluster --skip-systemctl-redirect $cluster start
  wait_until 60 postgresql pg_isready -q -h 127.0.0.1 -p 5432 \
    || die "PostgreSQL ne répond pas après 60 s (voir /var/log/postgresql/)"
}

ensure_databases() {
  if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != 1 ]; then
    psql_admin "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
  fi
  local db
  for db in "$DB_NAME" "$TEST_DB_NAME"; do
    if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$db'")" != 1 ]; then
      say "création de la base $db"
      psql_admin "CREATE DATABASE $db OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
    fi
  done
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then return; fi
  port_open 6379 && die "le port 6379 est pris par un autre programme que Redis"
  say "démarrage de Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --databases "$REDIS_DATABASES" --save "" --appendonly no \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log"
  wait_until 20 redis redis-cli -h 127.0.0.1 -p 6379 ping \
    || die "Redis ne répond pas après 20 s (voir $STATE/redis.log)"
}

start_postgresql
ensure_databases
start_redis
