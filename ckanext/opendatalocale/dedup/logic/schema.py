"""navl schemas of the duplicate actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import at_most, blank_is_absent, text_length, yes_or_no
from .. import store

DECISIONS = ["duplicate", "not_duplicate", "undo"]
LIST_LIMIT_MAX = 100
# PostgreSQL's OFFSET is a bigint: a larger one would be a database error, not an empty page.
LIST_OFFSET_MAX = 10 ** 9


@tk.validator_args
def duplicate_scan_schema(ignore_missing):
    return {}


@tk.validator_args
def duplicate_list_schema(ignore_missing, unicode_safe, natural_number_validator, one_of):
    return {
        "territory": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, one_of(["open", "resolved"])],
        # natural_number_validator reads "12" itself; an empty value is no value.
        "limit": [ignore_missing, blank_is_absent, natural_number_validator,
                  at_most(LIST_LIMIT_MAX)],
        "offset": [ignore_missing, blank_is_absent, natural_number_validator,
                   at_most(LIST_OFFSET_MAX)],
    }


def _pair(value, context):
    names = store.pair_names(value)
    if names is None:
        raise tk.Invalid(tk._("Une paire est deux jeux de données (noms ou identifiants), "
                              "en liste ou séparés par une virgule."))
    return names


def _id_list(value, context):
    ids = value.split(",") if isinstance(value, str) else value
    if not isinstance(ids, list) or len(ids) > 1000 or not all(isinstance(i, str) for i in ids):
        raise tk.Invalid(tk._("Une liste d'identifiants de jeux de données est attendue."))
    return [i.strip() for i in ids if i.strip()]


@tk.validator_args
def duplicate_decide_schema(not_empty, ignore_missing, unicode_safe, one_of):
    return {
        # A cluster (its id), or one pair of it (``pair``; ``id`` then optional).
        "id": [ignore_missing, unicode_safe],
        "pair": [ignore_missing, _pair],
        "decision": [not_empty, unicode_safe, one_of(DECISIONS)],
        "keep": [ignore_missing, unicode_safe],
        # "doublon": delete the others (CKAN's soft delete) instead of marking them
        # superseded, only with ``confirm`` true as well.
        "delete": [ignore_missing, yes_or_no],
        "confirm": [ignore_missing, yes_or_no],
        # The ids the confirmation page listed: a dataset that joined the group since
        # is never deleted unseen.
        "expected": [ignore_missing, _id_list],
    }


@tk.validator_args
def duplicate_status_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


SIMILAR_TITLE_MAX = 300
SIMILAR_LIMIT_MAX = 10


@tk.validator_args
def duplicate_similar_schema(not_empty, ignore_missing, unicode_safe, natural_number_validator):
    return {
        "title": [not_empty, unicode_safe, text_length(1, SIMILAR_TITLE_MAX)],
        # The dataset being edited (left out of its own suggestions) and its territory.
        "id": [ignore_missing, unicode_safe],
        "owner_org": [ignore_missing, unicode_safe],
        "limit": [ignore_missing, blank_is_absent, natural_number_validator,
                  at_most(SIMILAR_LIMIT_MAX)],
    }
