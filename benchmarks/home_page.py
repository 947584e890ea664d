"""Benchmark: the suite's home page beside CKAN's own home page, in the same run.

Both pages are served by one app on one database (the demo of your own devstack
instance: it is read, never changed). CKAN's own page is CKAN's home view rendering
CKAN's own `home/index.html` (copied out of the installed CKAN under another name,
since the suite's template takes the name): same search, same header and footer,
none of the suite's blocks. Requests alternate between the two pages so that both
see the same machine load; times are server times through the Flask app in-process,
median of --repeat runs after a warm-up.

    ODL_INSTANCE=<you> make setup
    .devstack/venv-2.11.6/bin/ckan -c .devstack/2.11.6-<you>/ckan.ini opendatalocale demo
    .devstack/venv-2.11.6/bin/python benchmarks/home_page.py --ini .devstack/2.11.6-<you>/ckan.ini

Exit status 1 when the ratio is above --max-ratio (1.5 by default, issue 19).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

CKAN_HOME_TEMPLATE = "odl_benchmark/ckan_home_index.html"


def ckan_template_copy() -> str:
    """A template folder holding CKAN's home/index.html under a name of its own."""
    import ckan

    folder = tempfile.mkdtemp(prefix="odl-home-bench-")
    os.makedirs(os.path.join(folder, "odl_benchmark"))
    shutil.copy(os.path.join(os.path.dirname(ckan.__file__), "templates", "home", "index.html"),
                os.path.join(folder, CKAN_HOME_TEMPLATE))
    return folder


def make_app(ini: str, template_folder: str):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app as ckan_make_app

    config = load_config(ini)
    config["extra_template_paths"] = ",".join(
        filter(None, [config.get("extra_template_paths"), template_folder]))
    app = ckan_make_app(config)
    flask_app = app._wsgi_app  # the Flask app inside CKAN's middleware stack

    from ckan.views import home

    def ckan_home():
        # CKAN's home view as it is, with only the template's name changed.
        render = home.base.render
        home.base.render = lambda name, extra_vars=None: render(
            CKAN_HOME_TEMPLATE if name == "home/index.html" else name, extra_vars)
        try:
            return home.index()
        finally:
            home.base.render = render

    flask_app.add_url_rule("/__odl_benchmark/ckan-home", "odl_benchmark_ckan_home", ckan_home)
    return app


def timed(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{path} : HTTP {response.status_code}")
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ini", required=True)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--max-ratio", type=float, default=1.5)
    args = parser.parse_args(argv)

    folder = ckan_template_copy()
    try:
        app = make_app(args.ini, folder)
        from werkzeug.test import Client

        # Through the whole middleware stack (language, session), as a visitor is served.
        client = Client(app)
        ours_text = client.get("/").get_data(as_text=True)
        theirs_text = client.get("/__odl_benchmark/ckan-home").get_data(as_text=True)
        # The two pages must be what they claim to be, or the ratio means nothing.
        assert "Votre collectivité veut ouvrir ses données" in ours_text, "page d'accueil de la suite absente"
        assert "module-promotion" in theirs_text, "page d'accueil de CKAN absente"
        for _ in range(3):
            timed(client, "/")
            timed(client, "/__odl_benchmark/ckan-home")
        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(timed(client, "/"))
            theirs.append(timed(client, "/__odl_benchmark/ckan-home"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    ours_ms = 1000 * statistics.median(ours)
    theirs_ms = 1000 * statistics.median(theirs)
    ratio = ours_ms / theirs_ms
    print(f"Page d'accueil de la suite : {ours_ms:.1f} ms (médiane de {args.repeat})")
    print(f"Page d'accueil de CKAN : {theirs_ms:.1f} ms (médiane de {args.repeat})")
    print(f"Rapport : {ratio:.2f} (objectif : {args.max_ratio:.2f} au plus)")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
