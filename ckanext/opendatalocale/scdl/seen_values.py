"""The values already seen in unique columns and primary keys, in bounded memory.

A ``unique`` constraint or a primary key needs, for each row, the last
earlier row holding an *equal* value (frictionless's wording: "the same as in
the row at position N"). Two traps:

- comparing ``hash(value)`` calls different values equal (in CPython
  ``hash(-1) == hash(-2)``), so keys are a 16-byte BLAKE2b digest of a
  canonical encoding that follows Python's equality of typed values
  (``Decimal("1.0") == 1``, an aware datetime equals the same instant in
  another zone);
- a multi-million-row file has millions of distinct values: past
  ``memory_limit`` keys, the in-memory keys are moved to a temporary SQLite
  file on disk (deleted when closed) and looked up there, so memory stays
  flat whatever the file's size. A Bloom filter of the keys on disk spares
  the disk lookup of most values seen for the first time -- in a column of
  identifiers, nearly all of them.
"""
from __future__ import annotations

import datetime
import hashlib
import sqlite3
from decimal import Decimal
from typing import Any, Dict, List, Optional

DEFAULT_MEMORY_LIMIT = 100_000

_DIGEST_SIZE = 16
# 2**24 bits (2 MB) a store, 3 bits a key: about 3 % of false positives at
# 2 million keys on disk, more beyond (then a few more disk lookups, never
# a wrong answer).
_BLOOM_BITS = 1 << 24
_BLOOM_MASK = _BLOOM_BITS - 1


def _number(value: Decimal) -> bytes:
    """Exact and canonical: trailing zeros dropped, no rounding (Decimal's
    ``normalize`` would round to the context's 28 digits)."""
    if value.is_infinite():
        return b"n-inf" if value < 0 else b"n+inf"
    sign, digits, exponent = value.as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if digits == [0]:
        return b"n0"  # 0, 0.00 and -0 are equal
    text = "".join(map(str, digits))
    return ("n%s%se%d" % ("-" if sign else "", text, exponent)).encode()


def _utc_naive(moment: datetime.datetime) -> datetime.datetime:
    return (moment - moment.utcoffset()).replace(tzinfo=None)


