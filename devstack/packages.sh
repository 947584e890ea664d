#!/usr/bin/env bash
# Installs the Debian packages the devstack needs, only those missing.
source "$(dirname "$0")/lib.sh"

needed=()
want() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || needed+=("$1"); }

command -v psql >/dev/null && command -v pg_ctlcluster >/dev/null || want postgresql
want postgresql-common
command -v redis-server >/dev/null || want redis-server
if [ -z "$SOLR_URL" ]; then  # the devstack's own Solr; none with an existing one
  command -v javac >/dev/null || want openjdk-17-jdk-headless
  command -v mvn >/dev/null || want maven
fi
command -v chromium >/dev/null || want chromium
command -v chromedriver >/dev/null || want chromium-driver
command -v gcc >/dev/null || want build-essential
command -v pg_config >/dev/null || want libpq-dev
command -v curl >/dev/null || want curl
command -v npm >/dev/null || want npm
command -v msgfmt >/dev/null || want gettext
# WeasyPrint (the kit's PDF) draws text with Pango through cffi; a font to draw it with.
want libpango-1.0-0
want libpangoft2-1.0-0
want libharfbuzz-subset0
want fonts-dejavu-core
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then want python3-venv; fi
if ! "$PYTHON" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  want python3-dev
fi

if ((${#needed[@]})); then
  command -v apt-get >/dev/null || die "apt-get introuvable : installez à la main ${needed[*]}"
  [ "$(id -u)" = 0 ] || die "il faut être root pour installer ${needed[*]}"
  say "installation des paquets Debian : ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10)' \
  || die "CKAN 2.11/2.12 demande Python 3.10 ou plus ($PYTHON)"
