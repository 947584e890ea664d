"""Harvesting a commune's DCAT catalogue into its territory: ckanext-harvest 1.6.3 and
ckanext-dcat's own DCAT RDF harvester (`dcat_rdf`), constrained by the suite's hooks
(opendatalocale_harvest). Sources are served on 127.0.0.2 by the test itself (the
allowed network of test.ini; 127.0.0.1, where Solr and PostgreSQL listen, stays refused)."""
import http.server
import threading

import pytest
from ckan import model
from ckan.tests import factories, helpers
from ckanext.harvest import model as harvest_model
from ckanext.harvest.tests.lib import run_harvest_job

PLUGINS = ("scheming_datasets scheming_organizations opendatalocale opendatalocale_territories "
           "dcat opendatalocale_dcat harvest dcat_rdf_harvester opendatalocale_harvest")
SITE = "http://127.0.0.1:5000"
SUBVENTIONS_2_1_1 = "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
LICENCE_OUVERTE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"


class _Pages(dict):
    """path -> (status, content type, body) served by the test server."""


@pytest.fixture
def server():
    pages = _Pages()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, with_body):
            status, content_type, body = pages.get(self.path, (404, "text/plain", b"absent"))
            self.send_response(status)
            if status in (301, 302, 303, 307, 308):
                self.send_header("Location", pages.redirect_to)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self):
            pages.setdefault("_seen", []).append(("GET", self.path))
            self._answer(True)

        def do_HEAD(self):
            pages.setdefault("_seen", []).append(("HEAD", self.path))
            self._answer(False)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    pages.base = f"http://127.0.0.2:{httpd.server_port}"
    yield pages
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def harvest_db(odl_db, migrate_db_for):
    # clean_db drops ckanext-harvest's tables with the rest: `ckan db upgrade -p harvest`.
    migrate_db_for("harvest")


def _source(territory, url, name="source-commune"):
    sysadmin = factories.Sysadmin()
    return helpers.call_action(
        "harvest_source_create", {"user": sysadmin["name"]}, name=name, title="Catalogue de la commune",
        url=url, source_type="dcat_rdf", owner_org=territory["id"], frequency="MANUAL")


def _run(source):
    job = harvest_model.HarvestJob(source=harvest_model.HarvestSource.get(source["id"]))
    job.save()
    results = run_harvest_job(job, _harvester())
    job = harvest_model.HarvestJob.get(job.id)
    gather_errors = [error.message for error in job.gather_errors]
    return results, gather_errors


def _harvester():
    from ckanext.dcat.harvesters import DCATRDFHarvester
    return DCATRDFHarvester()


def _datasets_of(territory):
    return helpers.call_action("package_search", fq=f'owner_org:"{territory["id"]}"',
                               include_private=True, rows=100)["results"]


