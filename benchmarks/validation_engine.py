"""Benchmark: our streaming validator against bare frictionless 5.

Generates a 100,000-row scdl/subventions CSV (a few rows deliberately wrong)
in a temporary folder, validates it with ``scdl.validator.validate_csv``
(all SCDL custom checks on) and with ``frictionless.validate`` (same schema,
custom checks stripped, since frictionless does not know them), and prints
times, peak Python memory (tracemalloc) and the ratio.

    python benchmarks/validation_engine.py [--rows 100000] [--no-frictionless]

tracemalloc slows both engines down; times are therefore measured in a
separate run without it.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

try:
    from ckanext.opendatalocale.scdl import validator  # installed package
except ImportError:  # running from a checkout: extend the namespace package
    import ckanext

    ckanext.__path__ = list(ckanext.__path__) + [os.path.join(ROOT, "ckanext")]
    from ckanext.opendatalocale.scdl import validator

from ckanext.opendatalocale.scdl.catalogue import default_catalogue

SIRETS = ["21060004500392", "52499120500013", "23350001600040", "38047555800058",
          "21350238800019", "35600000000048"]


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the digit that makes it Luhn-valid."""
    for last in "0123456789":
        candidate = prefix + last
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch)
            if i % 2:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return candidate
    raise AssertionError


def random_siret(rng: random.Random) -> str:
    siren = luhn_complete(str(rng.randint(10**7, 10**8 - 1)))
    return luhn_complete(siren + f"{rng.randint(0, 9999):04d}")


def generate(path: str, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    schema = default_catalogue().get("scdl/subventions")
    names = [f.name for f in schema.fields]
    natures = ["aide en numéraire", "aide en nature", "aide en numéraire;aide en nature"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for i in range(rows):
            year = rng.randint(2015, 2024)
            row = {
                "nomAttribuant": "Région Bretagne",
                "idAttribuant": "23350001600040",
                "dateConvention": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "referenceDecision": f"DEL-{year}-{i}",
                "nomBeneficiaire": f"Association numéro {i}",
                # beneficiaries: mostly distinct establishments, a third without SIRET
                "idBeneficiaire": random_siret(rng) if i % 3 else "",
                "rnaBeneficiaire": f"W{rng.randint(100000000, 999999999)}",
                "objet": "Animations climat-énergie dans les lycées de la région",
                "montant": f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}",
                "nature": rng.choice(natures),
                "conditionsVersement": rng.choice(["unique", "échelonné"]),
                "datesPeriodeVersement": f"{year}-03-14/{year + 1}-03-14",
                "idRAE": "",
                "notificationUE": rng.choice(["oui", "non"]),
                "pourcentageSubvention": rng.choice(["0.1", "0.45", "1", "0.05"]),
                "dispositifAide": "",
            }
            if i % 5000 == 17:
                row["dateConvention"] = "04/10/2013"
            if i % 7000 == 3:
                row["idBeneficiaire"] = "52499120500014"
            writer.writerow([row[n] for n in names])


def run_ours(path):
    schema = default_catalogue().get("scdl/subventions")
    return validator.validate_csv(path, schema)


def run_frictionless(path):
    import frictionless

    descriptor = dict(default_catalogue().get("scdl/subventions").descriptor)
    descriptor.pop("custom_checks", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = frictionless.Schema.from_descriptor(descriptor)
        resource = frictionless.Resource(
            os.path.basename(path), basepath=os.path.dirname(path), schema=schema
        )
        return frictionless.validate(resource, limit_errors=10**9)


def measure(func, path):
    started = time.perf_counter()
    result = func(path)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    func(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-frictionless", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "subventions.csv")
        generate(path, args.rows)
        size = os.path.getsize(path)
        print(f"file: {args.rows} rows, {size / 1e6:.1f} MB")

        started = time.perf_counter()
        with open(path, newline="", encoding="utf-8") as handle:
            for _row in csv.reader(handle):
                pass
        print(f"csv module alone:      {time.perf_counter() - started:6.2f} s")

        report, ours, ours_peak = measure(run_ours, path)
        print(f"opendatalocale:        {ours:6.2f} s, peak {ours_peak / 1e6:6.1f} MB, "
              f"valid={report['valid']}, errors={json.dumps(report['error_counts'])}")
        if not args.no_frictionless:
            fl_report, theirs, theirs_peak = measure(run_frictionless, path)
            counts = {}
            for task in fl_report.tasks:
                for error in task.errors:
                    counts[error.type] = counts.get(error.type, 0) + 1
            print(f"frictionless (no custom checks): {theirs:6.2f} s, peak {theirs_peak / 1e6:6.1f} MB, "
                  f"valid={fl_report.valid}, errors={json.dumps(counts)}")
            print(f"ratio frictionless / ours: {theirs / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
