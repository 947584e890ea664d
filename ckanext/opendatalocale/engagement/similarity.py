"""Which existing requests look like the one being typed (issue 15, point 2: hints
while a request is written, as Decidim does with pg_trgm's 0.25 threshold).

Pure: words of a French title, accents and plurals folded, stop words dropped, and
Dice's coefficient between two sets of words. Short titles make letter trigrams
noisy; shared words are what a reader recognises as "the same request".
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

THRESHOLD = 0.25
LIMIT = 5
MAX_QUERY_WORDS = 8

STOP_WORDS = frozenset("""
a au aux avec ce ces dans de des du elle en et il ils la le les leur leurs lui ma mais
me mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
ton tu un une vos votre vous est sont etre avoir plus tout tous toute toutes chaque
donnee donnees liste jeu jeux fichier the of and for
""".split())

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(word: str) -> str:
    # Plurals only (horaires → horaire, travaux → travau): enough to match a title.
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def words(text: str) -> frozenset:
    return frozenset(_stem(w) for w in _WORD.findall(fold(text or ""))
                     if len(w) > 2 and w not in STOP_WORDS)


def dice(left: frozenset, right: frozenset) -> float:
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def query_words(text: str) -> list:
    """The words to look candidates up with, longest first (the most telling)."""
    return sorted(words(text), key=lambda w: (-len(w), w))[:MAX_QUERY_WORDS]


def rank(text: str, candidates: Iterable[tuple], threshold: float = THRESHOLD,
         limit: int = LIMIT) -> list:
    """``candidates``: (key, title) pairs; the keys of the similar ones, best first."""
    typed = words(text)
    scored = [(dice(typed, words(title)), key) for key, title in candidates]
    scored = [(score, key) for score, key in scored if score >= threshold]
    scored.sort(key=lambda pair: -pair[0])
    return [(key, round(score, 2)) for score, key in scored[:limit]]
