"""Benchmark: repairing a 100,000-row file with 10 % faulty dates, beside validating it.

Generates the scdl/subventions CSV of validation_engine.py, rewrites the date
of one row in ten as JJ/MM/AAAA (what a spreadsheet export gives), then:

- validates it (``validate_csv``), proposes repairs (``repairs.propose``, what
  the validation job adds to its report) and writes the repaired file
  (``repairs.repair``, what « Corriger automatiquement » does): times (best of
  ``--repeat``, without tracemalloc) and peak Python memory (tracemalloc, one run);
- checks the repaired file validates with those date errors gone.

    python benchmarks/repairs.py [--rows 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from validation_engine import generate, validator  # noqa: E402  (sets up the import path)

from ckanext.opendatalocale.scdl import repairs  # noqa: E402
from ckanext.opendatalocale.scdl.catalogue import default_catalogue  # noqa: E402


def break_dates(source: str, target: str, every: int = 10) -> int:
    broken = 0
    with open(source, encoding="utf-8", newline="") as read, \
            open(target, "w", encoding="utf-8", newline="") as write:
        reader, writer = csv.reader(read), csv.writer(write)
        header = next(reader)
        writer.writerow(header)
        column = header.index("dateConvention")
        for index, row in enumerate(reader):
            if index % every == 0 and row[column].count("-") == 2:
                year, month, day = row[column].split("-")
                row[column] = f"{day}/{month}/{year}"
                broken += 1
            writer.writerow(row)
    return broken


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    schema = default_catalogue().get("scdl/subventions")
    with tempfile.TemporaryDirectory() as folder:
        clean, path = os.path.join(folder, "clean.csv"), os.path.join(folder, "dates.csv")
        repaired = os.path.join(folder, "repaired.csv")
        generate(clean, args.rows)
        broken = break_dates(clean, path)
        size = os.path.getsize(path)

        def validate():
            return validator.validate_csv(path, schema)

        def propose():
            return repairs.propose(path, schema)

        def repair():
            with open(repaired, "w", encoding="utf-8", newline="") as target:
                return repairs.repair(path, target, schema, kinds=["date-day-first"])

        results = {}
        for name, step in (("validate", validate), ("propose", propose), ("repair", repair)):
            best = None
            for _ in range(args.repeat):
                started = time.perf_counter()
                outcome = step()
                elapsed = time.perf_counter() - started
                best = elapsed if best is None else min(best, elapsed)
            tracemalloc.start()
            step()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            results[name] = (best, peak, outcome)

        before = results["validate"][2]
        run = results["repair"][2]
        after = validator.validate_csv(repaired, schema)
        print(f"{args.rows} rows, {size / 1e6:.1f} MB, {broken} dates written JJ/MM/AAAA")
        print(f"errors before: {before['error_counts']}")
        print(f"dates repaired: {run.total}; errors after: {after['error_counts']}")
        for name, (best, peak, _outcome) in results.items():
            print(f"{name:9s} {best:6.2f} s   peak {peak / 1e6:6.1f} MB")
        ratio = results["repair"][0] / results["validate"][0]
        print(f"repair / validate: {ratio:.2f}")
        # the generated file has a few wrong dates of its own: some are day-first too
        assert run.total >= broken
        assert after["error_counts"].get("type-error", 0) == before["error_counts"].get(
            "type-error", 0) - run.total


if __name__ == "__main__":
    main()
