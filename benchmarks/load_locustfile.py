"""The visitors of benchmarks/load.py: locust users who open, one after another, a page
of a kind drawn at random (every kind as likely), among the URLs load.py found in the
instance's data (the JSON file named by ODL_LOAD_TARGETS: {kind: [path, ...]}).

Runs in locust's own virtualenv (``bash benchmarks/tool_env.sh locust``), started by
load.py; not meant to be run alone. Stats are grouped by kind, not by URL.
"""
from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["ODL_LOAD_TARGETS"], encoding="utf-8") as targets_file:
    TARGETS = json.load(targets_file)
KINDS = sorted(TARGETS)


class Visitor(HttpUser):
    # A person reading a page before the next one, not a crawler.
    wait_time = between(float(os.environ.get("ODL_LOAD_WAIT_MIN", "1")),
                        float(os.environ.get("ODL_LOAD_WAIT_MAX", "3")))

    @task
    def visit(self):
        kind = random.choice(KINDS)
        path = random.choice(TARGETS[kind])
        # Redirects not followed: a page sending an anonymous visitor to the login form
        # (or anywhere else) counts as an error, not as the login page's 200.
        with self.client.get(path, name=kind, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code == 0:  # no answer: say what the connection did
                response.failure(f"HTTP 0 {path} : {type(response.error).__name__}: "
                                 f"{response.error}")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {path}")
            elif not response.content:
                response.failure(f"réponse vide {path}")
