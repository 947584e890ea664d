"""Build the parity corpus: valid and broken CSV files for every bundled
Table Schema, to compare our verdicts with Validata's (benchmarks/parity.py).

    python benchmarks/parity_corpus.py [--out benchmarks/out/corpus]

Writes ``<out>/<schema folder>/<variant>.csv`` and ``<out>/jobs.json`` (a list
of ``{"csv", "schema", "schema_id", "variant"}``, the input format of
validata_runner.py). Files are small (tens of rows) and generated, never
committed.

The valid base of a schema is its published example file when we bundle one,
otherwise rows built from the schema's own ``example`` values
(``templates.example_row``) completed where an example is missing or wrong.
Each broken variant changes a few cells, columns or bytes of that base, one
kind of fault per file, so that a disagreement points at one rule.
"""
from __future__ import annotations

import argparse
import copy
import csv
import datetime
import json
import os
import shutil
import sys
import unicodedata
from typing import Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue, SchemaVersion  # noqa: E402
from ckanext.opendatalocale.scdl.csv_templates import example_row  # noqa: E402

DEFAULT_OUT = os.path.join(HERE, "out", "corpus")
BASE_ROWS = 20

# Values for columns whose published example is missing or breaks the
# schema (templates.example_row then leaves them empty), so that the synthetic
# base is valid and every custom check has something to look at.
FILL = {
    "atlasante/schema-dae": {"fab_siren": "130016538", "mnt_siren": "130016538",
                             "mnt_rais": "Maintenance SA", "disp_complt": "fermé en août"},
    "scdl/budget": {"BGT_MTRAR3112": "17142.08"},
    "scdl/deliberations": {
        "DELIB_MATIERE_NOM": "Domaines de compétences par thèmes/Aménagement du territoire",
        "PREF_DATE": "2017-10-20",
    },
    "scdl/equipements": {"ADR_NUMERO": "36 bis"},
    "scdl/plats-menus-collectifs": {"platProduitFournisseurSiret": "21330063500017",
                                    "platProduitSiqo": '["label rouge"]'},
}

# Columns that must differ from row to row (unique, primary key).
VARY: Dict[str, Dict[str, Callable[[int], str]]] = {
    "atlasante/schema-dae": {"num_serie": lambda i: f"X09E4099{i:02d}"},
    "etalab/schema-stationnement": {"id": lambda i: f"75114-P-{i + 1:03d}"},
}

# Rows of bundled examples that their authors marked as deliberately wrong.
INVALID_EXAMPLE_MARK = "Exemple invalide"

# A wrong value per field type, each one a classic spreadsheet mistake.
WRONG_TYPE = {
    "date": "04/10/2013",
    "datetime": "11/05/2020 14:08",
    "time": "14h08",
    "year": "deux mille",
    "yearmonth": "05/2020",
    "number": "12,5",
    "integer": "3.5",
    "boolean": "peut-être",
    "geopoint": "pas un point",
    "array": "pas du json",
}
WRONG_FORMAT = {"email": "pas-un-courriel", "uri": "pas une adresse"}

Rows = List[Dict[str, str]]


class Table:
    """Column names, rows as dicts, and how to write them."""

    def __init__(self, names: List[str], rows: Rows, delimiter=",", encoding="utf-8"):
        self.names = list(names)
        self.rows = rows
        self.delimiter = delimiter
        self.encoding = encoding

    def copy(self) -> "Table":
        return copy.deepcopy(self)

    def write(self, path: str) -> None:
        with open(path, "w", encoding=self.encoding, newline="") as handle:
            if not self.names:
                return  # an empty file
            writer = csv.writer(handle, delimiter=self.delimiter, lineterminator="\r\n")
            writer.writerow(self.names)
            for row in self.rows:
                cells = row if isinstance(row, list) else [row.get(n, "") for n in self.names]
                writer.writerow(cells)


# The valid base


def _example_rows(schema: SchemaVersion) -> Optional[Rows]:
    path = schema.examples.get("example-valid")
    if not path:
        return None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if not next(iter(r.values()), "").startswith(INVALID_EXAMPLE_MARK)]


