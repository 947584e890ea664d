"""CSRF guard of the suite's forms, whatever CKAN's own settings say.

CKAN 2.11 exempts every extension blueprint from Flask-WTF's check while
``ckan.csrf_protection.ignore_extensions`` is true (its default), and CKAN 2.12,
after one request authenticated by an API token, exempts that view for good
(``csrf.exempt(dest)`` in its ``identify_user``). Each suite blueprint therefore
runs the check itself, with CKAN's own CSRFProtect so that the token of CKAN's
forms (``h.csrf_input()``) is the one expected.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, current_app, g, request
from flask_wtf.csrf import CSRFError

__all__ = ["guard", "UNSAFE_METHODS"]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _protect_form():
    if request.method not in UNSAFE_METHODS:
        return
    # A browser never adds an Authorization header on its own: a request carrying
    # an API token cannot be forged from another site (CKAN reasons the same way).
    # CKAN sets login_via_auth_header on every request without a session, token or
    # not (its flask-login request_loader sets it before looking): only a token that
    # named a user exempts the request, or every anonymous form would go unchecked.
    if g.get("login_via_auth_header") and tk.current_user.is_authenticated:
        return
    current_app.extensions["csrf"].protect()


def _refused(error: CSRFError):
    # Also catches CKAN's own check when it runs first, so the reason is always French.
    return tk.render("error_document_template.html", {
        "code": 400, "name": tk._("Formulaire refusé"), "show_login_redirect_link": False,
        "content": tk._("Le formulaire a expiré ou ne vient pas de ce site : rechargez "
                        "la page et envoyez-le de nouveau."),
    }), 400


def _refuse_nul():
    # PostgreSQL text holds no NUL: a "%00" in a path, a query or a form would reach
    # CKAN's own lookups (package_show...) and end in a 500.
    sent = [request.args] + ([request.form] if request.method in UNSAFE_METHODS else [])
    values = [*(request.view_args or {}).values(),
              *(text for fields in sent for key, items in fields.lists() for text in [key, *items])]
    if any(isinstance(value, str) and "\x00" in value for value in values):
        return tk.abort(400, tk._("La requête contient un caractère nul : elle est refusée."))


def guard(blueprint: Blueprint) -> Blueprint:
    """Check the CSRF token of every POST, PUT, PATCH and DELETE on ``blueprint``,
    and refuse a NUL character anywhere in the request."""
    blueprint.before_request(_refuse_nul)
    blueprint.before_request(_protect_form)
    blueprint.register_error_handler(CSRFError, _refused)
    return blueprint
