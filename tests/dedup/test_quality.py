"""Precision and recall on a generated catalogue with planted duplicates of every kind
and hard look-alikes (tests/dedup/corpus.py); benchmarks/dedup.py prints the same
figures at 100,000 datasets."""
from ckanext.opendatalocale.dedup.matching import find_pairs

from . import corpus

FLOOR = 0.95


def test_precision_and_recall_hold_overall_and_per_kind():
    catalogue = corpus.generate(6000, seed=21)
    assert len(catalogue.records) >= 5900
    assert sorted(set(catalogue.planted.values())) == sorted(corpus.KINDS)
    quality = corpus.measure(catalogue, find_pairs(catalogue.records))
    assert quality.precision >= FLOOR, quality.false_positives[:10]
    assert quality.recall >= FLOOR, quality.missed[:10]
    for kind, (precision, recall) in quality.by_kind.items():
        assert precision >= FLOOR and recall >= FLOOR, (kind, precision, recall)


def test_the_measure_counts_misses_and_false_positives():
    catalogue = corpus.generate(600, seed=2)
    pairs = find_pairs(catalogue.records)
    dropped = [p for p in pairs if p.datasets in catalogue.planted][:6]
    kept = [p for p in pairs if p not in dropped]
    quality = corpus.measure(catalogue, kept)
    assert quality.missed == sorted(p.datasets for p in dropped)
    assert quality.recall == 1 - len(dropped) / len(catalogue.planted)