def base_table(schema: SchemaVersion) -> Table:
    names = [f.name for f in schema.fields]
    rows = _example_rows(schema)
    if not rows:
        row = example_row(schema)
        row.update(FILL.get(schema.id, {}))
        rows = [row]
    while len(rows) < BASE_ROWS:  # cycle the examples up to a useful size
        rows.append(dict(rows[len(rows) % len(rows)]))
    rows = [dict(r) for r in rows]
    for name, make in VARY.get(schema.id, {}).items():
        for i, row in enumerate(rows):
            row[name] = make(i)
    return Table(names, rows)


# Helpers for variants


def _fields(schema: SchemaVersion, test) -> list:
    return [f for f in schema.fields if test(f)]


def _set_cells(table: Table, edits: List[Tuple[int, str, str]]) -> Table:
    """Apply (row index, column, value) edits; row index 0 is CSV row 2."""
    for index, name, value in edits:
        table.rows[index][name] = value
    return table


def _spread(fields, value_of, limit=3) -> List[Tuple[int, str, str]]:
    """One edit per field on rows 0, 2, 4...: several faults, one per row."""
    return [(2 * i, f.name, value_of(f)) for i, f in enumerate(fields[:limit])]


def _checks(schema: SchemaVersion, name: str) -> List[dict]:
    return [c.get("params") or {} for c in schema.custom_checks if c.get("name") == name]


def _filled_row(table: Table, column: str, start: int = 1) -> int:
    """Index of a row (from ``start``) where ``column`` has a value."""
    for index in range(start, len(table.rows)):
        if table.rows[index].get(column):
            return index
    return start


def _free_text_fields(schema) -> List[str]:
    """Text columns without constraints: any text is valid there."""
    return [f.name for f in _fields(schema, lambda f: f.type == "string" and f.format == "default"
                                    and not (f.pattern or f.enum or f.max_length))]


def _bad_check_digit(value: str) -> str:
    """Change the last digit: any one-digit change breaks a Luhn key (and
    La Poste's sum-of-digits rule)."""
    return value[:-1] + str((int(value[-1]) + 1) % 10)


# Cell-level variants: each returns the edited table, or None when the
# schema has nothing the variant could break.


def _per_field(test, value_of, limit=3):
    """A variant writing ``value_of(field)`` into up to ``limit`` of the
    fields that pass ``test``, one field per row."""
    def variant(schema, table):
        fields = _fields(schema, test)
        return _set_cells(table, _spread(fields, value_of, limit)) if fields else None
    return variant


DATE_TYPES = ("date", "datetime", "time", "year", "yearmonth")

v_type_date = _per_field(lambda f: f.type in DATE_TYPES, lambda f: WRONG_TYPE[f.type])
v_type_number = _per_field(lambda f: f.type in ("number", "integer"), lambda f: WRONG_TYPE[f.type])
v_type_boolean = _per_field(lambda f: f.type == "boolean", lambda f: WRONG_TYPE[f.type])
v_type_other = _per_field(lambda f: f.type in ("geopoint", "array") or f.format in WRONG_FORMAT,
                          lambda f: WRONG_TYPE.get(f.type) or WRONG_FORMAT[f.format])
v_enum = _per_field(lambda f: f.enum, lambda f: "valeur hors liste")
v_enum_array = _per_field(lambda f: (f.array_item or {}).get("constraints", {}).get("enum"),
                          lambda f: '["valeur hors liste"]')
v_pattern = _per_field(lambda f: f.pattern and f.type == "string", lambda f: "#?!", limit=4)
v_required = _per_field(lambda f: f.required, lambda f: "")
v_length = _per_field(lambda f: f.max_length is not None or f.min_length,
                      lambda f: "9" * (f.max_length + 1 if f.max_length is not None else f.min_length - 1),
                      limit=4)
v_range = _per_field(lambda f: f.type in ("number", "integer")
                     and (f.minimum is not None or f.maximum is not None),
                     lambda f: str(f.maximum + 1 if f.maximum is not None else f.minimum - 1), limit=4)


def v_unique(schema, table):
    keys = schema.descriptor.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else keys
    names = [f.name for f in schema.fields if f.unique] + list(keys)
    if not names:
        return None
    return _set_cells(table, [(3, n, table.rows[1][n]) for n in names])


