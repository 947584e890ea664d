"""A territory's bounding box: entered on the territory, checked in French, published
in dct:spatial (dcat:bbox of the dct:Location, beside the COG code)."""
import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT, RDF, SKOS

DCAT = Namespace("http://www.w3.org/ns/dcat#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SITE = "http://127.0.0.1:5000"
FIRMINY_BOX = "POLYGON((4.2518 45.3669, 4.3377 45.3669, 4.3377 45.4058, 4.2518 45.4058, 4.2518 45.3669))"


def _locations(app, dataset, rdf_format="turtle", extension="ttl"):
    response = app.get(f"/dataset/{dataset['id']}.{extension}")
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdf_format)
    node = URIRef(f"{SITE}/dataset/{dataset['id']}")
    return graph, list(graph.objects(node, DCT.spatial))


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestTerritoryBoundingBox:
    def test_stored_normalised_and_shown(self):
        territory = factories.Organization(kind="commune", bbox="4,2518 ; 45,3669 ; 4,3377 ; 45,4058")
        shown = helpers.call_action("organization_show", id=territory["id"])
        assert shown["bbox"] == "4.2518,45.3669,4.3377,45.4058"

    @pytest.mark.parametrize("typed,words", [
        ("4.25, 45.36, 4.33", "4 nombres"),
        ("<script>alert(1)</script>", "4 nombres"),
        ("4.25, 45.36, 200, 45.40", "longitude est (200)"),
        ("4.25, -95, 4.33, 45.40", "latitude sud (-95)"),
        ("4.33, 45.36, 4.25, 45.40", "L'ouest (4.33) doit être plus petit que l'est (4.25)"),
        ("4.25, 45.40, 4.33, 45.36", "Le sud (45.4) doit être plus petit que le nord (45.36)"),
    ])
    def test_refused_in_french_and_nothing_stored(self, typed, words):
        territory = factories.Organization(kind="commune", bbox="4,45,5,46")
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action("organization_patch", id=territory["id"], bbox=typed)
        assert words in str(refused.value.error_dict["bbox"])
        assert helpers.call_action("organization_show", id=territory["id"])["bbox"] == "4,45,5,46"

    def test_edit_form_offers_the_field(self, app):
        sysadmin = factories.Sysadmin()
        territory = factories.Organization(kind="commune", title="Commune de Firminy")
        headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
        page = app.get(f"/organization/edit/{territory['name']}", headers=headers)
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert 'name="bbox"' in body
        assert "Emprise géographique" in body

    @pytest.mark.parametrize("extension,rdf_format", [("ttl", "turtle"), ("rdf", "xml"),
                                                      ("jsonld", "json-ld")])
    def test_dcat_spatial_has_the_code_and_the_box(self, app, extension, rdf_format):
        firminy = factories.Organization(kind="commune", title="Commune de Firminy",
                                         insee_code="42095",
                                         bbox="4.2518, 45.3669, 4.3377, 45.4058")
        dataset = factories.Dataset(owner_org=firminy["id"])
        graph, locations = _locations(app, dataset, rdf_format, extension)
        assert len(locations) == 1
        location = locations[0]
        assert (location, RDF.type, DCT.Location) in graph
        assert graph.value(location, DCT.identifier) == Literal("42095")
        assert graph.value(location, SKOS.prefLabel) == Literal("Commune de Firminy")
        assert list(graph.objects(location, DCAT.bbox)) == [
            Literal(FIRMINY_BOX, datatype=GEO.wktLiteral)]

    def test_a_box_without_a_code_is_still_published(self, app):
        territory = factories.Organization(kind="autre", bbox="4,45,5,46")
        dataset = factories.Dataset(owner_org=territory["id"])
        graph, locations = _locations(app, dataset)
        assert len(locations) == 1
        assert graph.value(locations[0], DCT.identifier) is None
        assert str(graph.value(locations[0], DCAT.bbox)) == "POLYGON((4 45, 5 45, 5 46, 4 46, 4 45))"

    def test_no_box_when_the_area_covered_has_none_or_none_entered(self, app):
        firminy = factories.Organization(kind="commune", insee_code="42095", bbox="4,45,5,46")
        departement = factories.Dataset(owner_org=firminy["id"], spatial_coverage="42")
        graph, locations = _locations(app, departement)
        assert [graph.value(loc, DCT.identifier) for loc in locations] == [Literal("42")]
        assert graph.value(locations[0], DCAT.bbox) is None

        roanne = factories.Organization(kind="commune", insee_code="42187")
        plain = factories.Dataset(owner_org=roanne["id"])
        graph, locations = _locations(app, plain)
        assert graph.value(locations[0], DCAT.bbox) is None

    def test_a_dataset_covering_its_departement_gets_the_departement_box(self, app):
        """The area it names is a territory of the portal with a box: that box, and its
        name; two territories sharing the code (région 84, département 84): no box."""
        loire = factories.Organization(kind="departement", title="Département de la Loire",
                                       insee_code="42", bbox="3.7,45.2,4.8,46.3")
        firminy = factories.Organization(kind="commune", insee_code="42095", bbox="4,45,5,46")
        dataset = factories.Dataset(owner_org=firminy["id"], spatial_coverage="42")
        graph, locations = _locations(app, dataset)
        assert [graph.value(loc, DCT.identifier) for loc in locations] == [Literal("42")]
        assert str(graph.value(locations[0], DCAT.bbox)) == (
            "POLYGON((3.7 45.2, 4.8 45.2, 4.8 46.3, 3.7 46.3, 3.7 45.2))")
        assert graph.value(locations[0], SKOS.prefLabel) == Literal(loire["title"])

        factories.Organization(kind="region", insee_code="84", bbox="2,44,7,47")
        factories.Organization(kind="departement", insee_code="84", bbox="4.6,43.6,5.8,44.5")
        ambiguous = factories.Dataset(owner_org=firminy["id"], spatial_coverage="84")
        graph, locations = _locations(app, ambiguous)
        assert graph.value(locations[0], DCAT.bbox) is None
