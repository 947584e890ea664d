"""Column names read on a CSV's first line, and close titles for the form's panel (pure)."""
import pytest

from ckanext.opendatalocale.dedup.csv_headers import HEAD_BYTES, headers_of, is_csv
from ckanext.opendatalocale.dedup.matching import similar_titles, title_query_words


@pytest.mark.parametrize("head, expected", [
    ("\ufeffCode;Bénéficiaire;Montant (€)\r\n1;a;2".encode("utf-8"),
     ("beneficiaire", "code", "montant")),
    ("Année,Libellé,Total\n2024,x,1".encode("cp1252"), ("annee", "libelle", "total")),
    (b"a\tb\tc\n", ("a", "b", "c")),
    (b'"nom";"adresse";"code postal"\n', ("adresse", "code postal", "nom")),
    (b"une phrase sans separateur\n", ()),
    (b"\x89PNG\r\n\x1a\n\x00\x00", ()),
    (b"", ()),
    (b"a;b;" + b"c" * HEAD_BYTES, ()),  # no end of line in the block: not a header row
])
def test_headers_of(head, expected):
    assert headers_of(head) == expected


@pytest.mark.parametrize("resource, expected", [
    ({"format": "CSV", "url": "https://x.fr/export"}, True),
    ({"format": "", "url": "https://x.fr/data.csv?version=2"}, True),
    ({"format": "XLSX", "url": "https://x.fr/data.csv"}, False),
    ({"url": "https://x.fr/data.json"}, False),
])
def test_is_csv(resource, expected):
    assert is_csv(resource) is expected


def test_close_titles_rank_first_and_unrelated_ones_are_left_out():
    ranked = similar_titles("Arbres d'alignement", [
        ("roanne", "Arbres d’alignement de Roanne"), ("budget", "Budget primitif 2024"),
        ("arbres", "ARBRES D'ALIGNEMENT")])
    assert [key for key, _ in ranked] == ["roanne", "arbres"] or \
        [key for key, _ in ranked] == ["arbres", "roanne"]
    assert all(score >= 0.6 for _, score in ranked)
    assert title_query_words("Le budget 2025 de la commune") == ["commune", "budget"]
