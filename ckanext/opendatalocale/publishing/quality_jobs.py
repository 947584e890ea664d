"""The reachability job: does each resource's link answer? Read through fetch.py (the
suite's one guarded fetcher) in a background job, never in a web request; the result is
stored per resource and the dataset re-indexed, so its score and the search sort
follow.

data.gouv.fr (hydra) records a link as unavailable when it does not answer; a large
file answering is available, so the job reads at most a few kilobytes of it: fetch.py's
size refusal after a 2xx means the link works.
"""
from __future__ import annotations

import datetime
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search

from .. import fetch, job_queue
from .model import ResourceReachability

log = logging.getLogger(__name__)

# Refusals that mean the link answered: its body is larger than what the check reads.
_ANSWERED = ("size",)


class _Discard:
    """A file-like target that keeps nothing: the check needs the answer, not the body."""

    def write(self, chunk: bytes) -> int:
        return len(chunk)


def _policy() -> fetch.FetchPolicy:
    return fetch.policy_from_config(
        tk.config,
        max_bytes=tk.config.get("ckanext.opendatalocale.publishing.quality.check_max_bytes"),
        deadline=tk.config.get("ckanext.opendatalocale.publishing.quality.check_deadline"))


def check_url(url: str, policy: fetch.FetchPolicy) -> tuple[bool, str, str]:
    """(reachable, fetch.py's reason code or "", French message or "")."""
    try:
        fetch.fetch(url, _Discard(), policy)
    except fetch.FetchRefused as refused:
        if refused.reason in _ANSWERED:
            return True, "", ""
        return False, refused.reason, str(refused)
    return True, "", ""


def _is_upload(resource: dict) -> bool:
    return resource.get("url_type") == "upload"


def check_dataset(dataset_id: str) -> int:
    """Check every link of the dataset; returns how many resources were checked.

    Uploaded files are the platform's own: they are reachable while the platform is
    (their public URL points at this very site, which fetch.py rightly refuses as a
    local address), so they are recorded reachable without a request."""
    context = {"ignore_auth": True, "user": ""}
    try:
        dataset = tk.get_action("package_show")(context, {"id": dataset_id})
    except tk.ObjectNotFound:
        return 0
    policy = _policy()
    now = datetime.datetime.utcnow()
    checked = 0
    for resource in dataset.get("resources") or []:
        url = resource.get("url") or ""
        if _is_upload(resource):
            reachable, reason, message = True, "", ""
        elif not url:
            reachable, reason, message = False, "scheme", tk._("La ressource n'a pas de lien.")
        else:
            reachable, reason, message = check_url(url, policy)
        row = model.Session.get(ResourceReachability, resource["id"]) or ResourceReachability(
            resource_id=resource["id"])
        row.dataset_id, row.url, row.reachable = dataset["id"], url, reachable
        row.reason, row.message, row.checked_at = reason, message[:1000], now
        model.Session.add(row)
        checked += 1
    model.Session.commit()
    search.rebuild(dataset["id"])
    return checked


def job(dataset_id: str) -> None:
    log.info("Accessibilité des ressources du jeu %s", dataset_id)
    check_dataset(dataset_id)


def enqueue(dataset_id: str) -> None:
    job_queue.enqueue(job, [dataset_id], title="odl: accessibilité des ressources d'un jeu",
                      what=tk._("la vérification des liens"))
