#!/usr/bin/env bash
# Apache Solr 9 for CKAN, for development and CI, without Docker.
#
# Solr comes from Maven Central (org.apache.solr:solr-test-framework, see
# devstack/solr/pom.xml) and runs in one JVM through a small launcher
# (devstack/solr/Launcher.java), listening on 127.0.0.1 only.
#
# Usage:
#   devstack/solr.sh start CORE SCHEMA_XML   start Solr (or reuse it) and make sure
#                                            core CORE exists with this schema.xml
#   devstack/solr.sh stop                    stop Solr
#   devstack/solr.sh status                  is Solr running, which cores (exit 3 if not running)
#   devstack/solr.sh delete CORE             unload a core and delete its files
#
# Core URL: http://127.0.0.1:$SOLR_PORT/solr/CORE
#
# Environment:
#   ODL_STATE_DIR       state root (default: <repo>/.devstack); Solr uses $ODL_STATE_DIR/solr
#                       (lib/ jars, classes/ launcher, home/ cores and indexes, logs/, solr.pid)
#   SOLR_PORT           HTTP port on 127.0.0.1 (default 8983)
#   SOLR_HEAP           JVM max heap (default 512m)
#   SOLR_JAVA_OPTS      extra JVM options (word-split)
#   SOLR_START_TIMEOUT  seconds to wait for Solr and the core to be ready (default 90)
#   SOLR_STOP_TIMEOUT   seconds to wait for a clean stop before kill -9 (default 30)
#   SOLR_URL            an existing Solr to use instead, by its base URL (e.g.
#                       http://solr.example.org:8983/solr): nothing is fetched, started or
#                       stopped here. `start` makes sure core CORE answers there with CKAN's
#                       schema, creating a missing one with the CoreAdmin API from
#                       SOLR_CONFIGSET; `stop` leaves that Solr alone; `delete` unloads the
#                       core there. Core URL: $SOLR_URL/CORE
#   SOLR_CONFIGSET      with SOLR_URL: a configset of that Solr whose conf/ holds CKAN's
#                       schema.xml and a solrconfig.xml, used only to create a missing core
#
# Needs java (17+), javac, mvn, curl and python3 on PATH (curl and python3 only with
# SOLR_URL); installs nothing itself.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
SRC_DIR=$SCRIPT_DIR/solr

