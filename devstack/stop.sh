#!/usr/bin/env bash
# `make stop`: stops what `make run` started (web, workers, harvest consumers, demo
# catalogue) and, unless told `web` or `catalogue`, Solr and the Redis this project
# started. PostgreSQL is left running.
source "$(dirname "$0")/lib.sh"

stop_pid() {
  local name=$1 file=$2 pid
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

if [ "${1:-all}" = catalogue ]; then
  stop_pid catalogue "$VDIR/run/catalogue.pid"
  exit 0
fi
if [ "${1:-all}" = web ]; then
  # run.sh restarting its own server: this version and instance only.
  stop_pid web "$VDIR/run/web.pid"
  stop_pid worker "$VDIR/run/worker.pid"
  stop_pid harvest "$VDIR/run/harvest.pid"
  exit 0
fi
# Everything `make run` started, whatever the version or instance.
for dir in "$STATE"/*/run; do
  [ -d "$dir" ] || continue
  stop_pid "web ($(basename "$(dirname "$dir")"))" "$dir/web.pid"
  stop_pid "worker ($(basename "$(dirname "$dir")"))" "$dir/worker.pid"
  stop_pid "harvest ($(basename "$(dirname "$dir")"))" "$dir/harvest.pid"
  stop_pid "catalogue ($(basename "$(dirname "$dir")"))" "$dir/catalogue.pid"
done

"$REPO/devstack/solr.sh" stop || true
if [ -f "$STATE/redis.pid" ]; then
  redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
  rm -f "$STATE/redis.pid"
  say "redis arrêté"
fi
