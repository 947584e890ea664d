"""Blocking without CKAN: large blocks by sorted neighbourhood, the incremental index,
the schema and column-header signals and their look-alikes."""
import hashlib
import random

import pytest

from ckanext.opendatalocale.dedup import matching
from ckanext.opendatalocale.dedup.matching import CatalogueIndex, DatasetRecord, Thresholds, find_pairs

from . import corpus

NOTES = "Liste des subventions versées par la commune aux associations, montant et objet."


def _record(id, **fields):
    fields.setdefault("owner_org", "commune")
    return DatasetRecord(id=id, **fields)


def test_a_block_over_its_cap_still_finds_the_near_duplicate_and_compares_few_pairs(monkeypatch):
    # 300 datasets of one territory whose titles all hold « budget »: a block of 300.
    rng = random.Random(7)

    words = ["".join(rng.choice("bcdfghjklmnpqrstvz") + rng.choice("aeiou") for _ in range(4))
             for _ in range(800)]

    def word(n):
        return words[n]
    records = [_record(f"r{i:03d}", title=f"Budget {word(i)} {word(i + 400)}",
                       notes=f"Budget du service {word(i)}.") for i in range(300)]
    records.append(_record("copy", title=f"BUDGET {word(42)} {word(442)} :",
                           notes=f"Budget du service {word(42)}."))
    compared = []
    real_score = matching.text_score

    def counting(a, b, *args):
        compared.append((a.id, b.id))
        return real_score(a, b, *args)
    monkeypatch.setattr(matching, "text_score", counting)
    pairs = find_pairs(records, Thresholds(block_max=40, window=12))
    assert {pair.datasets for pair in pairs} == {("copy", "r042")}
    # All pairs would be 45,150; the neighbourhoods stay linear in the block's size.
    assert len(compared) < 301 * 12 * 2 * 3


def test_the_incremental_index_finds_what_the_full_scan_finds():
    catalogue = corpus.generate(3000, seed=3)
    full = find_pairs(catalogue.records)
    index = CatalogueIndex(catalogue.records)
    for record in catalogue.records[:400]:
        expected = {p.datasets: sorted(r.code for r in p.reasons) for p in full
                    if record.id in p.datasets}
        got = {p.datasets: sorted(r.code for r in p.reasons) for p in index.pairs_of(record)}
        assert got == expected, record.id


def test_the_incremental_check_reads_few_datasets():
    catalogue = corpus.generate(3000, seed=4)
    index = CatalogueIndex(catalogue.records)
    sizes = [len(index.candidates(r, index.texts[r.id])) for r in catalogue.records[:300]]
    assert max(sizes) < 200 and sum(sizes) / len(sizes) < 60


YEAR_2024 = {"temporal_start": "2024-01-01", "temporal_end": "2024-12-31"}
COLUMNS = ("beneficiaire", "date", "montant", "objet")


@pytest.mark.parametrize("field, value, code", [
    ("schema", "scdl/subventions", "schema"), ("headers", COLUMNS, "headers")])
def test_same_schema_or_columns_same_territory_same_period_pair(field, value, code):
    a = _record("a", title="Subventions 2024", **YEAR_2024, **{field: value})
    b = _record("b", title="Export du logiciel financier", **YEAR_2024, **{field: value})
    (pair,) = find_pairs([a, b])
    assert [r.code for r in pair.reasons] == [code]
    assert pair.score == matching.SIGNAL_SCORES[code]


@pytest.mark.parametrize("field, value", [("schema", "scdl/subventions"), ("headers", COLUMNS)])
@pytest.mark.parametrize("b_fields", [
    {"owner_org": "commune-voisine"},  # the same schema for another territory
    {"temporal_start": "2023-01-01", "temporal_end": "2023-12-31"},  # another year
    {"owner_org": "region", "spatial": "42187"},  # another commune's data at the region
])
def test_same_schema_or_columns_look_alikes_stay_apart(field, value, b_fields):
    a = _record("a", title="Subventions 2024", spatial="42095", **YEAR_2024, **{field: value})
    b = _record("b", title="Subventions 2024 bis", **{**YEAR_2024, field: value, **b_fields})
    assert [p for p in find_pairs([a, b]) if p.reasons[0].code != "text"] == []


def test_two_columns_are_no_signature():
    a = _record("a", title="A", headers=("id", "nom"))
    b = _record("b", title="B", headers=("id", "nom"))
    assert find_pairs([a, b]) == []


def test_a_region_holding_two_communes_copies_keeps_them_apart():
    a = _record("a", owner_org="region", spatial="42095", title="Subventions 2024", notes=NOTES)
    b = _record("b", owner_org="region", spatial="42187", title="Subventions 2024", notes=NOTES)
    assert find_pairs([a, b]) == []


def test_the_scans_keys_are_the_incremental_checks_keys():
    # The scan takes each dataset's keys from the texts it folded for the pairs, the
    # incremental check folds one dataset on its own: both must store the same keys.
    catalogue = corpus.generate(1500, seed=11)
    pairs, keys = matching.find_pairs_and_keys(catalogue.records)
    assert pairs == find_pairs(catalogue.records)
    assert keys == {r.id: matching.record_keys(r, matching.texts_of(r, set()))
                    for r in catalogue.records}
    assert any(key.startswith("notes:") for found in keys.values() for key in found)
    # Stored keys are the in-memory index's blocks written as "kind:part|part".
    for record in catalogue.records[:300]:
        texts = matching.texts_of(record, set())
        spelled = {key[0] + ":" + "|".join("".join(part) if isinstance(part, tuple) else part
                                           for part in key[1:])
                   for key in CatalogueIndex._keys(record, texts)}
        assert {key for key in keys[record.id] if not key.startswith("notes:")} == {
            key if len(key) <= 200 else key.split(":", 1)[0] + ":#" + hashlib.sha256(
                key.encode()).hexdigest() for key in spelled}
