#!/usr/bin/env bash
# `make stop`: stops what `make run` started (web, worker) and, unless told
# `web`, Solr and the Redis this project started. PostgreSQL is left running.
source "$(dirname "$0")/lib.sh"

stop_pid() {
  local name=$1 file=$VDIR/run/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.3; done
    kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
    say "$name arrêté"
  fi
  rm -f "$file"
}

stop_pid web
stop_pid worker
[ "${1:-all}" = web ] && exit 0

"$REPO/devstack/solr.sh" stop || true
if [ -f "$STATE/redis.pid" ]; then
  redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
  rm -f "$STATE/redis.pid"
  say "redis arrêté"
fi
