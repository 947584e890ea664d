"""navl schemas of the engagement actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import blank_is_absent, text_length
from .. import request_states

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MAX = 4000
PURPOSE_MAX = 2000
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
SORTS = ["recent", "votes"]


def _choice(choices, message):
    def choice(value, context):
        if value not in choices:
            raise tk.Invalid(tk._(message))
        return value
    return choice


@tk.validator_args
def _paging(ignore_missing, natural_number_validator):
    return {"limit": [ignore_missing, blank_is_absent, natural_number_validator],
            "offset": [ignore_missing, blank_is_absent, natural_number_validator]}


@tk.validator_args
def territory_public_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def data_request_create(not_empty, unicode_safe, ignore_missing):
    return {
        "territory_id": [not_empty, unicode_safe],
        "title": [not_empty, unicode_safe, text_length(TITLE_MIN, TITLE_MAX)],
        "description": [ignore_missing, unicode_safe, text_length(0, DESCRIPTION_MAX)],
        "purpose": [ignore_missing, unicode_safe, text_length(0, PURPOSE_MAX)],
        # Only the choice: an empty or missing one gets the same sentence saying what to pick.
        "requester_kind": [_choice(
            request_states.REQUESTER_KINDS,
            "Dites qui vous êtes : habitant, association, entreprise, chercheur, "
            "journaliste ou agent public.")],
    }


@tk.validator_args
def data_request_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def data_request_list(ignore_missing, unicode_safe):
    schema = {
        "territory_id": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, _choice(request_states.STATES, "État inconnu.")],
        "sort": [ignore_missing, unicode_safe, _choice(SORTS, "Tri inconnu : recent ou votes.")],
    }
    schema.update(_paging())
    return schema


@tk.validator_args
def data_request_update(not_empty, unicode_safe, ignore_missing):
    return {
        "id": [not_empty, unicode_safe],
        "state": [not_empty, unicode_safe, _choice(request_states.STATES, "État inconnu.")],
        "reason": [ignore_missing, unicode_safe, text_length(0, request_states.REASON_MAX_LENGTH)],
        "dataset_id": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def data_request_delete(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def data_request_vote(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
