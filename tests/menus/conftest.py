"""Fixtures of the menu tests through CKAN: a territory, a canteen service, users,
a local web server counting the requests it answers."""
import http.server
import threading
from datetime import date

import pytest

from ckanext.opendatalocale.menus import sample
from tests.scdl_site.conftest import run_jobs  # noqa: F401  (RQ worker on the real Redis)

MENUS = "scdl/menus-collectifs@1.2.3"


@pytest.fixture
def canteen(with_plugins, odl_db, clean_index):
    """A commune, an editor, and its canteen service with two restaurants."""
    from ckan.tests import factories, helpers  # here: the pure menu tests run without CKAN

    from ckanext.opendatalocale.menus import store

    store.clear()
    territory = factories.Organization(kind="commune", name="saint-chamond", title="Commune de Saint-Chamond")
    editor = factories.UserWithToken()
    helpers.call_action("organization_member_create", id=territory["id"],
                        username=editor["name"], role="editor")
    dataset = helpers.call_action(
        "package_create", type="cantine", name="cantines-saint-chamond",
        title="Menus des cantines", owner_org=territory["id"],
        collectivite_nom="Commune de Saint-Chamond", collectivite_siret=sample.DEMO_SERVICE.collectivite_siret,
        restaurants=sample.restaurants_for_service(2),
        period_start="2025-09-01", period_end="2026-07-04", license_id="lo-2.0")
    return {"territory": territory, "editor": editor, "dataset": dataset}


@pytest.fixture
def year_csv():
    return sample.menu_csv(date(2025, 9, 1), days=30)


def headers(user):
    return {"Authorization": user["token"]} if user else {}


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    bodies: dict = {}
    requests: list = []

    def do_GET(self):  # noqa: N802
        self.requests.append(self.path)
        body = self.bodies.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def menu_server():
    """A web server on 127.0.0.1 serving files by path; ``requests`` lists every
    request it answered, so a test can tell that a page fetched nothing."""
    handler = type("Handler", (_CountingHandler,), {"bodies": {}, "requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    class Served:
        requests = handler.requests

        @staticmethod
        def serve(path: str, body: bytes) -> str:
            handler.bodies[path] = body
            return f"http://127.0.0.1:{server.server_port}{path}"

    yield Served
    server.shutdown()
    server.server_close()
