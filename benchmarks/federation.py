"""Benchmark of issue 13, point 10: harvesting a DCAT file and serving the DCAT catalogue.

Two parts, each with its baseline measured in the same run (same process, same data):

* **harvest** — a DCAT file of --harvest datasets (2,000), served on 127.0.0.2 by this
  script, harvested by a real harvest job (ckanext-harvest's gather, fetch and import
  stages, ``ckanext.harvest.tests.lib.run_harvest_job``) of ckanext-dcat's DCAT RDF
  harvester, once **with the suite's hooks** (plugin ``opendatalocale_harvest``) and once
  **plain** (that plugin unloaded: ckanext-dcat alone, its own download). Goal: ratio
  ≤ 1.3. The file is the suite's own catalogue (its first pages, read through
  ``/catalog.ttl`` and merged into one Turtle document without paging); the two runs
  harvest two copies of it that differ only by the publisher's host and a letter in the
  titles, so that neither run finds the other's datasets (ckanext-dcat looks a guid up in
  the whole site). A small warm-up harvest runs first in each mode.
* **catalogue** — ``/catalog.ttl`` (100 datasets a page) beside CKAN's ``/dataset/`` page
  (median of --repeat after a warm-up; goal ≤ 2×), a territory's catalogue page, then the
  whole catalogue of --datasets datasets read page by page following ``hydra:nextPage``.

How the datasets are made (``package_create`` would take hours for 50,000): one real
territory per --territories through ``organization_create`` (SIREN, INSEE code, bounding
box) and, in each, one **template** dataset through ``package_create`` (SCDL schema on its
CSV resource, licence, frequency, temporal coverage, identifier, tags). Each template is
then cloned in bulk: its rows (``package``, ``resource``, ``package_extra`` on 2.11,
``package_tag``, ``member``) copied by ``INSERT … SELECT`` with new ids, names and titles,
and the Solr document CKAN's own indexer builds for the template (captured while
``ckan.lib.search.rebuild`` indexes it) copied with the same substitutions, posted to
Solr 1,000 at a time with one commit at the end. The catalogue and ``/dataset/`` then read
what a site built through the API would hold.

Requests go through the whole WSGI stack in-process (no network): times are server times.

    ODL_INSTANCE=fedbench CKAN_VERSION=2.11.6 bash devstack/setup.sh
    .devstack/venv-2.11.6/bin/python benchmarks/federation.py \\
        --ckan-ini .devstack/2.11.6-fedbench/ckan.ini [--datasets 50000] [--harvest 2000]

The instance's database and Solr core are **emptied** first (its database name must
contain "bench"); --reuse keeps the catalogue made by an earlier run. The script adds, for
its own process only, ``harvest dcat_rdf_harvester opendatalocale_harvest`` to the
plugins, applies ckanext-harvest's migrations, and allows 127.0.0.2 in
``ckanext.opendatalocale.fetch.allowed_networks`` when the ini does not.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import http.server
import json
import re
import statistics
import sys
import threading
import time
import uuid

HARVEST_PLUGINS = ["harvest", "dcat_rdf_harvester", "opendatalocale_harvest"]
SCHEMAS = [("scdl/subventions", "2.1.1"), ("scdl/deliberations", "2.1.5"),
           ("etalab/schema-irve-statique", "2.3.1"), ("scdl/budget", "0.8.3")]
LICENCES = ["lo-2.0", "lo-2.0", "odc-odbl", "cc-by"]
FREQUENCIES = ["http://publications.europa.eu/resource/authority/frequency/ANNUAL",
               "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
               "http://publications.europa.eu/resource/authority/frequency/IRREG"]
ADMIN = "odl-federation-bench"
PROFILE_HARVEST = False
# ckanext-dcat writes the next page as a literal (older versions as an IRI).
NEXT_PAGE = re.compile(r'hydra:nextPage\s+[<"]([^>"]+)[>"]')
DATASET_NODE = re.compile(r"\sa dcat:Dataset\b")


# --- the application ------------------------------------------------------------------

def load_app(ini: str):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(ini)
    plugins = conf.get("ckan.plugins") or ""
    plugins = plugins.split() if isinstance(plugins, str) else list(plugins)
    conf["ckan.plugins"] = " ".join(plugins + [p for p in HARVEST_PLUGINS if p not in plugins])
    networks = conf.get("ckanext.opendatalocale.fetch.allowed_networks") or ""
    networks = networks.split() if isinstance(networks, str) else list(networks)
    if not any(n.startswith("127.0.0.2") or n.startswith("127.0.0.0") for n in networks):
        print(f"({ini} n'autorise pas 127.0.0.2 : ajouté à "
              "ckanext.opendatalocale.fetch.allowed_networks pour ce processus seulement)")
        conf["ckanext.opendatalocale.fetch.allowed_networks"] = " ".join(networks + ["127.0.0.2/32"])
    return make_app(conf)


def reset() -> None:
    import ckan.model as model
    from ckan.common import config
    from ckan.lib import search

    if "bench" not in config["sqlalchemy.url"]:
        sys.exit("Refus : la base de ce fichier .ini n'est pas une base de benchmark "
                 "(ODL_INSTANCE=...bench).")
    model.repo.delete_all()
    search.clear_all()


def harvest_tables() -> None:
    """ckanext-harvest's tables (``ckan db upgrade -p harvest``)."""
    from ckan.cli.db import _run_migrations

    _run_migrations("harvest")
    # The suite's harvest tables, when its harvest plugin has migrations.
    try:
        _run_migrations("opendatalocale_harvest")
    except Exception as error:  # noqa: BLE001 — a plugin without migrations
        print(f"(migrations de opendatalocale_harvest : {error})")


