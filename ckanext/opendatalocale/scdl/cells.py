"""Compiled Table Schema cell checkers.

Each schema field is turned once into small closures: ``parse(cell)`` (typed
value, or None when the text is not of the field's type) and ``check(cell)``
(None when fine, else a dict of *notes* keyed ``type`` or by constraint
name). The semantics, notes included, are frictionless 5's
(``Field.create_cell_reader`` and the ``fields/*.py`` value readers), so that
our reports and frictionless's agree cell by cell; only the speed differs:
no per-cell objects, constants precompiled, and caches for the values that
repeat down a column (dates, booleans).

Missing values are handled by the row loop, not here: ``check`` is only
called on a cell that is not a missing value.
"""
from __future__ import annotations

import base64
import json
import re
import uuid as _uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

try:  # frictionless's own parsers, for exact parity when installed
    from dateutil import parser as _dateutil_parser
except ImportError:  # pragma: no cover - dateutil comes with CKAN
    _dateutil_parser = None

try:
    import rfc3986 as _rfc3986
except ImportError:  # pragma: no cover
    _rfc3986 = None

try:
    import validators as _validators
except ImportError:  # pragma: no cover
    _validators = None

try:
    import isodate as _isodate
except ImportError:  # pragma: no cover
    _isodate = None

DEFAULT_MISSING_VALUES = [""]
DEFAULT_TRUE_VALUES = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE_VALUES = ["false", "False", "FALSE", "0"]

# frictionless 5: which constraints each type supports, in checking order.
SUPPORTED_CONSTRAINTS = {
    "string": ["required", "minLength", "maxLength", "pattern", "enum"],
    "number": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "integer": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "boolean": ["required", "enum"],
    "date": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "datetime": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "time": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "year": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "yearmonth": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "duration": ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"],
    "array": ["required", "minLength", "maxLength", "enum"],
    "list": ["required", "minLength", "maxLength", "enum"],
    "object": ["required", "minLength", "maxLength", "enum"],
    "geopoint": ["required", "enum"],
    "geojson": ["required", "enum"],
    "any": ["required", "enum"],
}

_CACHE_LIMIT = 4096


def _cached(reader: Callable[[str], Any]) -> Callable[[str], Any]:
    """Memoise a pure reader on the few thousand most recent distinct cells.

    Columns such as dates, booleans and enums repeat a lot; a plain dict that
    is emptied when full keeps memory bounded without LRU bookkeeping.
    """
    cache: Dict[str, Any] = {}
    miss = object()

    def cached_reader(cell: str):
        value = cache.get(cell, miss)
        if value is miss:
            value = reader(cell)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[cell] = value
        return value

    return cached_reader


# Value readers: text -> typed value, or None when not of the type.


def _string_reader(fmt: str) -> Optional[Callable[[str], Any]]:
    if fmt == "uri":
        if _rfc3986 is not None:
            validator = _rfc3986.validators.Validator().require_presence_of("scheme")

            def read_uri(cell: str):
                try:
                    validator.validate(_rfc3986.uri_reference(cell))
                except _rfc3986.exceptions.ValidationError:
                    return None
                return cell

            return read_uri
        uri_re = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
        return lambda cell: cell if uri_re.match(cell) else None
    if fmt == "email":
        if _validators is not None:
            return lambda cell: cell if _validators.email(cell) is True else None
        email_re = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
        return lambda cell: cell if email_re.match(cell) else None
    if fmt == "uuid":
        if _validators is not None:
            return lambda cell: cell if _validators.uuid(cell) is True else None

        def read_uuid(cell: str):
            try:
                _uuid.UUID(cell)
            except ValueError:
                return None
            return cell

        return read_uuid
    if fmt == "binary":

        def read_binary(cell: str):
            try:
                base64.b64decode(cell)
            except Exception:
                return None
            return cell

        return read_binary
    return None  # any text is a string


def _number_reader(descriptor: Dict[str, Any]) -> Callable[[str], Any]:
    bare = descriptor.get("bareNumber", True)
    decimal_char = descriptor.get("decimalChar", ".")
    group_char = descriptor.get("groupChar", "")
    number_type = float if descriptor.get("floatNumber") else Decimal
    processed = any(k in descriptor for k in ("bareNumber", "decimalChar", "groupChar"))
    strip_re = re.compile(r"((^[^-\d]*)|(\D*$))") if not bare else None

    if not processed:

        def read_number(cell: str):
            try:
                return number_type(cell.strip())
            except Exception:
                return None

        return read_number

    def read_processed_number(cell: str):
        cell = cell.strip()
        if strip_re is not None:
            cell = strip_re.sub("", cell)
        cell = cell.replace(group_char, "")
        if decimal_char != "." and "." in cell:
            return None
        cell = cell.replace(decimal_char, ".")
        try:
            return number_type(cell)
        except Exception:
            return None

    return read_processed_number


