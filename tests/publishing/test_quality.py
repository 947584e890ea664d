"""The quality score through CKAN (issue 16, point 5): criteria on real datasets, the
reachability job against a loopback server (fetch.py, in a background job), the Solr
field and the "Qualité" sort, a private dataset's score kept from non-members, the
territory averages of the dashboard indicator and the overview, the advice on the
dataset page for editors only, and the check form's CSRF."""
import datetime
import http.server
import threading

import pytest
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.logic import NotAuthorized
from ckan.tests import factories, helpers

from ckanext.opendatalocale.publishing import quality, quality_jobs, quality_store
from ckanext.opendatalocale.publishing.model import ResourceReachability
from ckanext.opendatalocale.scdl.model import ResourceValidation
from ckanext.opendatalocale.territories import indicators
from tests.engagement.conftest import PASSWORD
from tests.engagement.test_pages import browser, token_of

EU = "http://publications.europa.eu/resource/authority/frequency/"
LONG = ("Subventions versées par la commune aux associations en 2025 : bénéficiaire, "
        "montant, objet, date de la convention et nature de l'aide accordée.")


@pytest.fixture
def site(with_plugins, odl_db, clean_index):
    # A footprint, so that the suite's DCAT carries the geometry data.gouv.fr reads.
    place = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy",
                                   insee_code="42095", bbox="4.25,45.36,4.34,45.41")
    other = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne",
                                   insee_code="42187", bbox="4.03,46.01,4.10,46.07")
    editor = factories.UserWithToken(password=PASSWORD)
    member = factories.UserWithToken(password=PASSWORD)
    outsider = factories.UserWithToken(password=PASSWORD)
    helpers.call_action("organization_member_create", id=place["id"],
                        username=editor["name"], role="editor")
    helpers.call_action("organization_member_create", id=place["id"],
                        username=member["name"], role="member")
    return {"territory": place, "other": other, "editor": editor, "member": member,
            "outsider": outsider}


@pytest.fixture
def files():
    """A server on 127.0.0.2 (test.ini's allowed network): {path: bytes}; other paths 404."""
    served, asked = {}, []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            body = served.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(path, body=None):
        if body is not None:
            served[path] = body
        return f"http://127.0.0.2:{server.server_port}{path}"
    yield serve, asked
    server.shutdown()


def complete(owner, name, **changes):
    fields = {
        "owner_org": owner["id"], "name": name, "title": name.replace("-", " "),
        "license_id": "lo-2.0", "frequency": EU + "ANNUAL", "temporal_start": "2025-01-01",
        "spatial_coverage": owner.get("insee_code") or "42095", "notes": LONG,
        "resources": [{"url": "https://data.example.fr/s.csv", "format": "CSV",
                       "name": "Subventions", "description": "Une ligne par subvention."}],
    }
    fields.update(changes)
    return factories.Dataset(**fields)


def as_user(user):
    return {"user": user["name"] if user else "", "ignore_auth": False}


def show(dataset, user=None):
    return helpers.call_action("odl_quality_show", context=as_user(user), id=dataset["id"])


def met(result) -> dict:
    return {c["id"]: c["met"] for c in result["criteria"]}


def indexed(field, dataset_id):
    """A field's value in the dataset's Solr document (fl reads stored fields only, so
    a query on the value says it)."""
    found = helpers.call_action("package_search", q=f'id:"{dataset_id}"', rows=1,
                                include_private=True,
                                fq=f"{field}:[* TO *]")
    return found["count"]


def test_a_complete_dataset_scores_ten_and_a_bare_one_loses_what_it_lacks(site):
    full = complete(site["territory"], "subventions-2025")
    result = show(full)
    assert result["score"] == 10 and result["datagouv_score"] == 9, met(result)
    assert result["max_score"] == 10 and result["datagouv_max_score"] == 9
    # The suite's DCAT (the federation profile) is what the MQA reads.
    assert result["mqa"]["max_points"] == 405
    assert result["mqa"]["rating"] in ("bad", "sufficient", "good", "excellent")
    # Links never checked: no accessibility points yet, the URL listed as unchecked.
    assert "https://data.example.fr/s.csv" in result["mqa"]["unchecked_urls"]

    bare = factories.Dataset(owner_org=site["territory"]["id"], name="brouillon-public",
                             notes="Court.", license_id="notspecified", resources=[
                                 {"url": "https://data.example.fr/n.pdf", "format": "PDF"}])
    criteria = met(show(bare))
    # The territory's footprint is the dataset's too (no coverage of its own given).
    assert [name for name, ok in criteria.items() if not ok] == [
        quality.LICENCE, quality.TEMPORAL, quality.FREQUENCY, quality.ON_TIME,
        quality.DESCRIPTION, quality.OPEN_FORMAT, quality.DOCUMENTATION]
    assert show(bare)["score"] == 3  # reachability unknown, no SCDL schema declared

    # A coverage code without a footprint: data.gouv.fr reads geometries only.
    nowhere = factories.Organization(kind="commune", name="sans-emprise", insee_code="42218")
    criteria = met(show(complete(nowhere, "sans-geometrie")))
    assert [name for name, ok in criteria.items() if not ok] == [quality.SPATIAL]


