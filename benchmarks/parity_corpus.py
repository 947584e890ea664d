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
import sys
from typing import Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue, SchemaVersion  # noqa: E402
from ckanext.opendatalocale.scdl.templates import example_row  # noqa: E402

DEFAULT_OUT = os.path.join(HERE, "out", "corpus")
BASE_ROWS = 20

# Values for columns whose published example is missing or breaks the
# schema (templates.example_row then leaves them empty), so that the synthetic
# base is valid and every custom check has something to look at.
FILL = {
    "atlasante/schema-dae": {"fab_siren": "130016538", "mnt_siren": "130016538",
                             "mnt_rais": "Maintenance SA", "disp_complt": "fermé en août"},
    "scdl/budget": {"BGT_MTRAR3112": "17142.08"},
    "scdl/deliberations": {"DELIB_MATIERE_NOM": "Domaines de compétences par thèmes/Aménagement du territoire",
                           "PREF_DATE": "2017-10-20"},
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


def _bad_check_digit(value: str) -> str:
    """Change the last digit: any one-digit change breaks a Luhn key (and
    La Poste's sum-of-digits rule)."""
    return value[:-1] + str((int(value[-1]) + 1) % 10)


# Cell-level variants: each returns the edited table, or None when the
# schema has nothing the variant could break.


def v_type_date(schema, table):
    fields = _fields(schema, lambda f: f.type in ("date", "datetime", "time", "year", "yearmonth"))
    return _set_cells(table, _spread(fields, lambda f: WRONG_TYPE[f.type])) if fields else None


def v_type_number(schema, table):
    fields = _fields(schema, lambda f: f.type in ("number", "integer"))
    return _set_cells(table, _spread(fields, lambda f: WRONG_TYPE[f.type])) if fields else None


def v_type_boolean(schema, table):
    fields = _fields(schema, lambda f: f.type == "boolean")
    return _set_cells(table, _spread(fields, lambda f: WRONG_TYPE[f.type])) if fields else None


def v_type_other(schema, table):
    fields = _fields(schema, lambda f: f.type in ("geopoint", "array") or f.format in WRONG_FORMAT)
    value = lambda f: WRONG_TYPE.get(f.type) or WRONG_FORMAT[f.format]  # noqa: E731
    return _set_cells(table, _spread(fields, value)) if fields else None


def v_enum(schema, table):
    fields = _fields(schema, lambda f: f.enum)
    return _set_cells(table, _spread(fields, lambda f: "valeur hors liste")) if fields else None


def v_enum_array(schema, table):
    fields = _fields(schema, lambda f: (f.array_item or {}).get("constraints", {}).get("enum"))
    return _set_cells(table, _spread(fields, lambda f: '["valeur hors liste"]')) if fields else None


def v_pattern(schema, table):
    fields = _fields(schema, lambda f: f.pattern and f.type == "string")
    return _set_cells(table, _spread(fields, lambda f: "#?!", limit=4)) if fields else None


def v_length(schema, table):
    edits = []
    for f in _fields(schema, lambda f: f.max_length is not None or f.min_length):
        if f.max_length is not None:
            edits.append((len(edits) * 2, f.name, "9" * (f.max_length + 1)))
        else:
            edits.append((len(edits) * 2, f.name, "9" * (f.min_length - 1)))
    return _set_cells(table, edits[:4]) if edits else None


def v_range(schema, table):
    edits = []
    for f in _fields(schema, lambda f: f.type in ("number", "integer")
                     and (f.minimum is not None or f.maximum is not None)):
        value = f.maximum + 1 if f.maximum is not None else f.minimum - 1
        edits.append((len(edits) * 2, f.name, str(value)))
    return _set_cells(table, edits[:4]) if edits else None


def v_required(schema, table):
    fields = _fields(schema, lambda f: f.required)
    return _set_cells(table, _spread(fields, lambda f: "")) if fields else None


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


def _smaller(value: str) -> str:
    """A value just below ``value`` (a date or an integer)."""
    try:
        return (datetime.date.fromisoformat(value) - datetime.timedelta(days=1)).isoformat()
    except ValueError:
        return str(int(value) - 1)


def _larger(value: str) -> str:
    try:
        return (datetime.date.fromisoformat(value) + datetime.timedelta(days=1)).isoformat()
    except ValueError:
        return str(int(value) + 1)


def v_compare(schema, table):
    params = _checks(schema, "compare-columns-value")
    edits = []
    for i, p in enumerate(params):
        row = table.rows[1 + i]
        other = row[p["column2"]]
        wrong = _smaller(other) if p["op"] in (">", ">=", "==") else _larger(other)
        edits.append((1 + i, p["column"], wrong))
    return _set_cells(table, edits) if edits else None


def v_sum(schema, table):
    params = _checks(schema, "sum-columns-value")
    edits = []
    for i, p in enumerate(params):
        row = table.rows[1 + i]
        total = sum(int(row[c]) for c in p["columns"])
        edits.append((1 + i, p["columns"][0], str(int(row[p["columns"][0]]) - 1)))
        assert total - 1 != int(row[p["column"]])
    return _set_cells(table, edits) if edits else None


def v_nomenclature(schema, table):
    params = _checks(schema, "nomenclature-actes-value")
    if not params:
        return None
    column = params[0]["column"]
    return _set_cells(table, [(1, column, "Urbanisme / PLU"), (3, column, "Urbanisme"),
                              (5, column, "Culture/Musées"), (7, column, "urbanisme /PLU")])


def v_nomenclature_no_slash(schema, table):
    """A value with no slash whose text minus its last character is a matter:
    isolated because frformat reads the prefix as value[:-1] then."""
    params = _checks(schema, "nomenclature-actes-value")
    if not params:
        return None
    return _set_cells(table, [(2, params[0]["column"], "Urbanismes")])


# Structure and bytes


def v_missing_required_column(schema, table):
    required = [f.name for f in schema.fields if f.required]
    if not required:
        return None
    table.names.remove(required[0])
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


def v_semicolon(schema, table):
    table.delimiter = ";"
    return table


def v_cp1252(schema, table):
    table.encoding = "cp1252"
    return table


def v_bom(schema, table):
    table.encoding = "utf-8-sig"
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
    ("missing-required-column", v_missing_required_column),
    ("missing-optional-column", v_missing_optional_column),
    ("extra-column", v_extra_column),
    ("reordered-columns", v_reordered_columns),
    ("lowercase-header", v_lowercase_header),
    ("semicolon", v_semicolon),
    ("cp1252", v_cp1252),
    ("bom", v_bom),
    ("blank-row", v_blank_row),
    ("short-row", v_short_row),
    ("long-row", v_long_row),
]


def build(out_dir: str = DEFAULT_OUT) -> List[dict]:
    """Write the corpus and its jobs.json; returns the jobs."""
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
