"""The quality score actions (issue 16, point 5): a dataset's score, its European
(MQA) assessment and the advice to its editors; queueing the check of its links."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ... import job_queue
from ...logic.navl import validated
from .. import quality_jobs, quality_store
from . import quality_schema

__all__ = ["odl_quality_show", "odl_quality_check"]


def _dataset(context, reference: str) -> dict:
    # As the caller: the auth function already said they may read it.
    return tk.get_action("package_show")(dict(context), {"id": reference})


def _may_edit(context, dataset_id: str) -> bool:
    try:
        tk.check_access("package_update", {"user": context.get("user")}, {"id": dataset_id})
    except tk.NotAuthorized:
        return False
    return True


@tk.side_effect_free
def odl_quality_show(context, data_dict):
    """The dataset's score (of 10, and data.gouv.fr's of 9), each criterion, its MQA;
    editors also get the advice and what the last link check said."""
    data = validated(context, data_dict, quality_schema.quality_dataset_schema(),
                     auth="odl_quality_show")
    dataset = _dataset(context, data["id"])
    result = quality_store.evaluate(dataset)
    if not _may_edit(context, dataset["id"]):
        result.pop("advice")
        result.pop("reachability")
    return result


def odl_quality_check(context, data_dict):
    """Queue the background job that checks every link of the dataset (fetch.py);
    the score follows once it ran."""
    data = validated(context, data_dict, quality_schema.quality_dataset_schema(),
                     auth="odl_quality_check")
    dataset = _dataset(context, data["id"])
    try:
        quality_jobs.enqueue(dataset["id"])
    except job_queue.QueueUnavailable as error:
        raise job_queue.refusal(error)
    return {"dataset_id": dataset["id"], "queued": True}
