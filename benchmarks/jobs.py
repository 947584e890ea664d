"""Benchmark: background jobs served by real `ckan jobs worker` processes (issue 18).

    ODL_INSTANCE=jobsbench CKAN_VERSION=2.11.6 bash devstack/setup.sh   # then:
    .devstack/venv-2.11.6/bin/python benchmarks/jobs.py \\
        --ini .devstack/2.11.6-jobsbench/ckan.ini [--files 200] [--workers 1 2 4] \\
        [--datasets 500] [--part workers|import|all]

Writes into the site of --ini (a devstack instance whose database name holds "bench",
never a production one): a territory `bench-jobs-<time>`, its datasets and files.

- **workers**: ``--files`` uploaded CSV files (scdl/subventions, ``--rows`` rows each, two
  a dataset) are validated with 1, 2 and 4 workers in turn: the workers are started and registered
  first, then every validation is queued at once, and the time until the last verdict is
  written gives the throughput (files per second) of each count.
- **import**: a bulk import of ``--datasets`` datasets (one SCDL resource in two, served on
  127.0.0.3, the devstack's allowed network) applied by 2 workers serving
  ``default odl_background`` as `make run` starts them; meanwhile someone uploads one
  file: the time until *its* verdict (the queue order puts it before the territory
  progress records), the longest each queue got, the time until the import is applied and
  until the last validation it queued is written.
"""
from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import loopback  # noqa: E402
from bulk_import import bench_territory, import_csv  # noqa: E402
from validation_engine import generate  # noqa: E402

SCHEMA = "scdl/subventions"


class Workers:
    """N `ckan jobs worker` processes, each in its own process group."""

    def __init__(self, ini: str, count: int, queues=("default",)):
        ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
        self.processes = [subprocess.Popen([ckan, "-c", ini, "jobs", "worker", *queues],
                                           start_new_session=True, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL) for _ in range(count)]

    def wait_registered(self, timeout: float = 120) -> None:
        from ckan.lib import jobs
        from rq import Worker

        deadline = time.monotonic() + timeout
        pids = {str(p.pid) for p in self.processes}
        while time.monotonic() < deadline:
            alive = {str(w.pid) for w in Worker.all(connection=jobs.get_queue().connection)}
            if pids <= alive:
                return
            time.sleep(0.2)
        raise SystemExit("les workers ne se sont pas enregistrés à temps")

    def stop(self) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _pending(resource_ids) -> int:
    import ckan.model as model

    from ckanext.opendatalocale.scdl.model import ResourceValidation

    model.Session.expire_all()
    done = model.Session.query(ResourceValidation).filter(
        ResourceValidation.resource_id.in_(list(resource_ids)),
        ResourceValidation.status != "running").count()
    model.Session.commit()
    return len(resource_ids) - done


def _wait_done(resource_ids, timeout: float = 3600) -> float:
    started = time.perf_counter()
    while _pending(resource_ids) and time.perf_counter() - started < timeout:
        time.sleep(0.1)
    return time.perf_counter() - started


def part_workers(args, admin, territory) -> None:
    import ckan.plugins.toolkit as tk
    from ckan.lib import jobs
    from werkzeug.datastructures import FileStorage

    from ckanext.opendatalocale.scdl import resource_validation

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "subventions.csv")
        generate(path, args.rows)
        with open(path, "rb") as handle:
            body = handle.read()
    resources = []
    for number in range(args.files):
        if number % 2 == 0:  # two files a dataset, as a territory's datasets hold them
            dataset = tk.get_action("package_create")({"user": admin}, {
                "name": f"{territory['name']}-fichiers-{number}", "title": f"Fichiers {number}",
                "owner_org": territory["id"]})
        resources.append(tk.get_action("resource_create")({"user": admin}, {
            "package_id": dataset["id"], "name": f"Subventions {number}", "format": "CSV",
            "schema": SCHEMA, "url": f"subventions-{number}.csv",
            "upload": FileStorage(stream=io.BytesIO(body), filename=f"subventions-{number}.csv")}))
    ids = [resource["id"] for resource in resources]
    print(f"{args.files} fichiers de {args.rows} lignes ({len(body) / 1e6:.1f} Mo chacun) déposés")
    baseline = None
    for count in args.workers:
        jobs.get_queue().empty()
        workers = Workers(args.ini, count)
        try:
            workers.wait_registered()
            started = time.perf_counter()
            for resource in resources:
                resource_validation.enqueue(resource)
            _wait_done(ids)
            seconds = time.perf_counter() - started
        finally:
            workers.stop()
        left = _pending(ids)
        rate = args.files / seconds
        baseline = baseline or rate
        print(f"{count} worker(s) : {seconds:.1f} s, {rate:.1f} fichiers/s "
              f"({rate / baseline:.2f}× un worker){' — ' + str(left) + ' non finis' if left else ''}")


