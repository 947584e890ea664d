#!/usr/bin/env bash
# `make run`: set up, load the demo, serve the site on http://127.0.0.1:$WEB_PORT
# with a background-jobs worker, and print the sysadmin login.
source "$(dirname "$0")/lib.sh"

"$REPO/devstack/setup.sh"
CKAN="$VENV/bin/ckan"
ini=$VDIR/ckan.ini

password_file=$VDIR/admin-password
[ -s "$password_file" ] || "$VENV/bin/python" -c 'import secrets; print("odl-" + secrets.token_urlsafe(12))' > "$password_file"
chmod 600 "$password_file"
say "chargement de la démo"
ODL_ADMIN_PASSWORD=$(cat "$password_file") "$CKAN" -c "$ini" opendatalocale demo

"$REPO/devstack/stop.sh" web
port_open "$WEB_PORT" && die "le port $WEB_PORT est pris par un autre programme (arrêtez-le ou choisissez WEB_PORT=...)"

mkdir -p "$STATE/run"
setsid nohup "$CKAN" -c "$ini" run --host 127.0.0.1 --port "$WEB_PORT" --disable-reloader \
  > "$VDIR/web.log" 2>&1 < /dev/null &
echo $! > "$STATE/run/web.pid"
setsid nohup "$CKAN" -c "$ini" jobs worker > "$VDIR/worker.log" 2>&1 < /dev/null &
echo $! > "$STATE/run/worker.pid"

site_up() { curl -fsS "http://127.0.0.1:$WEB_PORT/api/3/action/status_show" >/dev/null; }
wait_until 90 web site_up || { tail -n 30 "$VDIR/web.log" >&2; die "le site ne répond pas après 90 s (voir $VDIR/web.log)"; }

cat <<MSG

  Site de démonstration (CKAN $CKAN_VERSION) : http://127.0.0.1:$WEB_PORT
  Compte administrateur : admin / $(cat "$password_file")
  Journaux : $VDIR/web.log, $VDIR/worker.log
  Arrêt : make stop

MSG
