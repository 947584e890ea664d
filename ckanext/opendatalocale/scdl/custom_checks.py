"""The ``custom_checks`` that SCDL schemas declare, with Validata's semantics.

data.gouv.fr validates SCDL files with Validata (validata-table 0.13 /
validata_core), so a file must get the same verdict here. Each class below
restates one Validata check, read from its source:

- which columns it reads (``columns``) and on which column an error is
  reported (``error_column``; a check without a ``column`` parameter reports
  on all its columns, like Validata's row-level errors);
- ``skip_if_missing_values``: by default a row where one of the values is
  missing (empty, or not of the field's type) is not checked, because
  requiredness is the schema's business; checks *about* presence turn it off;
- ``on_missing_columns``: what to say, once, when some of the columns are
  absent from the file (Validata's ``missing_fields_handler``); after such an
  error the check stops.

Values are typed as frictionless types them (an integer column gives ints,
a date column dates), which matters for comparisons and sums.

Validata has renamed french-siret-value/french-siren-value to
siret/siren (frformat) and warns that the old names are deprecated; the SCDL
schemas still use the old names, so we accept both without the warning.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional, Sequence

from . import identifiers


class CheckConfigError(Exception):
    """A custom check declared with missing or wrong parameters."""


class CustomCheck:
    name = ""
    skip_if_missing_values = True

    def __init__(self, params: Dict[str, Any]):
        self.params = params or {}
        self.columns: List[str] = []
        self.error_column: Optional[str] = None

    def _param(self, key: str, kind=str, default: Any = ...) -> Any:
        if key not in self.params:
            if default is ...:
                raise CheckConfigError(f'missing parameter "{key}"')
            return default
        value = self.params[key]
        if kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CheckConfigError(f'parameter "{key}" must be a list of column names')
        elif not isinstance(value, kind):
            raise CheckConfigError(f'parameter "{key}" must be a {kind.__name__}')
        return value

    def on_missing_columns(self, present: set) -> Optional[Dict[str, Any]]:
        return None

    def check(self, values: Sequence[Any]) -> Optional[Dict[str, Any]]:
        raise NotImplementedError


class SingleColumnCheck(CustomCheck):
    def __init__(self, params):
        super().__init__(params)
        column = self._param("column")
        self.columns = [column]
        self.error_column = column

    def check(self, values):
        value = values[0]
        if not value:  # Validata: empty values are the schema's concern
            return None
        return self.check_value(value if isinstance(value, str) else str(value))

    def check_value(self, value: str) -> Optional[Dict[str, Any]]:
        raise NotImplementedError


class FrenchSiretValue(SingleColumnCheck):
    name = "french-siret-value"

    @staticmethod
    def fast_valid(value) -> bool:
        """Cheap certainly-valid test the validator tries first."""
        return isinstance(value, str) and _siret_cache_valid(value)

    def check_value(self, value):
        if _siret_cache_valid(value):
            return None
        return {"note": "not a valid SIRET", "reason": identifiers.siret_reason(value)}


class FrenchSirenValue(SingleColumnCheck):
    name = "french-siren-value"

    def check_value(self, value):
        if identifiers.is_valid_siren(value):
            return None
        return {"note": "not a valid SIREN", "reason": identifiers.siren_reason(value)}


# The same collectivité's SIRET repeats on every row of a file: remembering
# recent verdicts makes the check nearly free. Bounded, emptied when full.
_SIRET_VERDICTS: Dict[str, bool] = {}


def _siret_cache_valid(value: str) -> bool:
    verdict = _SIRET_VERDICTS.get(value)
    if verdict is None:
        verdict = identifiers.is_valid_siret(value)
        if len(_SIRET_VERDICTS) >= 4096:
            _SIRET_VERDICTS.clear()
        _SIRET_VERDICTS[value] = verdict
    return verdict


class OneOfRequired(CustomCheck):
    """At least one of column1 / column2 has a value on each row."""

    name = "one-of-required"
    skip_if_missing_values = False

    def __init__(self, params):
        super().__init__(params)
        self.columns = [self._param("column1"), self._param("column2")]

    def on_missing_columns(self, present):
        missing = [c for c in self.columns if c not in present]
        if len(missing) == 2:
            return {"note": "both columns are missing", "columns": sorted(missing)}
        return None

    def check(self, values):
        if not values[0] and not values[1]:
            return {"note": "one of the columns must have a value", "columns": list(self.columns)}
        return None


def _flatten_columns(column: str, others: List[str]) -> List[str]:
    return [column] + list(others)


class CohesiveColumnsValue(CustomCheck):
    """Either all of the columns have a value, or none has."""

    name = "cohesive-columns-value"
    skip_if_missing_values = False

    def __init__(self, params):
        super().__init__(params)
        column = self._param("column")
        self.columns = _flatten_columns(column, self._param("othercolumns", list))
        self.error_column = column

    def on_missing_columns(self, present):
        missing = [c for c in self.columns if c not in present]
        if missing and len(set(missing)) != len(set(self.columns)):
            return {
                "note": "the columns must be all present or all absent",
                "columns": list(self.columns),
                "missing": [c for c in self.columns if c in missing],
            }
        return None

    def check(self, values):
        first_empty = values[0] is None
        if any((v is None) != first_empty for v in values[1:]):
            return {
                "note": "the columns must all have a value or all be empty",
                "columns": list(self.columns),
                "filled": [c for c, v in zip(self.columns, values) if v is not None],
                "empty": [c for c, v in zip(self.columns, values) if v is None],
            }
        return None


COMPARISON_OPERATORS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


def _is_a_number(value: Any) -> bool:
    # Validata's is_a_number: real numbers, or strings that float() accepts
    if type(value) in (int, float) or isinstance(value, Decimal):
        return True
    if not isinstance(value, str):
        return False
    if value.isnumeric():
        return True
    try:
        float(value)
        return True
    except ValueError:
        return False


def _as_decimal(value: Any) -> Decimal:
    return Decimal(str(value).strip())


def compare_values(value1: Any, op: str, value2: Any) -> Optional[bool]:
    """Validata's comparison: numbers numerically (numeric strings too),
    strings lexicographically, other values of one type by their text;
    None when the two cannot be compared."""
    compare = COMPARISON_OPERATORS[op]
    if _is_a_number(value1) and _is_a_number(value2):
        try:
            return compare(_as_decimal(value1), _as_decimal(value2))
        except (InvalidOperation, ValueError):
            return compare(float(value1), float(value2))
    if isinstance(value1, str) and isinstance(value2, str):
        return compare(value1, value2)
    if type(value1) is type(value2):
        return compare(str(value1), str(value2))
    return None


class CompareColumnsValue(CustomCheck):
    """column <op> column2 when both have a value."""

    name = "compare-columns-value"

    def __init__(self, params):
        super().__init__(params)
        column = self._param("column")
        self.columns = [column, self._param("column2")]
        self.error_column = column
        self.op = self._param("op")
        if self.op not in COMPARISON_OPERATORS:
            raise CheckConfigError(f'operator "{self.op}" is not supported')

    def check(self, values):
        outcome = compare_values(values[0], self.op, values[1])
        if outcome is None:
            return {"note": "values are not comparable", "op": self.op, "comparable": False,
                    "columns": list(self.columns), "values": [str(v) for v in values]}
        if not outcome:
            return {"note": f"{self.columns[0]} {self.op} {self.columns[1]} is false",
                    "op": self.op, "comparable": True, "columns": list(self.columns),
                    "values": [str(v) for v in values]}
        return None


class SumColumnsValue(CustomCheck):
    """column == sum(columns) when all have a value."""

    name = "sum-columns-value"

    def __init__(self, params):
        super().__init__(params)
        column = self._param("column")
        self.columns = _flatten_columns(column, self._param("columns", list))
        self.error_column = column

    def check(self, values):
        try:
            expected = _as_decimal(values[0])
            total = sum((_as_decimal(v) for v in values[1:]), Decimal(0))
        except (InvalidOperation, ValueError):
            return None  # not numbers: the type check already said so
        if total != expected:
            return {"note": f"sum is {total}, expected {values[0]}", "sum": str(total),
                    "expected": str(values[0]), "columns": list(self.columns)}
        return None


_YEAR_INTERVAL_RE = re.compile(r"^(\d{4})/(\d{4})$")
_YEAR_RE = re.compile(r"^\d{4}$")


class YearIntervalValue(SingleColumnCheck):
    """AAAA/AAAA with the first year before the second (or AAAA alone when
    allow-year-only is "true" or "yes")."""

    name = "year-interval-value"

    def __init__(self, params):
        super().__init__(params)
        self.allow_year_only = str(self.params.get("allow-year-only", "false")) in ("true", "yes", "True")

    def check(self, values):
        value = values[0]
        if value is None:
            return None
        return self.check_value(value if isinstance(value, str) else str(value))

    def check_value(self, value):
        match = _YEAR_INTERVAL_RE.match(value)
        if not match:
            if self.allow_year_only and _YEAR_RE.match(value):
                return None
            return {"note": "not a year interval", "problem": "format",
                    "allow_year_only": self.allow_year_only}
        first, second = int(match.group(1)), int(match.group(2))
        if first == second:
            return {"note": "the two years are equal", "problem": "same-years"}
        if first > second:
            return {"note": "the second year is before the first", "problem": "reversed",
                    "suggestion": f"{second}/{first}"}
        return None


def _normalise(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
    )


ACTES_MATTERS = [
    "Commande publique",
    "Urbanisme",
    "Domaine et patrimoine",
    "Fonction publique",
    "Institutions et vie politique",
    "Libertés publiques et pouvoirs de police",
    "Finances locales",
    "Domaines de compétences par thèmes",
    "Autres domaines de compétences",
]
_NORMALISED_MATTERS = {_normalise(m) for m in ACTES_MATTERS}


class NomenclatureActesValue(SingleColumnCheck):
    """"Matière/sous-matière" where the matière is one of the @ctes
    nomenclature's nine (any case, with or without accents) and the slash has
    no space around it."""

    name = "nomenclature-actes-value"

    def check(self, values):
        value = values[0]
        if value is None:
            return None
        return self.check_value(str(value))

    def check_value(self, value):
        if "/" not in value:
            return {"note": "missing slash", "problem": "no-slash"}
        prefix = value[: value.find("/")]
        if _normalise(prefix) in _NORMALISED_MATTERS and "/ " not in value:
            return None
        if _normalise(prefix.rstrip()) in _NORMALISED_MATTERS or "/ " in value:
            return {"note": "space around the slash", "problem": "space"}
        return {"note": f"unknown prefix {prefix}", "problem": "prefix", "prefix": prefix}


CUSTOM_CHECKS = {
    cls.name: cls
    for cls in (
        FrenchSiretValue,
        FrenchSirenValue,
        OneOfRequired,
        CohesiveColumnsValue,
        CompareColumnsValue,
        SumColumnsValue,
        YearIntervalValue,
        NomenclatureActesValue,
    )
}
# Validata's newer names for the same checks.
CUSTOM_CHECKS["siret"] = FrenchSiretValue
CUSTOM_CHECKS["siren"] = FrenchSirenValue
CUSTOM_CHECKS["nomenclature-acte"] = NomenclatureActesValue


def build_check(descriptor: Dict[str, Any]) -> CustomCheck:
    """Instantiate a schema's custom check; KeyError for an unknown name,
    CheckConfigError for bad parameters."""
    name = descriptor.get("name")
    cls = CUSTOM_CHECKS[name]
    return cls(descriptor.get("params") or {})