# Custom checks: one variant per check that the schema declares.


def v_siret(schema, table, check="french-siret-value"):
    columns = [p["column"] for p in _checks(schema, check)]
    if not columns:
        return None
    edits = []
    for i, column in enumerate(columns):
        index = _filled_row(table, column, start=1 + 2 * i)
        edits.append((index, column, _bad_check_digit(table.rows[index][column])))
    return _set_cells(table, edits)


def v_siren(schema, table):
    return v_siret(schema, table, check="french-siren-value")


def v_one_of_required(schema, table):
    params = _checks(schema, "one-of-required")
    return _set_cells(table, [(2 + i, p[c], "") for i, p in enumerate(params)
                              for c in ("column1", "column2")]) if params else None


def v_year_interval(schema, table):
    params = _checks(schema, "year-interval-value")
    if not params:
        return None
    column = params[0]["column"]
    return _set_cells(table, [(1, column, "2018/2017"), (3, column, "2017/2017"), (5, column, "17/18")])


def v_cohesive(schema, table):
    params = _checks(schema, "cohesive-columns-value")
    edits = []
    for i, p in enumerate(params):
        edits.append((1 + 3 * i, p["othercolumns"][0], ""))  # an other column empty
        edits.append((2 + 3 * i, p["column"], ""))  # the main column empty
    return _set_cells(table, edits) if edits else None


def _shift(value: str, step: int) -> str:
    """``value`` (a date or an integer) moved by ``step`` days or units."""
    try:
        return (datetime.date.fromisoformat(value) + datetime.timedelta(days=step)).isoformat()
    except ValueError:
        return str(int(value) + step)


def v_compare(schema, table):
    """Each comparison made false on a row of its own."""
    edits = []
    for i, p in enumerate(_checks(schema, "compare-columns-value")):
        other = table.rows[1 + i][p["column2"]]
        edits.append((1 + i, p["column"], _shift(other, -1 if p["op"] in (">", ">=", "==") else 1)))
    return _set_cells(table, edits) if edits else None


def v_sum(schema, table):
    """One term lowered by one: the total no longer matches."""
    edits = []
    for i, p in enumerate(_checks(schema, "sum-columns-value")):
        term = p["columns"][0]
        edits.append((1 + i, term, _shift(table.rows[1 + i][term], -1)))
    return _set_cells(table, edits) if edits else None


def v_nomenclature(schema, table):
    params = _checks(schema, "nomenclature-actes-value")
    if not params:
        return None
    column = params[0]["column"]
    return _set_cells(table, [(1, column, "Urbanisme / PLU"), (3, column, "Urbanisme"),
                              (5, column, "Culture/Musées"), (7, column, "urbanisme /PLU")])


def _one_nomenclature_value(schema, table, value):
    params = _checks(schema, "nomenclature-actes-value")
    return _set_cells(table, [(2, params[0]["column"], value)]) if params else None


def v_nomenclature_no_slash(schema, table):
    """A value with no slash whose text minus its last character is a matter
    (frformat then reads the prefix as value[:-1])."""
    return _one_nomenclature_value(schema, table, "Urbanismes")


def v_nomenclature_decomposed(schema, table):
    """A matter with decomposed accents (NFD), as text typed on macOS may be."""
    value = unicodedata.normalize("NFD", "Libertés publiques et pouvoirs de police/Police municipale")
    return _one_nomenclature_value(schema, table, value)


def _check_columns(params: dict) -> List[str]:
    columns = [params.get(k) for k in ("column", "column1", "column2")]
    columns += list(params.get("columns") or []) + list(params.get("othercolumns") or [])
    return [c for c in columns if c]


def v_check_bad_cells(schema, table):
    """A value of the wrong type (or breaking its pattern) in a column that
    a several-column check reads: does the check see it as empty?"""
    edits = []
    for check in schema.custom_checks:
        columns = _check_columns(check.get("params") or {})
        if len(columns) < 2:
            continue
        field = schema.field(columns[1])
        value = WRONG_TYPE.get(field.type) or ("#?!" if field.pattern else None)
        if value:
            edits.append((1 + len(edits), field.name, value))
    return _set_cells(table, edits) if edits else None


