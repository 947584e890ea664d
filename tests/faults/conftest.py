"""A Solr and a PostgreSQL of the test's own, to stop and restart mid-run.

The devstack's Solr (one JVM, a core per instance) and PostgreSQL cluster serve the
other test runs at the same time (both CKAN versions in parallel): they are never
stopped here. Each fault test starts its own real process on a free loopback port —
a second Solr JVM from the devstack's jars (devstack/solr.sh with its own state
folder), a PostgreSQL cluster of its own (Debian's pg_createcluster) holding a copy of
the test database — points CKAN at it, and stops it even when the test fails.

CKAN is imported inside the fixtures only (tests/conftest.py explains why).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from urllib.parse import urlparse

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOLR_SH = os.path.join(REPO, "devstack", "solr.sh")
CORE = "odl_faults"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ckan_schema() -> str:
    import ckan

    return os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")


class OwnSolr:
    """One Solr JVM with one core, in ``state`` (a folder of the test's)."""

    def __init__(self, state: str):
        self.state = state
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/solr/{CORE}"
        shared = os.path.join(os.environ.get("ODL_STATE_DIR") or os.path.join(REPO, ".devstack"),
                              "solr")
        os.makedirs(os.path.join(state, "solr"))
        # the devstack's jars and compiled launcher, read only: nothing is fetched again
        for folder in ("lib", "classes"):
            os.symlink(os.path.join(shared, folder), os.path.join(state, "solr", folder))

    def _script(self, *args: str) -> None:
        env = {key: value for key, value in os.environ.items()
               if key not in ("SOLR_URL", "SOLR_CONFIGSET")}
        env.update(ODL_STATE_DIR=self.state, SOLR_PORT=str(self.port), SOLR_HEAP="256m",
                   SOLR_STOP_TIMEOUT="15")
        result = subprocess.run(["bash", SOLR_SH, *args], env=env, capture_output=True,
                                text=True, timeout=150)
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> None:
        self._script("start", CORE, _ckan_schema())

    def stop(self) -> None:
        self._script("stop")

    def crash(self) -> None:
        """SIGKILL, as when the machine or the JVM dies: no clean shutdown."""
        with open(os.path.join(self.state, "solr", "solr.pid"), encoding="ascii") as handle:
            pid = int(handle.read().strip())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
            time.sleep(0.1)

    def lose_index(self) -> None:
        """Its index folder gone (a replaced server, a lost disk): Solr comes back empty."""
        shutil.rmtree(os.path.join(self.state, "solr", "home", CORE, "data"), ignore_errors=True)

    def dataset_ids(self, site_id: str) -> set:
        import requests

        answer = requests.get(f"{self.url}/select", timeout=30, params={
            "q": "*:*", "fq": f"+site_id:\"{site_id}\" +entity_type:package", "fl": "id",
            "rows": 100000, "wt": "json"})
        answer.raise_for_status()
        return {doc["id"] for doc in answer.json()["response"]["docs"]}


@pytest.fixture
def own_solr(tmp_path):
    solr = OwnSolr(str(tmp_path / "state"))
    try:
        solr.start()
        yield solr
    finally:
        solr._script("stop")


class OwnPostgres:
    """One PostgreSQL cluster of the machine's version, on its own port, with one
    database: a copy of the test database (its schema, its alembic versions)."""

    def __init__(self, source_url: str):
        source = urlparse(source_url)
        self.version = _postgres_version()
        self.name = f"odl_faults_{os.getpid()}_{int(time.time())}"
        self.port = free_port()
        self.user, self.password = source.username, source.password
        self.database = source.path.lstrip("/")
        self.url = (f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/"
                    f"{self.database}")
        self._source = source

    def _ctl(self, action: str) -> None:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name,
                        action], check=True, capture_output=True, timeout=120)

    def _admin(self, sql: str) -> None:
        subprocess.run(["su", "postgres", "-c",
                        f"psql -v ON_ERROR_STOP=1 -q -p {self.port} -c \"{sql}\""],
                       check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        subprocess.run(["pg_createcluster", self.version, self.name, "--port", str(self.port)],
                       check=True, capture_output=True, timeout=120)
        self._ctl("start")
        self._admin(f"CREATE ROLE {self.user} LOGIN PASSWORD '{self.password}'")
        self._admin(f"CREATE DATABASE {self.database} OWNER {self.user} ENCODING 'UTF8' "
                    "TEMPLATE template0")
        env = dict(os.environ, PGPASSWORD=self.password)
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", "--no-privileges", "-h", self._source.hostname,
             "-p", str(self._source.port or 5432), "-U", self.user, self.database],
            stdout=subprocess.PIPE, env=env)
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", str(self.port), "-U", self.user, self.database],
                       stdin=dump.stdout, check=True, capture_output=True, env=env, timeout=300)
        dump.stdout.close()
        assert dump.wait(60) == 0

    def stop(self) -> None:
        self._ctl("stop")

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart")

    def drop(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name],
                       capture_output=True, timeout=120)


def _postgres_version() -> str:
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True,
                              check=True).stdout.split()
    return clusters[0]  # the one the devstack runs: its version's tools are installed


@pytest.fixture
def own_postgres():
    import ckan.plugins.toolkit as tk

    postgres = OwnPostgres(tk.config["sqlalchemy.url"])
    try:
        postgres.create()
        yield postgres
    finally:
        postgres.drop()