STATE_ROOT=${ODL_STATE_DIR:-$REPO_DIR/.devstack}
case $STATE_ROOT in /*) ;; *) STATE_ROOT=$PWD/$STATE_ROOT ;; esac
STATE_DIR=$STATE_ROOT/solr
LIB_DIR=$STATE_DIR/lib
CLASSES_DIR=$STATE_DIR/classes
SOLR_HOME=$STATE_DIR/home
LOG_DIR=$STATE_DIR/logs
LOG_FILE=$LOG_DIR/solr.out
PID_FILE=$STATE_DIR/solr.pid
LOCK_FILE=$STATE_DIR/.lock
LIB_MARKER=$LIB_DIR/.complete

PORT=${SOLR_PORT:-8983}
HEAP=${SOLR_HEAP:-512m}
START_TIMEOUT=${SOLR_START_TIMEOUT:-90}
STOP_TIMEOUT=${SOLR_STOP_TIMEOUT:-30}
BASE_URL=http://127.0.0.1:$PORT/solr

info() { echo "[solr] $*"; }
warn() { echo "[solr] WARNING: $*" >&2; }
die() { echo "[solr] ERROR: $*" >&2; exit 1; }

usage() {
  sed -n '/^# Usage:/,/^# Core URL/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

need_tools() {
  local missing=() t
  for t in java javac mvn curl python3 setsid nohup flock; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if ((${#missing[@]})); then
    die "missing required tool(s): ${missing[*]} (install them first, e.g. a JDK 17 and Maven; this script installs nothing)"
  fi
}

lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$LOCK_FILE"
  if ! flock -w 600 9; then
    die "another devstack/solr.sh is holding $LOCK_FILE for more than 600 s"
  fi
}

# --- HTTP helpers ------------------------------------------------------------

# http GET; prints the body; fails on connection errors only (not on HTTP status).
http() { curl -sS --max-time "${2:-10}" "$1" 2>/dev/null; }

node_up() { curl -fsS --max-time 3 -o /dev/null "$BASE_URL/admin/cores?action=STATUS&indexInfo=false&wt=json" 2>/dev/null; }

core_ping_ok() {
  local body
  body=$(curl -sS --max-time 5 "$BASE_URL/$1/admin/ping?wt=json" 2>/dev/null) || return 1
  [[ $body =~ \"status\"[[:space:]]*:[[:space:]]*\"OK\" ]]
}

port_in_use() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; }

# Run a small python snippet on JSON read from stdin.
pyjson() { python3 -c "import json,sys
try:
    d = json.load(sys.stdin)
except Exception:
    d = {}
$1" "${@:2}"; }

# loaded | failed | absent | unknown
core_state() {
  local body
  body=$(http "$BASE_URL/admin/cores?action=STATUS&core=$1&indexInfo=false&wt=json") || { echo unknown; return; }
  printf '%s' "$body" | pyjson '
name = sys.argv[1]
if not d:
    print("unknown")
elif name in (d.get("initFailures") or {}):
    print("failed")
elif (d.get("status") or {}).get(name, {}).get("name") == name:
    print("loaded")
else:
    print("absent")' "$1"
}

init_failure() {
  http "$BASE_URL/admin/cores?action=STATUS&indexInfo=false&wt=json" | pyjson '
f = (d.get("initFailures") or {}).get(sys.argv[1])
if f:
    print(f)' "$1" || true
}

# Call the CoreAdmin API; on error print Solr's message and return 1.
core_admin() {
  local query=$1 body
  body=$(curl -sS --max-time 120 "$BASE_URL/admin/cores?$query&wt=json" 2>&1) || { echo "$body"; return 1; }
  printf '%s' "$body" | pyjson '
if d.get("responseHeader", {}).get("status") != 0:
    err = d.get("error") or {}
    print(err.get("msg") or json.dumps(d) or "no/invalid response")
    sys.exit(1)'
}

log_tail() {
  if [[ -z ${SOLR_URL:-} && -s $LOG_FILE ]]; then
    echo "[solr] last lines of $LOG_FILE:" >&2
    tail -n "${1:-30}" "$LOG_FILE" | sed 's/^/    /' >&2
  fi
}

# RELOAD of a loaded core with a new conf failed: Solr keeps serving the old
# core but also lists the core in initFailures. Put the previous conf back and
# RELOAD again so that disk and Solr agree, then report the failure.
reload_failed() { # CORE MESSAGE
  local core=$1 conf=$SOLR_HOME/$1/conf reason f
  reason=$(init_failure "$core")
  for f in schema.xml solrconfig.xml; do
    [[ -f $conf/$f.prev ]] && mv -f "$conf/$f.prev" "$conf/$f"
  done
  if core_admin "action=RELOAD&core=$core" >/dev/null; then
    warn "core '$core' keeps its previous configuration"
  fi
  echo "[solr] ERROR: core '$core': $2" >&2
  [[ -n $reason ]] && echo "[solr] reason: $reason" >&2
  log_tail 30
  exit 1
}

fail_core() { # CORE MESSAGE
  local reason
  echo "[solr] ERROR: core '$1': $2" >&2
  reason=$(init_failure "$1")
  [[ -n $reason ]] && echo "[solr] init failure of core '$1': $reason" >&2
  log_tail 30
  exit 1
}

# --- process -------------------------------------------------------------------

# Prints the pid of our Solr if its process is alive.
our_pid() {
  local pid
  [[ -s $PID_FILE ]] || return 1
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "Launcher $SOLR_HOME " || return 1
  echo "$pid"
}

# Port our running Solr (PID) was started with (3rd launcher argument).
running_port() { tr '\0' '\n' <"/proc/$1/cmdline" | grep -A1 -x "$SOLR_HOME" | tail -n 1; }

# --- install -------------------------------------------------------------------

lib_ok() {
  [[ -f $LIB_MARKER ]] && [[ $(<"$LIB_MARKER") == "$(sha256sum "$SRC_DIR/pom.xml" | cut -d' ' -f1)" ]]
}

fetch_jars() {
  local tmp=$LIB_DIR.tmp stamp versions
  stamp=$(sha256sum "$SRC_DIR/pom.xml" | cut -d' ' -f1)
  info "fetching Solr jars with Maven into $LIB_DIR (first time: 1-2 minutes) ..."
  rm -rf "$tmp"
  mkdir -p "$LOG_DIR"
  if ! mvn -B -q -f "$SRC_DIR/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$LOG_DIR/mvn.log" 2>&1; then
    tail -n 30 "$LOG_DIR/mvn.log" | sed 's/^/    /' >&2
    die "Maven could not fetch the Solr jars (full log: $LOG_DIR/mvn.log)"
  fi
  compgen -G "$tmp/solr-core-*.jar" >/dev/null && compgen -G "$tmp/solr-test-framework-*.jar" >/dev/null \
    || die "Maven ran but solr-core / solr-test-framework jars are missing in $tmp"
  if compgen -G "$tmp/javax.servlet-api-*.jar" >/dev/null; then
    die "javax.servlet-api got into $tmp; exclude it in $SRC_DIR/pom.xml"
  fi
  # All Jetty jars must be one version (Solr 9 needs Jetty 10).
  versions=$(cd "$tmp" && { ls jetty-*.jar http2-*.jar 2>/dev/null || true; } | grep -v '^jetty-servlet-api-' \
    | sed -E 's/.*-([0-9]+\.[0-9]+\.[0-9]+[^-]*)\.jar$/\1/' | sort -u || true)
  if [[ $(wc -l <<<"$versions") -ne 1 || $versions != 10.* ]]; then
    die "mixed or unexpected Jetty versions in $tmp: $(echo $versions); pin Jetty 10 in $SRC_DIR/pom.xml"
  fi
  echo "$stamp" >"$tmp/.complete"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  info "fetched $(ls "$LIB_DIR"/*.jar | wc -l) jars (Jetty $versions)"
}

compile_launcher() {
  local cls=$CLASSES_DIR/Launcher.class
  if [[ -f $cls && ! $SRC_DIR/Launcher.java -nt $cls && ! $LIB_MARKER -nt $cls ]]; then
    return 0
  fi
  info "compiling the launcher"
  rm -rf "$CLASSES_DIR.tmp"
  mkdir -p "$CLASSES_DIR.tmp"
  javac -nowarn -d "$CLASSES_DIR.tmp" -cp "$LIB_DIR/*" "$SRC_DIR/Launcher.java" \
    || die "javac failed on $SRC_DIR/Launcher.java"
  rm -rf "$CLASSES_DIR"
  mv "$CLASSES_DIR.tmp" "$CLASSES_DIR"
}

prepare_home() {
  mkdir -p "$SOLR_HOME" "$LOG_DIR"
  if ! cmp -s "$SRC_DIR/solr.xml" "$SOLR_HOME/solr.xml"; then
    [[ -f $SOLR_HOME/solr.xml ]] && warn "solr.xml changed; it applies after 'devstack/solr.sh stop'"
    cp "$SRC_DIR/solr.xml" "$SOLR_HOME/solr.xml"
  fi
}

# Copies schema.xml / solrconfig.xml into the core's conf/; sets CONF_CHANGED=1
# if an existing file was replaced.
CONF_CHANGED=0
sync_core_conf() { # CORE SCHEMA_XML
  local conf=$SOLR_HOME/$1/conf f
  mkdir -p "$conf"
  for f in schema.xml solrconfig.xml; do
    local src=$2
    [[ $f == solrconfig.xml ]] && src=$SRC_DIR/solrconfig.xml
    if ! cmp -s "$src" "$conf/$f"; then
      if [[ -f $conf/$f ]]; then
        info "core '$1': $f changed, replacing it"
        CONF_CHANGED=1
        cp -p "$conf/$f" "$conf/$f.prev"
      fi
      cp "$src" "$conf/$f.tmp"
      mv "$conf/$f.tmp" "$conf/$f"
    fi
  done
  for f in synonyms.txt protwords.txt stopwords.txt; do
    [[ -f $conf/$f ]] || : >"$conf/$f"
  done
}

# --- start / stop ----------------------------------------------------------------

launch() {
  local launch_pid pid deadline t0=$SECONDS
  if port_in_use; then
    local who=""
    who=$(ss -ltnpH "sport = :$PORT" 2>/dev/null | sed -n 's/.*users:((\(.*\))).*/\1/p' | head -n 1) || true
    die "port $PORT on 127.0.0.1 is already in use by another process${who:+ ($who)}, not by our Solr (state $STATE_DIR). Stop it, or use another port: SOLR_PORT=NNNN $0 ..."
  fi
  rm -f "$PID_FILE"
  [[ -f $LOG_FILE ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  info "starting Solr on $BASE_URL (heap $HEAP, log $LOG_FILE)"
  # setsid + nohup: Solr survives the calling shell; fd 9 (our lock) is not inherited.
  # shellcheck disable=SC2086
  (cd "$STATE_DIR" && exec setsid nohup java -Xmx"$HEAP" ${SOLR_JAVA_OPTS:-} \
    -Dsolr.solr.home="$SOLR_HOME" -Dsolr.install.dir="$STATE_DIR" -Dsolr.log.dir="$LOG_DIR" \
    -cp "$LIB_DIR/*:$CLASSES_DIR" Launcher "$SOLR_HOME" "$PORT" "$PID_FILE") \
    >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
  launch_pid=$!
  deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if [[ -s $PID_FILE ]]; then
      pid=$(<"$PID_FILE")
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "[solr] ERROR: Solr exited during startup" >&2
        log_tail 40
        exit 1
      fi
      node_up && break
    elif ! kill -0 "$launch_pid" 2>/dev/null && ((SECONDS - t0 > 5)); then
      echo "[solr] ERROR: Solr process did not start" >&2
      log_tail 40
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "[solr] ERROR: Solr did not answer on $BASE_URL within ${START_TIMEOUT}s" >&2
      log_tail 40
      exit 1
    fi
    sleep 0.5
  done
  info "Solr is up (pid $pid) after $((SECONDS - t0))s"
}

wait_core() { # CORE
  local deadline=$((SECONDS + START_TIMEOUT)) state
  while ! core_ping_ok "$1"; do
    state=$(core_state "$1")
    [[ $state == failed ]] && fail_core "$1" "failed to load"
    ((SECONDS >= deadline)) && fail_core "$1" "no OK from $BASE_URL/$1/admin/ping within ${START_TIMEOUT}s (state: $state)"
    our_pid >/dev/null || fail_core "$1" "Solr process is gone"
    sleep 0.5
  done
}

cmd_start() {
  (($# == 2)) || usage
  local core=$1 schema=$2 pid state out
  [[ $core =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "invalid core name '$core' (letters, digits, _ . - only)"
  [[ -f $schema && -r $schema ]] || die "schema file not found or unreadable: $schema"
  [[ $PORT =~ ^[0-9]+$ ]] || die "SOLR_PORT must be a number, not '$PORT'"
  need_tools
  lock

  if ! lib_ok; then
    if pid=$(our_pid); then
      info "the jar list changed; stopping the running Solr first"
      do_stop "$pid"
    fi
    fetch_jars
  fi
  compile_launcher
  prepare_home

  pid=$(our_pid) || pid=""
  if [[ -n $pid ]]; then
    local rport
    rport=$(running_port "$pid")
    [[ $rport == "$PORT" ]] || die "our Solr (pid $pid, state $STATE_DIR) is running on port $rport, not $PORT; use SOLR_PORT=$rport, or 'devstack/solr.sh stop' first"
    info "Solr already running (pid $pid) on $BASE_URL"
  fi
  if [[ -n $pid ]] && ! node_up; then
    info "Solr process $pid exists but does not answer yet; waiting"
    local deadline=$((SECONDS + START_TIMEOUT))
    until node_up; do
      if ((SECONDS >= deadline)) || ! kill -0 "$pid" 2>/dev/null; then
        echo "[solr] ERROR: Solr process $pid does not answer on $BASE_URL; try 'devstack/solr.sh stop'" >&2
        log_tail 30
        exit 1
      fi
      sleep 0.5
    done
  fi

  sync_core_conf "$core" "$schema"
  if [[ -z $pid ]]; then
    # Not running: the core is discovered at startup through core.properties.
    [[ -f $SOLR_HOME/$core/core.properties ]] || printf 'name=%s\n' "$core" >"$SOLR_HOME/$core/core.properties"
    launch
  else
    state=$(core_state "$core")
    case $state in
      loaded)
        if ((CONF_CHANGED)); then
          info "reloading core '$core'"
          out=$(core_admin "action=RELOAD&core=$core") || reload_failed "$core" "RELOAD with the new configuration failed: $out"
        fi
        ;;
      failed)
        info "core '$core' had failed to load; retrying (RELOAD)"
        out=$(core_admin "action=RELOAD&core=$core") || fail_core "$core" "RELOAD failed: $out"
        ;;
      absent)
        info "creating core '$core'"
        rm -f "$SOLR_HOME/$core/core.properties"
        out=$(core_admin "action=CREATE&name=$core&instanceDir=$core") || fail_core "$core" "CREATE failed: $out"
        ;;
      *) fail_core "$core" "cannot read the core status from $BASE_URL" ;;
    esac
  fi
  wait_core "$core"
  rm -f "$SOLR_HOME/$core/conf/"*.prev
  info "core '$core' is ready: $BASE_URL/$core"
}

do_stop() { # PID
  local pid=$1 deadline=$((SECONDS + STOP_TIMEOUT))
  info "stopping Solr (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      warn "Solr did not stop within ${STOP_TIMEOUT}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      local d2=$((SECONDS + 10))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < d2)); do sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && die "could not kill Solr pid $pid"
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  info "stopped"
}

