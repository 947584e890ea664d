"""navl schemas of the question actions (questions on datasets, answered as the
territory). The honeypot and its check are the data requests' (schema.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import one_of, text_length
from .. import question_states as states
from .. import throttle
from .schema import _paging, honeypot_empty


@tk.validator_args
def question_create(not_empty, unicode_safe, ignore_missing):
    return {
        "dataset_id": [not_empty, unicode_safe],
        "title": [not_empty, unicode_safe, text_length(states.TITLE_MIN, states.TITLE_MAX)],
        "body": [ignore_missing, unicode_safe, text_length(0, states.BODY_MAX)],
        throttle.HONEYPOT_FIELD: [ignore_missing, unicode_safe, honeypot_empty],
    }


@tk.validator_args
def question_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def question_list(ignore_missing, unicode_safe):
    schema = {
        "territory_id": [ignore_missing, unicode_safe],
        "dataset_id": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, one_of(states.STATES, "État inconnu.")],
    }
    schema.update(_paging())
    return schema


@tk.validator_args
def question_update(not_empty, unicode_safe, ignore_missing):
    return {
        "id": [not_empty, unicode_safe],
        "title": [ignore_missing, unicode_safe, text_length(states.TITLE_MIN, states.TITLE_MAX)],
        "body": [ignore_missing, unicode_safe, text_length(0, states.BODY_MAX)],
    }


@tk.validator_args
def question_delete(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def question_moderate(not_empty, unicode_safe, ignore_missing):
    return {
        "id": [not_empty, unicode_safe],
        "state": [one_of((states.PUBLISHED, states.REFUSED),
                         "Choisissez : publier (publiee) ou refuser (refusee) la question.")],
        "reason": [ignore_missing, unicode_safe, text_length(0, states.REASON_MAX)],
    }


@tk.validator_args
def question_answer(not_empty, unicode_safe):
    return {
        "id": [not_empty, unicode_safe],
        "body": [not_empty, unicode_safe, text_length(states.ANSWER_MIN, states.ANSWER_MAX)],
    }


@tk.validator_args
def question_close(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def question_figures(not_empty, unicode_safe):
    return {"territory_id": [not_empty, unicode_safe]}
