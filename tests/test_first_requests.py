"""A web worker's first requests, arriving together on its threads (gunicorn gthread):
CKAN fills its action and auth registries at first use without a lock, and the threads
racing to fill them answered 500 « Authorization function not found » (seen on the
first pages of a load run). The suite fills them when the app is built."""
import subprocess
import sys
import textwrap

import pytest

_PROBE = textwrap.dedent("""
    import sys, threading
    from ckan import authz, logic
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from werkzeug.test import Client

    app = make_app(load_config(sys.argv[1]))
    # nothing has asked for an action or an auth function yet
    filled = (len(authz._AuthFunctions._functions), len(logic._actions))
    barrier = threading.Barrier(16)
    statuses = []

    def first_request():
        client = Client(app)
        barrier.wait()
        statuses.append(client.get("/api/3/action/odl_schema_list").status_code)

    threads = [threading.Thread(target=first_request) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(filled[0], filled[1], " ".join(map(str, sorted(statuses))))
""")


@pytest.mark.ckan  # a fresh process, as a new web worker is
def test_sixteen_first_requests_at_once_are_all_answered(odl_db, clean_index, request):
    ini = request.config.getoption("ckan_ini")
    done = subprocess.run([sys.executable, "-c", _PROBE, ini], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    auth_count, action_count, statuses = done.stdout.strip().splitlines()[-1].split(" ", 2)
    assert int(auth_count) > 100 and int(action_count) > 100
    assert statuses.split() == ["200"] * 16, done.stderr[-3000:]
