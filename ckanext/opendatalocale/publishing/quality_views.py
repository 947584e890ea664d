"""The quality score's one form: an editor asks for the dataset's links to be checked
again (the check runs in a background job; the page reads what it stored)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from .. import page_calls
from ..csrf import guard

quality_pages = guard(Blueprint("odl_quality", __name__))


@quality_pages.route("/dataset/<id>/qualite/verifier", methods=["POST"])
def check(id):
    queued = page_calls.call("odl_quality_check", {"id": id},
                             not_found=tk._("Jeu de données introuvable."))
    tk.h.flash_success(tk._("La vérification des liens est lancée : le score sera à jour "
                            "dans quelques minutes."))
    return tk.redirect_to("dataset.read", id=queued["dataset_id"])
