"""Each config file of the devstack gets its own Redis database: CKAN's test fixtures
(clean_queues, clean_redis) empty every queue and key of their database, so a test run
beside another version's (make test runs both at once) or beside make run would
otherwise delete the other's queued jobs."""
import os
import subprocess

from ckan.lib.redis import connect_to_redis
import ckan.plugins.toolkit as tk

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _database(state, name):
    result = subprocess.run(
        ["bash", "-c", f'source "{REPO}/devstack/lib.sh"; redis_database "$1"', "-", name],
        capture_output=True, text=True, timeout=30, env=dict(os.environ, ODL_STATE_DIR=str(state)))
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_every_name_gets_its_own_database_and_keeps_it(tmp_path):
    demo, test, other = (_database(tmp_path, n) for n in ("demo_2_11_6", "test_2_11_6", "test_2_12_0"))
    assert len({demo, test, other}) == 3
    assert 0 not in {demo, test, other}  # 0 is every Redis client's default
    assert _database(tmp_path, "test_2_11_6") == test


def test_this_run_does_not_share_its_database_with_the_demo():
    ini = os.path.join(os.path.dirname(tk.config["__file__"]), "ckan.ini")
    demo_url = next(line.split("=", 1)[1].strip() for line in open(ini, encoding="utf-8")
                    if line.startswith("ckan.redis.url"))
    ours = connect_to_redis().connection_pool.connection_kwargs["db"]
    assert int(demo_url.rsplit("/", 1)[1]) != ours != 0
