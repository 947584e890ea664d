"""CKAN's registries of actions and auth functions, filled before the first request.

CKAN fills both lazily, at the first ``get_action`` or ``check_access``, and without a
lock. Under a threaded server (gunicorn's gthread workers, as `make run` and production
serve) the first requests of a new worker raced each other: a thread reading a registry
another thread was still filling got « Authorization function not found:
odl_territory_progress_show » (a 500 on a territory's page), or a CKAN action not yet
chained to the suite's own (outages.py's French refusals). Filled at start-up, in the
worker's one thread, each registry is only read afterwards.
"""
from __future__ import annotations


def fill() -> None:
    from ckan import authz, logic

    authz.auth_functions_list()
    logic.get_action("status_show")
