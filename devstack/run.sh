#!/usr/bin/env bash
# `make run`: set up, load the demo, serve the site on http://127.0.0.1:$WEB_PORT
# with a background-jobs worker, and print the sysadmin login.
source "$(dirname "$0")/lib.sh"

"$REPO/devstack/setup.sh"
CKAN="$VENV/bin/ckan"
ini=$VDIR/ckan.ini

# The commune catalogue the demo harvests: written from the suite's sample, then served
# (supervised) on its own loopback address before the demo load reads it.
"$REPO/devstack/stop.sh" catalogue
mkdir -p "$VDIR/run"
catalogue_dir=$VDIR/demo-catalogue
"$VENV/bin/python" -m ckanext.opendatalocale.federation.demo_catalogue "$catalogue_dir" "$CATALOGUE_URL" \
  || die "le catalogue de démonstration n'a pas pu être écrit dans $catalogue_dir"
port_open_on() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
port_open_on "$CATALOGUE_ADDRESS" "$CATALOGUE_PORT" \
  && die "le port $CATALOGUE_ADDRESS:$CATALOGUE_PORT est pris (choisissez CATALOGUE_PORT=...)"
: > "$VDIR/catalogue.log"
setsid nohup "$REPO/devstack/supervise.sh" catalogue "$VDIR/catalogue.log" \
  "$VENV/bin/python" -m http.server --bind "$CATALOGUE_ADDRESS" --directory "$catalogue_dir" "$CATALOGUE_PORT" \
  > /dev/null 2>&1 < /dev/null &
echo $! > "$VDIR/run/catalogue.pid"
wait_until 20 catalogue port_open_on "$CATALOGUE_ADDRESS" "$CATALOGUE_PORT" \
  || { tail -n 20 "$VDIR/catalogue.log" >&2; die "le catalogue de démonstration ne répond pas (voir $VDIR/catalogue.log)"; }

password_file=$VDIR/admin-password
[ -s "$password_file" ] || "$VENV/bin/python" -c 'import secrets; print("odl-" + secrets.token_urlsafe(12))' > "$password_file"
chmod 600 "$password_file"
say "chargement de la démo"
ODL_ADMIN_PASSWORD=$(cat "$password_file") "$CKAN" -c "$ini" opendatalocale demo

"$REPO/devstack/stop.sh" web
# `ckan run` writes the JavaScript translations, gunicorn does not: without them CKAN's
# scripts speak English on French pages (« Show more », the upload and select widgets).
"$CKAN" -c "$ini" translation js > /dev/null \
  || die "les traductions JavaScript n'ont pas pu être écrites (ckan translation js)"
port_open "$WEB_PORT" && die "le port $WEB_PORT est pris par un autre programme (arrêtez-le ou choisissez WEB_PORT=...)"

# Served as in production: gunicorn with WEB_WORKERS processes of WEB_THREADS threads
# (its master restarts a worker that dies or hangs), and JOB_WORKERS background-job
# workers, each started again by devstack/supervise.sh when it stops.
WEB_WORKERS=${WEB_WORKERS:-2}
WEB_THREADS=${WEB_THREADS:-4}
JOB_WORKERS=${JOB_WORKERS:-2}
# Idle keep-alive connections are closed after WEB_KEEPALIVE s; with gunicorn's 2 s, a
# client reusing one just as it closed got « connection reset by peer » (51 requests
# of 1,746 in benchmarks/load.py, none at 5 s): see README, Charge / Load.
WEB_KEEPALIVE=${WEB_KEEPALIVE:-5}
CKAN_INI=$ini setsid nohup "$VENV/bin/gunicorn" --chdir "$REPO/devstack" wsgi:application \
  --bind "127.0.0.1:$WEB_PORT" --workers "$WEB_WORKERS" --worker-class gthread \
  --threads "$WEB_THREADS" --keep-alive "$WEB_KEEPALIVE" --timeout 120 --graceful-timeout 20 \
  --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile "$VDIR/access.log" > "$VDIR/web.log" 2>&1 < /dev/null &
echo $! > "$VDIR/run/web.pid"
: > "$VDIR/worker.log"
setsid nohup bash -c '
  for i in $(seq "$1"); do
    "$2/devstack/supervise.sh" "worker-$i" "$3" "$4" -c "$5" jobs worker default odl_background &
  done
  # every minute, validations whose job died with a worker (or with Redis data) are
  # queued again (scdl/validation_recovery.py)
  "$2/devstack/supervise.sh" validation-recover "$3" bash -c "while true; do sleep 60; \"\$0\" -c \"\$1\" opendatalocale validation recover; done" "$4" "$5" &
  # every minute, the standings of territories whose datasets or identity changed
  # (the overview reads them), and all of them once a day (territories/standing_store.py)
  "$2/devstack/supervise.sh" territory-standings "$3" bash -c "n=0; while true; do sleep 60; if [ \$((n % 1440)) = 0 ]; then \"\$0\" -c \"\$1\" opendatalocale territories record-progress; else \"\$0\" -c \"\$1\" opendatalocale territories record-progress --stale; fi; n=\$((n + 1)); done" "$4" "$5" &
  wait' _ "$JOB_WORKERS" "$REPO" "$VDIR/worker.log" "$CKAN" "$ini" > /dev/null 2>&1 < /dev/null &
echo $! > "$VDIR/run/worker.pid"
# ckanext-harvest: its gather and fetch consumers (Redis queues), and `harvester run`
# every minute, which starts the jobs asked for from the web pages (and the periodic
# sources) and closes the finished ones.
: > "$VDIR/harvest.log"
setsid nohup bash -c '
  "$1/devstack/supervise.sh" gather-consumer "$2" "$3" -c "$4" harvester gather-consumer &
  "$1/devstack/supervise.sh" fetch-consumer "$2" "$3" -c "$4" harvester fetch-consumer &
  "$1/devstack/supervise.sh" harvest-run "$2" bash -c "while true; do \"\$0\" -c \"\$1\" harvester run; sleep 60; done" "$3" "$4" &
  wait' _ "$REPO" "$VDIR/harvest.log" "$CKAN" "$ini" > /dev/null 2>&1 < /dev/null &
echo $! > "$VDIR/run/harvest.pid"

site_up() { curl -fsS "http://127.0.0.1:$WEB_PORT/api/3/action/status_show" >/dev/null; }
wait_until 90 web site_up || { tail -n 30 "$VDIR/web.log" >&2; die "le site ne répond pas après 90 s (voir $VDIR/web.log)"; }

cat <<MSG

  Site de démonstration (CKAN $CKAN_VERSION) : http://127.0.0.1:$WEB_PORT
  Compte administrateur : admin / $(cat "$password_file")
  Serveur : gunicorn, $WEB_WORKERS processus × $WEB_THREADS fils ; $JOB_WORKERS workers de tâches
  Moissonnage : consommateurs gather et fetch, « harvester run » chaque minute
  Catalogue de commune moissonné par la démo : $CATALOGUE_URL/catalogue.ttl
  Journaux : $VDIR/web.log, $VDIR/access.log, $VDIR/worker.log, $VDIR/harvest.log
  Arrêt : make stop

MSG
