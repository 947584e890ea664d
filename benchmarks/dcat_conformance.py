"""DCAT-AP conformance of the suite's catalogue: the official SHACL shapes, run by pyshacl.

Loads the demo (``ckan opendatalocale demo``'s territories and datasets) and a generated
set of datasets filling every field the profile writes into the database of the given
configuration (idempotent: the same names are updated), reads the whole catalogue page by
page through CKAN (``/catalog.ttl``), writes it to ``benchmarks/out/dcat/`` and validates it
with each shapes file of DCAT-AP 2.1.1 and 3.0.0 in pyshacl's own virtualenv
(``bash benchmarks/tool_env.sh shacl``). Exit status 1 when a shape reports a violation.

    .devstack/venv-2.11.6/bin/python benchmarks/dcat_conformance.py \\
        --ckan-ini .devstack/2.11.6-fed/ckan.ini --shapes ../shared/dcat-ap

Use a development database (an instance's ckan.ini), never a production one.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out", "dcat")
SHAPE_FILES = {
    "DCAT-AP 2.1.1 (shapes)": ["dcat-ap_2.1.1_shacl_shapes.ttl"],
    "DCAT-AP 2.1.1 (ranges)": ["dcat-ap_2.1.1_shacl_range.ttl"],
    "DCAT-AP 2.1.1 (recommended)": ["dcat-ap_2.1.1_shacl_shapes_recommended.ttl"],
    "DCAT-AP 3.0.0": ["dcat-ap_3_shacl_shapes.ttl"],
}
ANNUAL = "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
GENERATED_SCHEMAS = [("scdl/subventions", "2.1.1"), ("scdl/deliberations", "2.1.5"),
                     ("etalab/schema-irve-statique", "2.3.1"), ("scdl/budget", "0.8.3")]

_VALIDATE = r"""
import json, sys
from pyshacl import validate
from rdflib import Graph, Namespace
SH = Namespace("http://www.w3.org/ns/shacl#")
data = Graph().parse(sys.argv[1], format="turtle")
report = {}
for label, files in json.loads(sys.argv[2]).items():
    shapes = Graph()
    for path in files:
        shapes.parse(path, format="turtle")
    conforms, results, _text = validate(data, shacl_graph=shapes, inference="none",
                                        allow_warnings=True)
    found = {}
    for result in results.subjects(SH.resultSeverity, None):
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        path = str(results.value(result, SH.resultPath))
        component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        key = f"{severity} {path}: {component}"
        found[key] = found.get(key, 0) + 1
    report[label] = found