# Edge values: one column per type, one doubtful value per row, to check
# that both engines type and constrain cells the same way (frictionless's
# rules for spaces, signs, exponents, formats...).

EDGE_VALUES = {
    "number": [" 12.5 ", "1e3", "NaN", "+5", "1_000", "12.", ".5", "-0", "Infinity", "1 000",
               "12.50", "\u0663", "0x10", "5%", "-"],
    "integer": ["+3", "03", " 3", "3.0", "1e2", "1_000", "-0", "\u0663", "3 ", "9" * 25],
    "boolean": ["TRUE", "True", " true", "1", "0", "yes", "oui", "Oui", "OUI", "x", "vrai", "false "],
    "date": ["2013-02-30", "2013-1-4", "20130104", "2013-01-04T00:00:00", " 2013-01-04", "2013-01-04 ",
             "0001-01-01", "9999-12-31", "2013/01/04", "13-01-04"],
    "datetime": ["2020-05-11T14:08:32", "2020-05-11T14:08:32+02:00", "2020-05-11 14:08:32",
                 "2020-05-11T14:08:32.123Z", "2020-05-11", "2020-05-11T14:08Z", "2020-05-11T25:08:32Z"],
    "year": ["0999", "+2016", "216", "20160", " 2016", "2016.0", "-2016"],
    "geopoint": ["[7.4, 48.3]", "[181, 48]", "[7.4]", "7.4,48.3", '["7.4","48.3"]', "[7.4,48.3,3]",
                 "[-180,-90]", '{"lon":7.4,"lat":48.3}'],
    "array": ["[]", "[1]", '["a",]', "null", "{}", '"texte"', '["agriculture biologique","label rouge"]',
              " [] "],
    "email": ["a@b", "a@b.c", "a b@c.fr", "prenom.nom@exemple.fr ", "@exemple.fr", "a@@b.fr"],
    "uri": ["http://x", "ftp://x.fr", "www.x.fr", "https://exemple.fr/a b", "mailto:a@b.fr",
            "https://exemple.fr/\u00e9", "HTTPS://EXEMPLE.FR"],
}
EDGE_SIRETS = ["213 502 388 00019", "21350238800019 ", "35600000000001", "35600000000048",
               "\uff12\uff11\uff13\uff15\uff10\uff12\uff13\uff18\uff18\uff10\uff10\uff10\uff11\uff19",
               "2135023880001", "213502388", "21350238800019.0", "00000000000000"]
EDGE_SIRENS = ["213 502 388", "213502388 ", "356000000",
               "\uff12\uff11\uff13\uff15\uff10\uff12\uff13\uff18\uff18",  # full-width digits
               "21350238", "000000000", "213502388.0"]


def _edge_key(field) -> str:
    return field.format if field.type == "string" else field.type


def _edge(kind: str):
    """A variant writing EDGE_VALUES[kind] down the first column of that kind."""
    def variant(schema, table):
        fields = _fields(schema, lambda f: _edge_key(f) == kind)
        if not fields:
            return None
        return _set_cells(table, [(i, fields[0].name, v) for i, v in enumerate(EDGE_VALUES[kind])])
    return variant


def v_edge_identifiers(schema, table):
    edits = []
    for check, values in (("french-siret-value", EDGE_SIRETS), ("french-siren-value", EDGE_SIRENS)):
        for params in _checks(schema, check)[:1]:
            edits += [(len(edits) + i, params["column"], v) for i, v in enumerate(values)]
    return _set_cells(table, edits[:BASE_ROWS]) if edits else None


def v_edge_pattern(schema, table):
    """A valid value with a trailing newline (Python's ``$`` matches before
    it) or a trailing space."""
    edits = []
    for k, field in enumerate(_fields(schema, lambda f: f.pattern and f.type == "string")[:4]):
        value = table.rows[_filled_row(table, field.name, start=0)][field.name]
        if value:
            edits += [(2 * k, field.name, value + "\n"), (2 * k + 1, field.name, value + " ")]
    return _set_cells(table, edits) if edits else None


def v_edge_blank(schema, table):
    """A single space where a value is required: not a missing value."""
    fields = _fields(schema, lambda f: f.required)
    by_type = {}
    for field in fields:
        by_type.setdefault(field.type, field)
    return _set_cells(table, [(2 * i, f.name, " ") for i, f in enumerate(by_type.values())])


