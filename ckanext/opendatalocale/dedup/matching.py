"""Candidate duplicate pairs between datasets, with a score and reasons in words.

Signals, strongest first (ENGAGEMENT-DEDUP.md B.7): the same identifier, the same
link after normalisation, the same file content (SHA-256), the same SCDL schema for
the same territory and period, the same set of column headers for the same territory
and period, then near-identical title and description. Exact signals group datasets
on a key, so they cost one pass. Text scores come from rapidfuzz (token-set ratio):
on short French titles word-shingle MinHash is noisy (B.6), and a ratio is a figure
a person can check by eye.

Text is compared only inside blocks: datasets of one place (owner or spatial
coverage) sharing a title word. A block up to ``block_max`` datasets is compared
pair by pair; a larger one (a common word: « budget » in a region holding every
commune's budget) by sorted neighbourhood, each dataset against the ``window`` next
ones in two orders (the title, and its words sorted). Near-identical titles share
their rarer words too, whose blocks are small and compared whole, so the window loses
no pair the tests or the generated corpus plant (tests/dedup/test_quality.py), while
the work grows with the number of datasets, not its square (benchmarks/dedup.py).

Look-alikes kept apart by rules: another year in the title, temporal coverages
that do not overlap, another territory (unless a signal above matches), and a
description shared by many datasets (a platform's boilerplate) counts for nothing.

No CKAN import: the scan job turns packages into DatasetRecords.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import re
import typing
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable

from rapidfuzz import fuzz

from ..iso_dates import date_of

__all__ = ["DatasetRecord", "Reason", "CandidatePair", "Thresholds", "find_pairs",
           "IDENTIFIER", "URL", "CONTENT", "SCHEMA", "HEADERS", "TEXT"]

IDENTIFIER, URL, CONTENT, TEXT = "identifier", "url", "content", "text"
SCHEMA, HEADERS = "schema", "headers"

# A signal's score: how sure a match on it alone makes us.
SIGNAL_SCORES = {IDENTIFIER: 1.0, URL: 0.95, CONTENT: 0.9, SCHEMA: 0.85, HEADERS: 0.8}
# Fewer columns than this say too little to be a dataset's signature.
HEADERS_MIN = 3

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
    schema: str | None = None  # SCDL schema id the dataset publishes (« scdl/subventions »)
    headers: tuple[str, ...] = ()  # folded column names of its files, sorted, deduplicated
    harvested: bool = False  # a copy brought by a harvester (precedence.py)
    created: str | None = None  # ISO date-time (precedence.py)


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
    block_max: int = 40  # a larger block is compared by sorted neighbourhood
    window: int = 12  # how many following datasets each one meets in a large block


def fold(text: str | None) -> str:
    """Lower case, no accents, words only: how texts are compared."""
    # NFKD then ASCII drops the accents in C: a scan folds every text once, and a
    # character-by-character filter was most of its time.
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return " ".join(_WORD.findall(text.lower()))


def _years(text: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(text or ""))


def _periods_apart(texts_a: "_Texts", texts_b: "_Texts") -> bool:
    if texts_a.start is None or texts_b.start is None:
        return False
    return texts_a.end < texts_b.start or texts_b.end < texts_a.start


def _same_place(a: DatasetRecord, b: DatasetRecord) -> bool:
    """One territory's data: the same spatial coverage, or the same owner when the
    coverages do not say otherwise (a region holding copies about two communes holds
    two communes' data)."""
    if a.spatial and b.spatial:
        return a.spatial == b.spatial
    return bool(a.owner_org) and a.owner_org == b.owner_org


def _places(record: DatasetRecord) -> list[tuple[str, str]]:
    """Block keys of a record's place: two records of one place share one of them."""
    places = [("s", record.spatial)] if record.spatial else []
    if record.owner_org:
        places.append(("o", record.owner_org))
    return places


def _title_words(folded_title: str) -> set[str]:
    return {word for word in folded_title.split()
            if len(word) > 2 and word not in STOPWORDS
            and not (len(word) == 4 and word.isdigit() and _YEAR.fullmatch(word))}


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


def _exact_signals(records, pairs: _Pairs) -> None:
    """Identifier, link and file digest: one pass grouping datasets on each key."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        if record.identifier:
            groups[(IDENTIFIER, record.identifier)].append(record.id)
        for url in record.urls:
            groups[(URL, url)].append(record.id)
        for digest in record.content_hashes:
            groups[(CONTENT, digest)].append(record.id)
    for (code, key), ids in groups.items():
        if len(ids) < 2:  # most keys: checked before any sorting
            continue
        for a, b in itertools.combinations(sorted(set(ids)), 2):
            pairs.add(a, b, SIGNAL_SCORES[code], Reason(code, key))


class _Texts(typing.NamedTuple):
    """A record's texts folded once per scan (folding is most of a comparison's cost).
    A named tuple: built once per dataset, 100,000 times a scan, where a frozen
    dataclass took several times longer."""
    title: str
    notes: str
    years: frozenset
    sorted_title: str  # its words in alphabetical order (a second neighbourhood)
    words: frozenset  # the title words that open blocks
    start: object  # temporal coverage as dates (or None)
    end: object
    period_years: frozenset  # years covered (coverage, else the title's)
    notes_digest: str = ""  # filled by texts_of (the incremental check's keys)


def _texts(record: DatasetRecord, notes: str, boilerplate: set[str], digest: str = ""
           ) -> _Texts:
    title = fold(record.title)
    years = _years(record.title)
    start, end = date_of(record.temporal_start), date_of(record.temporal_end)
    if start or end:
        start, end = start or end, end or start
        period_years = frozenset(str(year) for year in range(start.year, min(end.year, start.year + 50) + 1))
    else:
        period_years = years
    return _Texts(title, "" if notes in boilerplate else notes, years,
                  " ".join(sorted(title.split())), frozenset(_title_words(title)),
                  start, end, period_years, digest)


def text_score(a: DatasetRecord, b: DatasetRecord, texts_a: _Texts, texts_b: _Texts,
               thresholds: Thresholds) -> float | None:
    """The text similarity of two datasets (0-1), or None when rules keep them apart."""
    if not _same_place(a, b) or not _same_period(texts_a, texts_b):
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


def _same_period(texts_a: _Texts, texts_b: _Texts) -> bool:
    """Text: the same years in the titles and coverages that overlap (when both say one)."""
    return texts_a.years == texts_b.years and not _periods_apart(texts_a, texts_b)


def _same_place_period(texts_a: _Texts, texts_b: _Texts) -> bool:
    """Schema and headers: the periods overlap (coverage, else title years), or neither
    says one. Titles may differ (« Export du logiciel » beside « Subventions 2023 »)."""
    years_a, years_b = texts_a.period_years, texts_b.period_years
    return bool(years_a & years_b) if (years_a or years_b) else True


def _place_signals(records, texts, pairs: _Pairs) -> None:
    """Same schema, or same headers, for the same place and period: grouped on
    (place, value, year) so a region's thousand copies are never compared all at once."""
    groups: dict[tuple, list[DatasetRecord]] = defaultdict(list)
    for record in records:
        headers = _headers_key(record)
        if not record.schema and not headers:
            continue
        # Records of one period share one of these keys (undated ones share « - »).
        periods = texts[record.id].period_years or ("-",)
        for place in _places(record):
            for period in periods:
                if record.schema:
                    groups[(SCHEMA, record.schema, place, period)].append(record)
                if headers:
                    groups[(HEADERS, headers, place, period)].append(record)
    for (code, value, _, _), members in groups.items():
        if len(members) < 2:
            continue
        for a, b in itertools.combinations(members, 2):
            if _same_place(a, b) and _same_place_period(texts[a.id], texts[b.id]):
                pairs.add(a.id, b.id, SIGNAL_SCORES[code], Reason(code, value))


