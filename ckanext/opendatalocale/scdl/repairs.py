"""One-click repairs of the mechanical errors agents make in their files.

A repair is proposed for a faulty cell only when one reading of it is certain
and the repaired value passes every check of its column (type, constraints,
the column's own custom checks such as the SIRET key): a repaired file is
valid for the repaired kinds, and a valid cell is never touched. What could be
read two ways stays an error:

- ``04/10/2013`` is read day first, as French files write dates; ``10/04/13``
  (two-digit year) is not repaired;
- ``1.234`` in an integer column could be 1234 or 1,234: not repaired; in a
  number column it is already a valid number and stays as it is;
- an enum value is repaired only when exactly one allowed value differs from
  it by case, accents or surrounding spaces.

Faulty cells are found by the validator's own row loop (``validator.row_errors``),
rows read by the suite's readers (``preview.open_table``): one way to read a
file and one way to judge a cell. Pure module: no CKAN import.
"""
from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, TextIO, Tuple

from . import custom_checks
from .cells import CompiledField
from .i18n import N_, _
from .identifiers import compact
from .messages import suggest_enum
from .preview import open_table
from .validator import matched_fields, row_errors

EXAMPLES = 3
_BATCH = 2000

# Errors a repair may lift: the cell's type, its constraints (not "required":
# an empty cell has no value to repair) and single-column custom checks.
_CELL_KINDS = frozenset({"type-error", "constraint-error", "french-siret-value", "french-siren-value"})
_SPACES = "\u00a0\u202f\u2007"
_DATE_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_GROUPED = re.compile(r"([+-]?)(\d{1,3}(?:([ .])\d{3})+)(?:,(\d+))?")


def _date_day_first(cell: str, field: CompiledField) -> Optional[str]:
    if field.type != "date":
        return None
    match = _DATE_DAY_FIRST.fullmatch(cell.strip())
    if not match:
        return None
    day, _sep, month, year = match.groups()
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None  # 31/02/2020 is no date, whichever way it is read
    fmt = field.format if field.format not in ("default", "any", "", None) else "%Y-%m-%d"
    return value.strftime(fmt) if "%" in fmt else value.isoformat()


def _decimal_comma(cell: str, field: CompiledField) -> Optional[str]:
    if field.type != "number":
        return None
    text = cell.strip()
    return text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else None


def _thousands(cell: str, field: CompiledField) -> Optional[str]:
    """1 234 567 and 1 234,50 (spaces, no-break spaces) or 1.234.567 and 1.234,50:
    groups of three; a single dot group alone (1.234) is ambiguous and left."""
    if field.type not in ("number", "integer"):
        return None
    text = cell.strip()
    for space in _SPACES:
        text = text.replace(space, " ")
    match = _GROUPED.fullmatch(text)
    if not match:
        return None
    sign, digits, separator, decimals = match.groups()
    if separator == "." and decimals is None and digits.count(".") == 1:
        return None
    repaired = sign + digits.replace(separator, "")
    if decimals is not None:
        if field.type == "integer":
            return None
        repaired += "." + decimals
    return repaired


def _identifier_spaces(cell: str, field: CompiledField) -> Optional[str]:
    """A SIRET, SIREN or code typed with spaces, dots or dashes: its digits."""
    if field.type != "string":
        return None
    text = cell
    for space in _SPACES:
        text = text.replace(space, " ")
    digits = compact(text)
    return digits if digits.isdigit() and digits != cell else None


_TRUE_WORDS = frozenset({"oui", "vrai", "true", "o", "yes"})
_FALSE_WORDS = frozenset({"non", "faux", "false", "n", "no"})


def _boolean_words(cell: str, field: CompiledField) -> Optional[str]:
    if field.type != "boolean":
        return None
    word = cell.strip().lower()
    descriptor = field.descriptor
    if word in _TRUE_WORDS:
        return str((descriptor.get("trueValues") or ["true"])[0])
    if word in _FALSE_WORDS:
        return str((descriptor.get("falseValues") or ["false"])[0])
    return None