def _integer_reader(descriptor: Dict[str, Any]) -> Callable[[str], Any]:
    strip_re = None if descriptor.get("bareNumber", True) else re.compile(r"((^[^-\d]*)|(\D*$))")

    def read_integer(cell: str):
        cell = cell.strip()
        if strip_re is not None:
            cell = strip_re.sub("", cell)
        try:
            return int(cell)
        except Exception:
            return None

    return read_integer


def _boolean_reader(descriptor: Dict[str, Any]) -> Callable[[str], Any]:
    mapping: Dict[str, bool] = {}
    for value in descriptor.get("trueValues", DEFAULT_TRUE_VALUES):
        mapping[value] = True
    for value in descriptor.get("falseValues", DEFAULT_FALSE_VALUES):
        mapping[value] = False
    return mapping.get


def _date_reader(fmt: str) -> Callable[[str], Any]:
    if fmt in ("default", "%Y-%m-%d"):

        def read_iso_date(cell: str):
            # Fast path for the canonical AAAA-MM-JJ; anything else goes
            # through strptime, which is what frictionless uses and which
            # also accepts e.g. 2020-1-5.
            if len(cell) == 10 and cell[4] == "-" and cell[7] == "-":
                y, m, d = cell[:4], cell[5:7], cell[8:]
                if y.isdigit() and m.isdigit() and d.isdigit() and y.isascii() and m.isascii() and d.isascii():
                    try:
                        return date(int(y), int(m), int(d))
                    except ValueError:
                        return None
            try:
                return datetime.strptime(cell, "%Y-%m-%d").date()
            except Exception:
                return None

        return _cached(read_iso_date)
    if fmt == "any":

        def read_any_date(cell: str):
            try:
                return _dateutil_parser.parse(cell).date()
            except Exception:
                return None

        return _cached(read_any_date)

    def read_formatted_date(cell: str):
        try:
            return datetime.strptime(cell, fmt).date()
        except Exception:
            return None

    return _cached(read_formatted_date)


def _isoparse(cell: str):
    if _dateutil_parser is not None:
        return _dateutil_parser.isoparse(cell)
    return datetime.fromisoformat(cell.replace("Z", "+00:00"))  # pragma: no cover


def _datetime_reader(fmt: str) -> Callable[[str], Any]:
    def read_datetime(cell: str):
        try:
            if fmt == "default":
                # frictionless guards against dateutil's shorter forms
                if cell[16] != ":" or len(cell) < 19:
                    return None
                return _isoparse(cell)
            if fmt == "any":
                return _dateutil_parser.parse(cell)
            return datetime.strptime(cell, fmt)
        except Exception:
            return None

    return read_datetime


def _time_reader(fmt: str) -> Callable[[str], Any]:
    def read_time(cell: str):
        try:
            if fmt == "default":
                if cell[5] != ":" or len(cell) < 8:
                    return None
                return _isoparse(f"2000-01-01T{cell}").timetz()
            if fmt == "any":
                return _dateutil_parser.parse(cell).timetz()
            return datetime.strptime(cell, fmt).timetz()
        except Exception:
            return None

    return read_time


def _year_reader(cell: str):
    if len(cell) != 4:
        return None
    try:
        value = int(cell)
    except Exception:
        return None
    if value < 0 or value > 9999:
        return None
    return value


def _yearmonth_reader(cell: str):
    try:
        year, month = cell.split("-")
        year, month = int(year), int(month)
    except Exception:
        return None
    if month < 1 or month > 12:
        return None
    return (year, month)


def _duration_reader(cell: str):
    if _isodate is None:  # pragma: no cover
        return cell
    try:
        return _isodate.parse_duration(cell)
    except Exception:
        return None


def _json_reader(kind: type) -> Callable[[str], Any]:
    def read_json(cell: str):
        try:
            value = json.loads(cell)
        except Exception:
            return None
        return value if isinstance(value, kind) else None

    return read_json


def _geopoint_reader(fmt: str) -> Callable[[str], Any]:
    def read_geopoint(cell: str):
        try:
            if fmt == "array":
                lon, lat = json.loads(cell)
            elif fmt == "object":
                value = json.loads(cell)
                if len(value) != 2:
                    return None
                lon, lat = value["lon"], value["lat"]
            else:
                lon, lat = cell.split(",")
                lon, lat = lon.strip(), lat.strip()
            lon, lat = Decimal(lon), Decimal(lat)
            if lon > 180 or lon < -180 or lat > 90 or lat < -90:
                return None
        except Exception:
            return None
        return (lon, lat)

    return read_geopoint


