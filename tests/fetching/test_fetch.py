"""The guarded fetcher, against real local HTTP servers (no CKAN).

Servers listen on 127.0.0.2: an allowed network in these tests, while
127.0.0.1 (where Solr, PostgreSQL and Redis listen) stays forbidden.
"""
import http.server
import io
import ipaddress
import threading
import time

import pytest

from ckanext.opendatalocale import fetch

ALLOWED = fetch.parse_networks("127.0.0.2/32")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        action = self.routes.get(self.path.split("?")[0])
        if action is None:
            self.send_response(404)
            self.end_headers()
            return
        action(self)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    routes, hits = {}, []
    handler = type("H", (_Handler,), {"routes": routes, "hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.2:{httpd.server_port}"
    yield base, routes, hits
    httpd.shutdown()


def _body(data: bytes, status=200, headers=()):
    def respond(h):
        h.send_response(status)
        for name, value in headers:
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
    return respond


def _redirect(location):
    def respond(h):
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return respond


def policy(**kwargs):
    kwargs.setdefault("allowed_networks", ALLOWED)
    return fetch.FetchPolicy(**kwargs)


def test_reads_a_file_from_an_allowed_network(server):
    base, routes, _ = server
    routes["/a.csv"] = _body(b"x,y\n1,2\n", headers=[("Content-Type", "text/csv")])
    target = io.BytesIO()
    result = fetch.fetch(base + "/a.csv", target, policy())
    assert target.getvalue() == b"x,y\n1,2\n"
    assert result.size == 8 and result.content_type == "text/csv"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8983/solr/ckan/select?q=*:*&wt=csv",
    "http://localhost:6379/", "http://[::1]:8983/", "http://0.0.0.0:8983/",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
    "http://172.16.0.1/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/",
    "http://[fd00:ec2::254]/", "http://224.0.0.1/", "http://2130706433/",
    "http://0x7f.0.0.1/",
])
def test_internal_addresses_are_refused_in_french(url):
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(url, io.BytesIO(), fetch.FetchPolicy(deadline=5))
    assert refused.value.reason in ("address", "network")
    assert "n'a pas été suivi" in str(refused.value) or "introuvable" in str(refused.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.2/", "ftp://x/y",
                                 "javascript:alert(1)", "", "http://", "http://user:pw@example.org/"])
def test_other_schemes_and_credentials_are_refused(url):
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(url, io.BytesIO(), policy())
    assert refused.value.reason == "scheme"


def test_a_redirect_to_a_forbidden_address_is_refused(server):
    base, routes, hits = server
    routes["/r"] = _redirect("http://127.0.0.1:8983/solr/")
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(base + "/r", io.BytesIO(), policy())
    assert refused.value.reason == "address"
    assert "boucle locale" in str(refused.value)


def test_a_redirect_to_an_allowed_address_is_followed(server):
    base, routes, _ = server
    routes["/r"] = _redirect("/final.csv")
    routes["/final.csv"] = _body(b"ok")
    target = io.BytesIO()
    result = fetch.fetch(base + "/r", target, policy())
    assert target.getvalue() == b"ok" and result.url.endswith("/final.csv")


def test_redirect_loops_stop(server):
    base, routes, hits = server
    routes["/loop"] = _redirect("/loop")
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(base + "/loop", io.BytesIO(), policy(max_redirects=3))
    assert refused.value.reason == "http"
    assert len(hits) == 4


def test_metadata_addresses_stay_refused_inside_an_allowed_network():
    everything = fetch.FetchPolicy(allowed_networks=fetch.parse_networks("0.0.0.0/0 ::/0"))
    assert fetch.address_refusal(ipaddress.ip_address("169.254.169.254"), everything)
    assert fetch.address_refusal(ipaddress.ip_address("10.1.2.3"), everything) is None


def test_the_byte_cap_holds_even_without_content_length(server):
    base, routes, _ = server

    def endless(h):
        h.send_response(200)
        h.end_headers()
        try:
            for _ in range(1000):
                h.wfile.write(b"a" * 65536)
        except OSError:
            pass
    routes["/big"] = endless
    target = io.BytesIO()
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(base + "/big", target, policy(max_bytes=100_000))
    assert refused.value.reason == "size" and "dépasse 100000 octets" in str(refused.value)
    assert len(target.getvalue()) <= 100_000


def test_a_declared_size_over_the_cap_is_refused_before_reading(server):
    base, routes, _ = server
    routes["/big"] = _body(b"b" * 5000)
    target = io.BytesIO()
    with pytest.raises(fetch.FetchRefused):
        fetch.fetch(base + "/big", target, policy(max_bytes=1000))
    assert target.getvalue() == b""


def test_a_slow_drip_is_stopped_by_the_total_deadline(server):
    base, routes, _ = server

    def drip(h):
        h.send_response(200)
        h.end_headers()
        try:
            for _ in range(100):
                h.wfile.write(b"a")
                h.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass
    routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(base + "/drip", io.BytesIO(), policy(deadline=1.5))
    assert refused.value.reason == "deadline"
    assert "délai de 1.5 s" in str(refused.value)
    assert time.monotonic() - started < 3


def test_http_errors_are_explained(server):
    base, _, _ = server
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch(base + "/missing", io.BytesIO(), policy())
    assert "erreur HTTP 404" in str(refused.value)


def test_unknown_host():
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch("http://nom-qui-n-existe-pas.invalid/x.csv", io.BytesIO(), fetch.FetchPolicy())
    assert "introuvable" in str(refused.value)


def test_policy_from_config():
    built = fetch.policy_from_config({"ckanext.opendatalocale.fetch.allowed_networks": ["10.0.0.0/8"],
                                      "ckanext.opendatalocale.fetch.max_redirects": 0},
                                     max_bytes=10, deadline=2)
    assert built.max_bytes == 10 and built.deadline == 2 and built.max_redirects == 0
    assert built.allowed_networks == (ipaddress.ip_network("10.0.0.0/8"),)