def admin_context() -> dict:
    import ckan.model as model

    user = model.User.get(ADMIN)
    if user is None:
        user = model.User(name=ADMIN, email="bench@example.fr", password=uuid.uuid4().hex,
                          sysadmin=True)
        model.Session.add(user)
        model.Session.commit()
    return {"user": ADMIN, "ignore_auth": True}


# --- the catalogue: territories, templates, bulk clones -------------------------------

def _siren(body: str) -> str:
    """Eight digits and their Luhn key."""
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


def create_territories(count: int) -> list:
    import ckan.plugins.toolkit as tk

    territories = []
    for number in range(count):
        west, south = 2.0 + (number % 20) * 0.25, 44.0 + (number // 20) * 0.2
        territories.append(tk.get_action("organization_create")(admin_context(), {
            "name": f"territoire-{number:03d}", "title": f"Commune n° {number}",
            "kind": "commune", "siren": _siren(f"2142{number:04d}"),
            "insee_code": f"42{number + 1:03d}",
            "bbox": f"{west:.4f},{south:.4f},{west + 0.1:.4f},{south + 0.08:.4f}"}))
    return territories


def create_template(territory: dict, number: int) -> dict:
    import ckan.plugins.toolkit as tk

    schema_id, version = SCHEMAS[number % len(SCHEMAS)]
    name = f"modele-{number:03d}-000"
    return tk.get_action("package_create")(admin_context(), {
        "name": name, "title": f"Données de la commune (jeu {number:03d}-000, {schema_id})",
        "owner_org": territory["id"],
        "notes": "Jeu de données publié par la commune selon le schéma SCDL indiqué sur sa "
                 "ressource ; mis à jour selon la fréquence annoncée.",
        "license_id": LICENCES[number % len(LICENCES)],
        "frequency": FREQUENCIES[number % len(FREQUENCIES)],
        "temporal_start": "2024-01-01", "temporal_end": "2024-12-31",
        "identifier": f"https://data.example.fr/id/{name}" if number % 4 == 0 else "",
        "maintainer": "Service des données", "maintainer_email": "donnees@example.fr",
        "tags": [{"name": "scdl"}, {"name": f"theme-{number % 7}"}],
        "resources": [
            {"name": "Données", "url": f"https://www.example.org/{name}.csv", "format": "CSV",
             "description": "Le fichier au format du schéma.",
             "schema": {"name": schema_id, "version": version}},
            {"name": "Notice", "url": f"https://www.example.org/{name}.pdf", "format": "PDF"},
        ]})


class _Capture:
    """Stands for CKAN's Solr connection while the template is indexed: keeps the
    document CKAN's indexer built, sends nothing."""

    def __init__(self):
        self.docs = []

    def add(self, docs, commit=False, **kwargs):
        self.docs.extend(docs)

    def commit(self, **kwargs):
        pass

    def delete(self, **kwargs):
        pass


def template_document(package_id: str) -> dict:
    from ckan.lib import search
    from ckan.lib.search import index

    capture = _Capture()
    original = index.make_connection
    index.make_connection = lambda *args, **kwargs: capture
    try:
        search.rebuild(package_id, defer_commit=True)
    finally:
        index.make_connection = original
    [document] = capture.docs
    return document


def _columns(connection, table: str) -> list:
    import sqlalchemy as sa

    return [row[0] for row in connection.execute(sa.text(
        "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
        "AND table_schema = current_schema() ORDER BY ordinal_position"), {"t": table})]


def _clone_sql(connection, table: str, set_columns: dict, where: str) -> str:
    """INSERT … SELECT copying the template's rows with some columns given."""
    columns = _columns(connection, table)
    selected = [set_columns.get(column, f'"{column}"') for column in columns]
    quoted = ", ".join(f'"{column}"' for column in columns)
    return f'INSERT INTO "{table}" ({quoted}) SELECT {", ".join(selected)} FROM "{table}" WHERE {where}'


def clone_templates(templates: list, per_template: int, started: datetime.datetime) -> list:
    """Copies of each template in the database; returns their Solr documents."""
    import sqlalchemy as sa
    import ckan.model as model
    from ckan.common import config

    connection = model.Session.connection()
    tables = {name for (name,) in connection.execute(sa.text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))}
    package_sql = _clone_sql(connection, "package", {
        "id": ":id", "name": ":name", "title": ":title",
        "metadata_created": ":modified", "metadata_modified": ":modified"}, "id = :template")
    resource_sql = _clone_sql(connection, "resource", {"id": ":id", "package_id": ":package_id"},
                              "id = :template")
    by_package = {"package_id": ":id", "id": "md5(random()::text || clock_timestamp()::text)"}
    extra_sqls = [_clone_sql(connection, table, dict(by_package), "package_id = :template")
                  for table in ("package_extra", "package_tag") if table in tables]
    member_sql = _clone_sql(connection, "member", {
        "table_id": ":id", "id": "md5(random()::text || clock_timestamp()::text)"},
        "table_id = :template AND table_name = 'package'")
    site_id = config["ckan.site_id"]
    width = max(3, len(str(per_template)))
    documents = []
    packages, resources, others = [], [], []
    for template_number, (template, document) in enumerate(templates):
        template_text = json.dumps(document)
        resource_ids = [resource["id"] for resource in template["resources"]]
        for copy in range(1, per_template + 1):
            number = template_number * per_template + copy
            package_id = str(uuid.uuid4())
            marker = f"{template_number:03d}-{copy:0{width}d}"
            name = f"modele-{marker}"
            # Distinct, decreasing times: the catalogue pages sort on metadata_modified.
            modified = started - datetime.timedelta(seconds=number)
            replacements = {template["id"]: package_id, template["name"]: name,
                            f"jeu {template_number:03d}-000": f"jeu {marker}"}
            new_resources = {}
            for resource_id in resource_ids:
                new_resources[resource_id] = str(uuid.uuid4())
                replacements[resource_id] = new_resources[resource_id]
            text = template_text
            for old, new in replacements.items():
                text = text.replace(old, new)
            clone = json.loads(text)
            iso = modified.isoformat()
            for key in ("data_dict", "validated_data_dict"):
                inner = json.loads(clone[key])
                inner["metadata_created"] = inner["metadata_modified"] = iso
                clone[key] = json.dumps(inner)
            clone["metadata_created"] = clone["metadata_modified"] = modified.strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ")
            clone["index_id"] = hashlib.md5(f"{package_id}{site_id}".encode()).hexdigest()
            documents.append(clone)
            title = json.loads(clone["validated_data_dict"])["title"]
            packages.append({"id": package_id, "name": name, "title": title,
                             "modified": modified, "template": template["id"]})
            resources.extend({"id": new, "package_id": package_id, "template": old}
                             for old, new in new_resources.items())
            others.append({"id": package_id, "template": template["id"]})
    for start in range(0, len(packages), 5000):
        connection.execute(sa.text(package_sql), packages[start:start + 5000])
        for sql in extra_sqls + [member_sql]:
            connection.execute(sa.text(sql), others[start:start + 5000])
    for start in range(0, len(resources), 5000):
        connection.execute(sa.text(resource_sql), resources[start:start + 5000])
    model.Session.commit()
    # A live site has planner statistics; bulk inserts leave none until autovacuum.
    for table in ("package", "resource", "member", "package_extra", "package_tag"):
        if table in tables:
            model.Session.connection().execute(sa.text(f'ANALYZE "{table}"'))
    model.Session.commit()
    return documents