def _serve_catalogue(app, pages, territory_name, path="/commune/catalog.ttl"):
    """The suite's own catalogue of a territory, every page, next links pointing at
    the test server."""
    url, served = f"/catalog/{territory_name}.ttl", 0
    while url:
        body = app.get(url).get_data(as_text=True)
        local = path if served == 0 else f"{path}?page={served + 1}"
        next_link = f"{SITE}/catalog/{territory_name}.ttl?page={served + 2}"
        has_next = next_link in body
        body = body.replace(next_link, pages.base + f"{path}?page={served + 2}")
        pages[local] = (200, "text/turtle", body.encode("utf-8"))
        served += 1
        url = next_link.replace(SITE, "") if has_next else None
    return pages.base + path


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index")
class TestHarvestIntoTerritory:
    def test_round_trip_of_the_suites_own_catalogue(self, app, server):
        commune = factories.Organization(kind="commune", title="Commune de Firminy",
                                         siren="214 200 990", insee_code="42095")
        for number in range(3):
            dataset = factories.Dataset(
                owner_org=commune["id"], title=f"Subventions {2023 + number}",
                notes="Subventions versées aux associations.", license_id="lo-2.0")
            helpers.call_action("resource_create", package_id=dataset["id"], name="Subventions",
                                url=f"https://www.example.org/subventions-{number}.csv",
                                format="CSV", schema={"name": "scdl/subventions", "version": "2.1.1"})
        originals = {d["title"]: d for d in _datasets_of(commune)}
        url = _serve_catalogue(app, server, commune["name"])
        assert f"{server.base}/commune/catalog.ttl?page=2" in server["/commune/catalog.ttl"][2].decode()

        region = factories.Organization(kind="region", title="Région")
        source = _source(region, url)
        results, gather_errors = _run(source)
        assert gather_errors == []
        assert sorted(result["state"] for result in results.values()) == ["COMPLETE"] * 3, [
            [e.message for e in r["errors"]] for r in results.values()]

        copies = {d["title"]: d for d in _datasets_of(region)}
        assert set(copies) == set(originals)
        for title, copy in copies.items():
            original = originals[title]
            assert copy["owner_org"] == region["id"]
            assert copy["identifier"] == f"{SITE}/dataset/{original['id']}"
            assert copy["id"] != original["id"]
            assert copy["notes"] == original["notes"]
            assert copy["license_id"] == "lo-2.0"
            assert [(r["url"], r["schema"]) for r in copy["resources"]] == [
                (r["url"], {"name": "scdl/subventions", "version": "2.1.1"})
                for r in original["resources"]]
        # Every request of the harvester went through the suite's fetcher: GET only
        # (ckanext-dcat's own HEAD never left), one per page.
        assert server["_seen"] == [("GET", "/commune/catalog.ttl"), ("GET", "/commune/catalog.ttl?page=2")]

        # Re-harvesting updates in place (same identifier), never duplicates.
        results, gather_errors = _run(source)
        assert gather_errors == []
        assert sorted(d["id"] for d in _datasets_of(region)) == sorted(d["id"] for d in copies.values())

    def test_a_remote_publisher_cannot_pick_the_territory(self, app, server):
        server["/cat.ttl"] = (200, "text/turtle", _turtle([("a", "Jeu A")]).encode())
        target = factories.Organization(kind="commune")
        results, errors = _run(_source(target, server.base + "/cat.ttl"))
        assert errors == []
        [dataset] = _datasets_of(target)
        assert dataset["identifier"] == "https://commune.example.fr/id/a"
        assert dataset["title"] == "Jeu A"


def _turtle(datasets):
    nodes = []
    for key, title in datasets:
        nodes.append(f"""
<https://commune.example.fr/dataset/{key}> a dcat:Dataset ;
    dct:title {_literal(title)} ;
    dct:identifier "https://commune.example.fr/id/{key}" ;
    dct:description "Description." .""")
    return ("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
            "@prefix dct: <http://purl.org/dc/terms/> .\n"
            "<https://commune.example.fr/catalog> a dcat:Catalog ;\n"
            + "".join(f"    dcat:dataset <https://commune.example.fr/dataset/{k}> ;\n" for k, _ in datasets)
            + "    dct:title \"Catalogue\" .\n" + "".join(nodes) + "\n")