cmd_stop() {
  (($# == 0)) || usage
  local pid
  lock
  if pid=$(our_pid); then
    do_stop "$pid"
  else
    rm -f "$PID_FILE"
    info "not running"
  fi
}

cmd_status() {
  (($# == 0)) || usage
  local pid body
  if ! pid=$(our_pid); then
    info "not running (state $STATE_DIR, port $PORT)"
    if compgen -G "$SOLR_HOME/*/core.properties" >/dev/null; then
      info "cores on disk: $(cd "$SOLR_HOME" && for f in */core.properties; do printf '%s ' "${f%%/*}"; done)"
    fi
    exit 3
  fi
  if ! body=$(http "$BASE_URL/admin/cores?action=STATUS&wt=json") || [[ -z $body ]]; then
    info "process $pid is alive but $BASE_URL does not answer"
    exit 1
  fi
  info "running: pid $pid, $BASE_URL, state $STATE_DIR"
  printf '%s' "$body" | list_cores
}

# CoreAdmin STATUS (JSON on stdin) as one line a core.
list_cores() {
  pyjson '
for name, c in sorted((d.get("status") or {}).items()):
    idx = c.get("index") or {}
    print("[solr]   core %-24s docs=%-8s %s" % (name, idx.get("numDocs", "?"), c.get("instanceDir", "")))
for name, msg in sorted((d.get("initFailures") or {}).items()):
    print("[solr]   core %-24s FAILED: %s" % (name, msg))
if not d.get("status") and not d.get("initFailures"):
    print("[solr]   (no cores)")'
}

cmd_delete() {
  (($# == 1)) || usage
  local core=$1 out
  [[ $core =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "invalid core name '$core'"
  need_tools
  lock
  if our_pid >/dev/null && node_up; then
    # A core whose RELOAD failed is both loaded and in initFailures; one UNLOAD
    # clears the failure only, so repeat while Solr still knows the core.
    local i
    for i in 1 2 3; do
      [[ $(core_state "$core") == absent ]] && break
      out=$(core_admin "action=UNLOAD&core=$core&deleteIndex=true&deleteDataDir=true&deleteInstanceDir=true") \
        || warn "UNLOAD of '$core' failed: $out"
    done
  fi
  if [[ -d $SOLR_HOME/$core ]]; then
    rm -rf "${SOLR_HOME:?}/$core"
  fi
  info "core '$core' deleted"
}

# --- an existing Solr (SOLR_URL) ---------------------------------------------------

ext_check() {
  local t
  for t in curl python3; do
    command -v "$t" >/dev/null 2>&1 || die "missing required tool: $t"
  done
  [[ $BASE_URL =~ ^https?://[^[:space:]/]+(/[^[:space:]]*)?$ ]] \
    || die "SOLR_URL must be the http(s) base URL of a Solr, e.g. http://solr.example.org:8983/solr, not '$BASE_URL'"
}

# The name of a core's schema; CKAN's is ckan-X.Y (CKAN checks it at start-up).
schema_name() { http "$BASE_URL/$1/schema/name?wt=json" | pyjson 'print(d.get("name") or "")'; }

ext_start() { # CORE SCHEMA_XML
  (($# == 2)) || usage
  local core=$1 schema=$2 state out name want deadline
  [[ $core =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "invalid core name '$core' (letters, digits, _ . - only)"
  [[ -f $schema && -r $schema ]] || die "schema file not found or unreadable: $schema"
  ext_check
  if ! core_ping_ok "$core"; then
    node_up || die "no Solr answers at SOLR_URL=$BASE_URL (core admin API: $BASE_URL/admin/cores)"
    state=$(core_state "$core")
    case $state in
      loaded) ;;
      failed) fail_core "$core" "failed to load at $BASE_URL" ;;
      absent)
        [[ -n ${SOLR_CONFIGSET:-} ]] || die "core '$core' does not exist at $BASE_URL. It needs CKAN's schema.xml ($schema) in its conf/: create it on the Solr host (e.g. \`solr create -c $core\`, then put that schema.xml in place of its managed-schema.xml and reload the core), or put that schema.xml with a solrconfig.xml (such as devstack/solr/solrconfig.xml) in a configset of that Solr and set SOLR_CONFIGSET to its name so that this script creates the core"
        [[ $SOLR_CONFIGSET =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "invalid configset name '$SOLR_CONFIGSET'"
        info "creating core '$core' at $BASE_URL from configset '$SOLR_CONFIGSET'"
        out=$(core_admin "action=CREATE&name=$core&instanceDir=$core&configSet=$SOLR_CONFIGSET") \
          || fail_core "$core" "CREATE from configset '$SOLR_CONFIGSET' failed: $out"
        ;;
      *) die "cannot read the status of core '$core' from $BASE_URL" ;;
    esac
    deadline=$((SECONDS + START_TIMEOUT))
    until core_ping_ok "$core"; do
      ((SECONDS < deadline)) || fail_core "$core" "no OK from $BASE_URL/$core/admin/ping within ${START_TIMEOUT}s"
      sleep 0.5
    done
  fi
  name=$(schema_name "$core")
  want=$(python3 -c 'import sys, xml.dom.minidom as m; print(m.parse(sys.argv[1]).documentElement.getAttribute("name"))' "$schema")
  [[ $name == ckan* ]] \
    || die "core '$core' at $BASE_URL answers, but its schema is '${name:-unknown}', not CKAN's ($want): put $schema in its conf/ and reload the core"
  [[ $name == "$want" ]] || warn "core '$core' has schema '$name'; this CKAN ships '$want'"
  info "core '$core' is ready: $BASE_URL/$core (existing Solr, SOLR_URL)"
}

ext_delete() { # CORE
  (($# == 1)) || usage
  local core=$1 out i
  [[ $core =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "invalid core name '$core'"
  ext_check
  node_up || die "no Solr answers at SOLR_URL=$BASE_URL"
  for i in 1 2 3; do
    [[ $(core_state "$core") == absent ]] && break
    out=$(core_admin "action=UNLOAD&core=$core&deleteIndex=true&deleteDataDir=true&deleteInstanceDir=true") \
      || warn "UNLOAD of '$core' failed: $out"
  done
  info "core '$core' deleted at $BASE_URL"
}

ext_main() {
  local cmd=$1
  shift
  BASE_URL=${SOLR_URL%/}
  case $cmd in
    start) ext_start "$@" ;;
    stop) (($# == 0)) || usage; info "SOLR_URL is set: the Solr at $BASE_URL is not ours to stop" ;;
    status)
      (($# == 0)) || usage
      ext_check
      node_up || { info "no Solr answers at SOLR_URL=$BASE_URL"; exit 3; }
      info "existing Solr (SOLR_URL): $BASE_URL"
      http "$BASE_URL/admin/cores?action=STATUS&wt=json" | list_cores
      ;;
    delete) ext_delete "$@" ;;
    *) usage ;;
  esac
}

main() {
  (($# >= 1)) || usage
  local cmd=$1
  if [[ -n ${SOLR_URL:-} && $cmd != -h && $cmd != --help && $cmd != help ]]; then
    ext_main "$@"
    return
  fi
  shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    delete) cmd_delete "$@" ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
