"""Benchmark: territory overview, its JSON export and a dashboard, beside CKAN's
own /organization list page, with many territories and datasets.

Uses its own devstack instance (never another engineer's database):

    ODL_INSTANCE=terrbench bash devstack/setup.sh
    .devstack/venv-2.11.6/bin/python benchmarks/territories.py \
        --ini .devstack/2.11.6-terrbench/ckan.ini [--territories 1000] [--datasets 50000]

Territories go in through the ORM, datasets and resources through bulk SQL
inserts, and the search index through Solr JSON posts of the fields CKAN indexes
and these pages query (capacity, owner_org, organization, permission labels,
dates): package_create would take hours for 50,000 datasets. The database and
index of the instance are emptied first. Times are server times: requests go
through the Flask app in-process (no network), median of --repeat runs after a
warm-up.
"""
from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import sys
import time
import uuid

SCHEMAS = ["scdl/deliberations", "scdl/subventions", "scdl/budget", "scdl/equipements",
           "scdl/prenoms", "scdl/catalogue", "etalab/schema-irve-statique"]
FREQUENCIES = ["monthly", "annual", "weekly", "irregular", ""]


def load_ckan(ini):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    return make_app(load_config(ini))


def reset(config):
    import ckan.model as model
    from ckan.lib import search

    if "bench" not in config["sqlalchemy.url"]:
        sys.exit("Refus : la base de ce fichier .ini n'est pas une base de benchmark "
                 "(ODL_INSTANCE=...bench).")
    model.repo.delete_all()
    search.clear_all()


def create_territories(count, rng):
    import ckan.model as model

    kinds = ["commune"] * 8 + ["intercommunalite", "syndicat"]
    territories = []
    for index in range(count):
        kind = rng.choice(kinds)
        departement = f"{rng.randint(1, 95):02d}"
        group = model.Group(name=f"territoire-{index:05d}", title=f"Territoire n° {index}",
                            type="organization", is_organization=True)
        group.state = "active"
        model.Session.add(group)
        model.Session.flush()
        group.extras = {"kind": kind, "siren": "214202186",
                        "insee_code": f"{departement}{rng.randint(1, 999):03d}" if kind == "commune" else "",
                        "population": str(rng.randint(100, 200000))}
        territories.append(group)
    model.Session.commit()
    return [(group.id, group.name) for group in territories]


def create_datasets(territories, count, rng):
    """Rows for package and resource; returns the Solr documents to index."""
    import sqlalchemy as sa
    import ckan.model as model
    from ckan.common import config

    site_id = config["ckan.site_id"]
    now = datetime.datetime.utcnow()
    packages, resources, extras, documents = [], [], [], []
    # A skewed spread: a few territories publish a lot, most a little.
    weights = [1 / (rank + 1) for rank in range(len(territories))]
    for index, (territory_id, territory_name) in enumerate(
            rng.choices(territories, weights=weights, k=count)):
        dataset_id = str(uuid.uuid4())
        private = rng.random() < 0.1
        modified = now - datetime.timedelta(days=rng.randint(0, 900))
        packages.append({"id": dataset_id, "name": f"jeu-{index:06d}", "title": f"Jeu {index}",
                         "type": "dataset", "owner_org": territory_id, "private": private,
                         "state": "active", "metadata_created": modified,
                         "metadata_modified": modified})
        resource_extras = {}
        if rng.random() < 0.3:
            resource_extras = {"schema": {"name": rng.choice(SCHEMAS), "version": "1.0"},
                               "validation_status": rng.choice(["success", "failure"])}
        resources.append({"id": str(uuid.uuid4()), "package_id": dataset_id, "position": 0,
                          "url": f"https://example.org/{index}.csv", "state": "active",
                          "extras": json.dumps(resource_extras)})
        frequency = rng.choice(FREQUENCIES)
        if frequency:
            extras.append((dataset_id, frequency))
        documents.append({
            "id": dataset_id, "index_id": f"{site_id}-{dataset_id}", "site_id": site_id,
            "entity_type": "package", "dataset_type": "dataset", "name": f"jeu-{index:06d}",
            "title": f"Jeu {index}", "state": "active", "owner_org": territory_id,
            "organization": territory_name, "capacity": "private" if private else "public",
            "permission_labels": [f"member-{territory_id}"] if private else ["public"],
            "metadata_created": modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "metadata_modified": modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "validated_data_dict": json.dumps({"id": dataset_id, "name": f"jeu-{index:06d}"}),
        })
    connection = model.Session.connection()
    for start in range(0, count, 5000):
        connection.execute(model.package_table.insert(), packages[start:start + 5000])
        connection.execute(sa.text(
            "INSERT INTO resource (id, package_id, position, url, state, extras) "
            "VALUES (:id, :package_id, :position, :url, :state, :extras)"),
            resources[start:start + 5000])
    if hasattr(model, "package_extra_table"):
        connection.execute(model.package_extra_table.insert(), [
            {"id": str(uuid.uuid4()), "package_id": d, "key": "frequency", "value": f,
             "state": "active"} for d, f in extras])
    else:
        connection.execute(sa.text(
            "UPDATE package SET extras = jsonb_build_object('frequency', :f) WHERE id = :d"),
            [{"d": d, "f": f} for d, f in extras])
    model.Session.commit()
    return documents


def index(documents):
    from ckan.lib.search.common import make_connection

    solr = make_connection()
    for start in range(0, len(documents), 5000):
        solr.add(documents[start:start + 5000], commit=False)
    solr.commit()


def measure(client, url, repeat):
    client.get(url)  # warm-up: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", required=True)
    parser.add_argument("--territories", type=int, default=1000)
    parser.add_argument("--datasets", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    app = load_ckan(args.ini)
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app
    rng = random.Random(args.seed)
    with flask_app.test_request_context():
        from ckan.common import config

        reset(config)
        started = time.perf_counter()
        territories = create_territories(args.territories, rng)
        documents = create_datasets(territories, args.datasets, rng)
        index(documents)
        print(f"Données : {args.territories} territoires, {args.datasets} jeux de données "
              f"créés et indexés en {time.perf_counter() - started:.1f} s")
        busiest = territories[0][1]

    # The whole middleware stack (i18n, auth), as a real request goes through it.
    from werkzeug.test import Client
    client = Client(app)
    pages = [("Vue d'ensemble /territoires", "/territoires", 1.0),
             ("Export JSON", "/territoires/export.json", 1.0),
             ("Tableau de bord d'un territoire", f"/territoires/{busiest}", 0.3),
             ("Couverture SCDL", "/territoires/couverture-scdl", None),
             ("CKAN /organization", "/organization/", None)]
    results = {label: measure(client, url, args.repeat) for label, url, _ in pages}
    reference = results["CKAN /organization"]
    print(f"{'page':40} {'médiane':>10} {'objectif':>10} {'× /organization':>16}")
    failed = False
    for label, url, goal in pages:
        seconds = results[label]
        verdict = "" if goal is None else ("ok" if seconds < goal else "TROP LENT")
        failed |= verdict == "TROP LENT"
        goal_text = f"< {goal:.1f} s" if goal else "-"
        print(f"{label:40} {seconds * 1000:8.0f} ms {goal_text:>10} {seconds / reference:15.2f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