print(json.dumps(report))
"""


GENERATED_TERRITORY = {
    # Firminy: a commune of the demo's département, with the bounding box its admin would
    # enter, so that the generated set carries footprints (the demo's territories have none).
    "name": "commune-dcat-generee", "title": "Firminy (jeux générés)", "kind": "commune",
    "siren": "214200990", "insee_code": "42095", "bbox": "4.2493,45.3650,4.3230,45.4035",
}


def _territory(context: dict) -> str:
    import ckan.plugins.toolkit as tk

    try:
        existing = tk.get_action("organization_show")(dict(context), {"id": GENERATED_TERRITORY["name"]})
        tk.get_action("organization_patch")(dict(context), dict(GENERATED_TERRITORY, id=existing["id"]))
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(dict(context), dict(GENERATED_TERRITORY))
    return GENERATED_TERRITORY["name"]


def _admin(name: str) -> None:
    """The sysadmin the generated datasets are made as (demo.load makes it otherwise)."""
    from ckan import model

    if model.User.get(name) is None:
        model.Session.add(model.User(name=name, email=f"{name}@example.fr",
                                     password="odl-dcat-admin-password", sysadmin=True))
        model.Session.commit()


def _generate(admin: str, count: int) -> None:
    import ckan.plugins.toolkit as tk

    context = {"user": admin, "ignore_auth": True}
    territory = _territory(context)
    for number in range(count):
        schema_id, version = GENERATED_SCHEMAS[number % len(GENERATED_SCHEMAS)]
        name = f"dcat-conformite-{number:03d}"
        fields = dict(
            name=name, title=f"Jeu généré {number} ({schema_id})", owner_org=territory,
            notes="Jeu de données généré pour vérifier la conformité DCAT-AP du catalogue : "
                  "toutes les propriétés que le profil écrit sont remplies.",
            license_id="lo-2.0" if number % 3 else "odc-odbl", frequency=ANNUAL,
            temporal_start="2024-01-01", temporal_end="2024-12-31",
            # The territory itself (its box is written), or the département (a code only:
            # the box of a commune does not describe it).
            spatial_coverage=["", "42095", "42"][number % 3],
            identifier=f"https://data.example.fr/id/{name}" if number % 4 == 0 else "",
            maintainer="Service des données", maintainer_email="donnees@example.fr",
            tags=[{"name": "scdl"}, {"name": f"genere-{number % 5}"}],
            resources=[
                {"name": "Données", "url": f"https://www.example.org/{name}.csv",
                 "format": "CSV", "description": "Le fichier au format du schéma.",
                 "schema": {"name": schema_id, "version": version}},
                {"name": "Notice", "url": f"https://www.example.org/{name}.pdf", "format": "PDF"},
            ])
        try:
            existing = tk.get_action("package_show")(dict(context), {"id": name})
            tk.get_action("package_update")(dict(context), dict(fields, id=existing["id"]))
        except tk.ObjectNotFound:
            tk.get_action("package_create")(dict(context), fields)


PROFILES = {
    # The profile a harvester asks for (``?profiles=``) and the shapes it answers to.
    "opendatalocale_dcat_ap": ["DCAT-AP 3.0.0"],
    "opendatalocale_dcat_ap_2": ["DCAT-AP 2.1.1 (shapes)", "DCAT-AP 2.1.1 (ranges)",
                                 "DCAT-AP 2.1.1 (recommended)"],
}
PARTS = {
    # The demo's territories (everything but the generated one) and the generated set.
    "demo": "/catalog.ttl?fq=-organization:" + GENERATED_TERRITORY["name"],
    "generated": "/catalog/{0}.ttl".format(GENERATED_TERRITORY["name"]),
}


def build_catalogue(ckan_ini: str, generated: int, load_demo: bool = True) -> dict:
    """{(part, profile): path of the Turtle file of that part in that profile}."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from ckan.tests.helpers import CKANTestApp

    app = CKANTestApp(make_app(load_config(ckan_ini)))
    with app.flask_app.test_request_context():
        from ckanext.opendatalocale import demo

        if load_demo:
            demo.load("odl-dcat-admin", "odl-dcat-admin-password", echo=lambda *_: None)
        else:
            _admin("odl-dcat-admin")
        _generate("odl-dcat-admin", generated)
    import ckan.plugins.toolkit as tk

    site = tk.config.get("ckan.site_url").rstrip("/")
    os.makedirs(OUT, exist_ok=True)
    paths = {}
    for part, first in PARTS.items():
        for profile in PROFILES:
            separator = "&" if "?" in first else "?"
            paths[(part, profile)] = _crawl(app, site, f"{first}{separator}profiles={profile}",
                                            os.path.join(OUT, f"{part}-{profile}.ttl"))
    return paths


def _crawl(app, site: str, url: str, path: str) -> str:
    """Every page from ``url`` on, following ``hydra:nextPage``, into one Turtle file."""
    from rdflib import RDF, Graph, URIRef

    catalogue, pages = Graph(), 0
    while url:
        response = app.get(url, follow_redirects=False)
        if response.status_code != 200:
            sys.exit(f"{url} a répondu {response.status_code}")
        page = Graph().parse(data=response.get_data(as_text=True), format="turtle")
        catalogue += page
        following = [o for s, p, o in page if str(p) == "http://www.w3.org/ns/hydra/core#nextPage"]
        url = str(following[0]).replace(site, "") if following else None
        pages += 1
    catalogue.serialize(path, format="turtle")
    datasets = len(set(catalogue.subjects(RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset"))))
    print(f"{os.path.basename(path)} : {datasets} jeux de données, {pages} page(s), "
          f"{len(catalogue)} triplets")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckan-ini", required=True)
    parser.add_argument("--shapes", required=True, help="folder of the DCAT-AP SHACL files")
    parser.add_argument("--generated", type=int, default=20)
    parser.add_argument("--demo-loaded", action="store_true",
                        help="la démo est déjà chargée dans cette base : ne pas la recharger")
    args = parser.parse_args()
    catalogues = build_catalogue(args.ckan_ini, args.generated, load_demo=not args.demo_loaded)
    python = subprocess.run(["bash", os.path.join(HERE, "tool_env.sh"), "shacl"], check=True,
                            capture_output=True, text=True).stdout.strip()
    violations = 0
    for (part, profile), catalogue in catalogues.items():
        shapes = {label: [os.path.join(os.path.abspath(args.shapes), name)
                          for name in SHAPE_FILES[label]] for label in PROFILES[profile]}
        run = subprocess.run([python, "-c", _VALIDATE, catalogue, json.dumps(shapes)],
                             capture_output=True, text=True)
        if run.returncode:
            sys.exit(run.stderr[-3000:])
        for label, found in json.loads(run.stdout).items():
            count = sum(n for key, n in found.items() if key.startswith("Violation"))
            violations += count
            print(f"{part:9} ?profiles={profile:24} {label:28} : {count} violation(s), "
                  f"{sum(found.values()) - count} autre(s)")
            for key, n in sorted(found.items()):
                print(f"    {n:4d} × {key}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
