"""The suite's one CSV reader.

Agents export their files from spreadsheets, so what arrives is anything from
clean UTF-8 with commas to Windows-1252 with semicolons, a BOM, an .xlsx
renamed .csv, or a header with no data. This module turns bytes into rows and
explains, in French, why it cannot when it cannot. It never loads the whole
file: encoding is decided by a streaming scan, rows are a generator.

Row numbers are those a person sees in a spreadsheet: the header is row 1 and
each CSV record adds one (a quoted cell spanning several lines is one record,
as in frictionless).
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import sys
import tempfile
from typing import BinaryIO, Dict, Iterator, List, Optional, Tuple, Union

from .i18n import N_, _

Source = Union[bytes, bytearray, str, "os.PathLike[str]", BinaryIO]

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {
    ",": N_("virgule"),
    ";": N_("point-virgule"),
    "\t": N_("tabulation"),
    "|": N_("barre verticale"),
}
SAMPLE_BYTES = 64 * 1024
SCAN_CHUNK = 1024 * 1024

# Files that are not CSV but are often uploaded as such, by signature.
_SIGNATURES = (
    (b"PK\x03\x04", "zip"),  # xlsx, ods, docx and zip archives
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),  # old Office (OLE2)
    (b"%PDF", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"7z\xbc\xaf", "7z"),
    (b"Rar!", "rar"),
    (b"SQLite format 3", "sqlite"),
)

# A CSV cell can be as long as a long text field; Python's 128 KiB default is
# too small for some description columns, unlimited would let a binary file
# eat memory.
csv.field_size_limit(min(sys.maxsize, 16 * 1024 * 1024))


class SourceReadError(Exception):
    """A file that cannot be read; ``code`` is stable, ``message`` French (each kind of
    source says how it words its codes)."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.message


class CsvSourceError(SourceReadError):
    """A file that cannot be read as CSV.

    Codes: ``not-found``, ``empty-file``, ``binary-file``, ``encoding-error``,
    ``malformed-csv``, ``header-only`` (only raised on request).
    """

    @property
    def message(self) -> str:
        return source_error_message(self.code, self.params)

    def to_dict(self) -> Dict:
        return {"code": self.code, "params": dict(self.params)}


_BINARY_HINTS = {
    "zip": N_("un classeur Excel (.xlsx), LibreOffice (.ods) ou une archive zip"),
    "xls": N_("un classeur Excel ancien format (.xls)"),
    "pdf": N_("un document PDF"),
    "gzip": N_("une archive compressée (gzip)"),
    "png": N_("une image"),
    "jpeg": N_("une image"),
    "gif": N_("une image"),
    "7z": N_("une archive compressée"),
    "rar": N_("une archive compressée"),
    "sqlite": N_("une base de données SQLite"),
}


def source_error_message(code: str, params: Dict) -> str:
    """French (translatable) sentence for a CsvSourceError code."""
    if code == "not-found":
        return _("Le fichier « {path} » est introuvable.").format(**params)
    if code == "empty-file":
        return _(
            "Le fichier est vide. Exportez de nouveau le tableau au format CSV, "
            "avec sa ligne d'en-tête et ses données."
        )
    if code == "header-only":
        return _(
            "Le fichier ne contient que la ligne d'en-tête, sans aucune ligne de "
            "données. Ajoutez les données sous l'en-tête."
        )
    if code == "binary-file":
        kind = params.get("kind")
        if kind in _BINARY_HINTS:
            return _(
                "Ce fichier n'est pas un CSV : il ressemble à {what}. Ouvrez-le "
                "dans votre tableur puis « Enregistrer sous » au format CSV (UTF-8)."
            ).format(what=_(_BINARY_HINTS[kind]))
        return _(
            "Ce fichier n'est pas un fichier texte (il contient des caractères "
            "binaires). Enregistrez le tableau au format CSV (UTF-8)."
        )
    if code == "encoding-error":
        if params.get("row"):
            return _(
                "Le fichier ne peut pas être décodé avec l'encodage {encoding} "
                "après la ligne {last} (l'erreur se trouve dans les lignes suivantes). "
                "Enregistrez-le en CSV UTF-8."
            ).format(encoding=params.get("encoding"), last=params["row"] - 1)
        return _(
            "Le fichier ne peut pas être décodé avec l'encodage {encoding} "
            "(octet {position}). Enregistrez-le en CSV UTF-8."
        ).format(**params)
    if code == "malformed-csv":
        return _(
            "Ligne {row} : le CSV est mal formé ({detail}). Vérifiez les "
            "guillemets de cette ligne."
        ).format(**params)
    return _("Le fichier ne peut pas être lu ({code}).").format(code=code)


