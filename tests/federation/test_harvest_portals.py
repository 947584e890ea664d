"""Harvesting what communes really run (issue 13, point 7): a udata portal's DCAT
catalogue (Turtle, two hydra pages), an OpenDataSoft portal's DCAT export (RDF/XML,
licences as labels, the schema on the dataset) and another CKAN's API (the suite's own
CKAN harvester, ``odl_ckan``). Samples in samples/ (README there says where their
shapes come from), served on 127.0.0.2 by the test; real harvest jobs.

Each time: the datasets land in the source's territory with a licence of the suite and
their SCDL schema; harvesting again updates them in place (same remote identifier, same
local id), and what the source removed is deleted."""
import json
import os
import urllib.parse

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from ckanext.harvest import model as harvest_model
from ckanext.harvest.tests.lib import run_harvest_job

from .test_harvest import harvest_db, server  # noqa: F401 (fixtures)

PLUGINS = ("scheming_datasets scheming_organizations opendatalocale opendatalocale_territories "
           "dcat opendatalocale_dcat harvest dcat_rdf_harvester opendatalocale_harvest "
           "opendatalocale_ckan_harvester")
SAMPLES = os.path.join(os.path.dirname(__file__), "samples")
UDATA = "/api/1/organizations/5a8c1a2b88ee3856f1a1b001/catalog.ttl"
ODS = "/api/explore/v2.1/catalog/exports/dcat"


def _sample(name, base):
    with open(os.path.join(SAMPLES, name), encoding="utf-8") as stream:
        return stream.read().replace("{{BASE}}", base)


def _source(territory, url, source_type, name="source-commune", config=None):
    sysadmin = factories.Sysadmin()
    return helpers.call_action(
        "harvest_source_create", {"user": sysadmin["name"]}, name=name,
        title="Portail de la commune", url=url, source_type=source_type,
        owner_org=territory["id"], frequency="MANUAL", config=config)


def _harvester(source_type):
    from ckanext.harvest import queue
    return queue.get_harvester(source_type)


def _run(source):
    job = harvest_model.HarvestJob(source=harvest_model.HarvestSource.get(source["id"]))
    job.save()
    results = run_harvest_job(job, _harvester(source["source_type"]))
    job = harvest_model.HarvestJob.get(job.id)
    return results, [error.message for error in job.gather_errors]


def _datasets_of(territory):
    found = helpers.call_action("package_search", fq=f'owner_org:"{territory["id"]}"',
                                include_private=True, rows=100)["results"]
    return {d["title"]: d for d in found}


def _errors(results):
    return {guid: [e.message for e in result["errors"]] for guid, result in results.items()
            if result["errors"]}