def _headers_key(record: DatasetRecord) -> str | None:
    if len(record.headers) < HEADERS_MIN:
        return None
    return ", ".join(record.headers)


def _block_pairs(members: list[str], texts: dict[str, _Texts], thresholds: Thresholds):
    """The pairs of a block to compare: all of a small one, neighbours in a large one."""
    if len(members) <= thresholds.block_max:
        yield from itertools.combinations(members, 2)
        return
    orders = (lambda id_: texts[id_].title, lambda id_: texts[id_].sorted_title)
    for order in orders:
        ordered = sorted(members, key=order)
        for index, a in enumerate(ordered):
            for b in ordered[index + 1:index + 1 + thresholds.window]:
                yield a, b


def text_blocks(records: Iterable[DatasetRecord], texts: dict[str, _Texts]
                ) -> Iterable[list[str]]:
    """Datasets of one place sharing a title word."""
    # Word blocks per place: short string keys hash faster than (place, word) tuples.
    by_place: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for record in records:
        words = texts[record.id].words
        places = ["s" + record.spatial] if record.spatial else []
        if record.owner_org:
            places.append("o" + record.owner_org)
        for place in places:
            blocks = by_place[place]
            for word in words:
                members = blocks.get(word)
                if members is None:
                    blocks[word] = [record.id]
                else:
                    members.append(record.id)
    for blocks in by_place.values():
        yield from blocks.values()