def test_a_failed_scdl_validation_report_costs_the_tenth_point(site):
    dataset = complete(site["territory"], "deliberations", resources=[
        {"url": "https://data.example.fr/d.csv", "format": "CSV", "description": "d",
         "schema": "scdl/deliberations"}])
    resource_id = dataset["resources"][0]["id"]
    row = ResourceValidation.get(resource_id) or ResourceValidation(resource_id=resource_id)
    row.status, row.created = "failure", datetime.datetime.utcnow()
    model.Session.add(row)
    model.Session.commit()
    result = show(dataset)
    assert not met(result)[quality.SCDL_VALID]
    assert result["datagouv_score"] == 9 and result["score"] == 9


def test_the_job_checks_links_through_fetch_and_the_score_follows(site, files,
                                                                  with_test_worker):
    serve, asked = files
    dataset = complete(site["territory"], "equipements", resources=[
        {"url": serve("/ok.csv", b"a;b\n1;2\n"), "format": "CSV", "name": "Fichier",
         "description": "d"},
        {"url": serve("/gone.csv"), "format": "CSV", "name": "Ancien fichier"},
        {"url": "http://127.0.0.1:8983/solr/", "format": "CSV", "name": "Solr"},
    ])
    assert asked == []  # saving, showing and indexing never fetch
    show(dataset)
    assert asked == []

    with pytest.raises(NotAuthorized):
        helpers.call_action("odl_quality_check", context=as_user(site["member"]),
                            id=dataset["id"])
    queued = helpers.call_action("odl_quality_check", context=as_user(site["editor"]),
                                 id=dataset["id"])
    assert queued["queued"] is True
    assert asked == []  # queued, not run in the request
    ckan_jobs.Worker(["default"]).work(burst=True)
    assert sorted(asked) == ["/gone.csv", "/ok.csv"]  # 127.0.0.1 refused before any request

    rows = {row.url.rsplit("/", 1)[-1] or row.url: row for row in
            model.Session.query(ResourceReachability).filter_by(dataset_id=dataset["id"])}
    assert rows["ok.csv"].reachable is True
    assert rows["gone.csv"].reachable is False and rows["gone.csv"].reason == "http"
    solr = next(row for row in rows.values() if "8983" in row.url)
    assert solr.reachable is False and solr.reason == "address"

    result = show(dataset, site["editor"])
    assert not met(result)[quality.REACHABLE]
    [piece] = [p for p in result["advice"] if p["criterion"] == quality.REACHABLE]
    assert "Ancien fichier" in piece["advice"] and "Solr" in piece["advice"]
    assert "Fichier" not in piece["advice"].replace("Ancien fichier", "")
    # The job re-indexed the dataset: Solr holds the new score.
    assert indexed(quality_store.SCORE_FIELD, dataset["id"]) == 1
    score = quality.index_value(result["score"])
    assert helpers.call_action("package_search", fq=f'{quality_store.SCORE_FIELD}:"{score}"',
                               q=f'id:"{dataset["id"]}"')["count"] == 1
    # A link changed since the check counts as not checked.
    helpers.call_action("resource_patch", id=rows["gone.csv"].resource_id,
                        url=serve("/new.csv", b"x\n"))
    assert met(show(dataset))[quality.REACHABLE] is False  # Solr's link still refused
    # The check's details are the editors' (anonymous gets the score alone).
    assert "reachability" not in show(dataset) and "advice" not in show(dataset)


def test_search_sorts_by_quality_and_the_page_offers_the_sort(app, site):
    owner = site["territory"]
    complete(owner, "meilleur")
    factories.Dataset(owner_org=owner["id"], name="moyen", license_id="lo-2.0",
                      notes=LONG, resources=[{"url": "https://x.fr/a.csv", "format": "CSV"}])
    factories.Dataset(owner_org=owner["id"], name="faible")
    found = helpers.call_action("package_search", sort=quality_store.SORT, q="*:*")
    assert [d["name"] for d in found["results"]] == ["meilleur", "moyen", "faible"]
    ascending = helpers.call_action("package_search", sort=f"{quality_store.SCORE_FIELD} asc")
    assert [d["name"] for d in ascending["results"]] == ["faible", "moyen", "meilleur"]

    page = app.get("/dataset/", query_string={"sort": quality_store.SORT})
    assert page.status_code == 200
    assert "Qualité" in page.body
    assert f'value="{quality_store.SORT}" selected' in page.body.replace(
        'selected="selected"', "selected")
    body = page.body
    assert body.index("/dataset/meilleur") < body.index("/dataset/moyen") < body.index(
        "/dataset/faible")


