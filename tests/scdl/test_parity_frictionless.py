"""Same standard errors as frictionless 5, cell by cell.

Custom checks are stripped from the schemas (frictionless does not know
them); our validator runs in frictionless's header modes: "exact" (its
default) and "partial" (what Validata uses through schema_sync).
"""
import warnings

import frictionless
import pytest

from ckanext.opendatalocale.scdl.csv_templates import example_row
from ckanext.opendatalocale.scdl.validator import validate_csv

from .helpers import read_rows, to_csv


def frictionless_errors(data: bytes, descriptor, partial=False):
    descriptor = {k: v for k, v in descriptor.items() if k != "custom_checks"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = frictionless.Schema.from_descriptor(descriptor)
        options = {"detector": frictionless.Detector(schema_sync=True)} if partial else {}
        resource = frictionless.Resource(data, format="csv", schema=schema, **options)
        report = frictionless.validate(resource, limit_errors=100000)
    rows = report.flatten(["rowNumber", "fieldNumber", "fieldName", "type", "note"])
    return sorted((r or 0, n or 0, f or "", t, note or "") for r, n, f, t, note in rows)


def our_errors(data: bytes, descriptor, mode):
    report = validate_csv(data, descriptor, header_mode=mode, run_custom_checks=False,
                          max_errors_per_type=100000)
    return sorted((e["rowNumber"] or 0, e["fieldNumber"] or 0, e["fieldName"] or "", e["type"], e["note"] or "")
                  for e in report["errors"])


def assert_parity(data, descriptor):
    assert our_errors(data, descriptor, "exact") == frictionless_errors(data, descriptor)
    assert our_errors(data, descriptor, "partial") == frictionless_errors(data, descriptor, partial=True)


def source_rows(schema):
    if "example-valid" in schema.examples:
        with open(schema.examples["example-valid"], "rb") as handle:
            return read_rows(handle.read())
    names = [f.name for f in schema.fields]
    example = example_row(schema)
    return [names, [example[n] for n in names]]


def mutate(rows, edits):
    rows = [list(r) for r in rows]
    header = rows[0]
    for row, column, value in edits:
        while len(rows) <= row - 1:
            rows.append(list(rows[1]))
        rows[row - 1][header.index(column)] = value
    return rows


CELL_EDITS = {
    "scdl/subventions": [
        (2, "dateConvention", "04/10/2013"), (3, "dateConvention", "2013-02-30"), (4, "dateConvention", "2013-1-4"),
        (5, "montant", "12,5"), (6, "montant", " 12.5 "), (7, "montant", "1e3"), (8, "nature", "Aide en numéraire"),
        (9, "idAttribuant", "2106000450039"), (10, "objet", "x" * 300), (11, "pourcentageSubvention", "0"),
        (12, "pourcentageSubvention", "1.5"), (13, "notificationUE", "Oui"), (14, "nomAttribuant", ""),
        (15, "rnaBeneficiaire", "w123456789"), (16, "datesPeriodeVersement", "2017-03-14/2018"),
        (17, "montant", "NaN"), (18, "pourcentageSubvention", "abc"), (19, "idRAE", "123456"),
    ],
    "etalab/schema-irve-statique": [
        (2, "coordonneesXY", "7.48,48.34"), (3, "coordonneesXY", "[200,48]"), (2, "contact_operateur", "pas-un-mail"),
        (3, "nbre_pdc", "-1"), (2, "puissance_nominale", "22 kW"), (3, "prise_type_ef", "oui"),
        (2, "date_maj", "05/04/2021"), (3, "implantation_station", "Parking"),
    ],
    "etalab/schema-stationnement": [
        (2, "url", "www.exemple.fr"), (3, "gratuit", "vrai"), (2, "nb_places", "3.5"), (3, "Xlong", "181"),
        (2, "tarif_1h", "-2"), (3, "insee", "7511"), (3, "id", "75114-P-001"),
    ],
    "scdl/menus-collectifs": [
        (2, "menuPlatAllergene", '["lait","gluten"]'), (3, "menuPlatTexture", "[]"), (4, "menuPlatSiqo", "bio"),
        (5, "menuPlatRegime", '["sans porc"]'), (6, "menuPlatRegime", '["sans porc "]'),
        (7, "menuPublicationDate", "2020-05-11"), (8, "menuDate", "2020-13-01"), (9, "menuPlatPrix", "5,35"),
        (10, "menuPlatTexture", '[""]'), (11, "menuPlatSiqo", '[1]'),
    ],
    "scdl/deliberations": [
        (2, "DELIB_DATE", "2020/01/01"), (3, "VOTE_POUR", "dix"), (4, "DELIB_URL", "ftp:/x"),
    ],
    "scdl/prenoms": [(2, "ANNEE", "17"), (3, "NOMBRE_OCCURRENCES", "0"), (4, "ANNEE", "02017")],
    "atlasante/schema-dae": [(2, "acc_lib", "Oui"), (3, "lat_coor1", "91"), (4, "photo1", "http://x.fr/a.bmp")],
    "scdl/budget": [(2, "BGT_ANNEE", "2018.0"), (3, "BGT_MTREAL", "17 142,08")],
    "betagouv/ma-cantine:import-achats-siret": [(2, "est_local", "Non"), (3, "prix_ht", "12€")],
}


@pytest.mark.parametrize("schema_id", sorted(CELL_EDITS))
def test_cell_errors_match_frictionless(catalogue, schema_id):
    schema = catalogue.get(schema_id)
    rows = mutate(source_rows(schema), CELL_EDITS[schema_id])
    data = to_csv(rows)
    ours = our_errors(data, schema.descriptor, "exact")
    assert ours, "the edits should produce errors"
    assert_parity(data, schema.descriptor)


@pytest.mark.parametrize("schema_id", ["scdl/subventions", "etalab/schema-irve-statique", "etalab/schema-stationnement"])
def test_examples_valid_for_both(catalogue, schema_id):
    schema = catalogue.get(schema_id)
    with open(schema.examples["example-valid"], "rb") as handle:
        data = handle.read()
    assert our_errors(data, schema.descriptor, "exact") == frictionless_errors(data, schema.descriptor) == []


def structural_variants(rows):
    header, body = rows[0], rows[1:]
    yield "blank and short and long rows", [header] + body[:2] + [[""] * len(header)] + [body[0][:3]] \
        + [body[0] + ["en trop", ""]] + [[""] * 3] + body[2:]
    yield "missing column", [r[:2] + r[3:] for r in rows]
    yield "extra column", [r + ["x"] for r in rows]
    yield "swapped columns", [[r[1], r[0]] + r[2:] for r in rows]
    yield "renamed column", [[header[0] + "_"] + header[1:]] + body
    yield "blank label", [[""] + header[1:]] + body
    yield "duplicate label (exact only)", [header + [header[1]]] + [r + ["x"] for r in body]
    yield "only some columns", [r[:3] for r in rows]


@pytest.mark.parametrize("schema_id", ["scdl/subventions", "etalab/schema-stationnement"])
def test_structure_errors_match_frictionless(catalogue, schema_id):
    schema = catalogue.get(schema_id)
    for label, rows in structural_variants(source_rows(schema)):
        data = to_csv(rows)
        assert our_errors(data, schema.descriptor, "exact") == frictionless_errors(data, schema.descriptor), label
        if "exact only" in label:
            continue  # frictionless raises on duplicate labels when matching by name
        assert our_errors(data, schema.descriptor, "partial") == \
            frictionless_errors(data, schema.descriptor, partial=True), label


def test_unique_and_primary_key_match_frictionless(catalogue):
    descriptor = {
        "primaryKey": ["id"],
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "code", "type": "integer", "constraints": {"unique": True}},
            {"name": "nom", "type": "string", "constraints": {"required": True}},
        ],
    }
    rows = [["id", "code", "nom"], ["a", "1", "x"], ["b", "01", "y"], ["a", "2", ""], ["", "3", "z"],
            ["c", "x", "w"], ["", "", ""], ["d", "4"]]
    assert_parity(to_csv(rows), descriptor)