def prepare_texts(records: list[DatasetRecord], thresholds: Thresholds,
                  with_digests: bool = False) -> dict[str, _Texts]:
    """Each record's texts, boilerplate descriptions blanked; ``with_digests`` adds the
    digest of the description as written (the incremental check's keys)."""
    # A description repeated word for word (boilerplate, harvested copies) is folded once.
    folded: dict[str, str] = {}
    folded_notes = {}
    for r in records:
        notes = folded.get(r.notes)
        if notes is None:
            notes = folded[r.notes] = fold(r.notes)
        folded_notes[r.id] = notes
    note_counts = Counter(notes for notes in folded_notes.values() if notes)
    boilerplate = {notes for notes, count in note_counts.items()
                   if count >= thresholds.boilerplate_share}
    if not with_digests:
        return {r.id: _texts(r, folded_notes[r.id], boilerplate) for r in records}
    digests = {notes: notes_digest(notes) for notes in note_counts}
    return {r.id: _texts(r, folded_notes[r.id], boilerplate, digests.get(folded_notes[r.id], ""))
            for r in records}


def find_pairs(records: Iterable[DatasetRecord], thresholds: Thresholds | None = None
               ) -> list[CandidatePair]:
    """Every candidate pair among ``records``, strongest score first."""
    with no_cyclic_collection():
        return _find_pairs(records, thresholds)[0]


def find_pairs_and_keys(records: Iterable[DatasetRecord], thresholds: Thresholds | None = None
                        ) -> tuple[list[CandidatePair], dict[str, list[str]]]:
    """The pairs, and each record's keys for the incremental check (record_keys), from
    texts folded once: folding is what a full scan spends most on."""
    with no_cyclic_collection():
        pairs, records, texts = _find_pairs(records, thresholds, with_digests=True)
        return pairs, {record.id: record_keys(record, texts[record.id]) for record in records}


