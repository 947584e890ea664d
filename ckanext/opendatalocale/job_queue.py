"""The suite's one way to put work on CKAN's job queues, and what a dead Redis means.

When Redis cannot be reached, ``tk.enqueue_job`` raises redis' ConnectionError deep in
an action or a hook: a 500 for the user, and whatever the caller had already marked as
"en cours" stayed so forever. Here the failure becomes ``QueueUnavailable``, whose
message (French) says the work was not started and can be asked for again; each caller
undoes what it had marked and either refuses the action with that message or, in a
hook that must not lose the user's save, records it where the user will see it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional, Sequence

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


class QueueUnavailable(Exception):
    """The job could not be queued: nothing was started."""

    @property
    def message(self) -> str:
        return tk._("Le service des tâches de fond est indisponible : {what} n'a pas pu être "
                    "lancé(e). Rien n'a été fait ; réessayez dans quelques minutes.").format(
            what=self.args[0] if self.args else tk._("la tâche"))


def enqueue(func, args: Sequence[Any] = (), *, title: str, what: str,
            queue: Optional[str] = None, rq_kwargs: Optional[dict] = None):
    """``tk.enqueue_job``; ``what`` names the work in the French message ("la validation")."""
    try:
        kwargs = {"title": title}
        if queue:
            kwargs["queue"] = queue
        if rq_kwargs:
            kwargs["rq_kwargs"] = rq_kwargs
        return tk.enqueue_job(func, list(args), **kwargs)
    except Exception as error:
        # redis' ConnectionError and TimeoutError, and whatever RQ wraps them in
        log.error("Tâche « %s » non mise en file : %s", title, error)
        raise QueueUnavailable(what) from error


def status(job_id: str) -> str:
    """RQ's status of a job ("queued", "started", ...); "" when there is no such job, or
    when Redis cannot say (the ``enqueue`` that follows then tells the user it is down)."""
    from ckan.lib import jobs
    from rq.job import Job

    try:
        job_status = Job.fetch(job_id, connection=jobs.get_queue().connection).get_status()
    except Exception:  # rq's NoSuchJobError, redis' ConnectionError
        return ""
    return str(getattr(job_status, "value", job_status) or "")


def refusal(error: QueueUnavailable) -> tk.ValidationError:
    """What an action raises: a 409 with the French message, never a 500."""
    return tk.ValidationError({"job": [error.message]})
