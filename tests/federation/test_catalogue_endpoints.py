"""The DCAT catalogue through CKAN: ckanext-dcat's endpoints with the suite's profile,
read back with rdflib from the real output (CKAN 2.11 and 2.12)."""
import pytest
from ckan.tests import factories, helpers
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT, FOAF, RDF, SKOS

DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

SUBVENTIONS_2_1_1 = "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
DELIBERATIONS_2_1_5 = "https://schema.data.gouv.fr/schemas/scdl/deliberations/2.1.5/schema.json"
LICENCE_OUVERTE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
ANNUAL = "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
SITE = "http://127.0.0.1:5000"

FORMATS = {"ttl": "turtle", "xml": "xml", "rdf": "xml", "jsonld": "json-ld"}


def _graph(app, url, rdf_format):
    response = app.get(url)
    assert response.status_code == 200, (url, response.status_code)
    graph = Graph()
    graph.parse(data=response.get_data(as_text=True), format=rdf_format)
    return graph


@pytest.fixture
def firminy():
    return factories.Organization(kind="commune", title="Commune de Firminy",
                                  siren="214 200 990", insee_code="42095")


@pytest.fixture
def grants(firminy):
    dataset = factories.Dataset(
        owner_org=firminy["id"], title="Subventions 2025",
        notes="Subventions versées aux associations en 2025.",
        license_id="lo-2.0", frequency=ANNUAL,
        temporal_start="2025-01-01", temporal_end="2025-12-31")
    helpers.call_action("resource_create", package_id=dataset["id"], name="Subventions",
                        url="https://www.example.org/subventions-2025.csv", format="CSV",
                        schema={"name": "scdl/subventions", "version": "2.1.1"})
    helpers.call_action("resource_create", package_id=dataset["id"], name="Délibérations",
                        url="https://www.example.org/deliberations.csv", format="CSV",
                        schema="scdl/deliberations")  # no version: the latest is stored
    helpers.call_action("resource_create", package_id=dataset["id"], name="Notice",
                        url="https://www.example.org/notice.pdf", format="PDF")
    return helpers.call_action("package_show", id=dataset["id"])