def _list_reader(descriptor: Dict[str, Any]) -> Callable[[str], Any]:
    delimiter = descriptor.get("delimiter", ",")
    item = compile_field({"name": "item", "type": descriptor.get("itemType", "string")})

    def read_list(cell: str):
        items = []
        for part in cell.split(delimiter):
            value = item.parse(part)
            if value is None:
                return None
            items.append(value)
        return items

    return read_list


def value_reader(descriptor: Dict[str, Any]) -> Optional[Callable[[Any], Any]]:
    """The text -> value reader of a field; None means identity (any string)."""
    ftype = descriptor.get("type") or "any"
    fmt = descriptor.get("format") or "default"
    if fmt.startswith("fmt:"):
        fmt = fmt[4:]
    if ftype == "string":
        return _string_reader(fmt)
    if ftype == "number":
        return _number_reader(descriptor)
    if ftype == "integer":
        return _integer_reader(descriptor)
    if ftype == "boolean":
        return _boolean_reader(descriptor)
    if ftype == "date":
        return _date_reader(fmt)
    if ftype == "datetime":
        return _datetime_reader(fmt)
    if ftype == "time":
        return _time_reader(fmt)
    if ftype == "year":
        return _year_reader
    if ftype == "yearmonth":
        return _yearmonth_reader
    if ftype == "duration":
        return _duration_reader
    if ftype == "array":
        return _json_reader(list)
    if ftype in ("object", "geojson"):
        return _json_reader(dict)
    if ftype == "geopoint":
        return _geopoint_reader(fmt)
    if ftype == "list":
        return _list_reader(descriptor)
    return None  # any