def v_edge_enum(schema, table):
    """Near misses: trailing space, other case, decomposed accents (NFD)."""
    fields = _fields(schema, lambda f: f.enum and f.type == "string")
    if not fields:
        return None
    field = fields[0]
    value = next((v for v in field.enum if any(ord(c) > 127 for c in v)), field.enum[0])
    return _set_cells(table, [(0, field.name, value + " "), (1, field.name, value.upper()),
                              (2, field.name, unicodedata.normalize("NFD", value)),
                              (3, field.name, value.capitalize())])


# Structure and bytes


def v_missing_required_column(schema, table):
    required = [f.name for f in schema.fields if f.required]
    if not required:
        return None
    table.names.remove(required[0])
    return table


def v_check_missing_columns(schema, table):
    """Drop the second column of every several-column check: each check's
    rule for absent columns (error once, or read them as empty)."""
    dropped = {_check_columns(c.get("params") or {})[1] for c in schema.custom_checks
               if len(_check_columns(c.get("params") or {})) > 1}
    if not dropped:
        return None
    table.names = [n for n in table.names if n not in dropped]
    return table


def v_missing_optional_column(schema, table):
    optional = [f.name for f in schema.fields if not f.required]
    if not optional:
        return None
    table.names.remove(optional[-1])
    return table


def v_extra_column(schema, table):
    table.names.append("colonne_en_trop")
    for row in table.rows:
        row["colonne_en_trop"] = "x"
    return table


def v_reordered_columns(schema, table):
    table.names.reverse()
    return table


def v_lowercase_header(schema, table):
    if all(n == n.lower() for n in table.names):
        return None
    renamed = {n: n.lower() for n in table.names}
    table.names = [renamed[n] for n in table.names]
    table.rows = [{renamed.get(k, k): v for k, v in r.items()} for r in table.rows]
    return table


def v_header_spaces(schema, table):
    """A label with a trailing space, as spreadsheets sometimes leave."""
    first = table.names[0]
    table.names[0] = first + " "
    for row in table.rows:
        row[first + " "] = row.pop(first)
    return table


def v_duplicate_column(schema, table):
    table.rows = [[r.get(n, "") for n in table.names] + [r.get(table.names[1], "")] for r in table.rows]
    table.names.append(table.names[1])
    return table


def v_empty_file(schema, table):
    table.names, table.rows = [], []
    return table


def v_header_only(schema, table):
    table.rows = []
    return table


def v_semicolon(schema, table):
    table.delimiter = ";"
    return table


# Characters that cp1252 and latin-1 encode differently (0x80-0x9F): a
# reader that takes a cp1252 file for latin-1 turns them into controls.
CP1252_TEXT = {"scdl/prenoms": {"ENFANT_PRENOM": "C\u0153line"}}


def v_cp1252(schema, table):
    table.encoding = "cp1252"
    return table


def v_cp1252_special(schema, table):
    table.encoding = "cp1252"
    edits = [(1, name, "C\u0153ur d\u2019\u0153uvre, 5 \u20ac") for name in _free_text_fields(schema)[:2]]
    edits += [(2, name, value) for name, value in CP1252_TEXT.get(schema.id, {}).items()]
    return _set_cells(table, edits)


def v_bom(schema, table):
    table.encoding = "utf-8-sig"
    return table




def _required_hole(schema, table, index):
    """Empty a required cell at ``index``: an error whose row number shows
    how each engine counts rows after the odd line above it."""
    required = [f.name for f in schema.fields if f.required]
    if required:
        table.rows[index][required[-1]] = ""


def v_empty_line(schema, table):
    table.rows.insert(2, [])  # a physical empty line, not a row of empty cells
    _required_hole(schema, table, 5)
    return table


def v_multiline_cell(schema, table):
    names = _free_text_fields(schema)
    if not names:
        return None
    table.rows[1][names[0]] = "première ligne\nseconde ligne"
    _required_hole(schema, table, 4)
    return table


def v_blank_row(schema, table):
    table.rows.insert(3, {})
    return table