def index_documents(documents: list) -> None:
    from ckan.lib.search.common import make_connection

    solr = make_connection()
    for start in range(0, len(documents), 1000):
        solr.add(documents[start:start + 1000], commit=False)
    solr.commit()


def make_catalogue(territories: int, datasets: int) -> None:
    started = time.perf_counter()
    now = datetime.datetime.utcnow()
    created = create_territories(territories)
    templates = []
    for number, territory in enumerate(created):
        template = create_template(territory, number)
        templates.append((template, template_document(template["id"])))
    made = time.perf_counter() - started
    print(f"  {territories} territoires et {territories} modèles par l'API : {made:.1f} s "
          f"({made / territories * 1000:.0f} ms par territoire et jeu)")
    per_template = max(0, datasets // territories - 1)
    documents = clone_templates(templates, per_template, now)
    cloned = time.perf_counter() - started - made
    print(f"  {len(documents)} copies en base (INSERT … SELECT) et documents Solr : {cloned:.1f} s")
    index_documents(documents)
    print(f"  indexation Solr par lots de 1 000 : {time.perf_counter() - started - made - cloned:.1f} s")


def dataset_count() -> int:
    import ckan.plugins.toolkit as tk

    return tk.get_action("package_search")({"ignore_auth": True}, {"rows": 0})["count"]


# --- measuring pages --------------------------------------------------------------------

def timed_get(client, url: str):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{url} a répondu {response.status_code}")
    return elapsed, response.get_data(as_text=True)


def median_time(client, url: str, repeat: int) -> float:
    timed_get(client, url)  # warm-up: templates compiled, caches filled
    return statistics.median(timed_get(client, url)[0] for _ in range(repeat))


def site_path(url: str, site: str) -> str:
    return url[len(site):] if url.startswith(site) else url


def catalogue_part(client, site: str, repeat: int, profile: bool, crawl: bool = True) -> dict:
    territory = "territoire-000"
    pages = [("/catalog.ttl (page 1, 100 jeux)", "/catalog.ttl"),
             ("/catalog.ttl?page=250", "/catalog.ttl?page=250"),
             (f"/catalog/{territory}.ttl (territoire)", f"/catalog/{territory}.ttl"),
             ("/catalog.rdf (page 1)", "/catalog.rdf"),
             # The same page through ckanext-dcat's own DCAT-AP 3 profile: what the
             # suite's profile adds to it.
             ("/catalog.ttl, ckanext-dcat DCAT-AP 3 seul", "/catalog.ttl?profiles=euro_dcat_ap_3"),
             ("CKAN /dataset/", "/dataset/")]
    import ckan.plugins.toolkit as tk

    if profile:
        run_profile(client, "/catalog.ttl")
    # Three states of the suite's caches, each measured beside /dataset/ (after each
    # mode's warm-up): nothing kept (every page rendered whole by ckanext-dcat and
    # rdflib); each dataset's piece kept but no page (what a harvester meets on a live
    # catalogue, where a new dataset shifts every page after it); the page itself kept.
    modes = [("rendu entier", "0", "0"), ("morceaux gardés", "0", "86400"),
             ("page gardée", "3600", "86400")]
    ratio = None
    for mode, page_seconds, piece_seconds in modes:
        tk.config["ckanext.opendatalocale.dcat.page_cache_seconds"] = page_seconds
        tk.config["ckanext.opendatalocale.dcat.fragment_cache_seconds"] = piece_seconds
        results = {label: median_time(client, url, repeat) for label, url in pages}
        reference = results["CKAN /dataset/"]
        print(f"\n[{mode}]\n{'page':40} {'médiane':>10} {'× /dataset/':>12}")
        for label, _url in pages:
            print(f"{label:40} {results[label] * 1000:7.0f} ms {results[label] / reference:11.2f}")
        mode_ratio = results["/catalog.ttl (page 1, 100 jeux)"] / reference
        print("ratio profil de la suite / DCAT-AP 3 de ckanext-dcat (même page) : "
              f"{results['/catalog.ttl (page 1, 100 jeux)'] / results['/catalog.ttl, ckanext-dcat DCAT-AP 3 seul']:.2f}")
        print(f"ratio /catalog.ttl / /dataset/ [{mode}] : {mode_ratio:.2f} (objectif ≤ 2) "
              f"{'ok' if mode_ratio <= 2 else 'TROP LENT'}")
        if mode == "morceaux gardés":
            ratio = mode_ratio  # the goal is judged on pages not kept whole

    if not crawl:
        return {"ratio": ratio}
    # The whole catalogue, as a harvester reads it.
    url, count, times = "/catalog.ttl", 0, []
    started = time.perf_counter()
    while url:
        elapsed, body = timed_get(client, url)
        times.append(elapsed)
        count += len(DATASET_NODE.findall(body))
        following = NEXT_PAGE.search(body)
        url = site_path(following.group(1), site) if following else None
    total = time.perf_counter() - started
    print(f"catalogue entier : {count} jeux de données en {len(times)} pages, {total:.0f} s "
          f"(page médiane {statistics.median(times) * 1000:.0f} ms, "
          f"la plus lente {max(times) * 1000:.0f} ms)")
    return {"ratio": ratio, "pages": len(times), "datasets": count, "total": total}


def run_profile(client, url: str) -> None:
    import cProfile
    import pstats

    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    print(f"--- profil de {url}")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("cumulative").print_stats("opendatalocale", 30)
    stats.sort_stats("tottime").print_stats(20)


# --- harvesting -------------------------------------------------------------------------

def harvest_file(client, site: str, count: int) -> str:
    """The suite's own catalogue, its first pages merged into one Turtle document."""
    from rdflib import RDF, BNode, Graph, Namespace

    hydra = Namespace("http://www.w3.org/ns/hydra/core#")
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    # Only the generated datasets (the catalogue also lists the copies earlier runs
    # harvested, whose identifiers would make ckanext-dcat update them).
    graph, url, read = Graph(), "/catalog.ttl?fq=name:modele-*", 0
    while url and read < count:
        _elapsed, body = timed_get(client, url)
        graph.parse(data=body, format="turtle")
        read += len(DATASET_NODE.findall(body))
        following = NEXT_PAGE.search(body)
        url = site_path(following.group(1), site) if following else None
    if read < count:
        sys.exit(f"Le catalogue n'a que {read} jeux de données, il en faut {count}.")
    for node in set(graph.subjects(RDF.type, hydra.PagedCollection)):
        graph.remove((node, None, None))
    # A whole page was read: the datasets beyond the count go, with their distributions
    # and blank nodes (publishers and licences are shared, they stay).
    for dataset in sorted(graph.subjects(RDF.type, dcat.Dataset))[count:]:
        graph.remove((None, dcat.dataset, dataset))
        pending = [dataset]
        while pending:
            node = pending.pop()
            for _s, predicate, value in list(graph.triples((node, None, None))):
                if isinstance(value, BNode) or predicate == dcat.distribution:
                    pending.append(value)
            graph.remove((node, None, None))
    return graph.serialize(format="turtle")


def variant(turtle: str, site: str, letter: str) -> bytes:
    """The same file published elsewhere: other URIs and identifiers (so another guid),
    titles marked with a letter (so other names)."""
    return (turtle.replace(site, f"https://commune-{letter}.example.fr")
            .replace("https://data.example.fr/id/", f"https://data-{letter}.example.fr/id/")
            .replace("(jeu ", f"({letter} jeu ")).encode("utf-8")


def serve(files: dict):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, with_body):
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            if with_body and body:
                self.wfile.write(body)

        def do_GET(self):
            self._answer(True)

        def do_HEAD(self):
            self._answer(False)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.2:{server.server_port}"


