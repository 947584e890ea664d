"""The repair engine (pure): certain readings only, valid results, valid cells untouched."""
import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ckanext.opendatalocale.scdl import repairs
from ckanext.opendatalocale.scdl.validator import validate_csv

from .helpers import read_rows, to_csv

SCHEMA = {
    "fields": [
        {"name": "date", "type": "date"},
        {"name": "montant", "type": "number"},
        {"name": "effectif", "type": "integer"},
        {"name": "siret", "type": "string", "constraints": {"pattern": r"^\d{14}$"}},
        {"name": "ue", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
        {"name": "nature", "type": "string",
         "constraints": {"enum": ["aide en numéraire", "aide en nature"]}},
    ],
    "custom_checks": [{"name": "french-siret-value", "params": {"column": "siret"}}],
}
HEADER = [f["name"] for f in SCHEMA["fields"]]
VALID = ["2013-10-04", "12.5", "1200", "21060004500392", "oui", "aide en nature"]


def _repaired(rows, kinds=None):
    out = io.StringIO(newline="")
    run = repairs.repair(to_csv([HEADER] + rows), out, SCHEMA,
                         kinds=repairs.KIND_CODES if kinds is None else kinds)
    return run, read_rows(out.getvalue().encode("utf-8"))


@pytest.mark.parametrize("column, before, after, kind", [
    (0, "04/10/2013", "2013-10-04", "date-day-first"),
    (0, "4.10.2013", "2013-10-04", "date-day-first"),
    (1, "12,5", "12.5", "decimal-comma"),
    (1, "1 234,50", "1234.50", "thousands-separator"),
    (1, "1\u202f234\u202f567", "1234567", "thousands-separator"),
    (1, "1.234,50", "1234.50", "thousands-separator"),
    (2, "1 200", "1200", "thousands-separator"),
    (2, "1.234.567", "1234567", "thousands-separator"),
    (3, "210 600 045 00392", "21060004500392", "identifier-spaces"),
    (4, "Oui", "oui", "boolean-words"),
    (4, "NON", "non", "boolean-words"),
    (4, "vrai", "oui", "boolean-words"),
    (5, "Aide en Numeraire", "aide en numéraire", "enum-variant"),
    (5, "aide en nature ", "aide en nature", "surrounding-spaces"),
    (3, "21060004500392 ", "21060004500392", "surrounding-spaces"),
])
def test_each_mechanical_kind(column, before, after, kind):
    row = list(VALID)
    row[column] = before
    run, written = _repaired([row])
    assert written[1][column] == after
    assert [(p.kind.code, p.count) for p in run.listed()] == [(kind, 1)]
    assert run.proposals[kind].examples == [
        {"row": 2, "column": HEADER[column], "before": before, "after": after}]


@pytest.mark.parametrize("column, cell", [
    (0, "10/04/13"),          # two-digit year: which century?
    (0, "31/02/2013"),        # no such day
    (0, "hier"),
    (2, "1.234"),             # 1234 or 1,234: not guessed
    (1, "12,5,3"),
    (3, "210 600 045 00393"),  # digits, but not a valid SIRET
    (3, "2106000450039"),      # 13 digits
    (4, "peut-être"),
    (5, "aide en espèces"),    # no allowed value looks like it
])
def test_ambiguous_or_hopeless_cells_stay_errors(column, cell):
    row = list(VALID)
    row[column] = cell
    run, written = _repaired([row])
    assert written[1][column] == cell
    assert run.total == 0


def test_only_chosen_kinds_are_applied_and_the_rest_of_the_file_is_kept():
    rows = [["04/10/2013", "12,5", "1200", "21060004500392", "oui", "aide en nature"],
            ["2014-01-02", "3", "", "", "", ""]]
    run, written = _repaired(rows, kinds=["date-day-first"])
    assert written == [HEADER, ["2013-10-04", "12,5", "1200", "21060004500392", "oui", "aide en nature"],
                       ["2014-01-02", "3", "", "", "", ""]]
    assert run.rows == 2 and run.total == 1
    with pytest.raises(ValueError):
        repairs.propose(to_csv([HEADER]), SCHEMA, kinds=["guess-everything"])


def test_proposals_count_every_cell_and_show_three_examples():
    rows = [[f"{day:02d}/10/2013"] + VALID[1:] for day in range(1, 16)] + [["hier"] + VALID[1:]]
    run = repairs.propose(to_csv([HEADER] + rows), SCHEMA)
    (proposal,) = run.listed()
    assert proposal.kind.code == "date-day-first" and proposal.count == 15
    assert [e["after"] for e in proposal.examples] == ["2013-10-01", "2013-10-02", "2013-10-03"]


def test_subventions_file_repaired_validates(subventions, subventions_example):
    rows = read_rows(subventions_example)
    header = rows[0]
    date, amount = header.index("dateConvention"), header.index("montant")
    ue = header.index("notificationUE")
    for row in rows[1:10]:
        row[date] = "/".join(reversed(row[date].split("-")))
        row[amount] = row[amount].replace(".", ",") if "." in row[amount] else row[amount] + ",0"
        row[ue] = row[ue].upper()
    broken = to_csv(rows)
    assert not validate_csv(broken, subventions)["valid"]
    out = io.StringIO(newline="")
    run = repairs.repair(broken, out, subventions, kinds=repairs.KIND_CODES)
    assert {p.kind.code: p.count for p in run.listed()} == {
        "date-day-first": 9, "decimal-comma": 9, "boolean-words": 9}
    report = validate_csv(out.getvalue().encode("utf-8"), subventions)
    assert report["valid"], report["errors"][:3]


# --- properties --------------------------------------------------------------------------

_dates = st.dates(min_value=__import__("datetime").date(1900, 1, 1))
_faulty_cells = st.one_of(
    _dates.map(lambda d: (0, d.strftime("%d/%m/%Y"))),
    st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False).map(
        lambda d: (1, str(d).replace(".", ","))),
    st.integers(min_value=1000, max_value=10**12).map(lambda n: (2, f"{n:,}".replace(",", " "))),
    st.sampled_from(["Oui", "NON", "vrai", "Faux", " oui"]).map(lambda w: (4, w)),
    st.sampled_from(["Aide en nature", "AIDE EN NUMERAIRE", "aide en numéraire  "]).map(lambda w: (5, w)),
    st.text(max_size=12).map(lambda t: (0, t)),
    st.text(max_size=12).map(lambda t: (1, t)),
    st.text(alphabet="0123456789 .-", max_size=20).map(lambda t: (3, t)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), _faulty_cells), min_size=1, max_size=12))
