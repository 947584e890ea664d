"""Demo: the Ville de Saint-Étienne's own portal, harvested into its territory.

``make run`` serves the commune catalogue (``demo_catalogue.py``) on a loopback address
the demo site may read (devstack), and sets ``ckanext.opendatalocale.demo.harvest_source_url``.
The demo load creates the harvest source, owned by the territory, and runs the harvest
once, synchronously, so that the datasets are on the site with their SCDL schema when
the site opens; afterwards the harvest consumers and ``harvester run`` (devstack/run.sh)
process the jobs asked for from the source's page. Idempotent: a second load harvests
again, which updates the same datasets in place.
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model

from . import demo_catalogue

SOURCE_NAME = "portail-ville-de-saint-etienne"
SOURCE_TITLE = "Portail open data de la Ville de Saint-Étienne"


def ensure_source(admin: str, url: str) -> dict:
    context = {"user": admin}
    wanted = {
        "name": SOURCE_NAME,
        "title": SOURCE_TITLE,
        "url": url,
        "source_type": "dcat_rdf",
        "owner_org": demo_catalogue.TERRITORY,
        "frequency": "MANUAL",
        "config": '{"rdf_format": "turtle"}',
        "notes": "Catalogue DCAT de la commune, moissonné dans son territoire (démonstration).",
    }
    try:
        existing = tk.get_action("harvest_source_show")(dict(context), {"id": SOURCE_NAME})
    except tk.ObjectNotFound:
        return tk.get_action("harvest_source_create")(dict(context), wanted)
    if existing.get("url") != url:  # another port this time (CATALOGUE_PORT)
        return tk.get_action("harvest_source_patch")(dict(context), {"id": existing["id"], "url": url})
    return existing


def harvest_now(source: dict) -> dict:
    """One job, run here from gather to import (no queue): what the consumers would do."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource

    harvest_source = HarvestSource.get(source["id"])
    job = HarvestJob(source=harvest_source)
    job.status = "Running"
    job.save()
    # The model's type: harvest_source_show's dict has no source_type on CKAN 2.12.
    harvester = queue.get_harvester(harvest_source.type)
    object_ids = queue.gather_stage(harvester, job)
    states = {}
    for object_id in object_ids if isinstance(object_ids, list) else []:
        harvest_object = HarvestObject.get(object_id)
        queue.fetch_and_import_stages(harvester, harvest_object)
        states[harvest_object.state] = states.get(harvest_object.state, 0) + 1
    tk.get_action("harvest_jobs_run")({"ignore_auth": True, "user": ""}, {"source_id": source["id"]})
    gather_errors = [error.message for error in HarvestJob.get(job.id).gather_errors]
    return {"objects": states, "gather_errors": gather_errors}


def load(admin: str, echo=print) -> None:
    url = tk.config.get("ckanext.opendatalocale.demo.harvest_source_url")
    if not url or not p.plugin_loaded("opendatalocale_harvest"):
        echo("moissonnage de démonstration : non configuré (ckanext.opendatalocale.demo."
             "harvest_source_url ou le plugin opendatalocale_harvest manque)")
        return
    source = ensure_source(admin, url)
    model.Session.remove()
    result = harvest_now(source)
    done = result["objects"].get("COMPLETE", 0)
    echo(f"moissonnage {SOURCE_NAME} : {done} jeu(x) de données à jour")
    for error in result["gather_errors"]:
        echo(f"moissonnage {SOURCE_NAME} : {error}")
