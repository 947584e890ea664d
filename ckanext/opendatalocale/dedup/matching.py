"""Candidate duplicate pairs between datasets, with a score and reasons in words.

Signals, strongest first (ENGAGEMENT-DEDUP.md B.7): the same identifier, the same
link after normalisation, the same file content (SHA-256), then near-identical title
and description. Exact signals group datasets on a key, so they cost one pass; text
is compared only inside blocks (datasets sharing a rare title word and a territory),
never all pairs. Text scores come from rapidfuzz (token-set ratio): on short French
titles word-shingle MinHash is noisy (B.6), and a ratio is a figure a person can
check by eye.

Look-alikes kept apart by text rules: another year in the title, temporal coverages
that do not overlap, another territory (unless a signal above matches), and a
description shared by many datasets (a platform's boilerplate) counts for nothing.

No CKAN import: the scan job turns packages into DatasetRecords.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable

from rapidfuzz import fuzz

from ..iso_dates import date_of

__all__ = ["DatasetRecord", "Reason", "CandidatePair", "Thresholds", "find_pairs",
           "IDENTIFIER", "URL", "CONTENT", "TEXT"]

IDENTIFIER, URL, CONTENT, TEXT = "identifier", "url", "content", "text"

# A signal's score: how sure a match on it alone makes us.
SIGNAL_SCORES = {IDENTIFIER: 1.0, URL: 0.95, CONTENT: 0.9}

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d|2100)\b")
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "le la les l de des du d un une et en a au aux pour par sur dans ou the of and"
    " jeu jeux donnees donnee liste fichier".split())


@dataclasses.dataclass(frozen=True)
class DatasetRecord:
    id: str
    owner_org: str | None = None
    title: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    identifier: str | None = None  # normalised (identifiers.normalise_identifier)
    urls: tuple[str, ...] = ()  # normalised (urls.normalise_url)
    content_hashes: tuple[str, ...] = ()  # SHA-256 of stored files
    spatial: str | None = None
    temporal_start: str | None = None  # ISO dates
    temporal_end: str | None = None


@dataclasses.dataclass(frozen=True)
class Reason:
    """A reason in data (code + what matched), put into words by the page's language."""
    code: str
    value: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "value": self.value}


@dataclasses.dataclass
class CandidatePair:
    datasets: tuple[str, str]  # sorted ids
    score: float
    reasons: list[Reason]

    def as_dict(self) -> dict:
        return {"datasets": list(self.datasets), "score": round(self.score, 3),
                "reasons": [reason.as_dict() for reason in self.reasons]}


@dataclasses.dataclass(frozen=True)
class Thresholds:
    text: float = 0.9  # rapidfuzz ratio / 100 of title + description
    title: float = 0.85  # the titles alone must be this close too
    boilerplate_share: int = 3  # a description found on this many datasets is boilerplate
    block_max: int = 200  # a title word on more datasets than this opens no block


def fold(text: str | None) -> str:
    """Lower case, no accents, words only: how texts are compared."""
    # NFKD then ASCII drops the accents in C: a scan folds every text once, and a
    # character-by-character filter was most of its time.
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return " ".join(_WORD.findall(text.lower()))


def _years(text: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(text or ""))


def _periods_apart(a: DatasetRecord, b: DatasetRecord) -> bool:
    a_start, a_end = date_of(a.temporal_start), date_of(a.temporal_end)
    b_start, b_end = date_of(b.temporal_start), date_of(b.temporal_end)
    if not (a_start or a_end) or not (b_start or b_end):
        return False
    a_start, a_end = a_start or a_end, a_end or a_start
    b_start, b_end = b_start or b_end, b_end or b_start
    return a_end < b_start or b_end < a_start


def _same_place(a: DatasetRecord, b: DatasetRecord) -> bool:
    if a.owner_org and a.owner_org == b.owner_org:
        return True
    return bool(a.spatial) and a.spatial == b.spatial