def _schemas(dataset):
    return [(r["format"], r.get("schema") or None) for r in dataset["resources"]]


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index")
class TestUdataCatalogue:
    def test_two_hydra_pages_licences_by_url_or_title_and_reharvest(self, server):
        server[UDATA] = (200, "text/turtle", _sample("udata-org-catalog-page1.ttl", server.base).encode())
        page_two = UDATA + "?page=2&page_size=2"
        server[page_two] = (200, "text/turtle", _sample("udata-org-catalog-page2.ttl", server.base).encode())
        commune = factories.Organization(kind="commune", title="Commune de Saint-Chamond")
        source = _source(commune, server.base + UDATA, "dcat_rdf")

        results, errors = _run(source)
        assert errors == [] and _errors(results) == {}
        assert server["_seen"] == [("GET", UDATA), ("GET", page_two)]  # hydra:next followed
        datasets = _datasets_of(commune)
        assert sorted(datasets) == ["Budget primitif 2025", "Délibérations du conseil municipal",
                                    "Équipements sportifs"]
        deliberations = datasets["Délibérations du conseil municipal"]
        # udata's own id stays the identifier; a dataset udata harvested keeps its origin's
        assert deliberations["identifier"] == "65f1c0a1b2c3d4e5f6a70001"
        assert datasets["Budget primitif 2025"]["identifier"] == \
            "https://data.saint-chamond.fr/dataset/budget-primitif-2025"
        # licence URL on the distributions (udata's spelling, no trailing slash)...
        assert deliberations["license_id"] == "lo-2.0"
        # ...or, when the URL is not one the suite knows, the title in dct:rights
        assert datasets["Budget primitif 2025"]["license_id"] == "odc-odbl"
        assert {d["owner_org"] for d in datasets.values()} == {commune["id"]}
        # udata exports no dct:conformsTo for a resource's schema: none is invented
        assert [r.get("schema") for r in deliberations["resources"]] == [None]

        ids = {title: d["id"] for title, d in datasets.items()}
        # The commune renames a dataset and removes another; one page now.
        page_one = _sample("udata-org-catalog-page1.ttl", server.base).replace(
            '"Délibérations du conseil municipal"', '"Délibérations du conseil municipal (2020-2025)"')
        page_one = page_one.replace(
            f"    hydra:next <{server.base}{page_two}> .", "    .").replace(
            "hydra:totalItems 3", "hydra:totalItems 2")
        assert "hydra:next" not in page_one
        server[UDATA] = (200, "text/turtle", page_one.encode())
        server["_seen"] = []
        results, errors = _run(source)
        assert errors == [] and _errors(results) == {}
        assert server["_seen"] == [("GET", UDATA)]
        after = _datasets_of(commune)
        assert sorted(after) == ["Budget primitif 2025", "Délibérations du conseil municipal (2020-2025)"]
        assert after["Délibérations du conseil municipal (2020-2025)"]["id"] == ids["Délibérations du conseil municipal"]
        assert after["Budget primitif 2025"]["id"] == ids["Budget primitif 2025"]
        removed = model.Package.get(ids["Équipements sportifs"])
        assert removed.state == "deleted"
        assert model.Session.query(model.Package).filter_by(type="dataset", state="active").count() == 2


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index")
class TestOpenDataSoftExport:
    def test_labels_for_licences_schema_on_the_dataset_and_reharvest(self, server):
        document = _sample("ods-catalog.rdf", server.base)
        server[ODS] = (200, "application/rdf+xml; charset=utf-8", document.encode())
        commune = factories.Organization(kind="commune", title="Commune de Roanne")
        source = _source(commune, server.base + ODS, "dcat_rdf")

        results, errors = _run(source)
        assert errors == [] and _errors(results) == {}
        datasets = _datasets_of(commune)
        assert sorted(datasets) == ["Arbres remarquables", "Horaires des piscines",
                                    "Subventions aux associations 2024"]
        subventions = datasets["Subventions aux associations 2024"]
        assert subventions["identifier"] == "subventions-associations-2024"
        assert subventions["license_id"] == "lo-2.0"  # « Licence Ouverte v2.0 (Etalab) »
        assert datasets["Arbres remarquables"]["license_id"] == "odc-odbl"  # « Open Database License (ODbL) »
        # « Licence Ouverte (Etalab) » is version 1.0: not claimed as the suite's 2.0
        assert datasets["Horaires des piscines"]["license_id"] == "notspecified"
        # the dataset's dct:conformsTo reaches its CSV export only, not the JSON one
        by_format = {r["format"].upper(): r.get("schema") for r in subventions["resources"]}
        assert by_format == {"CSV": {"name": "scdl/subventions", "version": "2.1.1"}, "JSON": None}
        assert not any(r.get("schema") for r in datasets["Horaires des piscines"]["resources"])

        ids = {title: d["id"] for title, d in datasets.items()}
        start = document.index('    <dcat:dataset>\n      <dcat:Dataset rdf:about="https://data.roanne.fr/explore/dataset/horaires-piscines/">')
        end = document.index("    </dcat:dataset>", start) + len("    </dcat:dataset>\n")
        shorter = (document[:start] + document[end:]).replace(
            "Subventions aux associations 2024</dct:title>", "Subventions aux associations (2024)</dct:title>")
        server[ODS] = (200, "application/rdf+xml; charset=utf-8", shorter.encode())
        results, errors = _run(source)
        assert errors == [] and _errors(results) == {}
        after = _datasets_of(commune)
        assert sorted(after) == ["Arbres remarquables", "Subventions aux associations (2024)"]
        assert after["Subventions aux associations (2024)"]["id"] == ids["Subventions aux associations 2024"]
        assert after["Arbres remarquables"]["id"] == ids["Arbres remarquables"]
        assert model.Package.get(ids["Horaires des piscines"]).state == "deleted"


