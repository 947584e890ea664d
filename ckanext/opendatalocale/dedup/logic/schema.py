"""navl schemas of the duplicate actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import blank_is_absent

DECISIONS = ["duplicate", "not_duplicate", "undo"]
LIST_LIMIT_MAX = 100
# PostgreSQL's OFFSET is a bigint: a larger one would be a database error, not an empty page.
LIST_OFFSET_MAX = 10 ** 9


def _at_most(limit):
    def at_most(value, context):
        # navl runs every validator even after one failed: compare numbers only.
        if isinstance(value, int) and value > limit:
            raise tk.Invalid(tk._("Au plus {limit}.").format(limit=limit))
        return value
    return at_most


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
                  _at_most(LIST_LIMIT_MAX)],
        "offset": [ignore_missing, blank_is_absent, natural_number_validator,
                   _at_most(LIST_OFFSET_MAX)],
    }


@tk.validator_args
def duplicate_decide_schema(not_empty, ignore_missing, unicode_safe, one_of):
    return {
        "id": [not_empty, unicode_safe],
        "decision": [not_empty, unicode_safe, one_of(DECISIONS)],
        "keep": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def duplicate_status_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