def v_short_row(schema, table):
    table.rows[2] = [table.rows[2].get(n, "") for n in table.names][:-2]
    return table


def v_long_row(schema, table):
    table.rows[2] = [table.rows[2].get(n, "") for n in table.names] + ["en trop"]
    return table


VARIANTS = [
    ("valid", lambda schema, table: table),
    ("type-date", v_type_date),
    ("type-number", v_type_number),
    ("type-boolean", v_type_boolean),
    ("type-other", v_type_other),
    ("enum", v_enum),
    ("enum-array", v_enum_array),
    ("pattern", v_pattern),
    ("length", v_length),
    ("range", v_range),
    ("required", v_required),
    ("unique", v_unique),
    ("check-siret", v_siret),
    ("check-siren", v_siren),
    ("check-one-of-required", v_one_of_required),
    ("check-year-interval", v_year_interval),
    ("check-cohesive-columns", v_cohesive),
    ("check-compare-columns", v_compare),
    ("check-sum-columns", v_sum),
    ("check-nomenclature-actes", v_nomenclature),
    ("check-nomenclature-actes-no-slash", v_nomenclature_no_slash),
    ("check-nomenclature-actes-nfd", v_nomenclature_decomposed),
    ("check-bad-cells", v_check_bad_cells),
    ("check-missing-columns", v_check_missing_columns),
    ("edge-number", _edge("number")),
    ("edge-integer", _edge("integer")),
    ("edge-boolean", _edge("boolean")),
    ("edge-date", _edge("date")),
    ("edge-datetime", _edge("datetime")),
    ("edge-year", _edge("year")),
    ("edge-geopoint", _edge("geopoint")),
    ("edge-array", _edge("array")),
    ("edge-email", _edge("email")),
    ("edge-uri", _edge("uri")),
    ("edge-identifiers", v_edge_identifiers),
    ("edge-pattern", v_edge_pattern),
    ("edge-blank", v_edge_blank),
    ("edge-enum", v_edge_enum),
    ("missing-required-column", v_missing_required_column),
    ("missing-optional-column", v_missing_optional_column),
    ("extra-column", v_extra_column),
    ("reordered-columns", v_reordered_columns),
    ("lowercase-header", v_lowercase_header),
    ("semicolon", v_semicolon),
    ("header-spaces", v_header_spaces),
    ("duplicate-column", v_duplicate_column),
    ("header-only", v_header_only),
    ("empty-file", v_empty_file),
    ("cp1252", v_cp1252),
    ("cp1252-special", v_cp1252_special),
    ("empty-line", v_empty_line),
    ("multiline-cell", v_multiline_cell),
    ("bom", v_bom),
    ("blank-row", v_blank_row),
    ("short-row", v_short_row),
    ("long-row", v_long_row),
]


def build(out_dir: str = DEFAULT_OUT) -> List[dict]:
    """Write the corpus (afresh) and its jobs.json; returns the jobs."""
    shutil.rmtree(out_dir, ignore_errors=True)
    jobs = []
    catalogue = SchemaCatalogue()
    for schema_id in catalogue.ids():
        schema = catalogue.get(schema_id)
        if not schema.table_validatable:
            continue
        folder = os.path.join(out_dir, os.path.basename(os.path.dirname(schema.path)))
        os.makedirs(folder, exist_ok=True)
        base = base_table(schema)
        produced = [(name, make(schema, base.copy())) for name, make in VARIANTS]
        if "example-valid" in schema.examples:  # the published file, verbatim
            produced.append(("example", schema.examples["example-valid"]))
        for name, table in produced:
            if table is None:
                continue
            path = os.path.join(folder, f"{name}.csv")
            if isinstance(table, str):
                with open(table, "rb") as source, open(path, "wb") as target:
                    target.write(source.read())
            else:
                table.write(path)
            jobs.append({"csv": path, "schema": schema.path, "schema_id": schema.id, "variant": name})
    with open(os.path.join(out_dir, "jobs.json"), "w", encoding="utf-8") as handle:
        json.dump(jobs, handle, indent=1)
    return jobs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    jobs = build(args.out)
    schemas = len({j["schema_id"] for j in jobs})
    print(f"{len(jobs)} files for {schemas} schemas in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