def _serve_ckan(server, packages, rows=100):
    """package_search as CKAN answers ckanext-harvest's paging (sorted by id)."""
    ordered = sorted(packages, key=lambda p: p["id"])
    start = 0
    while True:
        query = urllib.parse.urlencode({"rows": str(rows), "start": str(start), "sort": "id asc"})
        page = ordered[start:start + rows]
        body = {"help": "", "success": True,
                "result": {"count": len(ordered), "sort": "id asc", "facets": {},
                           "results": page, "search_facets": {}}}
        server[f"/api/3/action/package_search?{query}"] = (
            200, "application/json;charset=utf-8", json.dumps(body).encode())
        if not page:
            return
        start += rows


def _ckan_packages():
    with open(os.path.join(SAMPLES, "ckan-packages.json"), encoding="utf-8") as stream:
        return json.load(stream)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index")
class TestCKANHarvester:
    def test_another_ckan_into_the_territory_then_updates_and_removals(self, server):
        packages = _ckan_packages()
        _serve_ckan(server, packages)
        commune = factories.Organization(kind="commune", title="Commune de Firminy")
        source = _source(commune, server.base, "odl_ckan")

        results, errors = _run(source)
        assert errors == [] and _errors(results) == {}
        # the harvest source listed by the remote site is not a dataset
        assert len(results) == 3
        assert [path for _, path in server["_seen"]] == [
            "/api/3/action/package_search?rows=100&start=0&sort=id+asc",
            "/api/3/action/package_search?rows=100&start=100&sort=id+asc"]
        datasets = _datasets_of(commune)
        assert sorted(datasets) == ["Délibérations du conseil municipal", "Horaires des médiathèques",
                                    "Subventions aux associations"]
        remote = {p["title"]: p for p in packages}
        for title, dataset in datasets.items():
            assert dataset["owner_org"] == commune["id"]  # never the remote organisation
            assert dataset["id"] != remote[title]["id"]  # a local id, not the remote one
            assert dataset["identifier"] == f"{server.base}/dataset/{remote[title]['id']}"
            assert dataset["groups"] == []
        deliberations = datasets["Délibérations du conseil municipal"]
        assert deliberations["license_id"] == "lo-2.0"  # CKAN's « lov2 »
        assert datasets["Subventions aux associations"]["license_id"] == "odc-odbl"
        assert datasets["Horaires des médiathèques"]["license_id"] == "notspecified"  # fr-lo: 1.0
        assert _schemas(deliberations) == [
            ("CSV", {"name": "scdl/deliberations", "version": "2.1.5"}), ("PDF", None)]
        assert _schemas(datasets["Subventions aux associations"]) == [
            ("CSV", {"name": "scdl/subventions", "version": "2.1.1"})]
        assert sorted(t["name"] for t in deliberations["tags"]) == ["conseil municipal", "délibérations"]

        ids = {title: d["id"] for title, d in datasets.items()}
        changed = [p for p in packages if p["title"] != "Horaires des médiathèques"]
        changed[0] = dict(changed[0], title="Délibérations (conseil municipal)",
                          metadata_modified="2025-12-01T00:00:00.000000")
        server.clear()
        server["_seen"] = []
        _serve_ckan(server, changed)
        results, errors = _run(source)
        assert errors == [] and _errors(results) == {}
        after = _datasets_of(commune)
        assert sorted(after) == ["Délibérations (conseil municipal)", "Subventions aux associations"]
        assert after["Délibérations (conseil municipal)"]["id"] == ids["Délibérations du conseil municipal"]
        assert after["Subventions aux associations"]["id"] == ids["Subventions aux associations"]
        assert model.Package.get(ids["Horaires des médiathèques"]).state == "deleted"
        assert model.Session.query(model.Package).filter_by(type="dataset", state="active").count() == 2

    @pytest.mark.usefixtures("clean_queues")
    def test_scdl_validation_queued_for_new_files_only(self, server):
        from ckan.lib import jobs

        def queued():
            return sorted(job.args[0] for job in jobs.get_queue().jobs
                          if job.func_name.endswith("resource_validation.job"))

        _serve_ckan(server, _ckan_packages())
        commune = factories.Organization(kind="commune")
        source = _source(commune, server.base, "odl_ckan")
        assert _run(source)[1] == []
        datasets = _datasets_of(commune)
        with_schema = sorted(r["id"] for d in datasets.values() for r in d["resources"] if r.get("schema"))
        assert len(with_schema) == 2 and queued() == with_schema
        jobs.get_queue().empty()
        # Harvested again unchanged: same resources (ids kept), nothing validated again.
        assert _run(source)[1] == []
        again = _datasets_of(commune)
        assert sorted(r["id"] for d in again.values() for r in d["resources"] if r.get("schema")) == with_schema
        assert queued() == []

    def test_a_remote_id_never_reaches_a_local_dataset(self, server):
        territory = factories.Organization(kind="commune")
        local = factories.Dataset(owner_org=territory["id"], title="Jeu local", notes="Ne pas toucher.")
        hostile = dict(_ckan_packages()[1], id=local["id"], name=local["name"], title="Écrasé ?")
        _serve_ckan(server, [hostile])
        commune = factories.Organization(kind="commune")
        results, errors = _run(_source(commune, server.base, "odl_ckan"))
        assert errors == [] and _errors(results) == {}
        assert helpers.call_action("package_show", id=local["id"])["title"] == "Jeu local"
        [copy] = _datasets_of(commune).values()
        assert copy["title"] == "Écrasé ?" and copy["id"] != local["id"]
        assert copy["name"] != local["name"]

    @pytest.mark.parametrize("fault,words", [
        ((500, "text/plain", b"erreur"), "erreur HTTP 500"),
        ((200, "text/html", b"<html>portail en maintenance</html>"), "API de CKAN"),
        ((200, "application/json", b'{"success": true, "result": {"count": 0, "results": []}}'),
         "aucun jeu de données public"),
    ])
    def test_fault_in_french_and_nothing_deleted(self, server, fault, words):
        _serve_ckan(server, _ckan_packages())
        commune = factories.Organization(kind="commune")
        source = _source(commune, server.base, "odl_ckan")
        assert _run(source)[1] == []
        before = {d["id"]: d["metadata_modified"] for d in _datasets_of(commune).values()}
        assert len(before) == 3

        server["/api/3/action/package_search?rows=100&start=0&sort=id+asc"] = fault
        results, errors = _run(source)
        assert results == {}
        assert len(errors) == 1 and words in errors[0], errors
        assert "n'a pas été moissonné" in errors[0]
        assert {d["id"]: d["metadata_modified"] for d in _datasets_of(commune).values()} == before

    def test_an_api_key_is_refused_on_the_form(self):
        commune = factories.Organization(kind="commune")
        with pytest.raises(tk.ValidationError) as refused:
            _source(commune, "https://data.example.fr", "odl_ckan", config='{"api_key": "secret"}')
        assert "La clé d'API (api_key) n'est pas prise en charge" in str(refused.value.error_dict)

    @pytest.mark.parametrize("url,words", [
        ("http://127.0.0.1:8983/solr", "boucle locale"),
        ("http://169.254.169.254/latest", "métadonnées d'hébergement"),
    ])
    def test_private_addresses_are_never_read(self, url, words):
        commune = factories.Organization(kind="commune")
        source = _source(commune, "http://127.0.0.2:9", "odl_ckan")
        harvest_source = harvest_model.HarvestSource.get(source["id"])
        harvest_source.url = url
        harvest_source.save()
        results, errors = _run(source)
        assert results == {}
        assert len(errors) == 1 and words in errors[0], errors
        assert _datasets_of(commune) == {}
