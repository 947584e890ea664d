"""A file served on a loopback address for the benchmarks (no CKAN, no network)."""
from __future__ import annotations

import http.server
import threading


def serve(body: bytes, host: str = "127.0.0.1", content_type: str = "text/csv") -> str:
    """Serve ``body`` at every path of ``http://host:<free port>``; returns that base URL.
    The server lives as long as the process (a daemon thread)."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://{host}:{server.server_address[1]}"
