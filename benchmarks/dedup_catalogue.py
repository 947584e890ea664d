"""Benchmark: the duplicate scan through CKAN's database at 100,000 datasets, and the
incremental check of one dataset among them (issue 14, point 10).

    .devstack/venv-2.11.6/bin/python benchmarks/dedup_catalogue.py \
        --ckan-ini .devstack/2.11.6-<instance>/ckan.ini [--datasets 100000] [--naive 5000]
        [--incremental 200] [--keep]

Use an instance's development database (never a production one): the generated
catalogue (tests/dedup/corpus.py, planted duplicates of every kind and hard
look-alikes) is written straight into PostgreSQL with COPY — datasets, their extras
(2.11's table or 2.12's JSONB column), tags, resources with their SCDL schema, and the
digests the background jobs would have stored for their files — then:
- the full scan as the job runs it (scan.run: reading every dataset, matching, storing
  pairs, clusters and block keys), wall and CPU time, peak memory;
- the reading alone (catalogue pages), to say where the time goes;
- that the scan found through the database the pairs the matcher finds on the corpus
  in memory (a check, not a timing);
- the naive all-pairs comparison on a --naive subset and the blocked matching on the
  same subset in the same run, and their ratio;
- the incremental check (incremental.check: package_show, keys, candidates read from
  PostgreSQL, matching, pairs stored) of --incremental datasets: median and worst.
The generated rows are removed at the end unless --keep.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Before CKAN loads: a package named `tests` installed beside it would shadow ours.
from benchmarks.dedup import naive, text_found  # noqa: E402
from tests.dedup import corpus  # noqa: E402

PREFIX = "bench-dedup-"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, *args):
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - started, time.process_time() - cpu, result


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = 0
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN "
                       f"WITH (FORMAT csv, NULL '\\N')", buffer)
    return count


def load(records, extras_in_table: bool) -> None:
    """The corpus as CKAN rows, and the file digests the jobs would have stored."""
    import ckan.model as model

    connection = model.Session.connection().connection
    cursor = connection.cursor()
    stamp = "2025-06-01 12:00:00"
    orgs = sorted({r.owner_org for r in records})
    _copy(cursor, '"group"', ["id", "name", "title", "type", "state", "is_organization",
                              "approval_status", "created"],
          ((PREFIX + org, PREFIX + org, f"Territoire {org}", "organization", "active", True,
            "approved", stamp) for org in orgs))

    def extras_of(record):
        found = {"spatial_coverage": record.spatial, "identifier": record.identifier,
                 "temporal_start": record.temporal_start, "temporal_end": record.temporal_end}
        if record.harvested:
            found["harvest_source_id"] = PREFIX + "source"
        return {k: v for k, v in found.items() if v}

    columns = ["id", "name", "title", "notes", "state", "type", "owner_org", "private",
               "metadata_created", "metadata_modified"]
    if not extras_in_table:
        columns.append("extras")
    _copy(cursor, "package", columns, (
        [PREFIX + r.id, PREFIX + r.id, r.title, r.notes, "active", "dataset",
         PREFIX + r.owner_org, False, stamp, stamp]
        + ([] if extras_in_table else [json.dumps(extras_of(r))]) for r in records))
    if extras_in_table:
        _copy(cursor, "package_extra", ["id", "package_id", "key", "value", "state"], (
            (f"{PREFIX}{r.id}-{key}", PREFIX + r.id, key, value, "active")
            for r in records for key, value in extras_of(r).items()))

    tags = sorted({t for r in records for t in r.tags})
    _copy(cursor, "tag", ["id", "name"], ((PREFIX + t, PREFIX + t) for t in tags))
    _copy(cursor, "package_tag", ["id", "package_id", "tag_id", "state"], (
        (f"{PREFIX}{r.id}-{t}", PREFIX + r.id, PREFIX + t, "active")
        for r in records for t in r.tags))

    resources, digests = [], []
    for r in records:
        links = [(f"https:{url}", None) for url in r.urls]
        if r.content_hashes or r.headers:
            # A file of its own, at an address nobody else uses: its digest and columns
            # are what the background job stored when it read it.
            links.append((f"https://fichiers.example/{r.id}/donnees.csv",
                          (r.content_hashes[0] if r.content_hashes else "", list(r.headers))))
        for position, (url, digest) in enumerate(links):
            resource_id = f"{PREFIX}{r.id}-{position}"
            extras = {"schema": r.schema} if r.schema and position == 0 else {}
            resources.append((resource_id, PREFIX + r.id, url, "CSV", position, "active",
                              json.dumps(extras)))
            sha256, headers = digest or ("", None)
            digests.append((resource_id, f"link:{url}:", sha256,
                            json.dumps(headers) if headers else None, stamp))
    _copy(cursor, "resource", ["id", "package_id", "url", "format", "position", "state",
                               "extras"], resources)
    _copy(cursor, "odl_dedup_file_digest", ["resource_id", "marker", "sha256", "headers",
                                            "computed_at"], digests)
    model.Session.commit()
    # What autovacuum would do a moment later on a real site: the planner's statistics
    # of tables that just grew by 100,000 rows.
    from sqlalchemy import text

    for table in ("package", "package_extra" if extras_in_table else None, "resource", "tag",
                  "package_tag", '"group"', "odl_dedup_file_digest"):
        if table:
            model.Session.execute(text(f"ANALYZE {table}"))
    model.Session.commit()


def unload(extras_in_table: bool) -> None:
    import ckan.model as model
    from sqlalchemy import text

    like = {"p": PREFIX + "%"}
    for statement in [
        "DELETE FROM odl_dedup_file_digest WHERE resource_id LIKE :p",
        "DELETE FROM odl_dedup_key WHERE dataset_id LIKE :p",
        "DELETE FROM odl_dedup_pair WHERE dataset_a LIKE :p OR dataset_b LIKE :p",
        "DELETE FROM resource WHERE id LIKE :p",
        "DELETE FROM package_tag WHERE id LIKE :p",
        "DELETE FROM tag WHERE id LIKE :p",
        *(["DELETE FROM package_extra WHERE id LIKE :p"] if extras_in_table else []),
        "DELETE FROM package WHERE id LIKE :p",
        'DELETE FROM "group" WHERE id LIKE :p',
    ]:
        model.Session.execute(text(statement), like)
    model.Session.commit()


def stored_pairs() -> dict[tuple[str, str], "_Pair"]:
    """The pairs the scan stored, under the corpus's ids, with their reasons."""
    import ckan.model as model
    from ckanext.opendatalocale.dedup.model import DuplicatePair

    found = {}
    rows = model.Session.query(DuplicatePair.dataset_a, DuplicatePair.dataset_b,
                               DuplicatePair.reasons)
    for a, b, reasons in rows:
        if a.startswith(PREFIX) and b.startswith(PREFIX):
            a, b = a[len(PREFIX):], b[len(PREFIX):]
            key = (a, b) if a < b else (b, a)
            found[key] = _Pair(key, reasons)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ckan-ini", required=True)
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=5_000)
    parser.add_argument("--incremental", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="the full scan under cProfile (its time is then not the measure)")
    args = parser.parse_args(argv)

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ckan_ini))
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app
    with flask_app.test_request_context():
        import ckan.model as model

        from ckanext.opendatalocale.dedup import catalogue, incremental, matching, scan
        from ckanext.opendatalocale.dedup.model import DuplicateScan

        extras_in_table = hasattr(model, "package_extra_table")
        print(f"{os.cpu_count()} CPUs, load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at start")
        generated = corpus.generate(args.datasets)
        records = generated.records
        unload(extras_in_table)
        others = catalogue.count_datasets()
        seconds, _, _ = timed(load, records, extras_in_table)
        print(f"{len(records)} datasets written by COPY in {seconds:.1f} s "
              f"({others} other datasets in this database)")
        try:
            before = peak_mb()
            wall, cpu, pages = timed(lambda: sum(len(p) for p in catalogue.iter_pages()))
            print(f"reading alone: {pages} datasets in {wall:.1f} s (CPU {cpu:.1f} s)")

            job = DuplicateScan(state="queued", requested_by="benchmark")
            model.Session.add(job)
            model.Session.commit()
            if args.profile:
                import cProfile
                import pstats
                profiler = cProfile.Profile()
                wall, cpu, _ = timed(profiler.runcall, scan.run, job.id)
                stats = pstats.Stats(profiler)
                stats.sort_stats("cumulative").print_stats(40)
                stats.sort_stats("tottime").print_stats(25)
            else:
                wall, cpu, _ = timed(scan.run, job.id)
            job = model.Session.get(DuplicateScan, job.id) if hasattr(model.Session, "get") \
                else model.Session.query(DuplicateScan).get(job.id)
            print(f"full scan (job): {job.state}, {job.done} datasets in {wall:.1f} s "
                  f"(CPU {cpu:.1f} s); peak memory {peak_mb():.0f} MB (before {before:.0f} MB)")
            assert job.state == "finished", job.message

            in_memory = {p.datasets for p in matching.find_pairs(records)}
            through_db = stored_pairs()
            print(f"pairs through PostgreSQL {len(through_db)}, on the corpus in memory "
                  f"{len(in_memory)}, in both {len(in_memory & set(through_db))}")
            quality = corpus.measure(generated, through_db.values())
            print(f"precision {quality.precision:.3f}, recall {quality.recall:.3f} "
                  f"({len(generated.planted)} planted)")

            subset = corpus.generate(args.naive, seed=5).records
            naive_wall, _, naive_pairs = timed(naive, subset)
            blocked_wall, _, blocked = timed(matching.find_pairs, subset)
            print(f"naive all pairs, {len(subset)} datasets: {naive_wall:.1f} s; blocked "
                  f"{blocked_wall:.2f} s; ratio {naive_wall / blocked_wall:.0f}x; text pairs "
                  f"missed by the blocks: {len(naive_pairs - text_found(blocked))}")

            timings, cpu_timings = [], []
            step = max(1, len(records) // max(args.incremental, 1))
            for record in records[::step][:args.incremental]:
                wall, cpu, _ = timed(incremental.check, PREFIX + record.id)
                timings.append(wall)
                cpu_timings.append(cpu)
            print(f"incremental check of one dataset among {len(records) + others}: median "
                  f"{statistics.median(timings) * 1000:.0f} ms, worst "
                  f"{max(timings) * 1000:.0f} ms over {len(timings)} (this process's CPU: "
                  f"median {statistics.median(cpu_timings) * 1000:.0f} ms)")
            print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        finally:
            if not args.keep:
                unload(extras_in_table)


class _Pair:
    """A stored pair as corpus.measure reads one (its datasets, its reasons' codes)."""

    def __init__(self, datasets, reasons):
        from ckanext.opendatalocale.dedup.matching import Reason

        self.datasets = datasets
        self.reasons = [Reason(r.get("code", ""), r.get("value", "")) for r in reasons or []]


if __name__ == "__main__":
    main()
