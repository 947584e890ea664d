"""Validations whose job died: found, queued again, never left "en cours" for ever.

A worker killed in the middle of a validation (out of memory, a machine restarted, a
deploy) leaves RQ's job "started" until its registry expires (the job's timeout: six
hours), and the resource "en cours" with nobody to finish it; a Redis restarted without
its data loses the queued jobs themselves. ``recover`` looks at every validation still
"running" and at its job (queued under ``job_id``): gone, failed, or started by a worker
that no longer lives (its heartbeat key expired, or, on this machine, its process is
gone) means interrupted. An interrupted validation is queued again, up to
``MAX_ATTEMPTS`` times; past that its report says, in French, that it was interrupted
and that the run button asks for it again. The report is written only when a run
finishes, so an interrupted run leaves no half-written report behind.

Run by ``ckan opendatalocale validation recover`` (every minute in ``make run``; a
site's cron or systemd timer elsewhere), from any machine sharing Redis and PostgreSQL.
"""
from __future__ import annotations

import datetime
import logging
import os
import socket

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import job_queue
from . import resource_validation
from .model import ResourceValidation

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A validation is marked "running" just before its job is queued: younger than this, a
# missing job may only not be queued *yet*.
DEFAULT_MIN_AGE_SECONDS = 120
_ALIVE = {"queued", "deferred", "scheduled"}


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def _attempts_key(resource_id: str) -> str:
    return f"{tk.config.get('ckan.site_id')}:odl:validation-attempts:{resource_id}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def job_state(job_id: str) -> str:
    """"alive" when the job may still finish, "gone" when it never will."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    connection = _redis()
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return "gone"
    status = job.get_status()
    status = str(getattr(status, "value", status) or "")
    if status in _ALIVE:
        return "alive"
    if status != "started":
        return "gone"  # failed, stopped, canceled, or finished without writing its verdict
    worker = connection.hgetall(f"rq:worker:{job.worker_name}") if job.worker_name else {}
    if not worker:
        return "gone"  # its worker's heartbeat expired
    host = (worker.get(b"hostname") or b"").decode()
    pid = (worker.get(b"pid") or b"").decode()
    if host == socket.gethostname() and pid.isdigit() and not _process_alive(int(pid)):
        return "gone"  # killed on this machine: no need to wait for the heartbeat
    return "alive"


def recover(min_age_seconds: int = DEFAULT_MIN_AGE_SECONDS) -> dict:
    """Queue again or close every interrupted validation; returns the counts."""
    limit = (datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
             - datetime.timedelta(seconds=min_age_seconds))
    rows = (model.Session.query(ResourceValidation)
            .filter(ResourceValidation.status == "running", ResourceValidation.created <= limit)
            .all())
    counts = {"running": len(rows), "requeued": 0, "closed": 0, "forgotten": 0}
    redis = _redis()
    for row in rows:
        resource_id = row.resource_id
        if job_state(resource_validation.job_id(resource_id)) == "alive":
            continue
        if not resource_validation.is_live(resource_id):
            resource_validation.forget(resource_id)
            counts["forgotten"] += 1
            continue
        key = _attempts_key(resource_id)
        attempts = redis.incr(key)
        redis.expire(key, 7 * 24 * 3600)
        if attempts > MAX_ATTEMPTS:
            redis.delete(key)
            row.finish("error", error=tk._(
                "La validation a été interrompue {count} fois (le service de tâches s'est "
                "arrêté pendant qu'elle tournait). Relancez-la ; si elle s'interrompt de "
                "nouveau, le fichier est peut-être trop grand : déposez-le en CSV.").format(
                    count=MAX_ATTEMPTS))
            resource_validation.set_resource_status(resource_id, "error")
            counts["closed"] += 1
            continue
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
        try:
            resource_validation.enqueue(resource)
        except job_queue.QueueUnavailable:
            break  # Redis went away meanwhile: the next run takes over
        log.warning("validation of resource %s interrupted: queued again (attempt %s)",
                    resource_id, attempts)
        counts["requeued"] += 1
    return counts


def finished(resource_id: str) -> None:
    """A run that ended clears its count of interruptions."""
    try:
        _redis().delete(_attempts_key(resource_id))
    except Exception:  # Redis down: the count expires on its own
        pass
