"""Benchmark: a bulk import of 500 datasets (issue 16), on a real CKAN site.

    ODL_INSTANCE=<name> make setup   # then:
    .devstack/venv-2.11.6/bin/python benchmarks/bulk_import.py \
        --ini .devstack/2.11.6-<name>/ckan.ini [--datasets 500]

Writes into the site of --ini (a devstack demo site, never a production one): a territory
`bench-import-<time>` and its datasets. Prints, for --datasets rows of the template's
shape (two resource links each, an SCDL schema on one row in two):
- the dry run (reading the CSV, checking every row, looking identifiers up, storing
  the plan) — what the web request does;
- applying it (what the background job does: one package_create a row), rows per second;
- the same file imported again: its dry run (every row an update) and its application,
  and the number of datasets of the territory afterwards (must equal --datasets);
- the process's peak memory.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def import_csv(count: int, territory: str, suffix: str = "") -> bytes:
    from ckanext.opendatalocale.publishing import rows

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(rows.COLUMN_NAMES)
    for number in range(count):
        values = dict(rows.EXAMPLE_ROW, territoire=territory,
                      identifiant=f"bench-{number:05d}",
                      titre=f"Jeu de données numéro {number}{suffix}",
                      mots_cles=f"banc, essai, lot {number % 7}",
                      schema="scdl/subventions" if number % 2 else "",
                      urls_ressources=f"https://data.example.fr/{number}/donnees.csv "
                                      f"https://data.example.fr/{number}/notice.pdf")
        writer.writerow([values[name] for name in rows.COLUMN_NAMES])
    return buffer.getvalue().encode("utf-8")


def bench_territory(prefix: str, title: str):
    """A sysadmin and a commune of their own, named ``<prefix>-<time>`` (in an app context)."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    stamp = time.strftime("%Y%m%d%H%M%S")
    user = model.User(name=f"{prefix}-{stamp}", email=f"{prefix}-{stamp}@example.fr",
                      password="Mot-de-passe-de-banc-2024", sysadmin=True)
    model.Session.add(user)
    model.Session.commit()
    territory = tk.get_action("organization_create")(
        {"user": user.name}, {"name": f"{prefix}-{stamp}", "title": title, "kind": "commune"})
    return user, territory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ini", required=True)
    parser.add_argument("--datasets", type=int, default=500)
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    with app._wsgi_app.test_request_context() if hasattr(app, "_wsgi_app") else \
            app.test_request_context():
        import ckan.model as model

        from ckanext.opendatalocale.publishing import importer

        user, territory = bench_territory("bench-import", "Banc d'import")
        for label, suffix in (("premier import", ""), ("même fichier, titres changés", " (2)")):
            content = import_csv(args.datasets, territory["name"], suffix)
            started = time.perf_counter()
            bulk = importer.dry_run(user, content, "banc.csv")
            checked = time.perf_counter() - started
            assert not bulk.errors, bulk.errors[:3]
            actions = {entry["action"] for entry in bulk.plan}
            bulk.state = "queued"
            model.Session.commit()
            started = time.perf_counter()
            importer.run(bulk.id)
            applied = time.perf_counter() - started
            bulk = model.Session.get(importer.BulkImport, bulk.id)
            outcomes = {}
            for result in bulk.results:
                outcomes[result["outcome"]] = outcomes.get(result["outcome"], 0) + 1
            print(f"{label}: {args.datasets} lignes ({'/'.join(sorted(actions))}) ; "
                  f"vérification {checked:.1f} s ; application {applied:.1f} s "
                  f"({args.datasets / applied:.1f} jeux/s) ; résultats {outcomes}")
        count = model.Session.query(model.Package).filter(
            model.Package.owner_org == territory["id"], model.Package.state == "active").count()
        print(f"jeux du territoire après deux imports : {count}")
        print(f"mémoire maximale du processus : "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo")


if __name__ == "__main__":
    main()
