"""Which territory a dataset of a platform-level source belongs to: pure, no CKAN."""
from ckanext.opendatalocale.federation import publisher_match as pm

FIRMINY = {"id": "t-firminy", "name": "firminy", "title": "Commune de Firminy", "kind": "commune",
           "siren": "214 200 990", "insee_code": "42095"}
SAINT_ETIENNE = {"id": "t-se", "name": "saint-etienne", "title": "Saint-Étienne", "kind": "commune",
                 "siren": "214202186", "insee_code": "42218"}
LOIRE = {"id": "t-loire", "name": "loire", "title": "Département de la Loire", "kind": "departement",
         "siren": "224200014", "insee_code": "42"}
# Région 84 and département 84 share a code: only the level tells them apart.
REGION = {"id": "t-ara", "name": "ara", "title": "Auvergne-Rhône-Alpes", "kind": "region",
          "siren": "200053767", "insee_code": "84"}
EPCI = {"id": "t-sem", "name": "sem", "title": "Saint-Étienne Métropole", "kind": "intercommunalite",
        "siren": "200065597", "insee_code": ""}
INDEX = pm.TerritoryIndex.of([FIRMINY, SAINT_ETIENNE, LOIRE, REGION, EPCI])


def _place(dataset, *mappings):
    return pm.place(pm.publisher_of(dataset), INDEX, mappings)


def test_siren_in_the_forms_portals_write_it():
    for reference in ("214200990", "214 200 990", "SIREN:214200990",
                      "https://annuaire.example.fr/siren/214200990",
                      "https://www.example.fr/etablissement/21420099000015",  # SIRET
                      "SIRET 214 200 990 00015"):
        placement = _place({"publisher": [{"name": "Mairie", "identifier": reference}]})
        assert placement == pm.Placement("t-firminy", "siren 214200990"), reference


def test_siren_from_dcat_extras_uri_and_from_a_ckan_organization():
    assert _place({"extras": [{"key": "publisher_uri",
                               "value": "https://data.example.fr/organisation/siren/200065597"}]}
                  ).territory_id == "t-sem"
    assert _place({"organization": {"title": "Ville", "siren": "214202186"}}).territory_id == "t-se"
    assert _place({"organization": {"title": "Ville", "extras": [
        {"key": "insee_code", "value": "42095"}]}}).territory_id == "t-firminy"


def test_a_number_failing_its_check_key_is_not_a_siren():
    placement = _place({"publisher": [{"name": "Mairie", "identifier": "214200991"}]})
    assert placement.territory_id is None
    assert "ne donne ni SIREN, ni SIRET, ni code INSEE" in placement.reason
    assert "« Mairie »" in placement.reason


def test_insee_from_publisher_then_spatial_at_its_level():
    assert _place({"publisher": [{"uri": "http://id.insee.fr/geo/commune/42218"}]}
                  ) == pm.Placement("t-se", "insee commune 42218")
    assert _place({"spatial_coverage": [{"uri": "http://id.insee.fr/geo/commune/42095"}]}
                  ).territory_id == "t-firminy"
    assert _place({"extras": [{"key": "spatial_uri", "value": "http://id.insee.fr/geo/region/84"}]}
                  ).territory_id == "t-ara"
    assert _place({"spatial_coverage": "fr:departement:42"}).territory_id == "t-loire"
    # The suite's own spatial_coverage: a bare commune code.
    assert _place({"spatial_coverage": "42218"}).territory_id == "t-se"
    # Département 84 is not on this portal: region 84 is not taken for it.
    placement = _place({"spatial_coverage": [{"uri": "http://id.insee.fr/geo/departement/84"}]})
    assert placement.territory_id is None and "code INSEE 84" in placement.reason


def test_siren_wins_over_spatial():
    dataset = {"publisher": [{"identifier": "214200990"}],
               "spatial_coverage": [{"uri": "http://id.insee.fr/geo/commune/42218"}]}
    assert _place(dataset).territory_id == "t-firminy"


def test_two_territories_by_the_same_rule_are_not_guessed():
    placement = _place({"publisher": [{"name": "Groupement", "identifier": "214200990 214202186"}]})
    assert placement.territory_id is None
    assert "plusieurs territoires (Commune de Firminy, Saint-Étienne)" in placement.reason


def test_mapping_by_name_or_uri_as_fallback():
    site = pm.parse_mapping("""
        # publisher = territory
        Mairie de Firminy = firminy
        https://www.data.gouv.fr/fr/organizations/ville-de-saint-etienne/ = saint-etienne
        Ancienne commune = disparue
    """)
    assert _place({"publisher": [{"name": "  MAIRIE de  firminy "}]}, site
                  ) == pm.Placement("t-firminy", "correspondance « MAIRIE de firminy »")
    assert _place({"publisher": [{"uri": "https://www.data.gouv.fr/fr/organizations/ville-de-saint-etienne"}]},
                  site).territory_id == "t-se"
    # The source's own mapping comes first.
    source = {pm.normalise_key("Mairie de Firminy"): "saint-etienne"}
    assert _place({"publisher": [{"name": "Mairie de Firminy"}]}, source, site).territory_id == "t-se"
    missing = _place({"publisher": [{"name": "Ancienne commune"}]}, site)
    assert missing.territory_id is None and "« disparue », qui n'existe pas" in missing.reason
    # A code that names no territory, no mapping: said with the codes seen.
    unknown = _place({"publisher": [{"name": "Commune X", "identifier": "214201873"}]}, site)
    assert unknown.territory_id is None
    assert "aucun territoire de ce portail ne porte SIREN 214201873 (éditeur « Commune X »)" in unknown.reason


def test_scheming_publisher_as_json_text():
    assert _place({"publisher": '[{"name": "Ville", "identifier": "214202186"}]'}).territory_id == "t-se"


def test_helpers_ignore_what_is_not_a_code():
    assert pm.sirens_in("Budget 2023-2024, 1 234 567 €") == []
    assert pm.insee_codes_in("http://id.insee.fr/geo/commune/00000") == []
    assert pm.insee_codes_in("Code INSEE : 2A004") == [("commune", "2A004")]
