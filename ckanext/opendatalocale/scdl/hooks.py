"""When a resource with a schema is created or changed, validate it in the background."""
from __future__ import annotations

import logging

from .. import job_queue
from . import resource_validation
from .resource_schema import SchemaReferenceError

log = logging.getLogger(__name__)

_WATCHED = ("url", "schema")
_FLAG = "_odl_revalidate"


_STATUS_FIELDS = ("validation_status", "validation_timestamp")


def before_update(context, current: dict, resource: dict) -> None:
    changed = bool(resource.get("upload")) or any(
        str(current.get(key) or "") != str(resource.get(key) or "") for key in _WATCHED
    )
    context[_FLAG] = changed
    if not changed:
        # The edit form does not carry these fields: keep the last verdict.
        for key in _STATUS_FIELDS:
            if current.get(key) and not resource.get(key):
                resource[key] = current[key]


def after_change(context, resource: dict, created: bool) -> None:
    if not created and not context.pop(_FLAG, True):
        return
    if not resource.get("schema"):
        return
    try:
        _, version = resource_validation.declared_schema(resource)
    except SchemaReferenceError:
        return
    if version is None or not version.table_validatable:
        return
    try:
        resource_validation.enqueue(resource)
    except job_queue.QueueUnavailable:
        # The file is saved all the same (nothing lost); the resource's report says the
        # validation was not started and the run button asks for it again.
        pass


def forget_resource(resource_id) -> None:
    # The report shows cell values: it must not outlive the resource.
    if resource_id:
        resource_validation.forget(resource_id)


def forget_dataset(dataset_id) -> None:
    if dataset_id:
        resource_validation.forget_dataset(dataset_id)


def ckan_plural_translator(singular: str, plural: str, count: int) -> str:
    import ckan.plugins.toolkit as tk

    try:
        return tk.ungettext(singular, plural, count)
    except (RuntimeError, KeyError, AttributeError):
        return singular if count <= 1 else plural


def ckan_translator(text: str) -> str:
    """gettext of the current request; French source text where there is none (jobs)."""
    import ckan.plugins.toolkit as tk

    try:
        return tk._(text)
    except (RuntimeError, KeyError, AttributeError):
        return text
