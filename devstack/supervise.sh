#!/usr/bin/env bash
# supervise.sh NAME LOG COMMAND... : runs COMMAND, starts it again when it stops
# (after 1 s, up to 30 s when it keeps failing fast), until this script is
# terminated; then it terminates COMMAND too. `make stop` kills its process group.
name=$1 log=$2; shift 2
child=
trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
pause=1
while true; do
  started=$SECONDS
  "$@" >> "$log" 2>&1 &
  child=$!
  wait "$child"
  status=$?
  echo "[supervise] $name s'est arrêté (code $status) : redémarrage dans ${pause} s" >> "$log"
  sleep "$pause"
  # A process that ran a while was healthy: start again quickly; one that keeps
  # failing at once waits longer each time, so a broken config does not spin.
  if (( SECONDS - started > 60 )); then pause=1; else pause=$(( pause * 2 > 30 ? 30 : pause * 2 )); fi
done
