import http.server
import os
import threading
import time

import pytest

_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "ckanext", "opendatalocale",
                     "scdl", "data")


def example_bytes(folder: str) -> bytes:
    with open(os.path.join(_DATA, folder, "example-valid.csv"), "rb") as handle:
        return handle.read()


@pytest.fixture
def run_jobs(with_test_worker):
    """Run every queued job now, through RQ on the real Redis."""
    # imported here: tests/menus and tests/security import this fixture, and the pure
    # menu tests run without CKAN
    from ckan.lib import jobs

    def runner():
        jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)
    return runner


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    delay = 0.0
    body = b""

    def do_GET(self):  # noqa: N802
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def csv_server():
    """A local HTTP server serving one CSV, optionally slowly."""
    servers = []

    def serve(body: bytes, delay: float = 0.0) -> str:
        handler = type("Handler", (_SlowHandler,), {"delay": delay, "body": body})
        server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.2:{server.server_port}/donnees.csv"

    yield serve
    for server in servers:
        server.shutdown()