def _open_binary(source: Source) -> Tuple[BinaryIO, bool]:
    """A seekable binary stream for ``source`` and whether we must close it."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, (str, os.PathLike)):
        try:
            return open(source, "rb"), True
        except FileNotFoundError:
            raise CsvSourceError("not-found", path=os.fspath(source))
    stream = source
    if hasattr(stream, "seekable") and stream.seekable():
        return stream, False
    # A network or upload stream: spool it so that encoding detection can
    # scan it once and the reader read it again. Big files go to disk.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    while True:
        chunk = stream.read(SCAN_CHUNK)
        if not chunk:
            break
        spool.write(chunk)
    spool.seek(0)
    return spool, True


def _binary_kind(head: bytes) -> Optional[str]:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if b"\x00" in head:
        return "nul"
    if head:
        # Text files have almost no C0 control characters besides tab/CR/LF/FF.
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
        if controls > len(head) * 0.1:
            return "control"
    return None


def _scan_decodes(stream: BinaryIO, start: int, encoding: str) -> Optional[int]:
    """Stream the file through ``encoding``; None if it all decodes, else the
    byte offset of the first undecodable byte."""
    stream.seek(start)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = start
    while True:
        chunk = stream.read(SCAN_CHUNK)
        final = not chunk
        try:
            decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            return offset + max(error.start, 0)
        if final:
            return None
        offset += len(chunk)


def detect_encoding(stream: BinaryIO) -> Tuple[str, int]:
    """(Python codec, BOM length). Raises CsvSourceError for non-text files.

    Order: BOM, then UTF-8 if the *whole* file decodes (a sample is not
    enough: the first accented character of a cp1252 file may sit on row
    80,000), then cp1252 (what Excel writes on French Windows), then latin-1,
    which decodes anything.
    """
    stream.seek(0)
    head = stream.read(SAMPLE_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        encoding, bom = "utf-8-sig", len(codecs.BOM_UTF8)
    elif head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        # Excel's "Texte Unicode" export; NUL bytes are expected there.
        return "utf-16", 0
    else:
        encoding, bom = "", 0
    kind = _binary_kind(head[bom:])
    if kind:
        raise CsvSourceError("binary-file", kind=kind)
    if not encoding:
        encoding = "utf-8"
    bad = _scan_decodes(stream, bom, "utf-8")
    if bad is None:
        return encoding, bom
    if bom:
        raise CsvSourceError("encoding-error", encoding="UTF-8", position=bad)
    if _scan_decodes(stream, 0, "cp1252") is None:
        return "cp1252", 0
    return "latin-1", 0


def _sample_text(stream: BinaryIO, encoding: str) -> str:
    stream.seek(0)
    raw = stream.read(SAMPLE_BYTES)
    text = raw.decode(encoding, errors="ignore")
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(raw) == SAMPLE_BYTES:
        # Drop the last, probably truncated, line.
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[:cut]
    return text


def detect_delimiter(sample: str, candidates=DELIMITERS) -> str:
    """The candidate that splits the sample into the most consistent table.

    Scored on up to 50 records: share of records with as many cells as the
    header, then number of columns. Decimal commas in a semicolon file, or
    semicolons inside a quoted comma-separated text, do not fool it, as they
    make record lengths vary. A one-column file reads as comma-separated.
    """
    best, best_score = candidates[0], None
    for delimiter in candidates:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        records = []
        try:
            for record in reader:
                if not record or not any(record):
                    continue
                records.append(len(record))
                if len(records) >= 50:
                    break
        except csv.Error:
            continue
        if not records or records[0] < 2:
            continue
        width = records[0]
        consistent = sum(1 for n in records if n == width) / len(records)
        score = (consistent, width)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


class CsvSource:
    """An open CSV file: detected encoding and delimiter, labels, then rows.

    Use as a context manager. ``rows()`` yields ``(row_number, cells)`` for
    every record after the header, header being row 1; it can be called once.
    """

    def __init__(
        self,
        source: Source,
        *,
        encoding: Optional[str] = None,
        delimiter: Optional[str] = None,
    ):
        self._stream, self._owned = _open_binary(source)
        self._text = None
        try:
            if encoding:
                self.encoding, self._bom = encoding, 0
            else:
                self.encoding, self._bom = detect_encoding(self._stream)
            sample = _sample_text(self._stream, self.encoding)
            if not sample.strip():
                raise CsvSourceError("empty-file")
            self.delimiter = delimiter or detect_delimiter(sample)
            self._stream.seek(0)
            self._text = io.TextIOWrapper(
                self._stream, encoding=self.encoding, newline="", errors="strict"
            )
            self._reader = csv.reader(self._text, delimiter=self.delimiter)
            self._row_number = 0
            self.labels: List[str] = []
            self.header_row_number = 0
            self._first: Optional[Tuple[int, List[str]]] = None
            self._read_header()
        except BaseException:
            self.close()
            raise

    # Detected properties, for reports.
    @property
    def encoding_name(self) -> str:
        """Encoding as shown to people: utf-8, utf-8 (BOM), cp1252, latin-1."""
        return {
            "utf-8-sig": "utf-8 (BOM)",
            "utf-8": "utf-8",
            "cp1252": "cp1252",
            "latin-1": "latin-1",
            "utf-16": "utf-16",
        }.get(self.encoding, self.encoding)

    @property
    def has_bom(self) -> bool:
        return self.encoding in ("utf-8-sig", "utf-16")

    def _next_record(self) -> Optional[List[str]]:
        try:
            record = next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise CsvSourceError(
                "malformed-csv", row=self._row_number + 1, detail=str(error)
            )
        except UnicodeDecodeError:
            raise CsvSourceError(
                "encoding-error", encoding=self.encoding, row=self._row_number + 1
            )
        self._row_number += 1
        return record

    def _read_header(self) -> None:
        # Blank lines above the header are skipped, as frictionless does.
        while True:
            record = self._next_record()
            if record is None:
                raise CsvSourceError("empty-file")
            if any(cell.strip() for cell in record):
                break
        if record and record[0].startswith("\ufeff"):
            record[0] = record[0][1:]
        self.labels = [cell.strip() for cell in record]  # as frictionless (stringify_label)
        self.header_row_number = self._row_number
        first = self._next_record()
        if first is not None:
            self._first = (self._row_number, first)
        self.has_rows = first is not None

    def require_rows(self) -> "CsvSource":
        if not self.has_rows:
            raise CsvSourceError("header-only")
        return self

    def rows(self) -> Iterator[Tuple[int, List[str]]]:
        if self._first is not None:
            first, self._first = self._first, None
            yield first
        reader = self._reader
        number = self._row_number
        try:
            for record in reader:
                number += 1
                yield number, record
        except csv.Error as error:
            raise CsvSourceError("malformed-csv", row=number + 1, detail=str(error))
        except UnicodeDecodeError:
            # decoding goes by chunks: the bad byte is at or after this row
            raise CsvSourceError("encoding-error", encoding=self.encoding, row=number + 1)
        finally:
            self._row_number = number

    def close(self) -> None:
        if self._text is not None:
            try:
                self._text.detach()
            except Exception:
                pass
            self._text = None
        if self._owned and self._stream is not None:
            self._stream.close()
        self._stream = None

    def __enter__(self) -> "CsvSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def describe(self) -> Dict:
        return {
            "encoding": self.encoding_name,
            "delimiter": self.delimiter,
            "header_row": self.header_row_number,
            "columns": len(self.labels),
            "has_rows": self.has_rows,
        }


def open_csv(source: Source, **options) -> CsvSource:
    """Open ``source`` (bytes, path or binary file) as a CsvSource."""
    return CsvSource(source, **options)
