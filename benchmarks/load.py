"""Benchmark: the suite's pages under load, beside CKAN's own /dataset/ page (issue 18).

    $(bash benchmarks/tool_env.sh locust) -m locust --version   # locust's virtualenv, once
    .devstack/venv-2.11.6/bin/python benchmarks/load.py --ini .devstack/2.11.6-<you>/ckan.ini \\
        [--users 50] [--spawn-rate 10] [--duration 120] [--workers N] [--threads 4]

Serves the site of --ini as production does (CKAN's assets built, then gunicorn with
devstack/wsgi.py, N workers of gthread threads, on a free 127.0.0.1 port), finds in its
database what to visit (the territories with the most public datasets, canteen services
with menus, validation reports, the most used schemas, territories with duplicates),
warms every worker up, then runs locust headless (its own virtualenv,
benchmarks/load_locustfile.py): --users anonymous visitors, each opening a page of a
kind drawn at random (every kind as likely) then reading it 1 to 3 s. Reads the site,
never writes to it (but for the built assets).

Prints one row per kind of page: requests, requests per second, p50, p95, p99 (ms, as
locust rounds them), failures, and the p95 divided by CKAN's /dataset/ p95 in the same
run. Exit status 1 when a request failed (any status but 200, redirects included, in the
warm-up too) or when a page's p95 is above --max-ratio (2 by default) times /dataset/'s;
a kind the data does not have is skipped and said so. CSV files and logs in
benchmarks/out/load/<time>/.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BASELINE = "CKAN /dataset/"
# The allergen excluded by the menu search: the first of the 14 (SCDL's own value).
EXCLUDED_ALLERGEN = "céréales contenant du gluten"


def _public_territories(connection, text, sample):
    """Territories with the most public datasets: the pages people open the most."""
    return [row[0] for row in connection.execute(text(
        """SELECT g.name FROM "group" g
           LEFT JOIN package p ON p.owner_org = g.id AND p.state = 'active'
                AND NOT p.private AND p.type <> 'harvest'
           WHERE g.is_organization AND g.state = 'active'
           GROUP BY g.name ORDER BY count(p.id) DESC, g.name LIMIT :sample"""),
        {"sample": sample})]


def discover(ini: str, sample: int) -> tuple[dict, dict, list]:
    """{kind: [path, ...]} from the instance's database, the data's size, and the kinds
    skipped (with why). Only public, active things: what an anonymous visitor reads."""
    import sqlalchemy
    from ckan.cli import load_config
    from sqlalchemy import text

    config = load_config(ini)
    engine = sqlalchemy.create_engine(config["sqlalchemy.url"])
    targets: dict[str, list[str]] = {BASELINE: ["/dataset/"],
                                     "/territoires": ["/territoires"],
                                     "/territoires/obligation": ["/territoires/obligation"]}
    skipped = []
    quote = urllib.parse.quote
    with engine.connect() as connection:
        size = dict(connection.execute(text(
            """SELECT 'public datasets', count(*) FROM package
               WHERE state = 'active' AND NOT private AND type <> 'harvest'
               UNION ALL SELECT 'territories', count(*) FROM "group"
               WHERE is_organization AND state = 'active'""")).fetchall())
        territories = _public_territories(connection, text, sample)
        if territories:
            targets["/territoires/<nom>"] = [f"/territoires/{quote(t)}" for t in territories]
            targets["/territoires/<nom>/public"] = [f"/territoires/{quote(t)}/public"
                                                    for t in territories]
            targets["/catalog/<territoire>.ttl"] = [f"/catalog/{quote(t)}.ttl"
                                                   for t in territories]
        else:
            skipped.append(("/territoires/<nom>, /public, /catalog/<territoire>.ttl",
                            "aucun territoire"))

        # Canteen services whose menu files were validated first: their week is read
        # from the copy the validation job stored.
        canteens = [row[0] for row in connection.execute(text(
            """SELECT p.name FROM package p
               WHERE p.type = 'cantine' AND p.state = 'active' AND NOT p.private
                 AND EXISTS (SELECT 1 FROM resource r WHERE r.package_id = p.id
                             AND r.state = 'active')
               ORDER BY EXISTS (SELECT 1 FROM resource r
                                JOIN odl_resource_validation v ON v.resource_id = r.id
                                WHERE r.package_id = p.id AND r.state = 'active'
                                  AND v.status = 'success') DESC, p.name
               LIMIT :sample"""), {"sample": sample})]
        if canteens:
            targets["/cantine/<id>/menus"] = [f"/cantine/{quote(c)}/menus" for c in canteens]
            targets["odl_menu_search (API)"] = [
                "/api/3/action/odl_menu_search?" + urllib.parse.urlencode(
                    {"id": c, "exclude": EXCLUDED_ALLERGEN, "limit": 50}) for c in canteens]
        else:
            skipped.append(("/cantine/<id>/menus, odl_menu_search",
                            "aucun service de restauration public avec des menus"))

        # Reports of both verdicts, in an order that does not follow creation (md5 of
        # the id): a sample across the catalogue, the same from one run to the next.
        reports = connection.execute(text(
            """SELECT p.name, r.id FROM odl_resource_validation v
               JOIN resource r ON r.id = v.resource_id AND r.state = 'active'
               JOIN package p ON p.id = r.package_id AND p.state = 'active' AND NOT p.private
               WHERE v.status IN ('success', 'failure')
               ORDER BY md5(r.id) LIMIT :sample"""), {"sample": sample}).fetchall()
        if reports:
            targets["/dataset/<id>/resource/<id>/validation"] = [
                f"/dataset/{quote(name)}/resource/{rid}/validation" for name, rid in reports]
        else:
            skipped.append(("/dataset/<id>/resource/<id>/validation",
                            "aucun rapport de validation"))

        schemas = [row[0] for row in connection.execute(text(
            """SELECT schema_name FROM odl_resource_validation WHERE schema_name IS NOT NULL
               GROUP BY schema_name ORDER BY count(*) DESC, schema_name LIMIT :sample"""),
            {"sample": sample})]
        if not schemas:
            from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue

            # No report to tell the schemas in use: the SCDL ones first.
            ids = SchemaCatalogue.bundled().ids()
            schemas = sorted(ids, key=lambda i: (not i.startswith("scdl/"), i))[:sample]
        targets["/schemas/<id>"] = [f"/schemas/{s}" for s in schemas]

        duplicated = [row[0] for row in connection.execute(text(
            # Each side of a pair apart: an OR in the join would read every package.
            """SELECT g.name FROM (SELECT dataset_a AS id FROM odl_dedup_pair
                                  UNION ALL SELECT dataset_b FROM odl_dedup_pair) d
               JOIN package p ON p.id = d.id AND p.state = 'active' AND NOT p.private
               JOIN "group" g ON g.id = p.owner_org AND g.state = 'active'
               GROUP BY g.name ORDER BY count(*) DESC, g.name LIMIT :sample"""),
            {"sample": sample})]
        if duplicated:
            targets["/doublons?territoire=<nom>"] = [
                "/doublons?" + urllib.parse.urlencode({"territoire": t}) for t in duplicated]
        else:
            skipped.append(("/doublons?territoire=<nom>", "aucun territoire avec des doublons"))
    engine.dispose()
    return targets, size, skipped


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """gunicorn serving the CKAN of ``ini`` as devstack/run.sh does, in its own
    process group."""

    def __init__(self, ini: str, workers: int, threads: int, out: str, keep_alive: int = 5):
        # CKAN's bundles built first, as a deployment does: on a site that never built
        # them, the first pages asked at once in a worker race each other to write them,
        # and some answer 500 (webassets' BundleError: 3 cold starts of 4 on 2.12.0).
        ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
        subprocess.run([ckan, "-c", ini, "asset", "build"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(out, "gunicorn.log")
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [gunicorn, "--chdir", os.path.join(REPO, "devstack"), "wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                 "--worker-class", "gthread", "--threads", str(threads),
                 "--timeout", "120", "--graceful-timeout", "20", "--keep-alive", str(keep_alive),
                 "--max-requests", "2000", "--max-requests-jitter", "200",
                 "--access-logfile", os.path.join(out, "access.log")],
                env=dict(os.environ, CKAN_INI=os.path.abspath(ini)), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)

    def wait_up(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn s'est arrêté (voir {self.log})")
            try:
                urllib.request.urlopen(self.url + "/api/3/action/status_show", timeout=5)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise SystemExit(f"le site ne répond pas après {timeout:.0f} s (voir {self.log})")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(40)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def fetch_status(url: str) -> tuple[int, float]:
    started = time.perf_counter()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def warm_up(site: Site, targets: dict, workers: int, threads: int) -> list[str]:
    """Every URL once (its answer checked), then each kind's first URL a few times
    at once so that every worker has compiled its templates. Returns what failed."""
    urls = [path for paths in targets.values() for path in paths]
    urls += [paths[0] for paths in targets.values()] * workers
    problems = []
    with concurrent.futures.ThreadPoolExecutor(max(2, workers * threads // 2)) as pool:
        for path, (status, _) in zip(urls, pool.map(lambda p: fetch_status(site.url + p), urls)):
            if status != 200:
                problems.append(f"HTTP {status} {path}")
    return sorted(set(problems))


def run_locust(site: Site, targets_file: str, out: str, args) -> str:
    locust_python = subprocess.run(["bash", os.path.join(HERE, "tool_env.sh"), "locust"],
                                   check=True, capture_output=True, text=True).stdout.strip()
    prefix = os.path.join(out, "locust")
    command = [locust_python, "-m", "locust", "-f", os.path.join(HERE, "load_locustfile.py"),
               "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
               "-t", f"{args.duration}s", "--stop-timeout", "30", "--host", site.url,
               "--csv", prefix, "--only-summary", "--logfile", prefix + ".log"]
    print("locust :", " ".join(command[3:]), flush=True)
    with open(prefix + ".out", "wb") as output:
        # Exit status 1 on failures: judged here from the CSV instead.
        subprocess.run(command, env=dict(os.environ, ODL_LOAD_TARGETS=targets_file),
                       stdout=output, stderr=subprocess.STDOUT, check=False)
    return prefix


def read_stats(prefix: str) -> dict:
    with open(prefix + "_stats.csv", encoding="utf-8") as stats_file:
        return {row["Name"]: row for row in csv.DictReader(stats_file)}


def read_failures(prefix: str) -> list:
    path = prefix + "_failures.csv"
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as failures_file:
        return list(csv.DictReader(failures_file))


def machine() -> str:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    return (f"{os.cpu_count()} cœurs ({model}), {memory_kb / 1024 ** 2:.1f} Gio, "
            f"Python {platform.python_version()}")


def report(stats: dict, targets: dict, max_ratio: float, duration: float) -> list[str]:
    """Prints the table; returns the reasons for a failing exit status. Requests per
    second over the whole test (locust's own figure spans each page's first to last
    request)."""
    problems = []
    baseline = stats.get(BASELINE)
    baseline_p95 = (float(baseline["95%"])
                    if baseline and baseline["95%"] not in ("N/A", "0") else None)
    print("\n| page | requêtes | req/s | p50 ms | p95 ms | p99 ms | échecs | p95 / /dataset/ |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in [BASELINE] + sorted(k for k in targets if k != BASELINE):
        row = stats.get(kind)
        if row is None:
            print(f"| {kind} | 0 | – | – | – | – | – | – |")
            problems.append(f"{kind} : aucune requête pendant le test")
            continue
        failures = int(row["Failure Count"])
        p95 = float(row["95%"]) if row["95%"] != "N/A" else None
        ratio = p95 / baseline_p95 if p95 is not None and baseline_p95 else None
        ratio_text = "–" if kind == BASELINE or ratio is None else f"{ratio:.2f}×"
        print(f"| {kind} | {row['Request Count']} | {int(row['Request Count']) / duration:.2f} | "
              f"{row['50%']} | {row['95%']} | {row['99%']} | {failures} | {ratio_text} |")
        if failures:
            problems.append(f"{kind} : {failures} échec(s)")
        if kind != BASELINE and ratio is not None and ratio > max_ratio:
            problems.append(f"{kind} : p95 {p95:.0f} ms = {ratio:.2f}× celui de /dataset/ "
                            f"({baseline_p95:.0f} ms), au-delà de {max_ratio}×")
    total = stats.get("Aggregated")
    if total:
        print(f"| **total** | {total['Request Count']} | "
              f"{int(total['Request Count']) / duration:.2f} | "
              f"{total['50%']} | {total['95%']} | {total['99%']} | {total['Failure Count']} | |")
    fewest = min((int(row["Request Count"]) for name, row in stats.items()
                  if name != "Aggregated"), default=0)
    if fewest < 50:
        print(f"(une page n'a que {fewest} mesures : p95 et p99 y sont ceux d'une poignée de "
              "requêtes ; --users 50 --duration 120 en donne une centaine par page)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", required=True, help="ckan.ini du site chargé (lu, pas modifié)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=120, help="secondes")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="processus gunicorn (défaut : 2 × cœurs, comme en production)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-alive", type=int, default=5,
                        help="secondes (gunicorn ; 5 par défaut, comme devstack/run.sh)")
    parser.add_argument("--sample", type=int, default=10,
                        help="URL différentes par sorte de page")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument("--wait", type=float, nargs=2, default=(1.0, 3.0),
                        metavar=("MIN", "MAX"), help="temps de lecture d'une page (s)")
    args = parser.parse_args()

    out = os.path.join(HERE, "out", "load", datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out, exist_ok=True)
    targets, size, skipped = discover(args.ini, args.sample)
    targets_file = os.path.join(out, "targets.json")
    with open(targets_file, "w", encoding="utf-8") as written:
        json.dump(targets, written, ensure_ascii=False, indent=1)

    import ckan
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, CKAN "
          f"{ckan.__version__}, {machine()}")
    print(f"données : {size.get('territories', 0)} territoires, "
          f"{size.get('public datasets', 0)} jeux de données publics ({args.ini})")
    for kind, paths in targets.items():
        print(f"  {kind} : {len(paths)} URL, ex. {paths[0]}")
    for kind, why in skipped:
        print(f"  sauté : {kind} ({why})")

    site = Site(args.ini, args.workers, args.threads, out, args.keep_alive)
    try:
        site.wait_up()
        started = time.monotonic()
        warm_problems = warm_up(site, targets, args.workers, args.threads)
        print(f"gunicorn {site.url} : {args.workers} processus × {args.threads} fils ; "
              f"préchauffage {time.monotonic() - started:.0f} s")
        for problem in warm_problems:
            print(f"  préchauffage : {problem}")
        print(f"charge moyenne avant : {os.getloadavg()[0]:.2f} ; {args.users} visiteurs, "
              f"{args.spawn_rate:g}/s, {args.duration} s, "
              f"lecture {args.wait[0]:g}–{args.wait[1]:g} s",
              flush=True)
        os.environ["ODL_LOAD_WAIT_MIN"], os.environ["ODL_LOAD_WAIT_MAX"] = map(str, args.wait)
        prefix = run_locust(site, targets_file, out, args)
        print(f"charge moyenne après : {os.getloadavg()[0]:.2f}")
    finally:
        site.stop()

    problems = [f"préchauffage : {problem}" for problem in warm_problems]
    problems += report(read_stats(prefix), targets, args.max_ratio, args.duration)
    failures = read_failures(prefix)
    for failure in failures[:20]:
        print(f"  échec : {failure['Name']} : {failure['Error']} ({failure['Occurrences']} fois)")
    print(f"\nfichiers : {out}")
    if problems:
        print("\nObjectif manqué (aucune erreur, p95 ≤ "
              f"{args.max_ratio:g}× /dataset/) :")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"\nObjectif tenu : aucune erreur, chaque p95 ≤ {args.max_ratio:g}× "
          "celui de /dataset/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