def test_a_private_datasets_score_is_its_members_own(site):
    owner = site["territory"]
    private = complete(owner, "brouillon-prive", private=True)
    for user in (None, site["outsider"]):
        with pytest.raises(NotAuthorized):
            show(private, user)
    assert show(private, site["member"])["score"] == 10
    assert "advice" not in show(private, site["member"])  # a member is no editor
    assert show(private, site["editor"])["advice"] == []
    # Public figures leave it out: the territory has no public dataset yet.
    assert quality_store.territory_averages([owner["id"]]) == {}
    # Licence (the form's default), footprint, no SCDL file to fail: 3 points.
    factories.Dataset(owner_org=owner["id"], name="public-faible")
    assert quality_store.territory_averages([owner["id"]]) == {owner["id"]: 3.0}


def test_the_indicator_and_the_overview_average_public_datasets(app, site):
    owner, other = site["territory"], site["other"]
    complete(owner, "dix")                                          # 10
    factories.Dataset(owner_org=owner["id"], name="trois")          # 3
    complete(owner, "prive", private=True, notes="")                # not counted
    complete(other, "roanne-dix")                                   # 10
    assert quality_store.territory_averages() == {owner["id"]: 6.5, other["id"]: 10.0}

    registered = indicators.registered_indicators()
    assert registered["datasets_quality_average"].overview is True
    context = indicators.IndicatorContext({owner["id"]: {}, other["id"]: {}})
    values = indicators.compute_values(context, {"datasets_quality_average",
                                                 "datasets_mqa_average"})
    assert values[owner["id"]]["datasets_quality_average"] == pytest.approx(0.65)
    assert values[other["id"]]["datasets_quality_average"] == pytest.approx(1.0)
    assert 0 < values[owner["id"]]["datasets_mqa_average"] < 1

    listing = helpers.call_action("odl_territory_progress_list",
                                  sort="datasets_quality_average", order="desc")
    assert [row["name"] for row in listing["results"]][:2] == ["roanne", "firminy"]
    assert listing["results"][1]["datasets_quality_average"] == pytest.approx(0.65)
    assert [c["id"] for c in listing["columns"]] == ["datasets_quality_average"]
    page = app.get("/territoires", query_string={"sort": "datasets_quality_average"})
    assert page.status_code == 200 and "Score de qualité moyen" in page.body
    assert "65" in page.body
    # The territory's dashboard shows its public average to every visitor.
    dashboard = app.get("/territoires/firminy")
    assert dashboard.status_code == 200
    assert "Score de qualité moyen des jeux publics" in dashboard.body
    assert "6,5 / 10" in dashboard.body  # written the French way, not "6.5"


def test_advice_shows_on_the_dataset_page_to_editors_only(app, site):
    dataset = factories.Dataset(owner_org=site["territory"]["id"], name="a-ameliorer",
                                notes="Court.", license_id="notspecified", resources=[
                                    {"url": "https://x.fr/n.pdf", "format": "PDF"}])
    anonymous = app.get("/dataset/a-ameliorer")
    assert "Score de qualité : 3 / 10" in anonymous.body
    assert "Pour gagner des points" not in anonymous.body
    member = browser(app, site["member"]).get("/dataset/a-ameliorer")
    assert "Pour gagner des points" not in member.body

    client = browser(app, site["editor"])
    page = client.get("/dataset/a-ameliorer")
    body = page.body
    assert "Pour gagner des points" in body
    assert "Choisissez une licence" in body and "Allongez la description" in body
    # Ranked: the licence (data.gouv.fr point and European points) before the description.
    assert body.index("Choisissez une licence") < body.index("Allongez la description")

    # The check form: refused without the form's token, queued with it.
    action = f"/dataset/{dataset['name']}/qualite/verifier"
    refused = client.post(action, data={}, follow_redirects=False)
    assert refused.status_code == 400
    sent = client.post(action, data={"_csrf_token": token_of(page)}, follow_redirects=False)
    assert sent.status_code == 302
    queued = [job for job in ckan_jobs.get_queue().jobs if job.args == [dataset["id"]]
              and job.func_name.endswith("quality_jobs.job")]
    assert queued



def test_saving_a_dataset_indexes_it_as_ckan_does_with_its_score(site, monkeypatch):
    # The score's reads once sat in a session savepoint whose commit re-entered CKAN's
    # indexing: each save sent the dataset to Solr some sixty times.
    from ckan.lib.search.index import PackageSearchIndex

    sent = []
    original = PackageSearchIndex.index_package

    def counted(self, pkg_dict, *args, **kwargs):
        sent.append(pkg_dict["id"])
        return original(self, pkg_dict, *args, **kwargs)

    monkeypatch.setattr(PackageSearchIndex, "index_package", counted)
    dataset = factories.Dataset(owner_org=site["territory"]["id"], title="Budget 2025")
    # CKAN itself sends a new dataset twice (as new, then as changed in the same commit).
    assert set(sent) == {dataset["id"]} and len(sent) <= 2
    assert site["territory"]["id"] in quality_store.territory_averages([site["territory"]["id"]])
