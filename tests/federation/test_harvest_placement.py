"""Where harvested datasets land (issue 13 point 6), through real harvest jobs of
ckanext-dcat's `dcat_rdf` harvester on catalogues served on 127.0.0.2: a territory's own
source keeps everything, a platform-level source (set by a sysadmin) follows each
publisher's SIREN/SIRET, INSEE code or the configured mapping; unmatched datasets are
kept private and listed with the reason; SCDL validation and the duplicate check are
queued; the territory dashboard shows its sources' last runs to its editors only."""
import json
import os

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.federation.model import HarvestPlacement
from ckanext.opendatalocale.scdl.model import ResourceValidation

from .test_harvest import SUBVENTIONS_2_1_1, _datasets_of, _literal, _run, harvest_db, server  # noqa: F401

PLUGINS = ("scheming_datasets scheming_organizations opendatalocale opendatalocale_territories "
           "dcat opendatalocale_dcat harvest dcat_rdf_harvester opendatalocale_harvest "
           "opendatalocale_dedup")
EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "ckanext", "opendatalocale",
                       "scdl", "data", "subventions", "example-valid.csv")


def _catalogue(datasets):
    """Turtle: each dataset (key, title, publisher triples, spatial URI, resource URL)."""
    lines = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
             "<https://portail.example.fr/catalog> a dcat:Catalog ;"]
    lines += [f"    dcat:dataset <https://portail.example.fr/dataset/{d['key']}> ;" for d in datasets]
    lines.append('    dct:title "Portail régional" .')
    for d in datasets:
        node = f"<https://portail.example.fr/dataset/{d['key']}>"
        lines.append(f"{node} a dcat:Dataset ; dct:title {_literal(d['title'])} ;")
        lines.append(f'    dct:identifier "https://portail.example.fr/id/{d["key"]}" ;')
        if d.get("spatial"):
            lines.append(f"    dct:spatial <{d['spatial']}> ;")
        if d.get("resource"):
            lines.append(f"    dcat:distribution <https://portail.example.fr/dist/{d['key']}> ;")
        publisher = d.get("publisher")
        if publisher:
            lines.append(f"    dct:publisher [ a foaf:Organization ; foaf:name {_literal(publisher['name'])}"
                         + (f" ; dct:identifier {_literal(publisher['identifier'])}"
                            if publisher.get("identifier") else "") + " ] ;")
        lines.append('    dct:description "Description." .')
        if d.get("resource"):
            lines.append(f"<https://portail.example.fr/dist/{d['key']}> a dcat:Distribution ;"
                         f" dcat:accessURL <{d['resource']}> ; dcat:downloadURL <{d['resource']}> ;"
                         f' dct:format "CSV" ; dct:title "Données" ;'
                         f" dct:conformsTo <{SUBVENTIONS_2_1_1}> .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _source(owner, url, config=None, user=None, name="portail"):
    user = user or factories.Sysadmin()
    data = {"name": name, "title": "Portail " + name, "url": url, "source_type": "dcat_rdf",
            "owner_org": owner["id"], "frequency": "MANUAL"}
    if config is not None:
        data["config"] = json.dumps(config)
    return helpers.call_action("harvest_source_create", {"user": user["name"]}, **data)


def _territories():
    return {
        "firminy": factories.Organization(name="firminy", title="Commune de Firminy", kind="commune",
                                          siren="214200990", insee_code="42095"),
        "saint-etienne": factories.Organization(name="saint-etienne", title="Saint-Étienne",
                                                kind="commune", siren="214202186", insee_code="42218"),
        "roanne": factories.Organization(name="roanne", title="Roanne", kind="commune",
                                         siren="214201873", insee_code="42187"),
    }


def _admin_of(organization):
    user = factories.User()
    helpers.call_action("organization_member_create", id=organization["id"],
                        username=user["name"], role="admin")
    return user


def _auth(user):
    return {"Authorization": helpers.call_action("api_token_create", user=user["name"],
                                                 name="t")["token"]}


def _titles():
    return [d["title"] for d in helpers.call_action("package_search", q="*:*", include_private=True,
                                                     rows=100)["results"]]


def _owner(title):
    [dataset] = [d for d in helpers.call_action("package_search", q="*:*", include_private=True,
                                                 rows=100)["results"] if d["title"] == title]
    return dataset


PLATFORM_CATALOGUE = [
    {"key": "a", "title": "Subventions de Firminy",
     "publisher": {"name": "Mairie", "identifier": "SIRET 214 200 990 00015"}},
    {"key": "b", "title": "Arbres de Saint-Étienne", "publisher": {"name": "Ville"},
     "spatial": "http://id.insee.fr/geo/commune/42218"},
    {"key": "c", "title": "Budget de Roanne", "publisher": {"name": "Mairie de  ROANNE"}},
    {"key": "d", "title": "<b>Menus</b> associatifs", "publisher": {"name": "Association <X>"}},
    {"key": "e", "title": "Caché\u0000", "publisher": {"name": "Mairie", "identifier": "214200990"}},
]


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.opendatalocale.harvest.publisher_territories",
                         "# éditeur = territoire\nMairie de Roanne = roanne")
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index", "clean_queues")
class TestPlatformSource:
    def test_each_dataset_goes_to_its_publishers_territory_the_rest_is_kept_and_listed(self, app, server):
        territories = _territories()
        region = factories.Organization(name="region", title="Région", kind="region", siren="200053767")
        server["/cat.ttl"] = (200, "text/turtle", _catalogue(PLATFORM_CATALOGUE))
        source = _source(region, server.base + "/cat.ttl", {"territory_by_publisher": True})
        results, errors = _run(source)
        assert errors == []

        # SIRET's SIREN, INSEE code of dct:spatial, the site's mapping.
        assert _owner("Subventions de Firminy")["owner_org"] == territories["firminy"]["id"]
        assert _owner("Arbres de Saint-Étienne")["owner_org"] == territories["saint-etienne"]["id"]
        assert _owner("Budget de Roanne")["owner_org"] == territories["roanne"]["id"]
        for title in ("Subventions de Firminy", "Arbres de Saint-Étienne", "Budget de Roanne"):
            assert _owner(title)["private"] is False
        assert _owner("Subventions de Firminy")["identifier"] == "https://portail.example.fr/id/a"

        # Unmatched: created nowhere (no territory publishes it), kept with the reason.
        assert [d["title"] for d in _datasets_of(region)] == []
        assert "<b>Menus</b> associatifs" not in _titles()
        sysadmin = factories.Sysadmin()
        listed = helpers.call_action("odl_harvest_placement_list", {"user": sysadmin["name"]},
                                     source_id=source["id"])
        assert [(row["title"], row["publisher"], row["remote_identifier"]) for row in listed] == [
            ("<b>Menus</b> associatifs", "Association <X>", "https://portail.example.fr/id/d")]
        assert "ne donne ni SIREN, ni SIRET, ni code INSEE" in listed[0]["reason"]

        # The source's owners read the page (escaped); others are refused.
        region_admin = _admin_of(region)
        page = app.get(f"/moissonnage/{source['name']}/non-rattaches", headers=_auth(region_admin))
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Association &lt;X&gt;" in body and "Association <X>" not in body
        assert "&lt;b&gt;Menus&lt;/b&gt; associatifs" in body
        assert "ne donne ni SIREN" in body
        assert 'name="territory"' not in body  # assigning is for sysadmins
        firminy_admin = _admin_of(territories["firminy"])
        assert app.get(f"/moissonnage/{source['name']}/non-rattaches",
                       headers=_auth(firminy_admin)).status_code == 403
        assert app.get(f"/moissonnage/{source['name']}/non-rattaches").status_code == 403
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("odl_harvest_placement_assign",
                                {"user": region_admin["name"], "ignore_auth": False},
                                id=listed[0]["id"], territory="firminy")
        assert 'name="territory"' in app.get(f"/moissonnage/{source['name']}/non-rattaches",
                                             headers=_auth(sysadmin)).get_data(as_text=True)

        # A sysadmin assigns it: created there; the next harvest keeps the choice.
        assigned = helpers.call_action("odl_harvest_placement_assign", {"user": sysadmin["name"]},
                                       id=listed[0]["id"], territory="saint-etienne")
        placed = _owner("<b>Menus</b> associatifs")
        assert placed["id"] == assigned["package_id"]
        assert placed["owner_org"] == territories["saint-etienne"]["id"] and placed["private"] is False
        results, errors = _run(source)
        assert errors == []
        moved = _owner("<b>Menus</b> associatifs")
        assert moved["id"] == placed["id"]
        assert moved["owner_org"] == territories["saint-etienne"]["id"]
        assert helpers.call_action("odl_harvest_placement_list", {"user": sysadmin["name"]},
                                   source_id=source["id"]) == []

        # The region's dashboard: its source, last run, counts and errors; nobody else's.
        dashboard = app.get("/territoires/region", headers=_auth(region_admin)).get_data(as_text=True)
        assert 'id="moissonnage"' in dashboard and "Portail portail" in dashboard
        section = dashboard[dashboard.index('id="moissonnage"'):dashboard.index('id="phases"')]
        # The second run: three updated, the assigned one linked to its harvest (added).
        assert '<td class="odl-harvest-added">1</td>' in section
        assert '<td class="odl-harvest-updated">3</td>' in section
        assert '<td class="odl-harvest-deleted">0</td>' in section
        assert '<td class="odl-harvest-errored">1</td>' in section
        assert "« Caché » n&#39;a pas été moissonné : le champ title contient des caractères de contrôle" in section
        for other in (app.get("/territoires/firminy", headers=_auth(firminy_admin)),
                      app.get("/territoires/region")):
            text = other.get_data(as_text=True)
            assert other.status_code == 200
            assert "Portail portail" not in text and "caractères de contrôle" not in text
        # Firminy's admin sees the section, with none of the region's sources; the public
        # does not see it.
        assert "Aucune source de moissonnage" in app.get(
            "/territoires/firminy", headers=_auth(firminy_admin)).get_data(as_text=True)
        assert 'id="moissonnage"' not in app.get("/territoires/region").get_data(as_text=True)

    def test_a_mapping_added_later_places_a_held_dataset(self, app, server):
        from ckanext.harvest.model import HarvestSource

        territories = _territories()
        region = factories.Organization(name="region", kind="region")
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([
            {"key": "f", "title": "Voirie", "publisher": {"name": "Service voirie de Firminy"}}]))
        source = _source(region, server.base + "/cat.ttl", {"territory_by_publisher": True})
        assert _run(source)[1] == []
        assert "Voirie" not in _titles()
        [held] = model.Session.query(HarvestPlacement).all()
        assert held.title == "Voirie" and "Service voirie de Firminy" in held.reason
        region_admin = _admin_of(region)
        dashboard = app.get("/territoires/region", headers=_auth(region_admin)).get_data(as_text=True)
        assert "1 jeu non rattaché" in dashboard

        # Harvested again, still unmatched: still one entry, never a dataset.
        assert _run(source)[1] == []
        assert model.Session.query(HarvestPlacement).count() == 1 and "Voirie" not in _titles()
        sysadmin = factories.Sysadmin()
        # Dropped by the remote catalogue: no longer waiting; back: waiting again.
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([{"key": "z", "title": "Autre",
                                                                 "publisher": {"name": "Mairie", "identifier": "214200990"}}]))
        assert _run(source)[1] == []
        assert helpers.call_action("odl_harvest_placement_list", {"user": sysadmin["name"]},
                                   source_id=source["id"]) == []
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([
            {"key": "f", "title": "Voirie", "publisher": {"name": "Service voirie de Firminy"}}]))
        assert _run(source)[1] == []
        assert [row["title"] for row in helpers.call_action(
            "odl_harvest_placement_list", {"user": sysadmin["name"]}, source_id=source["id"])] == ["Voirie"]

        stored = HarvestSource.get(source["id"])
        stored.config = json.dumps({"territory_by_publisher": True,
                                    "publisher_territories": {"Service voirie de Firminy": "firminy"}})
        stored.save()
        assert _run(source)[1] == []
        placed = _owner("Voirie")
        assert placed["owner_org"] == territories["firminy"]["id"] and placed["private"] is False
        assert model.Session.query(HarvestPlacement).count() == 0


    @pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", "true")
    def test_assigning_through_the_page_needs_the_form_token(self, app, server):
        from tests.test_csrf import PASSWORD, REFUSED, browser, token_of

        territories = _territories()
        region = factories.Organization(name="region", kind="region")
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([
            {"key": "g", "title": "Piscines", "publisher": {"name": "Syndicat"}}]))
        source = _source(region, server.base + "/cat.ttl", {"territory_by_publisher": True})
        assert _run(source)[1] == []
        [held] = model.Session.query(HarvestPlacement).all()
        client = browser(app, factories.Sysadmin(password=PASSWORD))
        url = f"/moissonnage/{source['name']}/non-rattaches"
        refused = client.post(url, data={"id": held.id, "territory": "roanne"})
        assert refused.status_code == 400 and REFUSED in refused.body
        assert "Piscines" not in _titles()
        done = client.post(url, data={"id": held.id, "territory": "roanne",
                                      "_csrf_token": token_of(client.get(url))}, follow_redirects=True)
        assert done.status_code == 200 and "Jeu de données rattaché au territoire." in done.body
        assert _owner("Piscines")["owner_org"] == territories["roanne"]["id"]
        # Nothing left to assign.
        assert "Aucun jeu en attente de rattachement." in done.body


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.opendatalocale.harvest.publisher_territories", "Mairie = roanne")
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index", "clean_queues")
class TestTerritorySource:
    def test_a_territory_source_keeps_every_dataset_whatever_its_publisher_says(self, server):
        territories = _territories()
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([
            {"key": "a", "title": "Jeu A", "publisher": {"name": "Mairie", "identifier": "214202186"},
             "spatial": "http://id.insee.fr/geo/commune/42218"}]))
        # Even created by a sysadmin: without the flag, the source's territory decides.
        source = _source(territories["firminy"], server.base + "/cat.ttl")
        assert _run(source)[1] == []
        [dataset] = _datasets_of(territories["firminy"])
        assert dataset["title"] == "Jeu A" and dataset["private"] is False
        assert _datasets_of(territories["saint-etienne"]) == [] == _datasets_of(territories["roanne"])

    def test_a_catalogue_repeating_another_sources_identifier_takes_nothing_over(self, server):
        territories = _territories()
        server["/a.ttl"] = (200, "text/turtle", _catalogue([{"key": "x", "title": "Budget de Firminy"}]))
        server["/b.ttl"] = (200, "text/turtle", _catalogue([{"key": "x", "title": "Remplacé"}]))
        assert _run(_source(territories["firminy"], server.base + "/a.ttl", name="source-a"))[1] == []
        [original] = _datasets_of(territories["firminy"])
        # ckanext-dcat finds "the previous copy" by guid over the whole site.
        results, errors = _run(_source(territories["roanne"], server.base + "/b.ttl", name="source-b"))
        assert errors == []
        [result] = results.values()
        assert "déjà celui d'un jeu de données venu d'une autre source" in result["errors"][0].message
        [kept] = _datasets_of(territories["firminy"])
        assert (kept["id"], kept["title"], kept["metadata_modified"]) == (
            original["id"], "Budget de Firminy", original["metadata_modified"])
        assert _datasets_of(territories["roanne"]) == []

    def test_a_territory_admin_cannot_make_or_touch_a_platform_source(self, server):
        territories = _territories()
        admin = _admin_of(territories["firminy"])
        context = {"user": admin["name"], "ignore_auth": False}
        for config in ({"territory_by_publisher": True},
                       {"publisher_territories": {"Mairie": "saint-etienne"}}):
            with pytest.raises(helpers.logic.NotAuthorized, match="seul un administrateur"):
                helpers.call_action("harvest_source_create", dict(context), name="pirate",
                                    title="Pirate", url=server.base + "/cat.ttl",
                                    source_type="dcat_rdf", owner_org=territories["firminy"]["id"],
                                    frequency="MANUAL", config=json.dumps(config))
        own = helpers.call_action("harvest_source_create", dict(context), name="propre",
                                  title="Catalogue", url=server.base + "/cat.ttl",
                                  source_type="dcat_rdf", owner_org=territories["firminy"]["id"],
                                  frequency="MANUAL")
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("harvest_source_update", dict(context), id=own["id"], name="propre",
                                url=own["url"], source_type="dcat_rdf", title="Catalogue",
                                owner_org=territories["firminy"]["id"],
                                config=json.dumps({"territory_by_publisher": True}))
        # A platform source a sysadmin put in the commune: its admin may neither edit
        # nor clear it.
        platform = _source(territories["firminy"], server.base + "/cat.ttl",
                           {"territory_by_publisher": True}, name="plateforme")
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("harvest_source_patch", dict(context), id=platform["id"],
                                url="http://127.0.0.2:9/autre.ttl")
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("harvest_source_clear", dict(context), id=platform["id"])
        assert helpers.call_action("harvest_source_show", id=platform["id"])["url"] == server.base + "/cat.ttl"


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "harvest_db", "clean_index", "clean_queues")
class TestAfterImport:
    def test_scdl_validation_and_duplicate_check_queued_then_validation_runs(
            self, server, with_test_worker, monkeypatch):
        from ckan.lib import jobs
        from ckanext.opendatalocale.dedup import incremental
        from ckanext.opendatalocale.scdl import resource_validation

        # The "running" status is saved with the harvested dataset: no second write (a
        # second save and Solr index of the dataset) when its validation is queued.
        status_writes = []
        write = resource_validation.set_resource_status
        monkeypatch.setattr(resource_validation, "set_resource_status",
                            lambda *args: status_writes.append(args) or write(*args))

        with open(EXAMPLE, "rb") as handle:
            server["/subventions.csv"] = (200, "text/csv", handle.read())
        commune = factories.Organization(kind="commune")
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([
            {"key": "s", "title": "Subventions 2024", "resource": server.base + "/subventions.csv"}]))
        source = _source(commune, server.base + "/cat.ttl")
        assert _run(source)[1] == []
        [dataset] = _datasets_of(commune)
        [resource] = dataset["resources"]
        assert resource["schema"] == {"name": "scdl/subventions", "version": "2.1.1"}
        validations = [job for job in jobs.get_queue().jobs if job.func_name.endswith("resource_validation.job")]
        assert [job.args for job in validations] == [[resource["id"]]]
        assert status_writes == []
        # Queued, and said so by the index (package_search) and by package_show.
        assert resource["validation_status"] == "running" and resource["validation_timestamp"]
        shown = helpers.call_action("package_show", id=dataset["id"])["resources"][0]
        assert shown["validation_status"] == "running"
        assert ResourceValidation.get(resource["id"]).status == "running"
        # The dedup plugin's own hook (after_dataset_create) fires for a harvested copy.
        assert [dataset["id"]] in [job.args for job in jobs.get_queue(incremental.BACKGROUND_QUEUE).jobs]

        jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)
        model.Session.remove()
        assert ResourceValidation.get(resource["id"]).status == "success"  # the example file is valid
        assert helpers.call_action("package_show", id=dataset["id"])["resources"][0][
            "validation_status"] == "success"
        status_writes.clear()  # the job's verdict

        # Harvested again unchanged: not validated again.
        assert _run(source)[1] == []
        assert not [job for job in jobs.get_queue().jobs if job.func_name.endswith("resource_validation.job")]
        [again] = _datasets_of(commune)[0]["resources"]
        assert again["id"] == resource["id"] and again["validation_status"] == "success"
        # The file moved: validated again.
        server["/v2.csv"] = server["/subventions.csv"]
        server["/cat.ttl"] = (200, "text/turtle", _catalogue([
            {"key": "s", "title": "Subventions 2024", "resource": server.base + "/v2.csv"}]))
        assert _run(source)[1] == []
        assert len([job for job in jobs.get_queue().jobs
                    if job.func_name.endswith("resource_validation.job")]) == 1
        [moved] = _datasets_of(commune)[0]["resources"]
        assert moved["validation_status"] == "running"
        assert status_writes == []
