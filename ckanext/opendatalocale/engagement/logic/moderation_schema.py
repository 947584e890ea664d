"""navl schemas of the moderation actions (registered through action.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import one_of, text_length, yes_or_no
from .. import moderation, request_states, throttle
from . import moderation_queue
from .schema import _paging, honeypot_empty


def _kinds(choices):
    # Read when the schema is built: a source registered later (questions) joins in.
    return one_of(choices, "Type d'élément inconnu.")


@tk.validator_args
def moderation_list(ignore_missing, unicode_safe):
    schema = {"territory_id": [ignore_missing, unicode_safe],
              "kind": [ignore_missing, unicode_safe, _kinds(list(moderation_queue.SOURCES))]}
    schema.update(_paging())
    return schema


@tk.validator_args
def moderation_decide(not_empty, unicode_safe, ignore_missing):
    return {
        "kind": [not_empty, unicode_safe, _kinds(list(moderation_queue.SOURCES))],
        "id": [not_empty, unicode_safe],
        "decision": [not_empty, unicode_safe, one_of(moderation.DECISIONS,
                                                     "Décision inconnue.")],
        "reason": [ignore_missing, unicode_safe,
                   text_length(0, request_states.REASON_MAX_LENGTH)],
    }


@tk.validator_args
def spam_report_create(not_empty, unicode_safe, ignore_missing):
    return {
        "item_kind": [not_empty, unicode_safe, _kinds(moderation_queue.reportable_kinds())],
        "item_id": [not_empty, unicode_safe],
        "reason": [one_of(moderation.REPORT_REASONS,
                          "Dites pourquoi vous signalez : spam, propos abusifs, données "
                          "personnelles, hors sujet ou autre raison.")],
        "comment": [ignore_missing, unicode_safe, text_length(0, moderation.COMMENT_MAX)],
        throttle.HONEYPOT_FIELD: [ignore_missing, unicode_safe, honeypot_empty],
    }


@tk.validator_args
def spam_report_list(ignore_missing, unicode_safe):
    schema = {
        "territory_id": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, one_of(moderation.REPORT_STATES,
                                                       "État inconnu.")],
        "item_kind": [ignore_missing, unicode_safe, _kinds(moderation_queue.reportable_kinds())],
        "item_id": [ignore_missing, unicode_safe],
    }
    schema.update(_paging())
    return schema


@tk.validator_args
def spam_report_dismiss(ignore_missing, unicode_safe):
    # One report by ``id``, or every open report on one item.
    return {"id": [ignore_missing, unicode_safe],
            "item_kind": [ignore_missing, unicode_safe, _kinds(moderation_queue.reportable_kinds())],
            "item_id": [ignore_missing, unicode_safe]}


@tk.validator_args
def moderation_setting_show(not_empty, unicode_safe):
    return {"territory_id": [not_empty, unicode_safe]}


@tk.validator_args
def moderation_setting_update(not_empty, not_missing, unicode_safe):
    return {"territory_id": [not_empty, unicode_safe],
            "premoderation": [not_missing, yes_or_no]}


@tk.validator_args
def spam_report_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
