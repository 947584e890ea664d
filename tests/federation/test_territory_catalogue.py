"""One catalogue per territory: /catalog/<territory>.<format>, paged like the whole one."""
import pytest
from ckan.tests import factories
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS as DCT, RDF

DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SITE = "http://127.0.0.1:5000"


def _titles(graph):
    return {str(graph.value(node, DCT.title)) for node in graph.subjects(RDF.type, DCAT.Dataset)}


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestTerritoryCatalogue:
    @pytest.mark.parametrize("extension,rdf_format,content_type", [
        ("ttl", "turtle", "text/turtle"), ("rdf", "xml", "application/rdf+xml"),
        ("xml", "xml", "application/rdf+xml"), ("jsonld", "json-ld", "application/ld+json")])
    def test_only_the_public_datasets_of_the_territory(self, app, extension, rdf_format, content_type):
        firminy = factories.Organization(kind="commune", title="Commune de Firminy")
        roanne = factories.Organization(kind="commune", title="Commune de Roanne")
        factories.Dataset(owner_org=firminy["id"], title="Budget de Firminy")
        factories.Dataset(owner_org=firminy["id"], title="Brouillon", private=True)
        factories.Dataset(owner_org=roanne["id"], title="Budget de Roanne")

        for key in (firminy["name"], firminy["id"]):
            response = app.get(f"/catalog/{key}.{extension}", follow_redirects=False)
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith(content_type)
            graph = Graph().parse(data=response.get_data(as_text=True), format=rdf_format)
            assert _titles(graph) == {"Budget de Firminy"}

    @pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
    def test_pages_link_the_next_page_of_the_same_territory(self, app):
        firminy = factories.Organization(kind="commune")
        other = factories.Organization(kind="commune")
        for number in range(3):
            factories.Dataset(owner_org=firminy["id"], title=f"Firminy {number}")
            factories.Dataset(owner_org=other["id"], title=f"Autre {number}")
        url, seen, pages = f"/catalog/{firminy['name']}.ttl", set(), 0
        while url:
            response = app.get(url, follow_redirects=False)
            assert response.status_code == 200, url
            graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
            seen |= _titles(graph)
            collection = next(graph.subjects(RDF.type, HYDRA.PagedCollection))
            following = graph.value(collection, HYDRA.nextPage)
            assert following == graph.value(collection, HYDRA.next)
            if following:
                assert str(following).startswith(f"{SITE}/catalog/{firminy['name']}.ttl?page=")
            url = str(following).replace(SITE, "") if following else None
            pages += 1
        assert pages == 2
        assert seen == {"Firminy 0", "Firminy 1", "Firminy 2"}

    def test_unknown_territory_format_or_page_answer_in_french(self, app):
        firminy = factories.Organization(kind="commune")
        group = factories.Group()
        for url in ("/catalog/inconnu.ttl", f"/catalog/{group['name']}.ttl"):
            response = app.get(url)
            assert response.status_code == 404
            assert "Territoire introuvable" in response.get_data(as_text=True)
        response = app.get(f"/catalog/{firminy['name']}.html")
        assert response.status_code == 404
        assert "Format inconnu" in response.get_data(as_text=True)
        for query in ("page=0", "page=abc", "modified_since=hier"):
            response = app.get(f"/catalog/{firminy['name']}.ttl?{query}")
            assert response.status_code == 400, query
            assert "Paramètre invalide" in response.get_data(as_text=True)
