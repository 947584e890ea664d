#!/usr/bin/env bash
# `make referential`: regenerate the territory referential shipped in the package
# (ckanext/opendatalocale/territories/referential/territories.json.gz + .meta.json)
# from Etalab's npm package, pinned. Needs npm and network here; production
# servers only read the shipped file.
#   REFERENTIAL_VERSION=6.0.0 make referential
source "$(dirname "$0")/lib.sh"
version=${REFERENTIAL_VERSION:-6.0.0}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "REFERENTIAL_VERSION : version npm attendue (6.0.0), reçu « $version »"
command -v npm >/dev/null || die "npm est nécessaire pour régénérer le référentiel (apt-get install npm)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "téléchargement de @etalab/decoupage-administratif@$version"
(cd "$work" && npm pack --silent "@etalab/decoupage-administratif@$version" >/dev/null) \
  || die "npm pack a échoué"
tar -xzf "$work"/etalab-decoupage-administratif-"$version".tgz -C "$work"
"$PYTHON" -m ckanext.opendatalocale.territories.referential.build "$work/package"
say "vérifiez le diff de territories.meta.json (comptes), puis lancez les tests du référentiel"