def test_repairs_never_touch_valid_cells_and_repaired_cells_validate(changes):
    rows = []
    for keep_valid, (column, cell) in changes:
        row = list(VALID)
        if not keep_valid:
            row[column] = cell.replace("\x00", "").replace("\r", "").replace("\n", "")
        rows.append(row)
    data = to_csv([HEADER] + rows)
    before = validate_csv(data, SCHEMA)
    out = io.StringIO(newline="")
    run = repairs.repair(data, out, SCHEMA, kinds=repairs.KIND_CODES)
    written = read_rows(out.getvalue().encode("utf-8"))[1:]
    faulty = {(e["rowNumber"], e["fieldNumber"]) for e in before["errors"] if e.get("rowNumber")}
    changed = {(number, index + 1) for number, (old, new) in enumerate(zip(rows, written), start=2)
               for index, (a, b) in enumerate(zip(old, new)) if a != b}
    assert changed <= faulty  # a valid cell is never changed
    assert len(changed) == run.total
    after = validate_csv(out.getvalue().encode("utf-8"), SCHEMA)
    still = {(e["rowNumber"], e["fieldNumber"]) for e in after["errors"] if e.get("rowNumber")}
    assert not (changed & still)  # every repaired cell now validates
    assert still <= faulty  # and no new error appeared


def test_error_list_has_every_error_with_its_suggestion():
    rows = [["04/10/2013"] + VALID[1:], ["hier"] + VALID[1:], VALID,
            VALID[:3] + ["=HYPERLINK(\"x\")"] + VALID[4:]]
    data = to_csv([HEADER] + rows)
    report = validate_csv(data, SCHEMA, max_errors_per_type=1)  # the report lists one per kind
    listed = list(repairs.error_rows(data, SCHEMA, report))
    assert len(listed) == report["stats"]["errors"] > len(report["errors"])
    cells = [entry for entry in listed if entry[0]]
    assert [(e[0], e[1], e[2], e[4]) for e in cells if e[1] == "date"] == [
        (2, "date", "04/10/2013", "2013-10-04"), (3, "date", "hier", "")]
    assert any(e[2] == "=HYPERLINK(\"x\")" for e in cells)  # as in the file; writers neutralise
    assert all(e[3] for e in listed)
