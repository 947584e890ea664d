"""The SCDL catalogue export, pure: dataset dicts -> rows -> a CSV the suite's own
validator accepts against scdl/catalogue."""
import csv
import io

from ckanext.opendatalocale.publishing import scdl_catalogue
from ckanext.opendatalocale.scdl.identifiers import head_office_siret, is_valid_siret
from ckanext.opendatalocale.scdl.catalogue import default_catalogue
from ckanext.opendatalocale.scdl.validator import validate_csv

TERRITORY = {"name": "firminy", "title": "Commune de Firminy", "kind": "commune",
             "siren": "214200990"}


def dataset(**values):
    base = {"name": "subventions-2025", "title": "Subventions 2025", "notes": "Montants votés.",
            "identifier": "subv-2025", "private": False, "state": "active",
            "license_id": "lo-2.0", "frequency": scdl_catalogue._EU + "ANNUAL",
            "temporal_start": "2025-01-01", "temporal_end": "2025-12-31",
            "metadata_created": "2026-01-05T10:00:00", "metadata_modified": "2026-02-01T08:00:00",
            "tags": [{"name": "subventions"}, {"name": "associations"}],
            "resources": [{"url": "https://data.example.fr/s.csv", "format": "CSV"},
                          {"url": "https://data.example.fr/s.json", "format": ""}]}
    base.update(values)
    return base


DATASETS = [
    dataset(),
    dataset(name="bancs", title="=HYPERLINK(\"http://evil\")", notes="", identifier="",
            license_id="odc-odbl", frequency="", temporal_start="", temporal_end="", tags=[]),
    dataset(name="secret", title="Secret", private=True),
    dataset(name="vide", title="Sans ressource", resources=[]),
]


def exported():
    return "".join(scdl_catalogue.csv_text_chunks(DATASETS, TERRITORY, "https://portail.example.fr"))


def test_export_is_valid_against_scdl_catalogue():
    text = exported()
    schema = default_catalogue().get("scdl/catalogue")
    report = validate_csv(text.encode("utf-8"), schema)
    assert report["valid"], report
    assert report["stats"]["errors"] == 0


def test_rows_fill_what_ckan_knows_and_leave_out_private_and_empty():
    records = list(csv.DictReader(io.StringIO(exported().lstrip("\ufeff"))))
    assert [r["URL"] for r in records] == ["https://portail.example.fr/dataset/subventions-2025",
                                           "https://portail.example.fr/dataset/bancs"]
    first, second = records
    assert first["ID"] == "subv-2025" and first["COLL_SIRET"] == "21420099000015"
    assert is_valid_siret(first["COLL_SIRET"])
    assert first["FREQ_MAJ"] == "Annuelle" and first["LICENCE"] == "Licence Ouverte-LO"
    assert first["MOTS_CLES"] == "subventions;associations"
    assert first["NOMBRE_RESSOURCES"] == "2" and first["FORMAT_RESSOURCES"] == "CSV;JSON"
    assert first["COUV_TEMP_DEBUT"] == "2025-01-01" and first["DATE_MAJ"] == "2026-02-01"
    assert first["COUV_SPAT_MAILLE"] == "Communale"
    # Fallbacks for what the schema requires and CKAN may not know.
    assert second["ID"] == "bancs" and second["FREQ_MAJ"] == "Inconnue"
    assert second["LICENCE"] == "Open Database License-ODBL"
    assert second["COUV_TEMP_DEBUT"] == "2026-01-05" and second["MOTS_CLES"] == "Autre"
    # A title typed as a formula opens as text.
    assert second["TITRE"].startswith("'=HYPERLINK")
    assert second["DESCRIPTION"] == second["TITRE"]
    assert "Secret" not in exported()


def test_siret_from_siren():
    assert head_office_siret("") == "" and head_office_siret("12") == ""
    assert head_office_siret("21420099000015") == "21420099000015"


def test_a_catalogue_reads_as_the_import_columns():
    from ckanext.opendatalocale.publishing import rows as import_rows
    text = exported().lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    labels, mapped = scdl_catalogue.as_import(table[0], list(enumerate(table[1:], start=2)))
    assert set(labels) <= set(import_rows.COLUMN_NAMES)
    first = dict(zip(labels, mapped[0][1]))
    assert first["identifiant"] == "subv-2025" and first["licence"] == "lo-2.0"
    assert first["frequence"] == "ANNUAL" and first["territoire"] == "Commune de Firminy"
    assert first["urls_ressources"] == "https://portail.example.fr/dataset/subventions-2025"
    second = dict(zip(labels, mapped[1][1]))
    assert second["frequence"] == "UNKNOWN" and second["mots_cles"] == ""
    # A « territoire » column chooses where to import.
    header = table[0] + ["territoire"]
    labels, mapped = scdl_catalogue.as_import(header, [(2, table[1] + ["roanne"])])
    assert dict(zip(labels, mapped[0][1]))["territoire"] == "roanne"
    # Any other file is left as it is.
    assert scdl_catalogue.as_import(["identifiant", "titre"], [(2, ["a", "b"])]) == (
        ["identifiant", "titre"], [(2, ["a", "b"])])