def _fit_only(harvester):
    """The least a site on the suite's dataset schema needs to import anything with
    ckanext-dcat alone: its parser also gives nested keys (publisher, contact...) that
    the schema does not have, which package_create refuses as junk. Those keys are
    dropped in ckanext-dcat's own ``modify_package_dict`` hook, nothing else: no
    download guard, no territory, no identifier, no schema recognition. Set on the
    harvester's instance (a CKAN plugin is a singleton: a subclass would be the same
    object) and removed after the run."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema("dataset")
    known = {field["field_name"] for field in schema["dataset_fields"]} | {
        "id", "name", "type", "owner_org", "private", "tags", "resources", "extras"}

    def modify_package_dict(package_dict, dcat_dict, harvest_object):
        return {key: value for key, value in package_dict.items() if key in known}

    harvester.modify_package_dict = modify_package_dict


def harvest(url: str, name: str, hooks: bool) -> tuple:
    """A real harvest job into a new région territory; (seconds, states, errors)."""
    import ckan.plugins as plugins
    import ckan.plugins.toolkit as tk
    from ckanext.dcat.harvesters import DCATRDFHarvester
    from ckanext.harvest import model as harvest_model
    from ckanext.harvest.tests.lib import run_harvest_job

    region = tk.get_action("organization_create")(admin_context(), {
        "name": f"region-{name}", "title": f"Région ({name})", "kind": "region"})
    source = tk.get_action("harvest_source_create")(admin_context(), {
        "name": f"source-{name}", "title": f"Catalogue moissonné ({name})", "url": url,
        "source_type": "dcat_rdf", "owner_org": region["id"], "frequency": "MANUAL"})
    harvester = DCATRDFHarvester()
    if not hooks:
        plugins.unload("opendatalocale_harvest")
        _fit_only(harvester)
    try:
        job = harvest_model.HarvestJob(source=harvest_model.HarvestSource.get(source["id"]))
        job.save()
        profiler = None
        if PROFILE_HARVEST:
            import cProfile
            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        results = run_harvest_job(job, harvester)
        elapsed = time.perf_counter() - started
        if profiler is not None:
            import pstats
            profiler.disable()
            print(f"--- profil du moissonnage {name} ({'crochets' if hooks else 'minimal'})")
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(25)
            stats.sort_stats("cumulative").print_stats("opendatalocale", 25)
    finally:
        if not hooks:
            del harvester.modify_package_dict
            plugins.load("opendatalocale_harvest")
    job = harvest_model.HarvestJob.get(job.id)
    states = {}
    for result in results.values():
        states[result["state"]] = states.get(result["state"], 0) + 1
    errors = [error.message for error in job.gather_errors]
    errors.extend(message for (message,) in harvest_model.Session.query(
        harvest_model.HarvestObjectError.message).join(harvest_model.HarvestObject).filter(
        harvest_model.HarvestObject.harvest_job_id == job.id))
    landed = tk.get_action("package_search")({"ignore_auth": True}, {
        "fq": f'owner_org:"{region["id"]}"', "rows": 0, "include_private": True})["count"]
    return elapsed, states, errors, landed


def harvest_part(client, site: str, count: int) -> dict:
    started = time.perf_counter()
    turtle = harvest_file(client, site, count)
    warm = harvest_file(client, site, 20)
    # Each run of the script harvests under new names and guids (--reuse keeps the
    # harvests of earlier runs).
    stamp = uuid.uuid4().hex[:6]
    files = {f"/{name}.ttl": variant(text, site, f"{name}-{stamp}")
             for name, text in (("a", turtle), ("b", turtle), ("wa", warm), ("wb", warm))}
    print(f"\nfichier DCAT : {count} jeux de données, {len(files['/a.ttl']) / 1e6:.1f} Mo de "
          f"Turtle (fait en {time.perf_counter() - started:.0f} s)")
    server, base = serve(files)
    try:
        for name, hooks in (("wa", True), ("wb", False)):
            harvest(f"{base}/{name}.ttl", f"{name}-{stamp}", hooks)
        runs = {}
        for name, hooks, label in (("a", True, "avec les crochets de la suite"),
                                   ("b", False, "ckanext-dcat seul (minimal)")):
            elapsed, states, errors, landed = harvest(f"{base}/{name}.ttl", f"{name}-{stamp}", hooks)
            runs[name] = elapsed
            print(f"moissonnage {label:32} {elapsed:7.1f} s  ({elapsed / count * 1000:.0f} ms "
                  f"par jeu) états {states}, {landed} jeux dans le territoire")
            for error in errors[:3]:
                print(f"    erreur : {error[:300]}")
            if len(errors) > 3:
                print(f"    … {len(errors) - 3} autre(s) erreur(s)")
    finally:
        server.shutdown()
        server.server_close()
    ratio = runs["a"] / runs["b"]
    print(f"ratio crochets / DCAT seul : {ratio:.2f} (objectif ≤ 1,3) "
          f"{'ok' if ratio <= 1.3 else 'TROP LENT'}")
    return {"ratio": ratio}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckan-ini", required=True)
    parser.add_argument("--datasets", type=int, default=50000)
    parser.add_argument("--territories", type=int, default=100)
    parser.add_argument("--harvest", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--part", choices=["all", "catalogue", "harvest"], default="all")
    parser.add_argument("--no-crawl", action="store_true",
                        help="ne pas lire tout le catalogue page par page")
    parser.add_argument("--reuse", action="store_true",
                        help="garder le catalogue d'un passage précédent")
    parser.add_argument("--profile", action="store_true",
                        help="profil (cProfile) d'une page de /catalog.ttl et des moissonnages")
    args = parser.parse_args()
    global PROFILE_HARVEST
    PROFILE_HARVEST = args.profile

    app = load_app(args.ckan_ini)
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app
    import ckan
    import ckan.plugins.toolkit as tk

    print(f"CKAN {ckan.__version__}, {args.ckan_ini}")
    with flask_app.test_request_context():
        harvest_tables()
        if args.reuse and dataset_count():
            print(f"catalogue d'un passage précédent : {dataset_count()} jeux de données")
        else:
            reset()
            harvest_tables()
            print(f"catalogue : {args.datasets} jeux de données dans {args.territories} territoires")
            make_catalogue(args.territories, args.datasets)
            print(f"  {dataset_count()} jeux de données dans l'index")
        site = tk.config.get("ckanext.dcat.base_uri") or tk.config.get("ckan.site_url")
        site = site.rstrip("/")

    from werkzeug.test import Client
    client = Client(app)
    failed = False
    if args.part in ("all", "catalogue"):
        with flask_app.test_request_context():
            failed |= catalogue_part(client, site, args.repeat, args.profile,
                                     crawl=not args.no_crawl)["ratio"] > 2
    if args.part in ("all", "harvest"):
        with flask_app.test_request_context():
            failed |= harvest_part(client, site, args.harvest)["ratio"] > 1.3
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