def _dataset_node(graph, dataset):
    node = URIRef(f"{SITE}/dataset/{dataset['id']}")
    assert (node, RDF.type, DCAT.Dataset) in graph
    return node


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestDatasetInTheCatalogue:
    @pytest.mark.parametrize("extension", sorted(FORMATS))
    def test_catalogue_in_every_serialisation(self, app, grants, extension):
        graph = _graph(app, f"/catalog.{extension}", FORMATS[extension])
        node = _dataset_node(graph, grants)
        assert graph.value(node, DCT.title) == Literal("Subventions 2025")

    def test_each_distribution_has_exactly_the_declared_schema_version(self, app, grants):
        graph = _graph(app, f"/dataset/{grants['id']}.ttl", "turtle")
        node = _dataset_node(graph, grants)
        by_title = {str(graph.value(d, DCT.title)): d for d in graph.objects(node, DCAT.distribution)}
        assert set(by_title) == {"Subventions", "Délibérations", "Notice"}
        assert list(graph.objects(by_title["Subventions"], DCT.conformsTo)) == [
            URIRef(SUBVENTIONS_2_1_1)]
        assert list(graph.objects(by_title["Délibérations"], DCT.conformsTo)) == [
            URIRef(DELIBERATIONS_2_1_5)]
        assert list(graph.objects(by_title["Notice"], DCT.conformsTo)) == []
        assert (URIRef(SUBVENTIONS_2_1_1), RDF.type, DCT.Standard) in graph

    def test_publisher_is_the_territory_with_its_siren(self, app, grants, firminy):
        graph = _graph(app, f"/dataset/{grants['id']}.rdf", "xml")
        publishers = list(graph.objects(_dataset_node(graph, grants), DCT.publisher))
        assert publishers == [URIRef(f"{SITE}/organization/{firminy['id']}")]
        publisher = publishers[0]
        assert graph.value(publisher, FOAF.name) == Literal("Commune de Firminy")
        assert list(graph.objects(publisher, DCT.identifier)) == [Literal("214200990")]
        assert graph.value(publisher, DCT.type) == URIRef(
            "http://purl.org/adms/publishertype/LocalAuthority")

    def test_spatial_temporal_frequency_licence_identifier_modified(self, app, grants):
        graph = _graph(app, f"/dataset/{grants['id']}.jsonld", "json-ld")
        node = _dataset_node(graph, grants)

        locations = list(graph.objects(node, DCT.spatial))
        assert len(locations) == 1
        assert graph.value(locations[0], DCT.identifier) == Literal("42095")
        assert graph.value(locations[0], SKOS.prefLabel) == Literal("Commune de Firminy")

        periods = list(graph.objects(node, DCT.temporal))
        assert len(periods) == 1
        assert (periods[0], RDF.type, DCT.PeriodOfTime) in graph
        assert str(graph.value(periods[0], DCAT.startDate)).startswith("2025-01-01")
        assert str(graph.value(periods[0], DCAT.endDate)).startswith("2025-12-31")

        assert graph.value(node, DCT.accrualPeriodicity) == URIRef(ANNUAL)
        assert list(graph.objects(node, DCT.license)) == [URIRef(LICENCE_OUVERTE)]
        for distribution in graph.objects(node, DCAT.distribution):
            assert list(graph.objects(distribution, DCT.license)) == [URIRef(LICENCE_OUVERTE)]
        assert list(graph.objects(node, DCT.identifier)) == [
            Literal(f"{SITE}/dataset/{grants['id']}")]
        assert graph.value(node, DCT.modified) is not None

    def test_a_declared_identifier_uri_is_kept(self, app, firminy):
        dataset = factories.Dataset(owner_org=firminy["id"],
                                    identifier="https://data.loire.fr/id/budget-2025")
        graph = _graph(app, f"/dataset/{dataset['id']}.ttl", "turtle")
        assert list(graph.objects(_dataset_node(graph, dataset), DCT.identifier)) == [
            Literal("https://data.loire.fr/id/budget-2025")]

    def test_dataset_coverage_overrides_the_territory_code(self, app, firminy):
        dataset = factories.Dataset(owner_org=firminy["id"], spatial_coverage="42")
        graph = _graph(app, f"/dataset/{dataset['id']}.ttl", "turtle")
        locations = list(graph.objects(_dataset_node(graph, dataset), DCT.spatial))
        assert [graph.value(location, DCT.identifier) for location in locations] == [Literal("42")]
        assert graph.value(locations[0], SKOS.prefLabel) is None


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestPrivateDatasets:
    def test_never_in_the_catalogue_nor_served_alone(self, app, firminy):
        member = factories.User()
        helpers.call_action("organization_member_create", id=firminy["id"],
                            username=member["name"], role="editor")
        public = factories.Dataset(owner_org=firminy["id"], title="Public")
        hidden = factories.Dataset(owner_org=firminy["id"], title="Privé", private=True)
        hidden_node = URIRef(f"{SITE}/dataset/{hidden['id']}")
        for extension, rdf_format in FORMATS.items():
            graph = _graph(app, f"/catalog.{extension}", rdf_format)
            _dataset_node(graph, public)
            assert not list(graph.triples((hidden_node, None, None)))
            assert "Privé" not in {str(o) for o in graph.objects(None, DCT.title)}

        anonymous = app.get(f"/dataset/{hidden['id']}.rdf")
        assert anonymous.status_code in (403, 404)
        # even its own members: a harvester logged in as one must not copy it
        token = helpers.call_action("api_token_create", context={"user": member["name"]},
                                    user=member["name"], name="t")["token"]
        as_member = app.get(f"/dataset/{hidden['id']}.ttl", headers={"Authorization": token})
        assert as_member.status_code in (403, 404)
        assert "Privé" not in as_member.get_data(as_text=True)
        assert app.get(f"/dataset/{public['id']}.ttl",
                       headers={"Authorization": token}).status_code == 200


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
class TestPages:
    def test_pages_answer_200_without_redirect_and_link_the_next(self, app, firminy):
        for number in range(5):
            factories.Dataset(owner_org=firminy["id"], title=f"Jeu {number}")
        seen = set()
        url, pages = "/catalog.ttl", 0
        while url:
            response = app.get(url, follow_redirects=False)
            assert response.status_code == 200, (url, response.status_code)
            graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
            seen |= set(graph.subjects(RDF.type, DCAT.Dataset))
            collection = next(graph.subjects(RDF.type, HYDRA.PagedCollection))
            following = graph.value(collection, HYDRA.nextPage)
            assert following == graph.value(collection, HYDRA.next)
            url = str(following).replace(SITE, "") if following else None
            pages += 1
        assert pages == 3
        assert len(seen) == 5


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestDcatApRanges:
    """What DCAT-AP's shapes ask for beyond ckanext-dcat's output (benchmarks/dcat_conformance.py
    runs the shapes themselves)."""

    def test_formats_media_types_and_links_are_typed_iris(self, app, grants):
        graph = _graph(app, f"/dataset/{grants['id']}.ttl", "turtle")
        node = _dataset_node(graph, grants)
        by_title = {str(graph.value(d, DCT.title)): d for d in graph.objects(node, DCAT.distribution)}
        csv = URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")
        assert list(graph.objects(by_title["Subventions"], DCT["format"])) == [csv]
        assert (csv, RDF.type, DCT.MediaTypeOrExtent) in graph
        assert list(graph.objects(by_title["Notice"], DCT["format"])) == [
            URIRef("http://publications.europa.eu/resource/authority/file-type/PDF")]
        for distribution in by_title.values():
            for link in graph.objects(distribution, DCAT.accessURL):
                assert (link, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Resource")) in graph

    def test_media_type_is_an_iana_iri(self, app, firminy):
        dataset = factories.Dataset(owner_org=firminy["id"])
        helpers.call_action("resource_create", package_id=dataset["id"], name="Fichier",
                            url="https://www.example.org/f.csv", mimetype="text/csv")
        graph = _graph(app, f"/dataset/{dataset['id']}.ttl", "turtle")
        distribution = next(graph.objects(_dataset_node(graph, dataset), DCAT.distribution))
        iana = URIRef("https://www.iana.org/assignments/media-types/text/csv")
        assert list(graph.objects(distribution, DCAT.mediaType)) == [iana]
        assert (iana, RDF.type, DCT.MediaType) in graph

    def test_catalogue_has_description_publisher_and_language_iri(self, app, grants):
        graph = _graph(app, "/catalog.ttl", "turtle")
        catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
        assert graph.value(catalogue, DCT.description) is not None
        publisher = graph.value(catalogue, DCT.publisher)
        assert publisher == URIRef(SITE)
        assert graph.value(publisher, FOAF.name) is not None
        assert list(graph.objects(catalogue, DCT.language)) == [
            URIRef("http://publications.europa.eu/resource/authority/language/FRA")]

    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.publisher_name", "Région Exemple")
    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.publisher_uri", "https://region.example.fr/")
    def test_catalogue_publisher_from_the_options(self, app, grants):
        graph = _graph(app, "/catalog.ttl", "turtle")
        catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
        publisher = graph.value(catalogue, DCT.publisher)
        assert publisher == URIRef("https://region.example.fr/")
        assert graph.value(publisher, FOAF.name) == Literal("Région Exemple")


XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCAT_AP_2 = "opendatalocale_dcat_ap_2"


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
class TestDcatAp2Variant:
    """?profiles=opendatalocale_dcat_ap_2: DCAT-AP 2.1.1 types dcat:byteSize xsd:decimal
    where 3.0.0 wants xsd:nonNegativeInteger; the suite's corrections hold in both."""

    @pytest.fixture
    def sized(self, firminy):
        dataset = factories.Dataset(owner_org=firminy["id"], title="Subventions 2025",
                                    license_id="lo-2.0")
        helpers.call_action("resource_create", package_id=dataset["id"], name="Subventions",
                            url="https://www.example.org/s.csv", format="CSV", size=123456,
                            schema={"name": "scdl/subventions", "version": "2.1.1"})
        return helpers.call_action("package_show", id=dataset["id"])

    def _distribution(self, graph, dataset):
        [distribution] = graph.objects(_dataset_node(graph, dataset), DCAT.distribution)
        return distribution

    def test_byte_size_typed_for_each_version(self, app, sized):
        default = _graph(app, "/catalog.ttl", "turtle")
        assert list(default.objects(self._distribution(default, sized), DCAT.byteSize)) == [
            Literal(123456, datatype=XSD.nonNegativeInteger)]
        for url in (f"/catalog.ttl?profiles={DCAT_AP_2}", f"/dataset/{sized['id']}.ttl?profiles={DCAT_AP_2}"):
            graph = _graph(app, url, "turtle")
            [size] = graph.objects(self._distribution(graph, sized), DCAT.byteSize)
            assert size.datatype == XSD.decimal and size.toPython() == 123456, url

    def test_suite_corrections_kept_in_the_dcat_ap_2_variant(self, app, sized, firminy):
        graph = _graph(app, f"/catalog.rdf?profiles={DCAT_AP_2}", "xml")
        node = _dataset_node(graph, sized)
        distribution = self._distribution(graph, sized)
        assert list(graph.objects(distribution, DCT.conformsTo)) == [URIRef(SUBVENTIONS_2_1_1)]
        assert list(graph.objects(distribution, DCT.license)) == [URIRef(LICENCE_OUVERTE)]
        assert list(graph.objects(node, DCT.license)) == [URIRef(LICENCE_OUVERTE)]
        [publisher] = graph.objects(node, DCT.publisher)
        assert graph.value(publisher, FOAF.name) == Literal("Commune de Firminy")
        assert graph.value(publisher, DCT.identifier) is not None
        assert str(graph.value(node, DCT.identifier)).startswith("http")
        assert list(graph.objects(distribution, DCT["format"])) == [
            URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")]

    @pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "1")
    def test_territory_catalogue_keeps_the_profile_from_page_to_page(self, app, sized, firminy):
        other = factories.Dataset(owner_org=firminy["id"], title="Autre")
        helpers.call_action("resource_create", package_id=other["id"], name="F",
                            url="https://www.example.org/f.csv", format="CSV", size=7)
        url, sizes = f"/catalog/{firminy['name']}.ttl?profiles={DCAT_AP_2}", []
        while url:
            graph = _graph(app, url, "turtle")
            sizes += list(graph.objects(None, DCAT.byteSize))
            following = graph.value(next(graph.subjects(RDF.type, HYDRA.PagedCollection)),
                                    HYDRA.nextPage)
            url = str(following).replace(SITE, "") if following else None
            if url:
                assert f"profiles={DCAT_AP_2}" in url
        assert sorted(size.toPython() for size in sizes) == [7, 123456]
        assert {size.datatype for size in sizes} == {XSD.decimal}

    def test_unknown_profile_is_a_french_400_on_a_territory(self, app, firminy):
        response = app.get(f"/catalog/{firminy['name']}.ttl?profiles=inconnu")
        assert response.status_code == 400
        assert "Profil inconnu" in response.get_data(as_text=True)


def _spy(monkeypatch, method):
    """The calls of one of ckanext-dcat's serializer methods (a spy: the real one runs)."""
    from ckanext.dcat.processors import RDFSerializer
    calls = []
    real = getattr(RDFSerializer, method)

    def counted(self, *args, **kwargs):
        calls.append(args[0].get("id") if args and isinstance(args[0], dict) else None)
        return real(self, *args, **kwargs)
    monkeypatch.setattr(RDFSerializer, method, counted)
    return calls


@pytest.fixture
def renders(monkeypatch):
    """How many catalogue pages were rendered, whole or from pieces: each builds the
    catalogue's own node once."""
    return _spy(monkeypatch, "graph_from_catalog")


@pytest.fixture
def dataset_graphs(monkeypatch):
    """The datasets whose graph was built (ids, in order)."""
    return _spy(monkeypatch, "graph_from_dataset")


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_redis")
class TestCataloguePieces:
    """Pages put together from each dataset's kept serialisation
    (federation/catalogue_fragments.py): the same graph as ckanext-dcat's whole render,
    and a changed dataset made again alone."""

    @pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
    @pytest.mark.parametrize("profiles", ["", f"&profiles={DCAT_AP_2}"])
    def test_the_same_graph_as_the_whole_render(self, app, ckan_config, monkeypatch,
                                                firminy, grants, extension, profiles):
        from rdflib.compare import isomorphic
        for number in range(3):
            factories.Dataset(owner_org=firminy["id"], title=f"Jeu {number}",
                              license_id="lo-2.0")
        url = f"/catalog.{extension}?page=1{profiles}"
        monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.dcat.page_cache_seconds", "0")
        monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.dcat.fragment_cache_seconds", "0")
        whole = _graph(app, url, FORMATS[extension])
        monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.dcat.fragment_cache_seconds", "600")
        cold, warm = _graph(app, url, FORMATS[extension]), _graph(app, url, FORMATS[extension])
        assert len(whole) > 100 and len(set(whole.subjects(RDF.type, DCAT.Dataset))) == 4
        assert isomorphic(whole, cold) and isomorphic(whole, warm)

    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.page_cache_seconds", "0")
    def test_a_changed_dataset_is_made_again_alone(self, app, firminy, grants, dataset_graphs):
        other = factories.Dataset(owner_org=firminy["id"], title="Reste public")
        del dataset_graphs[:]
        app.get("/catalog.ttl")
        assert sorted(dataset_graphs) == sorted([grants["id"], other["id"]])
        helpers.call_action("package_patch", id=grants["id"], title="Subventions 2025 (corrigé)")
        del dataset_graphs[:]  # the quality score's own graph, when the dataset is indexed
        graph = _graph(app, "/catalog.ttl", "turtle")
        assert dataset_graphs == [grants["id"]]
        assert graph.value(_dataset_node(graph, grants), DCT.title) == Literal(
            "Subventions 2025 (corrigé)")
        assert graph.value(_dataset_node(graph, other), DCT.title) == Literal("Reste public")
        # Another page of the same datasets (a territory's) reuses their pieces.
        del dataset_graphs[:]
        assert _dataset_node(_graph(app, f"/catalog/{firminy['name']}.ttl", "turtle"), other)
        assert dataset_graphs == []

    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.page_cache_seconds", "0")
    def test_a_renamed_territory_remakes_its_datasets(self, app, firminy, grants, dataset_graphs):
        app.get("/catalog.ttl")
        helpers.call_action("organization_patch", id=firminy["id"], title="Ville de Firminy")
        del dataset_graphs[:]
        graph = _graph(app, "/catalog.ttl", "turtle")
        [publisher] = graph.objects(_dataset_node(graph, grants), DCT.publisher)
        assert graph.value(publisher, FOAF.name) == Literal("Ville de Firminy")
        assert dataset_graphs == [grants["id"]]

    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.page_cache_seconds", "0")
    def test_an_unreadable_piece_is_made_again(self, app, grants, dataset_graphs):
        from ckan.lib.redis import connect_to_redis
        from ckanext.opendatalocale.federation import catalogue_fragments
        app.get("/catalog.ttl")
        redis = connect_to_redis()
        keys = list(redis.scan_iter(catalogue_fragments.PREFIX + "*"))
        assert len(keys) == 1
        redis.set(keys[0], b"pas un morceau")
        del dataset_graphs[:]
        graph = _graph(app, "/catalog.ttl", "turtle")
        assert _dataset_node(graph, grants) and dataset_graphs == [grants["id"]]
        del dataset_graphs[:]
        app.get("/catalog.ttl")
        assert dataset_graphs == []

    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.page_cache_seconds", "0")
    def test_a_private_dataset_has_no_piece_and_is_never_shown(self, app, firminy, grants):
        helpers.call_action("package_patch", id=grants["id"], private=True)
        for url in ("/catalog.ttl", "/catalog.jsonld", f"/catalog/{firminy['name']}.rdf"):
            body = app.get(url).get_data(as_text=True)
            assert grants["id"] not in body and "Subventions 2025" not in body, url


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_redis")
class TestPageCache:
    """Whole pages kept in Redis (federation/page_cache.py), never stale on what the key
    holds, never a private dataset."""

    def test_served_again_from_the_cache_until_a_dataset_changes(self, app, grants, renders):
        first = app.get("/catalog.ttl").get_data(as_text=True)
        assert app.get("/catalog.ttl").get_data(as_text=True) == first
        assert len(renders) == 1
        helpers.call_action("package_patch", id=grants["id"], title="Subventions 2025 (corrigé)")
        graph = _graph(app, "/catalog.ttl", "turtle")
        assert graph.value(_dataset_node(graph, grants), DCT.title) == Literal("Subventions 2025 (corrigé)")
        assert len(renders) == 2
        # A resource changed: its dataset's metadata_modified too.
        [resource] = [r for r in grants["resources"] if r["name"] == "Notice"]
        helpers.call_action("resource_patch", id=resource["id"], url="https://www.example.org/notice-2.pdf")
        assert "notice-2.pdf" in app.get("/catalog.ttl").get_data(as_text=True)

    def test_a_dataset_made_private_leaves_the_cached_page(self, app, firminy, grants, renders):
        other = factories.Dataset(owner_org=firminy["id"], title="Reste public")
        for url in ("/catalog.ttl", f"/catalog/{firminy['name']}.ttl"):
            graph = _graph(app, url, "turtle")
            assert _dataset_node(graph, grants) and _dataset_node(graph, other)
        helpers.call_action("package_patch", id=grants["id"], private=True)
        for url in ("/catalog.ttl", f"/catalog/{firminy['name']}.ttl"):
            body = app.get(url).get_data(as_text=True)
            assert grants["id"] not in body and "Subventions 2025" not in body, url
            assert other["id"] in body
        assert len(renders) == 4

    def test_a_renamed_territory_is_the_new_publisher(self, app, firminy, grants, renders):
        assert "Commune de Firminy" in app.get("/catalog.ttl").get_data(as_text=True)
        helpers.call_action("organization_patch", id=firminy["id"], title="Ville de Firminy")
        graph = _graph(app, "/catalog.ttl", "turtle")
        [publisher] = graph.objects(_dataset_node(graph, grants), DCT.publisher)
        assert graph.value(publisher, FOAF.name) == Literal("Ville de Firminy")

    def test_each_format_profile_and_page_has_its_own_entry(self, app, grants, renders):
        app.get("/catalog.ttl")
        app.get("/catalog.rdf")
        app.get(f"/catalog.ttl?profiles={DCAT_AP_2}")
        app.get("/catalog.ttl")
        assert len(renders) == 3

    @pytest.mark.ckan_config("ckanext.opendatalocale.dcat.page_cache_seconds", "0")
    def test_no_cache_when_its_lifetime_is_zero(self, app, grants, renders):
        app.get("/catalog.ttl")
        app.get("/catalog.ttl")
        assert len(renders) == 2