def part_import(args, admin, user, territory) -> None:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckan.lib import jobs
    from werkzeug.datastructures import FileStorage

    from ckanext.opendatalocale.publishing import importer
    from ckanext.opendatalocale.scdl.model import ResourceValidation
    from ckanext.opendatalocale.territories.jobs import BACKGROUND_QUEUE

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "subventions.csv")
        generate(path, args.rows)
        with open(path, "rb") as handle:
            body = handle.read()
    base = loopback.serve(body, host="127.0.0.3")
    content = import_csv(args.datasets, territory["name"]).replace(
        b"https://data.example.fr", base.encode())
    bulk = importer.dry_run(user, content, "banc.csv")
    assert not bulk.errors, bulk.errors[:3]
    for name in ("default", BACKGROUND_QUEUE):
        jobs.get_queue(name).empty()
    workers = Workers(args.ini, 2, ("default", BACKGROUND_QUEUE))
    longest = {"default": 0, BACKGROUND_QUEUE: 0}
    try:
        workers.wait_registered()
        started = time.perf_counter()
        importer.start(bulk)
        # someone sends a file while the import runs
        time.sleep(2)
        dataset = tk.get_action("package_create")({"user": admin}, {
            "name": f"{territory['name']}-envoi", "title": "Un envoi pendant l'import",
            "owner_org": territory["id"]})
        sent_at = time.perf_counter()
        sent = tk.get_action("resource_create")({"user": admin}, {
            "package_id": dataset["id"], "name": "Subventions", "format": "CSV",
            "schema": SCHEMA, "url": "envoi.csv",
            "upload": FileStorage(stream=io.BytesIO(body), filename="envoi.csv")})
        user_wait = None
        applied = None
        while time.perf_counter() - started < 3600:
            for name in longest:
                longest[name] = max(longest[name], len(jobs.get_queue(name)))
            if user_wait is None and not _pending([sent["id"]]):
                user_wait = time.perf_counter() - sent_at
            model.Session.expire_all()
            state = model.Session.get(importer.BulkImport, bulk.id).state
            model.Session.commit()
            if applied is None and state not in ("queued", "running"):
                applied = time.perf_counter() - started
            if applied is not None and user_wait is not None:
                ids = [r.id for r in model.Session.query(model.Resource).join(
                    model.Package, model.Package.id == model.Resource.package_id).filter(
                    model.Package.owner_org == territory["id"])]
                validated = [rid for rid in ids if ResourceValidation.get(rid) is not None]
                if not _pending(validated) and not len(jobs.get_queue("default")):
                    break
            time.sleep(0.25)
        last = time.perf_counter() - started
        print(f"import de {args.datasets} jeux par 2 workers « default {BACKGROUND_QUEUE} » : "
              f"appliqué en {applied:.1f} s, dernière validation écrite à {last:.1f} s")
        print(f"fichier envoyé pendant l'import : verdict en {user_wait:.1f} s")
        # then the background queue (territory progress, duplicate checks) drains
        while len(jobs.get_queue(BACKGROUND_QUEUE)) and \
                time.perf_counter() - started < args.drain_timeout:
            for name in longest:
                longest[name] = max(longest[name], len(jobs.get_queue(name)))
            time.sleep(0.5)
        drained = time.perf_counter() - started
        left = {name: len(jobs.get_queue(name)) for name in longest}
    finally:
        workers.stop()
    print(f"file {BACKGROUND_QUEUE} (avancement, doublons) : "
          + (f"vidée à {drained:.1f} s" if not left[BACKGROUND_QUEUE]
             else f"{left[BACKGROUND_QUEUE]} tâches encore en attente à {drained:.1f} s"))
    print(f"files d'attente les plus longues : {longest} ; restantes à la fin : {left}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", required=True)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--datasets", type=int, default=500)
    parser.add_argument("--part", choices=("workers", "import", "all"), default="all")
    parser.add_argument("--drain-timeout", type=float, default=900,
                        help="secondes au plus à attendre que la file de fond se vide")
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(args.ini)
    if "bench" not in config.get("sqlalchemy.url", ""):
        raise SystemExit("--ini doit désigner une instance de banc (base « …bench… »)")
    app = make_app(config)
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app
    with flask_app.test_request_context():
        import ckan.model as model
        import ckan.plugins.toolkit as tk

        user, territory = bench_territory("bench-jobs", "Banc des tâches")
        print(f"machine : {os.cpu_count()} cœurs, charge {os.getloadavg()[0]:.1f}")
        if args.part in ("workers", "all"):
            part_workers(args, user.name, territory)
        if args.part in ("import", "all"):
            part_import(args, user.name, user, territory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
