"""What the site says while Solr or PostgreSQL is down, instead of a 500 and a traceback.

**Solr.** CKAN writes a dataset to the index before the database commits it (its
``before_commit`` hook), so with Solr gone a save fails whole: nothing half-stored. But
CKAN answers it with a 500 in English (« Unable to add package to search index ») and
pages that search end in a 500 too (``SolrConnectionError`` is no ``SearchError``: the
home page and the territory pages do not catch it, and ``/dataset`` turns it into
``abort(500)``). Here a save refused by the index becomes a ``ValidationError`` in French
(a 409 on the API, the form shown again with what the user typed on the site), and a
page that needed the search a 503 « Recherche indisponible ». Once Solr is back,
``ckan search-index rebuild -o`` indexes whatever the index lacks (the database is the
reference: a Solr that came back empty gets everything back).

**PostgreSQL.** CKAN pings a pooled connection before using it
(``sqlalchemy.pool_pre_ping``), so requests after a restart get fresh connections; the
request in flight during the restart, or any while the server is down, answers 503 in
French at once (connection refused is immediate), its session given back so that it
leaves no broken transaction behind.
"""
from __future__ import annotations

import html
import logging
from typing import Callable

import ckan.plugins.toolkit as tk
import sqlalchemy.exc
from ckan import model
from ckan.lib.search import SearchError, SearchIndexError, SearchQueryError, SolrConnectionError
from flask import Flask, jsonify, request
from werkzeug.exceptions import InternalServerError

log = logging.getLogger(__name__)

__all__ = ["register", "dataset_writes", "SEARCH_DOWN", "DATABASE_DOWN"]

# CKAN's actions whose commit re-indexes datasets (the Package or Resource rows they
# touch, or a group membership's package): what Solr's absence makes fail.
_INDEXED_WRITES = (
    "package_create", "package_update", "package_patch", "package_revise", "package_delete",
    "package_resource_reorder", "package_owner_org_update", "dataset_purge",
    "resource_create", "resource_update", "resource_patch", "resource_delete",
    "bulk_update_private", "bulk_update_public", "bulk_update_delete",
    "member_create", "member_delete",
)

RETRY_AFTER_SECONDS = 60


def SEARCH_DOWN() -> str:  # noqa: N802 — a message, translated when asked for
    return tk._("Le moteur de recherche du site est momentanément indisponible : cette page "
                "en a besoin pour s'afficher. Aucune donnée n'est perdue ; réessayez dans "
                "quelques minutes.")


def DATABASE_DOWN() -> str:  # noqa: N802
    return tk._("La base de données du site est momentanément indisponible. Aucune donnée "
                "enregistrée n'est perdue ; rechargez la page dans un instant.")


def _save_refused() -> str:
    return tk._("Le moteur de recherche du site est indisponible : ces modifications n'ont "
                "pas été enregistrées, ni en tout ni en partie (rien n'a été enregistré à "
                "moitié). Réessayez dans quelques minutes.")


def _refusing_while_unindexed(name: str) -> Callable:
    @tk.chained_action
    def action(up_func, context, data_dict):
        try:
            return up_func(context, data_dict)
        except SearchIndexError as error:
            # the commit was interrupted by its own index hook: drop what it held
            model.Session.rollback()
            log.error("%s refusé, index de recherche injoignable : %s", name, error)
            raise tk.ValidationError({"recherche": [_save_refused()]})
    action.__name__ = name
    action.__doc__ = f"CKAN's {name}, refused in French while Solr cannot index it."
    return action


def dataset_writes() -> dict:
    """Chained actions for the core plugin's IActions."""
    return {name: _refusing_while_unindexed(name) for name in _INDEXED_WRITES}


# --- error pages ---------------------------------------------------------------------

def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _answer(code: int, name: str, content: str):
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if code == 503 else {}
    if _wants_json():
        body = jsonify({"success": False, "error": {"__type": name, "message": content}})
        return body, code, headers
    try:
        page = tk.render("error_document_template.html", {
            "code": code, "name": name, "content": content, "show_login_redirect_link": False})
    except Exception as error:  # the site's own layout needs what is down
        log.warning("Page d'erreur réduite (%s)", error)
        page = ("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>"
                f"{code} {html.escape(name)}</title></head><body><main><h1>{code} "
                f"{html.escape(name)}</h1><p>{html.escape(content)}</p></main></body></html>")
    return page, code, headers


def _search_down(error: Exception):
    log.error("Recherche indisponible (%s) : %s", type(error).__name__, error)
    return _answer(503, tk._("Recherche indisponible"), SEARCH_DOWN())


def _search_refused(error: SearchQueryError):
    return _answer(400, tk._("Recherche refusée"),
                   tk._("Cette recherche n'est pas valide : modifiez-la et réessayez."))


def _database_down(error: Exception):
    log.error("Base de données indisponible (%s) : %s", type(error).__name__, error)
    try:
        # rolls back and gives the connection back; a dead one is dropped by the pool
        model.Session.remove()
    except Exception as cleanup:  # the connection may already be unusable
        log.warning("Session non rendue : %s", cleanup)
    return _answer(503, tk._("Service indisponible"), DATABASE_DOWN())


def _from_search_outage(error: BaseException) -> bool:
    """CKAN's search page catches SolrConnectionError and aborts with a 500: the outage
    is still the exception the 500 was raised while handling."""
    seen = error.__context__
    return isinstance(seen, (SolrConnectionError, SearchIndexError)) or (
        isinstance(seen, SearchError) and not isinstance(seen, SearchQueryError))


def register(app: Flask) -> None:
    """The handlers, on the whole application (IMiddleware.make_middleware)."""
    app.register_error_handler(SolrConnectionError, _search_down)
    app.register_error_handler(SearchIndexError, _search_down)
    app.register_error_handler(SearchError, _search_down)
    app.register_error_handler(SearchQueryError, _search_refused)
    # OperationalError: refused, closed or reset connections; the rest a dead one leaves
    for database_error in (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
                           sqlalchemy.exc.PendingRollbackError, sqlalchemy.exc.DisconnectionError):
        app.register_error_handler(database_error, _database_down)

    ckan_500 = app.error_handler_spec.get(None, {}).get(500, {}).get(InternalServerError)

    def internal_error(error: InternalServerError):
        if _from_search_outage(error):
            return _search_down(error.__context__)
        if ckan_500 is not None:
            return ckan_500(error)
        return error

    app.register_error_handler(InternalServerError, internal_error)
