"""Parity with Validata: same verdict, same erroneous cells, on the corpus.

    python benchmarks/parity.py [--no-build] [--validata-python PATH]

Builds the corpus (parity_corpus.py), validates every file with our
validator (in this process) and with Validata (one child process, see
validata_client.py), and prints per file whether the verdicts (valid or
not) agree and whether the sets of erroneous (row, field) cells agree, then
the overall rates. A disagreement listed in KNOWN_DIFFERENCES is printed
with its reason; any other one is a finding to investigate.

How cells are compared: an error on a data row is (row number, column
name); an error that covers a whole row, or several columns present in the
file (blank-row, primary-key, one-of-required...), is (row, None); a header error
about one column (missing-label...) is (None, column); other errors about
the whole file (e.g. a custom check whose columns are absent) are
(None, None). Validata puts the latter on row 1, the header, where we put
no row: both become None.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Dict, List, Optional, Set, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import parity_corpus  # noqa: E402
from validata_client import run_validata  # noqa: E402

from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue  # noqa: E402
from ckanext.opendatalocale.scdl.validator import validate_csv  # noqa: E402

Cell = Tuple[Optional[int], Optional[str]]
HEADER_ROW = 1

# Corpus variant -> why the two validators differ on it (README lists them).
KNOWN_DIFFERENCES: Dict[str, str] = {
    "lowercase-header": "Validata bug: when no label matches a field, frictionless 5.21 reports "
                        "unmatched-header, which Validata's ErrType lacks: it raises ValueError "
                        "instead of reporting the missing columns",
    "check-nomenclature-actes-no-slash": "Validata bug: frformat's NomenclatureActe reads the prefix as "
                                         "value[:value.find('/')], i.e. value[:-1] when there is no slash: "
                                         "'Urbanismes' passes",
    "check-nomenclature-actes-nfd": "Validata bug: frformat folds accents by replacing precomposed "
                                    "letters only (é -> e...), so a matter written with decomposed "
                                    "accents (NFD, as macOS may produce) is refused; we fold any "
                                    "accent (NFD then drop combining marks)",
    "duplicate-column": "Validata bug: frictionless 5.21 reworded its duplicate-labels error, Validata's "
                        "fix-up no longer recognises it: a bare untranslated 'error' with no column, and "
                        "no row is checked; we report duplicate-label on the column and check the rows",
    "header-only": "a header without data: valid for both by default (we add a header-only warning); "
                   "validate_csv(require_rows=True), i.e. ckanext.opendatalocale.validation.require_rows, "
                   "refuses it, Validata does not",
}


def cell_of(row: Optional[int], field: Optional[str], kind: str, several_columns: bool) -> Cell:
    if row is None or row == HEADER_ROW:
        return (None, field or None) if kind.endswith("-label") else (None, None)
    return (row, None if several_columns else (field or None))


def our_result(job: dict, catalogue: SchemaCatalogue) -> dict:
    report = validate_csv(job["csv"], catalogue.get(job["schema_id"]), max_errors_per_type=10**6)
    labels = set(report["labels"])
    errors = [{"type": e["type"], "row": e["rowNumber"], "field": e["fieldName"], "cell": e["cell"],
               "several": len(labels.intersection(e.get("fieldNames") or ())) > 1}
              for e in report["errors"]]
    return {"valid": report["valid"], "errors": errors}


def their_result(result: dict) -> dict:
    """Validata's result; an exception (unreadable file...) refuses the file
    as a whole, like our file-level errors."""
    if result["exception"]:
        return dict(result, errors=[{"type": "exception", "row": None, "field": None, "cell": None}])
    return result


def cells(result: dict) -> Set[Cell]:
    return {cell_of(e["row"], e["field"], e["type"], e.get("several", False)) for e in result["errors"]}


def describe(result: dict, only: Set[Cell]) -> List[str]:
    return sorted(f"{e['type']}@{cell_of(e['row'], e['field'], e['type'], e.get('several', False))}"
                  f"={e['cell']!r}"
                  for e in result["errors"]
                  if cell_of(e["row"], e["field"], e["type"], e.get("several", False)) in only)


def compare(job: dict, ours: dict, theirs: dict) -> dict:
    our_cells, their_cells = cells(ours), cells(theirs)
    return {
        "file": f"{os.path.basename(os.path.dirname(job['csv']))}/{job['variant']}",
        "variant": job["variant"],
        "ours_valid": ours["valid"],
        "theirs_valid": theirs["valid"],
        "verdict_ok": ours["valid"] == theirs["valid"],
        "cells_ok": our_cells == their_cells,
        "n_cells": (len(our_cells), len(their_cells)),
        "only_ours": describe(ours, our_cells - their_cells),
        "only_theirs": describe(theirs, their_cells - our_cells),
        "exception": theirs.get("exception"),
    }


def verdict(valid: bool) -> str:
    return "valid" if valid else "invalid"


def print_row(line: dict, known: Optional[Dict[str, str]] = None) -> None:
    known = KNOWN_DIFFERENCES if known is None else known
    agree = line["verdict_ok"] and line["cells_ok"]
    status = "ok" if agree else ("known" if line["variant"] in known else "DIFF")
    print(f"{line['file']:<52} {verdict(line['ours_valid']):>7} {verdict(line['theirs_valid']):>7} "
          f"{'yes' if line['verdict_ok'] else 'NO':>7} {'yes' if line['cells_ok'] else 'NO':>5} "
          f"{line['n_cells'][0]:>4} {line['n_cells'][1]:>4}  {status}")
    if agree:
        return
    if line["exception"]:
        print(f"    validata raised: {line['exception']}")
    for label, items in (("only ours", line["only_ours"]), ("only validata", line["only_theirs"])):
        if items:
            print(f"    {label}: {', '.join(items[:8])}{' ...' if len(items) > 8 else ''}")


def summarise(lines: List[dict], known_differences: Optional[Dict[str, str]] = None) -> None:
    known_differences = KNOWN_DIFFERENCES if known_differences is None else known_differences
    total = len(lines)
    verdicts = sum(line["verdict_ok"] for line in lines)
    both = sum(line["verdict_ok"] and line["cells_ok"] for line in lines)
    cell_ok = sum(line["cells_ok"] for line in lines)
    differing = [line for line in lines if not (line["verdict_ok"] and line["cells_ok"])]
    known: Dict[str, int] = {}
    for line in differing:
        if line["variant"] in known_differences:
            known[line["variant"]] = known.get(line["variant"], 0) + 1
    print()
    print(f"files: {total}")
    print(f"verdict agreement: {verdicts}/{total} = {100 * verdicts / total:.1f}%")
    print(f"cell agreement:    {cell_ok}/{total} = {100 * cell_ok / total:.1f}%")
    print(f"full agreement:    {both}/{total} = {100 * both / total:.1f}%; differences: "
          f"{sum(known.values())} known, {len(differing) - sum(known.values())} unexplained")
    for variant, count in known.items():
        print(f"  {variant} ({count} files): {known_differences[variant]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="reuse the corpus already built")
    parser.add_argument("--validata-python", help="another Validata install's interpreter "
                        "(default: benchmarks/.venv-validata, made by tool_env.sh validata)")
    args = parser.parse_args(argv)
    if args.no_build:
        with open(os.path.join(parity_corpus.DEFAULT_OUT, "jobs.json"), encoding="utf-8") as handle:
            jobs = json.load(handle)
    else:
        jobs = parity_corpus.build()
    catalogue = SchemaCatalogue()
    started = time.perf_counter()
    ours = [our_result(job, catalogue) for job in jobs]
    our_seconds = time.perf_counter() - started
    theirs = run_validata(jobs, python=args.validata_python)
    print(f"{'file':<52} {'ours':>7} {'valid.':>7} {'verdict':>7} {'cells':>5} {'#us':>4} {'#vd':>4}")
    lines = [compare(job, o, their_result(t)) for job, o, t in zip(jobs, ours, theirs.results)]
    for line in lines:
        print_row(line)
    summarise(lines)
    print(f"time: ours {our_seconds:.2f} s, Validata {sum(r['seconds'] for r in theirs.results):.2f} s "
          f"(validation calls; its process {theirs.child.wall_seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