def _title_words(folded_title: str) -> set[str]:
    return {word for word in folded_title.split()
            if word not in STOPWORDS and len(word) > 2 and not _YEAR.fullmatch(word)}


class _Pairs:
    def __init__(self):
        self.by_pair: dict[tuple[str, str], CandidatePair] = {}

    def add(self, a: str, b: str, score: float, reason: Reason) -> None:
        key = (a, b) if a < b else (b, a)
        pair = self.by_pair.get(key)
        if pair is None:
            self.by_pair[key] = CandidatePair(key, score, [reason])
            return
        if reason not in pair.reasons:
            pair.reasons.append(reason)
        pair.score = max(pair.score, score)


def _exact_signal(records, pairs: _Pairs, code: str, keys_of) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for record in records:
        for key in set(keys_of(record)):
            groups[key].append(record.id)
    for key, ids in groups.items():
        for a, b in itertools.combinations(sorted(set(ids)), 2):
            pairs.add(a, b, SIGNAL_SCORES[code], Reason(code, key))


@dataclasses.dataclass(frozen=True)
class _Texts:
    """A record's texts folded once per scan (folding is most of a comparison's cost)."""
    title: str
    notes: str
    years: frozenset


def _texts(record: DatasetRecord, notes: str, boilerplate: set[str]) -> _Texts:
    return _Texts(fold(record.title), "" if notes in boilerplate else notes, _years(record.title))


def text_score(a: DatasetRecord, b: DatasetRecord, texts_a: _Texts, texts_b: _Texts,
               thresholds: Thresholds) -> float | None:
    """The text similarity of two datasets (0-1), or None when rules keep them apart."""
    if not _same_place(a, b):
        return None
    if texts_a.years != texts_b.years or _periods_apart(a, b):
        return None
    title = fuzz.token_set_ratio(texts_a.title, texts_b.title,
                                 score_cutoff=thresholds.title * 100) / 100
    if title < thresholds.title:
        return None
    if texts_a.notes and texts_b.notes:
        notes = fuzz.token_set_ratio(texts_a.notes, texts_b.notes) / 100
        tags_a, tags_b = set(a.tags), set(b.tags)
        tags = len(tags_a & tags_b) / len(tags_a | tags_b) if (tags_a or tags_b) else 1.0
        score = 0.5 * title + 0.4 * notes + 0.1 * tags
    else:
        # Only titles to go on: never as sure as a matching description.
        score = 0.9 * title
    return score if score >= thresholds.text else None


def find_pairs(records: Iterable[DatasetRecord], thresholds: Thresholds | None = None
               ) -> list[CandidatePair]:
    """Every candidate pair among ``records``, strongest score first."""
    thresholds = thresholds or Thresholds()
    records = list(records)
    pairs = _Pairs()
    _exact_signal(records, pairs, IDENTIFIER, lambda r: [r.identifier] if r.identifier else [])
    _exact_signal(records, pairs, URL, lambda r: r.urls)
    _exact_signal(records, pairs, CONTENT, lambda r: r.content_hashes)

    folded_notes = {r.id: fold(r.notes) for r in records}
    note_counts = Counter(notes for notes in folded_notes.values() if notes)
    boilerplate = {notes for notes, count in note_counts.items()
                   if count >= thresholds.boilerplate_share}
    texts = {r.id: _texts(r, folded_notes[r.id], boilerplate) for r in records}
    blocks: dict[str, list[DatasetRecord]] = defaultdict(list)
    for record in records:
        for word in _title_words(texts[record.id].title):
            blocks[word].append(record)
    by_id = {record.id: record for record in records}
    compared: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > thresholds.block_max:
            continue
        for a, b in itertools.combinations(members, 2):
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if key in compared:
                continue
            compared.add(key)
            score = text_score(by_id[key[0]], by_id[key[1]], texts[key[0]], texts[key[1]],
                               thresholds)
            if score is not None:
                pairs.add(key[0], key[1], score, Reason(TEXT, f"{round(score * 100)}"))
    return sorted(pairs.by_pair.values(), key=lambda pair: (-pair.score, pair.datasets))