def _surrounding_spaces(cell: str, field: CompiledField) -> Optional[str]:
    stripped = cell.strip(" \t\r\n" + _SPACES)
    return stripped if stripped and stripped != cell else None


def _enum_variant(cell: str, field: CompiledField) -> Optional[str]:
    allowed = (field.descriptor.get("constraints") or {}).get("enum")
    if not allowed:
        return None
    return suggest_enum(cell, list(allowed))


@dataclass(frozen=True)
class RepairKind:
    code: str
    title: str        # French source text (N_), translated where shown
    explanation: str  # what it changes and what it leaves alone
    repair: Callable[[str, CompiledField], Optional[str]]


# In the order they are tried on a cell: the first that gives a valid value wins.
KINDS: Tuple[RepairKind, ...] = (
    RepairKind("surrounding-spaces", N_("Espaces en trop"),
               N_("Retire les espaces au début et à la fin des cellules qui ne sont pas valides à "
                  "cause d'eux."), _surrounding_spaces),
    RepairKind("date-day-first", N_("Dates écrites JJ/MM/AAAA"),
               N_("Réécrit les dates comme 04/10/2013 au format AAAA-MM-JJ (2013-10-04). Elles "
                  "sont lues jour puis mois, l'usage des fichiers français ; une année à deux "
                  "chiffres n'est pas corrigée."), _date_day_first),
    RepairKind("decimal-comma", N_("Virgules décimales"),
               N_("Remplace la virgule décimale par un point (12,5 devient 12.5)."), _decimal_comma),
    RepairKind("thousands-separator", N_("Séparateurs de milliers"),
               N_("Retire les espaces ou points entre groupes de trois chiffres (1 234 567 devient "
                  "1234567, 1.234,50 devient 1234.50). « 1.234 » seul est ambigu et n'est pas "
                  "corrigé."), _thousands),
    RepairKind("identifier-spaces", N_("Espaces dans les identifiants (SIRET…)"),
               N_("Retire les espaces, points et tirets d'un identifiant fait de chiffres "
                  "(SIRET, SIREN…) quand le résultat est un identifiant valide."), _identifier_spaces),
    RepairKind("boolean-words", N_("Oui / non dans une colonne booléenne"),
               N_("Écrit oui, non, vrai, faux… avec les valeurs que le schéma attend."), _boolean_words),
    RepairKind("enum-variant", N_("Valeurs de liste mal orthographiées"),
               N_("Remplace une valeur qui ne diffère d'une valeur autorisée que par les majuscules "
                  "ou les accents ; une valeur qui n'en rappelle aucune reste une erreur."),
               _enum_variant),
)
KIND_CODES = tuple(kind.code for kind in KINDS)
_BY_CODE = {kind.code: kind for kind in KINDS}


class _ColumnJudge:
    """Whether a value is valid for one column: the field's checks and the
    column's single-column custom checks, as the validator runs them."""

    def __init__(self, field: CompiledField, checks: Sequence[custom_checks.SingleColumnCheck]):
        self.field = field
        self.checks = checks

    def valid(self, cell: str) -> bool:
        field = self.field
        if cell in field.missing_values:
            return False  # a repair never empties a cell
        if field.check is not None and field.check(cell):
            return False
        if self.checks:
            value = cell if field.identity else field.parse(cell)
            if value is None:
                return False
            for check in self.checks:
                if check.check([value]) is not None:
                    return False
        return True


