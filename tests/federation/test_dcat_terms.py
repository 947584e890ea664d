"""The values of the suite's DCAT, decided without CKAN (federation/dcat_terms.py)."""
import json

import pytest

from ckanext.opendatalocale.federation import dcat_terms
from ckanext.opendatalocale.scdl.catalogue import MANIFEST_PATH, SchemaCatalogue

SUBVENTIONS_2_1_1 = "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
IRVE_2_3_1 = "https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/2.3.1/schema-statique.json"


@pytest.fixture(scope="module")
def catalogue():
    return SchemaCatalogue()


def _published_urls():
    with open(MANIFEST_PATH, encoding="utf-8") as handle:
        manifest = json.load(handle)
    return {(entry["id"], entry["version"]): entry["published_url"]
            for entry in manifest["schemas"] if entry.get("published_url")}


class TestSchemaUrl:
    def test_every_shipped_version_gives_the_url_copied_from_the_catalogue(self, catalogue):
        published = _published_urls()
        assert len(published) >= 12
        for (schema_id, version), url in published.items():
            assert dcat_terms.schema_url({"name": schema_id, "version": version}, catalogue) == url

    def test_a_file_name_that_a_pattern_would_get_wrong_is_copied(self, catalogue):
        declared = {"name": "etalab/schema-irve-statique", "version": "2.3.1"}
        assert dcat_terms.schema_url(declared, catalogue) == IRVE_2_3_1

    @pytest.mark.parametrize("declared", [
        {"name": "scdl/subventions", "version": "2.1.1"},
        json.dumps({"name": "scdl/subventions", "version": "2.1.1"}),
        "scdl/subventions@2.1.1",
        "subventions@2.1.1",
        {"url": SUBVENTIONS_2_1_1},
        # udata's "latest" URL names no version: the versioned one is what it recognises
        {"url": "https://schema.data.gouv.fr/schemas/scdl/subventions/latest/schema.json"},
    ])
    def test_forms_the_resource_field_stores(self, catalogue, declared):
        assert dcat_terms.schema_url(declared, catalogue) == SUBVENTIONS_2_1_1

    @pytest.mark.parametrize("declared", [
        None, "", {}, {"name": "scdl/subventions", "version": "9.9.9"},
        {"name": "scdl/inconnu"}, "{pas du json", 42,
        {"url": "https://example.org/schema.json"},
    ])
    def test_nothing_usable_gives_no_conforms_to(self, catalogue, declared):
        assert dcat_terms.schema_url(declared, catalogue) is None

    def test_a_version_without_published_url_gives_none(self, catalogue):
        # ma-cantine's purchase schema is shipped without a schema.data.gouv.fr version
        assert dcat_terms.schema_url({"name": "betagouv/ma-cantine:import-achats-siret"},
                                     catalogue) is None


class TestLicence:
    def test_licence_ouverte_as_data_gouv_knows_it(self):
        url = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
        assert dcat_terms.licence_url("lo-2.0", url) == (
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence")

    @pytest.mark.parametrize("licence, url, expected", [
        ("odc-odbl", "https://opendatacommons.org/licenses/odbl/1-0/",
         "http://opendatacommons.org/licenses/odbl/summary/"),
        ("cc-by-4.0", "https://creativecommons.org/licenses/by/4.0/",
         "http://www.opendefinition.org/licenses/cc-by"),
    ])
    def test_odbl_and_cc_by_as_data_gouv_knows_them(self, licence, url, expected):
        assert dcat_terms.licence_url(licence, url) == expected

    def test_other_licences_keep_their_url(self):
        assert dcat_terms.licence_url("cc-by-sa-4.0", "https://creativecommons.org/licenses/by-sa/4.0/") == (
            "https://creativecommons.org/licenses/by-sa/4.0/")

    @pytest.mark.parametrize("licence", sorted(dcat_terms.DATA_GOUV_LICENCE_URLS))
    def test_a_harvest_of_what_is_written_finds_the_licence_again(self, licence):
        from ckanext.opendatalocale.federation import licences

        assert licences.licence_id(dcat_terms.DATA_GOUV_LICENCE_URLS[licence]) == licence

    @pytest.mark.parametrize("url", [None, "", "pas une adresse", "ftp://x.org/l"])
    def test_no_url_no_licence(self, url):
        assert dcat_terms.licence_url("notspecified", url) is None


class TestIdentifier:
    def test_declared_uri_is_kept(self):
        assert dcat_terms.permanent_identifier(
            " https://data.example.fr/id/42 ", "https://site/dataset/abc") == "https://data.example.fr/id/42"

    @pytest.mark.parametrize("declared", [None, "", "42", "urn:uuid:1234"])
    def test_otherwise_the_permanent_url(self, declared):
        assert dcat_terms.permanent_identifier(declared, "https://site/dataset/abc") == (
            "https://site/dataset/abc")


class TestPublisherAndSpatial:
    def test_valid_siren_is_compacted(self):
        assert dcat_terms.publisher_siren("214 202 186") == "214202186"

    @pytest.mark.parametrize("siren", [None, "", "214202187", "12"])
    def test_invalid_siren_is_left_out(self, siren):
        assert dcat_terms.publisher_siren(siren) is None

    def test_dataset_coverage_first_then_territory(self):
        assert dcat_terms.spatial_code("2a004", "42218") == "2A004"
        assert dcat_terms.spatial_code("", "42218") == "42218"
        assert dcat_terms.spatial_code(None, None) is None



class TestIris:
    @pytest.mark.parametrize("value,code", [("CSV", "CSV"), ("csv", "CSV"), (".xlsx", "XLSX"),
                                            ("GeoJSON", "GEOJSON"), ("JSON-LD", "JSON_LD")])
    def test_known_formats_become_eu_file_types(self, value, code):
        assert dcat_terms.file_type_uri(value) == dcat_terms.FILE_TYPE_AUTHORITY + code

    @pytest.mark.parametrize("value", [None, "", "Format maison", "text/csv"])
    def test_unknown_formats_stay_as_they_are(self, value):
        assert dcat_terms.file_type_uri(value) is None

    def test_media_types(self):
        assert dcat_terms.media_type_uri("Text/CSV; charset=utf-8") == (
            "https://www.iana.org/assignments/media-types/text/csv")
        assert dcat_terms.media_type_uri("CSV") is None
        assert dcat_terms.media_type_uri("text/csv <script>") is None

    def test_languages(self):
        assert dcat_terms.language_uri("fr") == dcat_terms.LANGUAGE_AUTHORITY + "FRA"
        assert dcat_terms.language_uri("en_GB") == dcat_terms.LANGUAGE_AUTHORITY + "ENG"
        assert dcat_terms.language_uri("xx") is None


class TestTerritoryBBox:
    def test_stored_box_becomes_a_wkt_polygon(self):
        assert dcat_terms.territory_bbox_wkt("4,45,5,46") == "POLYGON((4 45, 5 45, 5 46, 4 46, 4 45))"

    def test_no_box_or_a_hand_written_wrong_one_gives_nothing(self):
        for stored in (None, "", "4,45,5", "5,45,4,46", "abc"):
            assert dcat_terms.territory_bbox_wkt(stored) is None
