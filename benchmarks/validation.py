"""Benchmark: our validator, bare frictionless 5 and Validata on one file.

    python benchmarks/validation.py [--rows 100000] [--no-validata]
    python benchmarks/validation.py --memory-run [--memory-rows 1000000 5000000]

Generates a scdl/subventions CSV (validation_engine.generate: a few cells
deliberately wrong) and validates it with:

- ours: ``scdl.validator.validate_csv``, all SCDL custom checks on;
- frictionless: ``frictionless.validate``, custom checks stripped (it knows
  none of them);
- Validata: validata-table in its own virtualenv (tool_env.sh validata), all
  custom checks on.

How it is measured: each engine runs in a child process of its own. Time is
measured inside the child around the validation call only (reading the file
included, interpreter start and imports excluded), as wall time and as CPU
time (time.process_time, steadier on a shared machine); the child's whole
wall time ("process") is shown too. Memory is the child's peak RSS (ru_maxrss from os.wait4
on that child), so it includes the interpreter and the engine's imports.

``--memory-run`` validates with ours alone files of 1 and 5 million rows,
generated row by row to disk (the 1M file is the 5M file's beginning), and
prints each peak RSS: the same figure for both shows memory does not grow
with the file. ``--unique`` declares ``referenceDecision`` (distinct on
every row) unique, so that every value must be remembered: past the
validator's in-memory limit they go to a temporary file on disk.
"""
from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import validation_engine  # noqa: E402  (the generator and the two in-process engines)
from validata_client import run_measured, run_validata  # noqa: E402

SCHEMA_ID = "scdl/subventions"
OUT = os.path.join(HERE, "out")
UNIQUE_COLUMN = "referenceDecision"


def run_ours_unique(path):
    """Ours, with one more column whose every value must be remembered."""
    from ckanext.opendatalocale.scdl.catalogue import default_catalogue
    from ckanext.opendatalocale.scdl.validator import validate_csv

    descriptor = json.loads(json.dumps(default_catalogue().get(SCHEMA_ID).descriptor))
    for field in descriptor["fields"]:
        if field["name"] == UNIQUE_COLUMN:
            field.setdefault("constraints", {})["unique"] = True
    return validate_csv(path, descriptor)


ENGINES = {"ours": validation_engine.run_ours, "frictionless": validation_engine.run_frictionless,
           "ours-unique": run_ours_unique}
# run_frictionless imports frictionless on its first call: import it before
# the clock starts, as the other engines' imports are.
WARM_UP_IMPORTS = {"frictionless": "frictionless"}


def error_count(report) -> int:
    if isinstance(report, dict):  # ours
        return sum(report["error_counts"].values())
    return sum(len(task.errors) for task in report.tasks)  # frictionless


def child_main(engine: str, path: str) -> int:
    """Child mode: validate ``path`` once, print {seconds, valid, errors}."""
    run = ENGINES[engine]
    if engine in WARM_UP_IMPORTS:
        importlib.import_module(WARM_UP_IMPORTS[engine])
    started, cpu_started = time.perf_counter(), time.process_time()
    report = run(path)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    valid = report["valid"] if isinstance(report, dict) else report.valid
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "valid": valid,
                      "errors": error_count(report)}))
    return 0


def measure_engine(engine: str, path: str) -> dict:
    child = run_measured([sys.executable, os.path.abspath(__file__), "--child", engine, path])
    result = json.loads(child.stdout)
    return dict(result, wall=child.wall_seconds, rss_mb=child.peak_rss_kb / 1024)


def measure_validata(path: str) -> dict:
    from ckanext.opendatalocale.scdl.catalogue import default_catalogue

    job = {"csv": path, "schema": default_catalogue().get(SCHEMA_ID).path}
    run = run_validata([job])
    result = run.results[0]
    if result["exception"]:
        raise RuntimeError(f"Validata raised: {result['exception']}")
    return {"seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"], "valid": result["valid"],
            "errors": len(result["errors"]), "wall": run.child.wall_seconds,
            "rss_mb": run.child.peak_rss_kb / 1024}


def csv_module_seconds(path: str) -> float:
    """The floor: Python's csv module reading every row, nothing checked."""
    started = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - started


def print_result(name: str, result: dict) -> None:
    print(f"{name:<34} {result['seconds']:7.2f} s {result['cpu_seconds']:7.2f} s {result['wall']:7.2f} s "
          f"{result['rss_mb']:6.0f} MB   valid={result['valid']} errors={result['errors']}")


def compare_engines(rows: int, with_validata: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "subventions.csv")
        validation_engine.generate(path, rows)
        print(f"file: {rows} rows, {os.path.getsize(path) / 1e6:.1f} MB; "
              f"csv module alone {csv_module_seconds(path):.2f} s")
        print(f"{'engine':<34} {'validate':>9} {'cpu':>9} {'process':>9} {'peak RSS':>9}")
        results = {"ours": measure_engine("ours", path)}
        print_result("ours (all custom checks)", results["ours"])
        results["frictionless"] = measure_engine("frictionless", path)
        print_result("frictionless 5 (no custom checks)", results["frictionless"])
        if with_validata:
            results["validata"] = measure_validata(path)
            print_result("Validata (all custom checks)", results["validata"])
    ours = results["ours"]
    for other in [name for name in ("validata", "frictionless") if name in results]:
        theirs = results[other]
        print(f"ours / {other}: time {ours['seconds'] / theirs['seconds']:.3f} "
              f"(cpu {ours['cpu_seconds'] / theirs['cpu_seconds']:.3f}), "
              f"peak RSS {ours['rss_mb'] / theirs['rss_mb']:.2f}")


def copy_head(source: str, target: str, rows: int) -> None:
    """The header and first ``rows`` rows of ``source``, line by line
    (the generator writes no line breaks inside cells)."""
    with open(source, encoding="utf-8", newline="") as reader, \
            open(target, "w", encoding="utf-8", newline="") as writer:
        for number, line in enumerate(reader):
            if number > rows:
                break
            writer.write(line)


def memory_run(sizes, engine: str = "ours") -> None:
    sizes = sorted(sizes)
    os.makedirs(OUT, exist_ok=True)  # on disk: /tmp may be a tmpfs, i.e. memory
    with tempfile.TemporaryDirectory(dir=OUT) as folder:
        biggest = os.path.join(folder, f"subventions-{sizes[-1]}.csv")
        started = time.perf_counter()
        validation_engine.generate(biggest, sizes[-1])
        print(f"generated {sizes[-1]} rows ({os.path.getsize(biggest) / 1e9:.2f} GB) "
              f"in {time.perf_counter() - started:.0f} s")
        for size in sizes:
            path = biggest
            if size != sizes[-1]:
                path = os.path.join(folder, f"subventions-{size}.csv")
                copy_head(biggest, path, size)
            result = measure_engine(engine, path)
            print(f"{engine}, {size:>9} rows: {result['seconds']:7.1f} s, peak RSS {result['rss_mb']:6.0f} MB, "
                  f"valid={result['valid']} errors={result['errors']}")
            if path != biggest:
                os.unlink(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-validata", action="store_true")
    parser.add_argument("--memory-run", action="store_true",
                        help="ours alone on big files, for peak memory")
    parser.add_argument("--memory-rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--unique", action="store_true",
                        help=f"memory run with {UNIQUE_COLUMN} declared unique (values spill to disk)")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(*args.child)
    if args.memory_run:
        memory_run(args.memory_rows, "ours-unique" if args.unique else "ours")
    else:
        compare_engines(args.rows, not args.no_validata)
    return 0


if __name__ == "__main__":
    sys.exit(main())