def _judges(labels: Sequence[str], schema, header_mode: Optional[str]) -> List[_ColumnJudge]:
    fields = matched_fields(labels, schema, header_mode=header_mode)
    descriptor = schema if isinstance(schema, dict) else schema.descriptor
    by_column: Dict[str, List[custom_checks.SingleColumnCheck]] = {}
    for declared in descriptor.get("custom_checks") or []:
        try:
            check = custom_checks.build_check(declared)
        except (KeyError, custom_checks.CheckConfigError, TypeError, AttributeError):
            continue  # the report says so; a repair just does not rely on it
        if isinstance(check, custom_checks.SingleColumnCheck):
            by_column.setdefault(check.columns[0], []).append(check)
    return [_ColumnJudge(f, by_column.get(f.name, [])) for f in fields]


def repair_cell(cell: str, judge: _ColumnJudge, kinds: Iterable[str]) -> Optional[Tuple[str, str]]:
    """(kind, repaired value) for a faulty cell, or None when no kind is certain."""
    for code in kinds:
        repaired = _BY_CODE[code].repair(cell, judge.field)
        if repaired is not None and repaired != cell and judge.valid(repaired):
            return code, repaired
    return None


@dataclass
class Proposal:
    kind: RepairKind
    count: int = 0
    examples: List[Dict[str, Any]] = dataclass_field(default_factory=list)


@dataclass
class RepairRun:
    """What a pass over a file found or changed, kind by kind."""
    proposals: Dict[str, Proposal]
    rows: int = 0
    failure: Optional[str] = None

    @property
    def total(self) -> int:
        return sum(p.count for p in self.proposals.values())

    def listed(self) -> List[Proposal]:
        return [self.proposals[code] for code in KIND_CODES
                if code in self.proposals and self.proposals[code].count]


def _repaired_rows(labels, header_row, rows, schema, header_mode, kinds, run: RepairRun
                   ) -> Iterator[Tuple[int, List[str]]]:
    judges = _judges(labels, schema, header_mode)
    titles = [judge.field.title or judge.field.name for judge in judges]
    batch: List[Tuple[int, List[str]]] = []

    def flush():
        faulty: Dict[int, Set[int]] = {}
        for error in row_errors(labels, batch, schema, header_mode=header_mode,
                                header_row_number=header_row):
            if error["type"] in _CELL_KINDS and error.get("constraint") != "required" \
                    and error.get("fieldNumber"):
                faulty.setdefault(error["rowNumber"], set()).add(error["fieldNumber"] - 1)
        for number, cells in batch:
            for index in sorted(faulty.get(number, ())):
                if index >= len(cells) or index >= len(judges):
                    continue
                found = repair_cell(cells[index], judges[index], kinds)
                if found is None:
                    continue
                code, repaired = found
                proposal = run.proposals[code]
                proposal.count += 1
                if len(proposal.examples) < EXAMPLES:
                    proposal.examples.append({"row": number, "column": titles[index],
                                              "before": cells[index], "after": repaired})
                cells = list(cells)
                cells[index] = repaired
            yield number, cells

    for number, cells in rows:
        run.rows += 1
        batch.append((number, list(cells)))
        if len(batch) >= _BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _wanted(kinds: Optional[Iterable[str]]) -> List[str]:
    wanted = set(KIND_CODES if kinds is None else kinds)
    unknown = wanted - set(KIND_CODES)
    if unknown:
        raise ValueError(f"unknown repair kinds: {sorted(unknown)}")
    return [code for code in KIND_CODES if code in wanted]


def propose(source, schema, *, header_mode: Optional[str] = None, sheet: Optional[str] = None,
            kinds: Optional[Iterable[str]] = None) -> RepairRun:
    """What each kind would change in ``source``: count and the first examples."""
    return _run(source, schema, None, header_mode=header_mode, sheet=sheet, kinds=kinds)


def repair(source, target: TextIO, schema, *, kinds: Iterable[str], header_mode: Optional[str] = None,
           sheet: Optional[str] = None) -> RepairRun:
    """Write ``source`` repaired as UTF-8 CSV (comma-separated, as SCDL files are) into
    ``target``, a text stream opened with newline="". Every other cell is written as
    validation read it."""
    return _run(source, schema, target, header_mode=header_mode, sheet=sheet, kinds=kinds)


