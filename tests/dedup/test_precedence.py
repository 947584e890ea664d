"""Which dataset of a cluster to keep, without CKAN."""
from ckanext.opendatalocale.dedup.matching import DatasetRecord
from ckanext.opendatalocale.dedup.precedence import keeper


def test_the_producers_own_dataset_wins_over_an_older_harvested_copy():
    records = [DatasetRecord(id="copie-region", harvested=True, created="2019-01-01T00:00:00"),
               DatasetRecord(id="commune", created="2024-05-01T00:00:00")]
    assert keeper(records) == ("commune", "producer")


def test_then_public_over_private_then_the_oldest_then_the_id():
    records = [DatasetRecord(id="brouillon", created="2018-01-01"),
               DatasetRecord(id="publie", created="2024-01-01")]
    assert keeper(records, private_ids=["brouillon"]) == ("publie", "public")
    assert keeper(records) == ("brouillon", "oldest")
    undated = [DatasetRecord(id="b"), DatasetRecord(id="a")]
    assert keeper(undated) == ("a", "first")
    assert keeper([DatasetRecord(id="x"), DatasetRecord(id="y", created="2020-01-01")]) == ("y", "oldest")