def _literal(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _ids(territory):
    return sorted(d["id"] for d in _datasets_of(territory))


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index")
class TestHarvestFaults:
    """Each fault: a French gather error, the datasets harvested before untouched (not
    updated, not deleted), and the next run resumes."""

    @pytest.mark.parametrize("fault,words", [
        ((500, "text/plain", b"erreur"), "erreur HTTP 500"),
        ((200, "text/turtle", b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:Dataset ;\n dct:title"),
         "n'est pas un document RDF lisible"),
        ((200, "application/rdf+xml", b"<rdf:RDF xmlns:rdf='x'><unclosed>"),
         "n'est pas un document RDF lisible"),
        ((200, "text/turtle", "é".encode("latin-1") * 10), "n'est pas du texte UTF-8"),
        ((302, "text/plain", b""), "boucle locale"),
    ])
    def test_fault_keeps_what_was_harvested_and_next_run_resumes(self, server, fault, words):
        good = (200, "text/turtle", _turtle([("a", "Jeu A"), ("b", "Jeu B")]).encode())
        server["/cat.ttl"] = good
        commune = factories.Organization(kind="commune")
        source = _source(commune, server.base + "/cat.ttl")
        assert _run(source)[1] == []
        before = _ids(commune)
        assert len(before) == 2
        modified = {d["id"]: d["metadata_modified"] for d in _datasets_of(commune)}

        if fault[0] == 302:
            # A redirect to the machine itself (Solr's port): refused at the hop.
            server.redirect_to = "http://127.0.0.1:8983/solr/"
        server["/cat.ttl"] = fault
        results, errors = _run(source)
        assert results == {}
        assert len(errors) == 1 and words in errors[0], errors
        assert "Les jeux de données déjà moissonnés restent inchangés" in errors[0]
        assert {d["id"]: d["metadata_modified"] for d in _datasets_of(commune)} == modified

        server["/cat.ttl"] = (200, "text/turtle", _turtle([("a", "Jeu A"), ("c", "Jeu C")]).encode())
        results, errors = _run(source)
        assert errors == []
        assert sorted(d["title"] for d in _datasets_of(commune)) == ["Jeu A", "Jeu C"]

    def test_unreachable_source(self, server):
        import socket
        closed = socket.socket()
        closed.bind(("127.0.0.2", 0))
        port = closed.getsockname()[1]
        closed.close()
        commune = factories.Organization(kind="commune")
        results, errors = _run(_source(commune, f"http://127.0.0.2:{port}/catalog.ttl"))
        assert results == {}
        assert len(errors) == 1 and "n'a pas été moissonné" in errors[0], errors
        assert "n'a pas pu être téléchargé" in errors[0]
        assert _datasets_of(commune) == []

    @pytest.mark.parametrize("url,words", [
        ("http://127.0.0.1:8983/solr/admin/cores?action=STATUS", "boucle locale"),
        ("http://169.254.169.254/latest/meta-data/", "métadonnées d'hébergement"),
        ("/etc/passwd", "seules les adresses http:// et https:// sont lues"),
        ("file:///etc/passwd", "seules les adresses http:// et https:// sont lues"),
    ])
    def test_private_addresses_and_local_files_are_never_read(self, url, words):
        commune = factories.Organization(kind="commune")
        source = _source(commune, "http://127.0.0.2:9/catalog.ttl")
        # Set directly: the refusal must hold even for a URL the source form let through.
        harvest_source = harvest_model.HarvestSource.get(source["id"])
        harvest_source.url = url
        harvest_source.save()
        results, errors = _run(source)
        assert results == {}
        assert len(errors) == 1 and words in errors[0], errors
        assert _datasets_of(commune) == []

    def test_a_bad_second_page_creates_nothing(self, server):
        page_one = _turtle([("a", "Jeu A")]).replace(
            '    dct:title "Catalogue" .',
            '    dct:title "Catalogue" .\n<https://commune.example.fr/catalog?page=1> a '
            '<http://www.w3.org/ns/hydra/core#PagedCollection> ;\n'
            f'    <http://www.w3.org/ns/hydra/core#nextPage> "{server.base}/cat.ttl?page=2" .')
        server["/cat.ttl"] = (200, "text/turtle", page_one.encode())
        server["/cat.ttl?page=2"] = (200, "text/turtle", b"@prefix broken")
        commune = factories.Organization(kind="commune")
        results, errors = _run(_source(commune, server.base + "/cat.ttl"))
        assert results == {}
        assert len(errors) == 1 and "page=2" in errors[0] and "RDF lisible" in errors[0], errors
        assert _datasets_of(commune) == []

    def test_hostile_text_refused_in_french_or_kept_as_text(self, app, server):
        server["/cat.ttl"] = (200, "text/turtle", _turtle([
            ("nul", "Budget\u0000caché"), ("long", "T" * 5000),
            ("xss", "<script>alert('x')</script> Budget"), ("ok", "Subventions")]).encode())
        commune = factories.Organization(kind="commune")
        results, errors = _run(_source(commune, server.base + "/cat.ttl"))
        assert errors == []
        messages = {guid.rsplit("/", 1)[-1]: [e.message for e in result["errors"]]
                    for guid, result in results.items()}
        assert "caractères de contrôle" in messages["nul"][0]
        assert "dépasse 1000 caractères" in messages["long"][0]
        assert messages["ok"] == [] and messages["xss"] == []
        datasets = {d["title"]: d for d in _datasets_of(commune)}
        assert set(datasets) == {"Subventions", "<script>alert('x')</script> Budget"}
        page = app.get(f"/dataset/{datasets['<script>alert(' + chr(39) + 'x' + chr(39) + ')</script> Budget']['name']}")
        body = page.get_data(as_text=True)
        assert "<script>alert(" not in body
        assert "&lt;script&gt;alert(" in body

    def test_a_source_outside_any_territory_harvests_nothing(self, server):
        server["/cat.ttl"] = (200, "text/turtle", _turtle([("a", "Jeu A")]).encode())
        commune = factories.Organization(kind="commune")
        source = _source(commune, server.base + "/cat.ttl")
        # Territory closed (organization_delete refuses while the source is in it).
        model.Group.get(commune["id"]).state = "deleted"
        model.repo.commit()
        results, errors = _run(source)
        assert results == {}
        assert len(errors) == 1 and "n'est rattachée à aucun territoire actif" in errors[0], errors
        assert model.Session.query(model.Package).filter_by(type="dataset").count() == 0