def _constraint_value(reader, value):
    """Constraint bounds and enums are cast with the field's reader, as in
    frictionless (a number's minimum 0.01 becomes Decimal('0.01'))."""
    if reader is None:
        return value
    if isinstance(value, str):
        return reader(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return value


class CompiledField:
    """A schema field ready for the row loop."""

    __slots__ = (
        "name", "title", "type", "format", "required", "unique", "missing_values",
        "parse", "check", "descriptor", "type_note", "problems", "fast_test", "identity",
    )

    def __init__(self, descriptor: Dict[str, Any], missing_values: List[str]):
        self.descriptor = descriptor
        self.name = descriptor.get("name", "")
        self.title = descriptor.get("title") or ""
        self.type = descriptor.get("type") or "any"
        fmt = descriptor.get("format") or "default"
        self.format = fmt[4:] if fmt.startswith("fmt:") else fmt
        constraints = descriptor.get("constraints") or {}
        self.required = bool(constraints.get("required", False))
        self.unique = bool(constraints.get("unique", False))
        self.missing_values = frozenset(descriptor.get("missingValues", missing_values))
        self.type_note = f'type is "{self.type}/{self.format}"'
        self.problems: List[str] = []  # schema issues found while compiling

        reader = value_reader(descriptor)
        supported = SUPPORTED_CONSTRAINTS.get(self.type, ["required", "enum"])
        for name in constraints:
            if name not in supported and name != "unique":
                self.problems.append(f'constraint "{name}" is not supported by type "{self.type}"')

        checks: List[Tuple[str, Callable[[Any], bool], str]] = []
        for name in supported:
            if name == "required" or constraints.get(name) is None:
                continue
            raw = constraints[name]
            note = f'constraint "{name}" is "{raw}"'
            predicate = self._predicate(name, raw, reader)
            if predicate is not None:
                checks.append((name, predicate, note))

        self.identity = reader is None  # the typed value is the text itself
        self.parse = reader if reader is not None else (lambda cell: cell)
        self.check = self._compile_check(reader, checks)
        self.fast_test = self._fast_test(reader, constraints, checks)
        if self.type == "array" and descriptor.get("arrayItem"):
            self.check = self._compile_array_check(descriptor["arrayItem"], self.check)
            self.fast_test = None

    def _fast_test(self, reader, constraints, checks):
        """Pieces of a boolean expression true when a cell certainly passes
        ``check``, for the validator to inline in its generated row checker
        (a cell that fails it goes through ``check`` for the exact notes).
        Each piece is (kind, constant): kinds ``match`` (regex match is not
        None), ``min``/``max`` (length), ``in`` (set membership).
        """
        if self.type == "boolean" and not checks and isinstance(getattr(reader, "__self__", None), dict):
            keys = frozenset(reader.__self__.keys())
            return [("in", keys)]
        if reader is not None or not checks:
            return None
        pieces = []
        for name, _predicate, _note in checks:
            raw = constraints[name]
            if name == "pattern":
                pieces.append(("match", re.compile("^{0}$".format(raw)).match))
            elif name == "minLength" and isinstance(raw, int):
                pieces.append(("min", raw))
            elif name == "maxLength" and isinstance(raw, int):
                pieces.append(("max", raw))
            elif name == "enum" and all(isinstance(v, str) for v in raw):
                pieces.append(("in", frozenset(raw)))
            else:
                return None
        return pieces

    def _predicate(self, name, raw, reader):
        try:
            if name == "pattern":
                match = re.compile("^{0}$".format(raw)).match
                return lambda value: match(value) is not None
            if name == "minLength":
                return lambda value: len(value) >= raw
            if name == "maxLength":
                return lambda value: len(value) <= raw
            if name == "enum":
                allowed = [_constraint_value(reader, v) for v in raw]
                try:
                    allowed_set = frozenset(allowed)
                    return lambda value: value in allowed_set
                except TypeError:  # unhashable items (arrays)
                    return lambda value: value in allowed
            bound = _constraint_value(reader, raw)
            if bound is None:
                self.problems.append(f'constraint "{name}" value "{raw}" is not a {self.type}')
                return None
            if name == "minimum":
                return lambda value: value == value and value >= bound
            if name == "maximum":
                return lambda value: value == value and value <= bound
            if name == "exclusiveMinimum":
                return lambda value: value == value and value > bound
            if name == "exclusiveMaximum":
                return lambda value: value == value and value < bound
        except (re.error, TypeError) as error:
            self.problems.append(f'constraint "{name}" is invalid: {error}')
        return None

    def _compile_check(self, reader, checks):
        type_note = self.type_note
        if reader is None and not checks:
            return None  # every non-missing text is valid
        if reader is None and len(checks) == 1:
            name, predicate, note = checks[0]

            def check_one_constraint(cell):
                if not predicate(cell):
                    return {name: note}
                return None

            return check_one_constraint
        if not checks:

            def check_type(cell):
                if reader(cell) is None:
                    return {"type": type_note}
                return None

            return check_type

        def check_all(cell):
            value = cell if reader is None else reader(cell)
            if value is None:
                return {"type": type_note}
            notes = None
            for name, predicate, note in checks:
                try:
                    ok = predicate(value)
                except (TypeError, ArithmeticError):
                    # naive vs aware datetimes, signalling NaN: not comparable
                    ok = False
                if not ok:
                    if notes is None:
                        notes = {}
                    notes[name] = note
            return notes

        return check_all

    def _compile_array_check(self, item_descriptor, array_check):
        # frictionless checks each item with a field built from arrayItem,
        # outside any schema (so default missing values), and prefixes the
        # notes with "array item"; notes of the same name overwrite each other.
        item_descriptor = dict(item_descriptor)
        item_descriptor.pop("arrayItem", None)
        item_descriptor.setdefault("name", self.name)
        item_descriptor.setdefault("type", "any")
        item = CompiledField(item_descriptor, DEFAULT_MISSING_VALUES)
        self.problems.extend(item.problems)
        item_missing = item.missing_values
        parse_array = self.parse
        type_note = self.type_note

        def check_array(cell):
            notes = array_check(cell) if array_check is not None else None
            if notes:
                return notes
            values = parse_array(cell)
            if values is None:
                return {"type": type_note}
            for value in values:
                if str(value) in item_missing:
                    value = None
                item_notes = None
                if value is not None and not isinstance(value, str) and item.type == "string":
                    item_notes = {"type": item.type_note}
                elif value is None:
                    if item.required:
                        item_notes = {"required": 'constraint "required" is "True"'}
                elif item.check is not None:
                    item_notes = item.check(value)
                if item_notes:
                    notes = notes or {}
                    for name, note in item_notes.items():
                        notes[name] = f"array item {note}"
            return notes

        return check_array

    def typed(self, cell: Optional[str]):
        """The typed value of a cell as frictionless's Row holds it: None when
        the cell is absent, a missing value, or not of the field's type."""
        if cell is None or cell in self.missing_values:
            return None
        return self.parse(cell)


def compile_field(descriptor: Dict[str, Any], missing_values: Optional[List[str]] = None) -> CompiledField:
    return CompiledField(descriptor, DEFAULT_MISSING_VALUES if missing_values is None else missing_values)
