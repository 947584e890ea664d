"""The suite's catalogue as data.gouv.fr reads it: udata's own ``dataset_from_rdf``.

Runs in udata's virtualenv (``bash benchmarks/tool_env.sh udata`` prints its python), on a
catalogue written by ``benchmarks/dcat_conformance.py`` (by default its demo and generated
catalogues in the default profile, ``benchmarks/out/dcat/*-opendatalocale_dcat_ap.ttl``, read
as one), and reports per dataset whether udata recovers the remote id, licence,
temporal coverage, frequency, spatial coverage and each resource's schema (name and
version), for every property the graph carries. Exit status 1 when one is carried but
lost. Spatial coverage counts where the graph carries a footprint (WKT or GeoJSON literal
of the ``dct:Location``, or a bbox literal), the only thing udata keeps; a ``dct:spatial``
with a COG code and no footprint is counted apart.

    $(bash benchmarks/tool_env.sh udata) benchmarks/udata_readback.py [catalog.ttl ...]

What stands in for data.gouv.fr's production: mongomock for MongoDB, an in-process
cache (udata's default is the Redis on localhost, shared here with CKAN); the schema
catalogue (``SCHEMA_CATALOG_URL``) is served on 127.0.0.1 from the suite's
``scdl/data/MANIFEST.json``, whose URLs are copied from schema.data.gouv.fr's
``schemas.json``; udata's licence collection is seeded with data.gouv.fr's licence list as
its API serves it (``benchmarks/data/datagouv_licences.json``: ids, URLs, alternate URLs
and titles -- udata's own ``licenses`` command would fetch it from the network).
"""
from __future__ import annotations

import glob
import json
import os
import sys
from importlib.metadata import version

import mongomock
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loopback  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "..", "ckanext", "opendatalocale", "scdl", "data", "MANIFEST.json")
LICENCES = os.path.join(HERE, "data", "datagouv_licences.json")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
GEOMETRY_TYPES = {URIRef("http://www.opengis.net/ont/geosparql#wktLiteral"),
                  URIRef("http://www.opengis.net/ont/geosparql#geoJSONLiteral"),
                  URIRef("http://www.opengis.net/rdf#wktLiteral"),
                  URIRef("https://www.iana.org/assignments/media-types/application/vnd.geo+json")}


def _footprint(graph: Graph, node) -> bool:
    """A geometry udata reads: a WKT or GeoJSON literal on a dct:Location, or a bbox
    literal directly in dct:spatial."""
    for location in graph.objects(node, DCT.spatial):
        if isinstance(location, Literal):
            return True
        for value in graph.objects(location, None):
            if isinstance(value, Literal) and value.datatype in GEOMETRY_TYPES:
                return True
    return False


def _schema_catalogue() -> bytes:
    with open(MANIFEST, encoding="utf-8") as handle:
        manifest = json.load(handle)
    schemas = {}
    for entry in manifest["schemas"]:
        if not entry.get("published_url") or not entry.get("version"):
            continue
        url = entry["published_url"]
        schema = schemas.setdefault(entry["id"], {
            "name": entry["id"], "title": entry.get("title") or entry["id"],
            "schema_type": entry.get("schema_type") or "tableschema",
            "schema_url": url.replace("/" + entry["version"] + "/", "/latest/"), "versions": []})
        schema["versions"].append({"version_name": entry["version"], "schema_url": url})
    return json.dumps({"schemas": list(schemas.values())}).encode()


def main() -> int:
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "out", "dcat",
                                                       "*-opendatalocale_dcat_ap.ttl")))
    catalogue_url = loopback.serve(_schema_catalogue(), content_type="application/json") + "/schemas.json"

    class Settings:
        TESTING = False
        DEBUG = False
        SERVER_NAME = "udata.local"
        SECRET_KEY = API_TOKEN_SECRET = SECURITY_PASSWORD_SALT = "benchmark-only"
        MONGODB_HOST = "mongodb://localhost:27017/udata"
        MONGODB_SETTINGS = {"host": MONGODB_HOST, "mongo_client_class": mongomock.MongoClient}
        SCHEMA_CATALOG_URL = catalogue_url
        # In-process only: udata's default cache is the Redis on localhost, which the
        # devstack's CKAN shares.
        CACHE_TYPE = "flask_caching.backends.SimpleCache"
        CELERY_BROKER_URL = "memory://"

    from udata.app import create_app, standalone

    app = standalone(create_app(override=Settings))
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    lost = 0
    with app.app_context():
        from udata.core.dataset.models import License
        from udata.core.dataset.rdf import dataset_from_rdf

        with open(LICENCES, encoding="utf-8") as handle:
            for entry in json.load(handle)["licenses"]:
                License(id=entry["id"], title=entry["title"], url=entry["url"],
                        alternate_urls=entry["alternate_urls"],
                        alternate_titles=entry["alternate_titles"], flags=entry["flags"],
                        active=True).save()
        nodes = sorted(graph.subjects(RDF.type, DCAT.Dataset))
        totals = {}
        code_only = 0
        for node in nodes:
            dataset = dataset_from_rdf(graph, node=node, dryrun=True)
            checks = {
                "remote_id": (graph.value(node, DCT.identifier) is not None,
                              bool(dataset.harvest and dataset.harvest.dct_identifier)),
                "licence": (graph.value(node, DCT.license) is not None,
                            bool(dataset.license and dataset.license.id != "notspecified")),
                "temporal": (graph.value(node, DCT.temporal) is not None,
                             dataset.temporal_coverage is not None),
                "frequency": (graph.value(node, DCT.accrualPeriodicity) is not None,
                              dataset.frequency not in (None, "unknown")),
                # udata keeps a footprint (WKT or GeoJSON literal of the dct:Location), never
                # a bare code: a Location with a COG code only is counted apart.
                "spatial": (_footprint(graph, node), dataset.spatial is not None),
            }
            if graph.value(node, DCT.spatial) is not None and not _footprint(graph, node):
                code_only += 1
            declared = {str(graph.value(d, DCT.title)): graph.value(d, DCT.conformsTo)
                        for d in graph.objects(node, DCAT.distribution)}
            schemas = []
            for resource in dataset.resources:
                conforms_to = declared.get(resource.title)
                schema = resource.schema
                found = f"{schema.name}@{schema.version}" if schema and schema.name else (
                    f"url seule {schema.url}" if schema and schema.url else "-")
                recovered = bool(schema and schema.name and schema.version)
                checks[f"schéma « {resource.title} »"] = (conforms_to is not None, recovered)
                schemas.append(found)
            line = []
            for name, (carried, recovered) in checks.items():
                key = name if not name.startswith("schéma") else "schéma de ressource"
                total = totals.setdefault(key, [0, 0])
                if carried:
                    total[0] += 1
                    total[1] += recovered
                    if not recovered:
                        lost += 1
                        line.append(f"{name} PERDU")
            print(f"{dataset.title[:50]:50s} licence={dataset.license.id if dataset.license else '-'}"
                  f" schémas={','.join(schemas)} {' '.join(line)}")
        print(f"\n{len(nodes)} jeux de données lus par udata {version('udata')}")
        for key, (carried, recovered) in totals.items():
            print(f"  {key:22s} retrouvé {recovered}/{carried} (là où le catalogue le porte)")
        print(f"  ({code_only} jeu(x) avec un dct:spatial sans emprise (code COG seul : territoire "
              "sans emprise saisie, ou zone autre que le territoire) : udata n'en garde rien)")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
