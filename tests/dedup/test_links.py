"""Linked files (issue 14, point 2): their SHA-256 and CSV header line are read by the
duplicate check's background job through the guarded fetcher, up to a configured size,
never by a web request nor by the full scan itself."""
import http.server
import threading

import pytest
from ckan.tests import factories

from ckanext.opendatalocale.dedup import catalogue, incremental
from ckanext.opendatalocale.dedup.model import FileDigest

from .test_duplicates import listing, reason_codes

pytestmark = [pytest.mark.usefixtures("with_plugins")]

SUBSIDIES = "Code;Bénéficiaire;Montant;Objet\n1;Club de foot;1200;Maillots\n".encode("utf-8")


@pytest.fixture
def files():
    """A server on 127.0.0.2 (the test configuration's allowed network): {path: bytes},
    and the paths it was asked for."""
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

    def serve(path, body):
        served[path] = body
        return f"http://127.0.0.2:{server.server_port}{path}"
    yield serve, asked
    server.shutdown()


def _linked(owner, name, url, **extra):
    return factories.Dataset(owner_org=owner["id"], name=name, title=name.replace("-", " "),
                             resources=[{"url": url, "format": "CSV"}], **extra)


def test_the_same_linked_file_at_two_addresses_is_one_content(app, territories, files, run_scan):
    firminy, roanne, users = territories
    serve, asked = files
    a = _linked(firminy, "subventions", serve("/firminy/subventions.csv", SUBSIDIES))
    b = _linked(roanne, "aides-associations", serve("/export?id=42&fmt=csv", SUBSIDIES))
    assert asked == []  # saving a dataset only queues its check
    assert catalogue.links_unread(a) and catalogue.links_unread(b)

    run_scan()
    assert asked == []  # nor does the full scan read a link
    assert listing(app, users["sysadmin"])["count"] == 0

    incremental.check(a["id"])  # as the worker runs the queued checks
    pairs = incremental.check(b["id"])
    assert sorted(asked) == ["/export?id=42&fmt=csv", "/firminy/subventions.csv"]
    assert [[r.code for r in pair.reasons] for pair in pairs] == [["content"]]
    assert reason_codes(listing(app, users["sysadmin"])) == {
        ("aides-associations", "subventions"): ["content"]}
    assert not catalogue.links_unread(b)

    run_scan()  # the full scan uses the digests the jobs stored, without reading again
    assert len(asked) == 2
    assert reason_codes(listing(app, users["sysadmin"])) == {
        ("aides-associations", "subventions"): ["content"]}


def test_the_same_columns_in_files_never_validated_pair_one_territorys_datasets(
        app, territories, files, run_scan):
    firminy, roanne, users = territories
    serve, _ = files
    first = _linked(firminy, "subventions-export", serve(
        "/a.csv", SUBSIDIES + "2;Chorale;300;Partitions\n".encode("utf-8")))
    second = _linked(firminy, "aides-versees", serve(
        "/b.csv", "montant,objet,code,beneficiaire\r\n50,Livres,9,Bibliothèque\r\n".encode("cp1252")))
    other = _linked(roanne, "roanne-aides", serve(
        "/c.csv", "Code;Beneficiaire;Montant;Objet\n7;Club;10;Ballons\n".encode("utf-8")))
    for dataset in (first, second, other):
        incremental.check(dataset["id"])
    rows = {row.resource_id: row for row in catalogue.model.Session.query(FileDigest)}
    assert rows[first["resources"][0]["id"]].headers == ["beneficiaire", "code", "montant", "objet"]
    run_scan()
    assert reason_codes(listing(app, users["sysadmin"])) == {
        ("aides-versees", "subventions-export"): ["headers"]}


@pytest.mark.ckan_config("ckanext.opendatalocale.dedup.link_max_bytes", "64")
def test_a_link_over_the_configured_size_is_not_hashed_nor_fetched_again(
        app, territories, files, run_scan):
    firminy, roanne, users = territories
    serve, asked = files
    big = SUBSIDIES * 10
    a = _linked(firminy, "gros-a", serve("/gros-a.csv", big))
    b = _linked(roanne, "gros-b", serve("/gros-b.csv", big))
    incremental.check(a["id"])
    incremental.check(b["id"])
    assert listing(app, users["sysadmin"])["count"] == 0
    row = catalogue.model.Session.query(FileDigest).filter(
        FileDigest.resource_id == a["resources"][0]["id"]).one()
    assert row.sha256 == "" and not catalogue.links_unread(a)
    incremental.check(a["id"])
    assert sorted(asked) == ["/gros-a.csv", "/gros-b.csv"]  # remembered, not fetched again


def test_a_link_to_a_refused_address_is_never_read(app, territories):
    firminy, _, _ = territories
    dataset = _linked(firminy, "interne", "http://127.0.0.1:8983/solr/admin/cores?x.csv")
    assert incremental.check(dataset["id"]) == []
    row = catalogue.model.Session.query(FileDigest).filter(
        FileDigest.resource_id == dataset["resources"][0]["id"]).one()
    assert row.sha256 == "" and not row.headers