def canonical(value: Any) -> Optional[bytes]:
    """Bytes equal exactly when the values are equal; None for a value equal
    to nothing, not even itself (NaN)."""
    kind = type(value)
    if kind is str:
        return b"s" + value.encode("utf-8", "surrogatepass")
    if value is None:
        return b"z"
    if kind is bool:
        return _number(Decimal(int(value)))  # True == 1, as Python says
    if kind is int:
        return _number(Decimal(value))
    if kind is float:
        if value != value:
            return None
        return _number(Decimal(value))  # exact: 0.1 == Decimal(0.1) only
    if kind is Decimal:
        if value.is_nan():
            return None
        return _number(value)
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            return b"t" + value.isoformat().encode()
        return b"T" + _utc_naive(value).isoformat().encode()
    if isinstance(value, datetime.date):
        return b"d" + value.isoformat().encode()
    if isinstance(value, datetime.time):
        if value.utcoffset() is None:
            return b"h" + value.isoformat().encode()
        moment = datetime.datetime.combine(datetime.date(2000, 1, 1), value)
        return b"H" + _utc_naive(moment).time().isoformat().encode()
    if isinstance(value, datetime.timedelta):
        return b"D%d" % (value // datetime.timedelta(microseconds=1))
    if isinstance(value, (list, tuple)):
        parts = []
        for item in value:
            part = canonical(item)
            if part is None:
                return None
            parts.append(b"%d:" % len(part) + part)
        return (b"L" if isinstance(value, list) else b"U") + b"".join(parts)
    if all(hasattr(value, name) for name in ("years", "months", "tdelta")):
        # isodate's Duration: equal when the months and the rest are
        # (1 year == 12 months), and equal to a timedelta when it has no months
        months = value.years * 12 + value.months
        if months == 0:
            return canonical(value.tdelta)
        return b"P" + _number(Decimal(months)) + canonical(value.tdelta)
    if isinstance(value, dict):
        items = []
        for name, item in value.items():
            encoded_name, encoded_item = canonical(name), canonical(item)
            if encoded_name is None or encoded_item is None:
                return None
            items.append(b"%d:" % len(encoded_name) + encoded_name
                         + b"%d:" % len(encoded_item) + encoded_item)
        return b"O" + b"".join(sorted(items))
    # anything rarer: its type and repr
    return b"r" + f"{kind.__module__}.{kind.__qualname__}:{value!r}".encode("utf-8", "surrogatepass")


def value_key(value: Any) -> Optional[bytes]:
    """The key remembered for a value; None when it can equal nothing."""
    encoded = canonical(value)
    if encoded is None:
        return None
    return hashlib.blake2b(encoded, digest_size=_DIGEST_SIZE).digest()


class SpillFile:
    """One temporary SQLite database on disk for every store of a validation;
    opened on first need, deleted when closed (SQLite's private temporary
    database: nothing left behind even if the process dies)."""

    def __init__(self):
        self._connection: Optional[sqlite3.Connection] = None
        self._tables = 0

    def new_table(self) -> str:
        if self._connection is None:
            self._connection = sqlite3.connect("", isolation_level=None)
            # a scratch file: no journal, no fsync
            self._connection.execute("PRAGMA journal_mode=OFF")
            self._connection.execute("PRAGMA synchronous=OFF")
        self._tables += 1
        table = f"seen_{self._tables}"
        self._connection.execute(
            f"CREATE TABLE {table} (key BLOB PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID")
        return table

    @property
    def connection(self) -> sqlite3.Connection:
        assert self._connection is not None
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class SeenValues:
    """Row numbers by value key, for one unique column or one primary key."""

    def __init__(self, memory_limit: int = DEFAULT_MEMORY_LIMIT, spill: Optional[SpillFile] = None):
        self.memory_limit = max(1, int(memory_limit))
        self._spill = spill if spill is not None else SpillFile()
        self._recent: Dict[bytes, int] = {}
        self._table: Optional[str] = None
        self._select = self._replace = ""
        self._on_disk = bytearray()  # Bloom filter of the keys on disk
        self.spilled = 0  # keys moved to disk so far, for tests and benchmarks

    def swap(self, value: Any, row_number: int) -> Optional[int]:
        """The last row seen with a value equal to ``value`` (None if none),
        ``row_number`` becoming the last one."""
        key = value_key(value)
        if key is None:
            return None
        recent = self._recent
        previous = recent.get(key)
        if previous is None and self._table is not None and self._maybe_on_disk(key):
            found = self._spill.connection.execute(self._select, (key,)).fetchone()
            previous = found[0] if found else None
        recent[key] = row_number
        if len(recent) >= self.memory_limit:
            self._flush()
        return previous

    def _maybe_on_disk(self, key: bytes) -> bool:
        bits, number = self._on_disk, int.from_bytes(key, "little")
        for _ in range(3):
            position = number & _BLOOM_MASK
            if not bits[position >> 3] & (1 << (position & 7)):
                return False
            number >>= 24
        return True

    def _flush(self) -> None:
        if self._table is None:
            self._on_disk = bytearray(_BLOOM_BITS // 8)
            self._table = self._spill.new_table()
            self._select = f"SELECT row FROM {self._table} WHERE key = ?"
            self._replace = f"INSERT OR REPLACE INTO {self._table} (key, row) VALUES (?, ?)"
        connection = self._spill.connection
        connection.execute("BEGIN")
        # in key order, the B-tree is written page after page: several times faster
        recent = self._recent
        connection.executemany(self._replace, ((key, recent[key]) for key in sorted(recent)))
        connection.execute("COMMIT")
        bits = self._on_disk
        for key in self._recent:
            number = int.from_bytes(key, "little")
            for _ in range(3):
                position = number & _BLOOM_MASK
                bits[position >> 3] |= 1 << (position & 7)
                number >>= 24
        self.spilled += len(self._recent)
        self._recent.clear()

