"""Similar-request hints, pure: French words folded, Dice's coefficient."""
from ckanext.opendatalocale.engagement import similarity


def test_words_fold_accents_plurals_and_stop_words():
    assert similarity.words("Les horaires des Déchetteries") == {"horaire", "dechetterie"}


def test_rank_keeps_similar_titles_best_first():
    candidates = [("a", "Horaires des piscines municipales"),
                  ("b", "Horaires de la piscine"),
                  ("c", "Budget primitif 2025")]
    ranked = similarity.rank("horaire piscine", candidates)
    assert [key for key, _ in ranked] == ["b", "a"]
    assert ranked[0][1] == 1.0


def test_nothing_for_an_empty_or_stop_word_title():
    assert similarity.rank("les des données", [("a", "Les données")]) == []


def test_query_words_are_bounded():
    assert len(similarity.query_words(" ".join(f"mot{n}x" for n in range(30)))) == 8