def _run(source, schema, target, *, header_mode, sheet, kinds) -> RepairRun:
    from .csv_source import SourceReadError

    codes = _wanted(kinds)
    run = RepairRun(proposals={code: Proposal(_BY_CODE[code]) for code in codes})
    try:
        with open_table(source, schema, sheet, header_mode) as (labels, header_row, rows):
            writer = csv.writer(target) if target is not None else None
            if writer is not None:
                writer.writerow(labels)
            for _number, cells in _repaired_rows(labels, header_row, rows, schema, header_mode,
                                                 codes, run):
                if writer is not None:
                    writer.writerow(cells)
    except SourceReadError as error:
        run.failure = error.message
    return run


def kind_title(code: str) -> str:
    return _(_BY_CODE[code].title)


def kind_explanation(code: str) -> str:
    return _(_BY_CODE[code].explanation)


ERROR_COLUMNS = (N_("ligne"), N_("colonne"), N_("valeur"), N_("message"), N_("valeur proposée"))


def error_rows(source, schema, report: Optional[Dict[str, Any]] = None, *, sheet: Optional[str] = None
               ) -> Iterator[List[Any]]:
    """Every error of the file as [row, column title, value, message, suggested value]:
    the header's and whole-file ones (uniqueness) from the stored report, the cells' by
    reading the file again with the validator's row loop. Values are as in the file:
    neutralising them for spreadsheets is the writer's job (csv_cells)."""
    from .messages import error_message
    from .preview import WHOLE_FILE_KINDS, stored_whole_file_errors

    report = report or {}
    header_mode = report.get("header_mode")
    titles = _TitleOf(schema)
    for error in report.get("errors") or []:
        if error.get("rowNumber") is None:
            yield ["", titles(error.get("fieldName")), error.get("label") or "",
                   error_message(error, schema), ""]
    stored = stored_whole_file_errors(report)
    try:
        with open_table(source, schema, sheet, header_mode) as (labels, header_row, rows):
            judges = _judges(labels, schema, header_mode)
            batch: List[Tuple[int, List[str]]] = []

            def flush():
                found = row_errors(labels, batch, schema, header_mode=header_mode,
                                   header_row_number=header_row)
                by_row: Dict[int, List[Dict[str, Any]]] = {}
                for error in found:
                    if error["type"] not in WHOLE_FILE_KINDS:
                        by_row.setdefault(error["rowNumber"], []).append(error)
                for number, cells in batch:
                    for error in by_row.get(number, []) + stored.get(number, []):
                        index = (error.get("fieldNumber") or 0) - 1
                        cell = cells[index] if 0 <= index < len(cells) else (error.get("cell") or "")
                        suggestion = ""
                        if error["type"] in _CELL_KINDS and 0 <= index < len(judges) \
                                and error.get("constraint") != "required":
                            repaired = repair_cell(cell, judges[index], KIND_CODES)
                            suggestion = repaired[1] if repaired else ""
                        yield [number, titles(error.get("fieldName")), cell,
                               error_message(error, schema), suggestion]

            for number, cells in rows:
                batch.append((number, cells))
                if len(batch) >= _BATCH:
                    yield from flush()
                    batch = []
            if batch:
                yield from flush()
    except Exception as error:  # noqa: BLE001 - a read error ends the list with its reason
        from .csv_source import SourceReadError

        if not isinstance(error, SourceReadError):
            raise
        yield ["", "", "", error.message, ""]


class _TitleOf:
    def __init__(self, schema):
        descriptor = schema if isinstance(schema, dict) else getattr(schema, "descriptor", {}) or {}
        self.titles = {f.get("name"): f.get("title") for f in descriptor.get("fields", [])
                       if isinstance(f, dict)}

    def __call__(self, name: Optional[str]) -> str:
        return self.titles.get(name or "") or name or ""
