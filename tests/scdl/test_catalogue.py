import json

import pytest

from ckanext.opendatalocale.scdl import catalogue as catalogue_module
from ckanext.opendatalocale.scdl.catalogue import (
    SchemaCatalogue,
    UnknownSchema,
    fetch_new_versions,
    version_key,
)

BUNDLED = {
    "scdl/menus-collectifs": "1.2.3",
    "scdl/plats-menus-collectifs": "0.7.2",
    "scdl/catalogue": "0.1.3",
    "scdl/deliberations": "2.1.5",
    "scdl/subventions": "2.1.1",
    "scdl/equipements": "0.1.5",
    "scdl/budget": "0.8.3",
    "scdl/prenoms": "1.1.6",
    "atlasante/schema-dae": "1.0.7",
    "etalab/schema-irve-statique": "2.3.1",
    "etalab/schema-stationnement": "0.1.5",
    "139bercy/format-commande-publique": "2.0.2",
    "betagouv/ma-cantine:import-achats-siret": "latest",
}


def test_lists_every_bundled_schema_with_versions(catalogue):
    listed = {info.id: info.version_names for info in catalogue.list()}
    assert listed == {k: [v] for k, v in BUNDLED.items()}


def test_schema_info(catalogue):
    info = catalogue.info("scdl/subventions")
    assert info.title == info.latest.title == "Subventions"
    assert info.url() == "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
    assert info.licence == "Licence Ouverte 2.0"
    assert info.description
    data = info.to_dict()
    assert data["versions"] == ["2.1.1"] and data["table_validatable"]


def test_get_latest_and_aliases(catalogue):
    assert catalogue.get("scdl/subventions").version == "2.1.1"
    assert catalogue.get("subventions").id == "scdl/subventions"
    assert catalogue.get("irve-statique").id == "etalab/schema-irve-statique"
    assert catalogue.get("marches-publics-decp").id == "139bercy/format-commande-publique"
    assert catalogue.get("scdl/prenoms", "v1.1.6").version == "1.1.6"
    with pytest.raises(UnknownSchema):
        catalogue.get("scdl/inconnu")
    with pytest.raises(UnknownSchema):
        catalogue.get("scdl/subventions", "9.9.9")


def test_fields_are_flattened(catalogue):
    fields = {f.name: f for f in catalogue.fields("scdl/subventions")}
    date = fields["dateConvention"]
    assert (date.type, date.format, date.required) == ("date", "default", True)
    assert date.title == "Date de la convention de subvention"
    assert fields["idAttribuant"].pattern == "^\\d{14}$"
    assert fields["nature"].enum[0] == "aide en numéraire"
    assert fields["pourcentageSubvention"].minimum == 0.01
    assert fields["pourcentageSubvention"].maximum == 1
    assert fields["objet"].max_length == 256
    assert fields["montant"].example == "47800.20"
    assert fields["notificationUE"].true_values == ["oui"]


def test_decp_is_listed_but_not_table_validatable(catalogue):
    decp = catalogue.get("139bercy/format-commande-publique")
    assert decp.schema_type == "jsonschema"
    assert not decp.table_validatable
    assert decp.fields == [] and decp.custom_checks == []
    assert "$schema" in decp.descriptor


def test_custom_checks_of_subventions(catalogue):
    names = [c["name"] for c in catalogue.get("scdl/subventions").custom_checks]
    assert names == ["french-siret-value", "french-siret-value", "one-of-required"]


def test_find_by_url(catalogue):
    url = "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
    assert catalogue.find_by_url(url).id == "scdl/subventions"
    latest = "https://schema.data.gouv.fr/schemas/scdl/subventions/latest/schema.json"
    assert catalogue.find_by_url(latest).version == "2.1.1"
    assert catalogue.find_by_url("https://example.org/x.json") is None


def test_version_ordering():
    versions = ["1.10.0", "1.2.0", "v1.9.1", "1.2.0-rc1", "0.1"]
    assert sorted(versions, key=version_key) == ["0.1", "1.2.0-rc1", "1.2.0", "v1.9.1", "1.10.0"]


def _schemas_json(versions):
    return {
        "$schema": "https://opendataschema.frama.io/catalog/schema-catalog.json",
        "version": 1,
        "schemas": [
            {
                "name": "scdl/subventions",
                "title": "Subventions",
                "schema_type": "tableschema",
                "labels": ["Socle Commun des Données Locales"],
                "versions": [
                    {"version_name": v, "schema_url": f"https://schema.data.gouv.fr/schemas/scdl/subventions/{v}/schema.json"}
                    for v in versions
                ],
            },
            {
                "name": "etalab/schema-bal",
                "title": "BAL",
                "schema_type": "other",
                "labels": ["Socle Commun des Données Locales"],
                "versions": [{"version_name": "1.4.0", "schema_url": "https://x/schema.yml"}],
            },
            {
                "name": "autre/schema",
                "title": "Autre",
                "schema_type": "tableschema",
                "labels": [],
                "versions": [{"version_name": "1.0.0", "schema_url": "https://schema.data.gouv.fr/schemas/autre/schema/1.0.0/schema.json"}],
            },
        ],
    }


def test_fetch_new_versions_keeps_old_ones(tmp_path, subventions):
    fetched = []
    newer = dict(subventions.descriptor, version="2.1.2")

    def fetch(url):
        fetched.append(url)
        return json.dumps(newer).encode()

    document = _schemas_json(["2.1.0", "2.1.1", "2.1.2"])
    added = fetch_new_versions(document, fetch, str(tmp_path),
                               labels=["Socle Commun des Données Locales"])
    # 2.1.1 is bundled: not fetched; BAL is YAML/other: skipped; autre/schema has no label
    assert [(a.id, a.version) for a in added] == [("scdl/subventions", "2.1.0"), ("scdl/subventions", "2.1.2")]
    assert len(fetched) == 2

    refreshed = SchemaCatalogue(extra_dirs=[str(tmp_path)])
    info = refreshed.info("scdl/subventions")
    assert info.version_names == ["2.1.0", "2.1.1", "2.1.2"]
    assert info.latest.version == "2.1.2" and not info.latest.bundled
    assert refreshed.get("scdl/subventions", "2.1.1").bundled
    assert refreshed.get("scdl/subventions").url.endswith("/2.1.2/schema.json")

    # second run: nothing new
    assert fetch_new_versions(document, fetch, str(tmp_path), known=refreshed,
                              labels=["Socle Commun des Données Locales"]) == []


def test_fetch_skips_broken_documents_and_unsafe_names(tmp_path):
    document = _schemas_json(["3.0.0"])
    assert fetch_new_versions(document, lambda url: b"<html>", str(tmp_path), only_ids=["scdl/subventions"]) == []
    document["schemas"][0]["versions"] = [{"version_name": "../../etc", "schema_url": "https://x/schema.json"}]
    with pytest.raises(ValueError):
        fetch_new_versions(document, lambda url: b"{}", str(tmp_path), only_ids=["scdl/subventions"])


def test_default_catalogue_is_shared():
    assert catalogue_module.default_catalogue() is catalogue_module.default_catalogue()
