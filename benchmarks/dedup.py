"""Benchmark: the duplicate scan's matching on a generated catalogue, with its baselines
measured in the same run (no CKAN, no database: the scan's reading of the catalogue
is package_search pages, measured by the CKAN tests, not here).

    .devstack/venv-2.11.6/bin/python benchmarks/dedup.py [--datasets 100000]
        [--naive 5000] [--legacy 20000] [--incremental 200]

Prints, on the corpus of tests/dedup/corpus.py (planted duplicates of every kind
and hard look-alikes):
- the full matching (find_pairs) at --datasets, with the process's peak memory;
- the naive all-pairs comparison on a --naive subset, beside the blocked matching on
  the same subset: time ratio, and the text pairs the blocks missed (should be 0);
- the previous blocking (every pair inside each title-word block of up to 200
  datasets, whatever their place) on --legacy datasets, beside the current one;
- the incremental check of one new dataset against the indexed catalogue
  (matching.CatalogueIndex), median and worst of --incremental datasets;
- precision and recall per kind at --datasets.
"""
from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ckanext.opendatalocale.dedup import matching  # noqa: E402
from tests.dedup import corpus  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timing(float):
    """Wall-clock seconds, with the process's CPU seconds beside them: on a machine
    shared with other runs the wall clock says as much about the load as about the code,
    CPU time says what the scan costs."""
    cpu: float

    def __str__(self):
        return f"{float(self):.2f} s (CPU {self.cpu:.2f} s)"


def timed(function, *args):
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    timing = Timing(time.perf_counter() - started)
    timing.cpu = time.process_time() - cpu
    return timing, result


def text_pairs(records, candidate_pairs):
    """Text comparison of the given pairs (the part of the scan that is not one pass)."""
    thresholds = matching.Thresholds()
    texts = matching.prepare_texts(records, thresholds)
    by_id = {record.id: record for record in records}
    found = set()
    for a, b in candidate_pairs:
        key = (a, b) if a < b else (b, a)
        if matching.text_score(by_id[key[0]], by_id[key[1]], texts[key[0]], texts[key[1]],
                               thresholds) is not None:
            found.add(key)
    return found


def naive(records):
    return text_pairs(records, itertools.combinations([r.id for r in records], 2))


def legacy(records):
    """The blocking this replaced: all pairs inside title-word blocks (≤ 200), any place."""
    texts = matching.prepare_texts(records, matching.Thresholds())
    blocks = defaultdict(list)
    for record in records:
        for word in texts[record.id].words:
            blocks[word].append(record.id)
    seen = set()
    for members in blocks.values():
        if 2 <= len(members) <= 200:
            for a, b in itertools.combinations(members, 2):
                seen.add((a, b) if a < b else (b, a))
    return text_pairs(records, seen)


def text_found(pairs):
    return {pair.datasets for pair in pairs if any(r.code == "text" for r in pair.reasons)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=5_000)
    parser.add_argument("--legacy", type=int, default=20_000)
    parser.add_argument("--incremental", type=int, default=200)
    args = parser.parse_args(argv)

    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"at start; Python {sys.version.split()[0]}")
    catalogue = corpus.generate(args.datasets)
    records = catalogue.records
    before = peak_mb()
    full_time, pairs = timed(matching.find_pairs, records)
    print(f"full matching, {len(records)} datasets: {full_time}, {len(pairs)} pairs; "
          f"peak memory {peak_mb():.0f} MB (corpus alone {before:.0f} MB)")

    subset = corpus.generate(args.naive, seed=5).records
    naive_time, naive_pairs = timed(naive, subset)
    blocked_time, blocked = timed(matching.find_pairs, subset)
    missed = naive_pairs - text_found(blocked)
    print(f"naive all pairs, {len(subset)} datasets: {naive_time}; blocked: "
          f"{blocked_time}; ratio {naive_time / blocked_time:.0f}x "
          f"(CPU {naive_time.cpu / max(blocked_time.cpu, 1e-9):.0f}x); "
          f"text pairs of the naive run missed by the blocks: {len(missed)} of {len(naive_pairs)}")

    mid = corpus.generate(args.legacy, seed=7).records
    legacy_time, legacy_pairs = timed(legacy, mid)
    current_time, current = timed(matching.find_pairs, mid)
    print(f"previous blocking, {len(mid)} datasets: {legacy_time}; current: "
          f"{current_time}; ratio {legacy_time / current_time:.1f}x; "
          f"text pairs of the previous blocking missed now: {len(legacy_pairs - text_found(current))}")

    index_time, index = timed(matching.CatalogueIndex, records)
    timings, cpu_timings = [], []
    for record in records[:args.incremental]:
        started, cpu = time.perf_counter(), time.process_time()
        index.pairs_of(record)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu)
    print(f"incremental check of one dataset among {len(records)} (index built in "
          f"{index_time}): median {statistics.median(timings) * 1000:.1f} ms, "
          f"worst {max(timings) * 1000:.1f} ms over {len(timings)} (CPU: median "
          f"{statistics.median(cpu_timings) * 1000:.1f} ms, worst {max(cpu_timings) * 1000:.1f} ms)")
    print(f"peak memory of the run {peak_mb():.0f} MB; load average at the end "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    quality = corpus.measure(catalogue, pairs)
    print(f"precision {quality.precision:.3f}, recall {quality.recall:.3f} "
          f"({len(catalogue.planted)} planted)")
    for kind, (precision, recall) in quality.by_kind.items():
        print(f"  {kind:<10} precision {precision:.3f}  recall {recall:.3f}")


if __name__ == "__main__":
    main()