@contextlib.contextmanager
def no_cyclic_collection():
    """A scan allocates millions of small containers and frees none of them until it
    ends: the cyclic collector walking the growing heap again and again was half its
    time at 100,000 datasets. Reference counting still frees what it can."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _find_pairs(records, thresholds, with_digests=False):
    thresholds = thresholds or Thresholds()
    records = list(records)
    pairs = _Pairs()
    _exact_signals(records, pairs)
    texts = prepare_texts(records, thresholds, with_digests)
    _place_signals(records, texts, pairs)

    by_id = {record.id: record for record in records}
    compared: set[tuple[str, str]] = set()
    for members in text_blocks(records, texts):
        if len(members) < 2:
            continue
        for a, b in _block_pairs(members, texts, thresholds):
            key = (a, b) if a < b else (b, a)
            if key in compared:
                continue
            compared.add(key)
            score = text_score(by_id[key[0]], by_id[key[1]], texts[key[0]], texts[key[1]],
                               thresholds)
            if score is not None:
                pairs.add(key[0], key[1], score, Reason(TEXT, f"{round(score * 100)}"))
    return (sorted(pairs.by_pair.values(), key=lambda pair: (-pair.score, pair.datasets)),
            records, texts)


def pair_of(a: DatasetRecord, b: DatasetRecord, texts_a: _Texts, texts_b: _Texts,
            thresholds: Thresholds) -> CandidatePair | None:
    """The same signals as find_pairs, for one pair (the incremental check)."""
    found = _Pairs()
    if a.identifier and a.identifier == b.identifier:
        found.add(a.id, b.id, SIGNAL_SCORES[IDENTIFIER], Reason(IDENTIFIER, a.identifier))
    for code, keys_a, keys_b in ((URL, a.urls, b.urls),
                                 (CONTENT, a.content_hashes, b.content_hashes)):
        for key in sorted(set(keys_a) & set(keys_b)):
            found.add(a.id, b.id, SIGNAL_SCORES[code], Reason(code, key))
    if _same_place(a, b) and _same_place_period(texts_a, texts_b):
        for code, value_a, value_b in ((SCHEMA, a.schema, b.schema),
                                       (HEADERS, _headers_key(a), _headers_key(b))):
            if value_a and value_a == value_b:
                found.add(a.id, b.id, SIGNAL_SCORES[code], Reason(code, value_a))
    score = text_score(a, b, texts_a, texts_b, thresholds)
    if score is not None:
        found.add(a.id, b.id, score, Reason(TEXT, f"{round(score * 100)}"))
    (pair,) = found.by_pair.values() or (None,)
    return pair


class CatalogueIndex:
    """The catalogue's blocks kept in memory, to check one dataset against it through
    the blocks (the incremental check), never against every dataset."""

    def __init__(self, records: Iterable[DatasetRecord], thresholds: Thresholds | None = None):
        with no_cyclic_collection():
            self._build(records, thresholds)

    def _build(self, records, thresholds):
        self.thresholds = thresholds or Thresholds()
        self.records = {record.id: record for record in records}
        self.texts = prepare_texts(list(self.records.values()), self.thresholds)
        folded = Counter(fold(record.notes) for record in self.records.values())
        self.boilerplate = {notes for notes, count in folded.items()
                            if notes and count >= self.thresholds.boilerplate_share}
        self.keys: dict[tuple, list[str]] = defaultdict(list)
        for record in self.records.values():
            for key in self._keys(record, self.texts[record.id]):
                self.keys[key].append(record.id)
        self.sorted_blocks: dict[tuple, tuple[list, list]] = {}
        for key, members in self.keys.items():
            if key[0] == TEXT and len(members) > self.thresholds.block_max:
                self.sorted_blocks[key] = tuple(
                    sorted((getattr(self.texts[id_], order), id_) for id_ in members)
                    for order in ("title", "sorted_title"))

    @staticmethod
    def _keys(record: DatasetRecord, texts: _Texts):
        if record.identifier:
            yield (IDENTIFIER, record.identifier)
        for url in record.urls:
            yield (URL, url)
        for digest in record.content_hashes:
            yield (CONTENT, digest)
        for place in _places(record):
            for period in texts.period_years or ("-",):
                if record.schema:
                    yield (SCHEMA, place, record.schema, period)
                if _headers_key(record):
                    yield (HEADERS, place, _headers_key(record), period)
            for word in texts.words:
                yield (TEXT, place, word)

    def candidates(self, record: DatasetRecord, texts: _Texts) -> set[str]:
        import bisect

        found: set[str] = set()
        window = self.thresholds.window
        for key in self._keys(record, texts):
            members = self.keys.get(key)
            if not members:
                continue
            sorted_block = self.sorted_blocks.get(key)
            if sorted_block is None:
                found.update(members)
                continue
            for entries, order in zip(sorted_block, ("title", "sorted_title")):
                at = bisect.bisect_left(entries, (getattr(texts, order), record.id))
                found.update(id_ for _, id_ in entries[max(0, at - window):at + window + 1])
        found.discard(record.id)
        return found

    def pairs_of(self, record: DatasetRecord) -> list[CandidatePair]:
        """The candidate pairs of ``record`` (new or changed) with the catalogue."""
        notes = fold(record.notes)
        texts = _texts(record, notes, self.boilerplate)
        pairs = []
        for other_id in self.candidates(record, texts):
            pair = pair_of(record, self.records[other_id], texts, self.texts[other_id],
                           self.thresholds)
            if pair is not None:
                pairs.append(pair)
        return sorted(pairs, key=lambda pair: (-pair.score, pair.datasets))


def record_keys(record: DatasetRecord, texts: _Texts) -> list[str]:
    """The keys under which the incremental check finds a dataset's candidates (stored
    in odl_dedup_key): its exact keys, its (place, schema or headers, year) groups, its
    (place, title word) text blocks, and its folded description's digest (how many
    datasets share it says whether it is boilerplate)."""
    # The strings of CatalogueIndex._keys ("kind:part|part", a place's letter and id
    # run together), written directly: a full scan makes a million of them.
    keys = {f"{CONTENT}:{digest}" for digest in record.content_hashes}
    keys.update(f"{URL}:{url}" for url in record.urls)
    if record.identifier:
        keys.add(f"{IDENTIFIER}:{record.identifier}")
    headers = _headers_key(record)
    periods = texts.period_years or ("-",)
    for letter, place in _places(record):
        place = letter + place
        for period in periods if record.schema or headers else ():
            if record.schema:
                keys.add(f"{SCHEMA}:{place}|{record.schema}|{period}")
            if headers:
                keys.add(f"{HEADERS}:{place}|{headers}|{period}")
        keys.update(f"{TEXT}:{place}|{word}" for word in texts.words)
    if texts.notes_digest:
        keys.add("notes:" + texts.notes_digest)
    # A btree index refuses keys of a few kilobytes (a 2,000-character link): long
    # keys are stored as their digest, which matches exactly as well.
    return sorted(key if len(key) <= 200 else key.split(":", 1)[0] + ":#" + hashlib.sha256(
        key.encode("utf-8")).hexdigest() for key in keys)


def notes_digest(folded_notes: str) -> str:
    return hashlib.sha256(folded_notes.encode("utf-8")).hexdigest()[:24] if folded_notes else ""


def texts_of(record: DatasetRecord, boilerplate: set[str]) -> _Texts:
    """A record's texts, its description blanked when it is one of ``boilerplate``
    (folded descriptions, or their notes_digest)."""
    folded = fold(record.notes)
    texts = _texts(record, folded, boilerplate)
    if texts.notes and notes_digest(folded) in boilerplate:
        texts = texts._replace(notes="")
    return texts._replace(notes_digest=notes_digest(folded))


SIMILAR_THRESHOLD = 0.6
SIMILAR_QUERY_WORDS = 8


def title_query_words(title: str) -> list[str]:
    """The words of a typed title to look datasets up with, longest first (years and
    stop words left out: « budget 2025 » finds every year's budget)."""
    return sorted(_title_words(fold(title)), key=lambda w: (-len(w), w))[:SIMILAR_QUERY_WORDS]


def similar_titles(typed: str, candidates: Iterable[tuple[str, str]],
                   threshold: float = SIMILAR_THRESHOLD) -> list[tuple[str, float]]:
    """(key, score) of the candidates whose title is close to the typed one (rapidfuzz
    token-set ratio of the folded titles, at least ``threshold``), best first."""
    folded = fold(typed)
    scored = []
    for key, title in candidates:
        score = fuzz.token_set_ratio(folded, fold(title), score_cutoff=threshold * 100) / 100
        if score >= threshold:
            scored.append((key, round(score, 2)))
    return sorted(scored, key=lambda pair: -pair[1])
