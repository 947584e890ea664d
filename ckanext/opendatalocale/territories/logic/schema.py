"""navl schemas of the territory actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import blank_is_absent, text_length
from .. import kinds
from .. import indicators
from ..referential.lookup import KINDS as REFERENTIAL_KINDS

SORT_KEYS = ["title", "kind", "departement", "phase", "percent", "last_publication",
             "public_datasets"]

# A milestone's note is a sentence or two for the platform's team, not a document.
NOTE_MAX_LENGTH = 2000
# A link to a council decision; longer is no address a browser keeps.
EVIDENCE_URL_MAX_LENGTH = 2000


@tk.validator_args
def territory_list_schema(ignore_missing, unicode_safe, natural_number_validator, one_of):
    return {
        "kind": [ignore_missing, unicode_safe, one_of(list(kinds.VALUES))],
        "limit": [ignore_missing, blank_is_absent, natural_number_validator],
        "offset": [ignore_missing, blank_is_absent, natural_number_validator],
    }


@tk.validator_args
def territory_progress_show_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def territory_progress_list_schema(ignore_missing, unicode_safe, natural_number_validator,
                                   one_of):
    schema = territory_list_schema()
    schema.update({
        "q": [ignore_missing, unicode_safe],
        "departement": [ignore_missing, unicode_safe],
        "phase": [ignore_missing, blank_is_absent, natural_number_validator],
        "sort": [ignore_missing, unicode_safe,
                 one_of(SORT_KEYS + [i.id for i in indicators.overview_indicators()])],
        "order": [ignore_missing, unicode_safe, one_of(["asc", "desc"])],
    })
    return schema


@tk.validator_args
def territory_coverage_schema(ignore_missing, unicode_safe):
    listing = territory_list_schema()
    return {"kind": listing["kind"], "departement": [ignore_missing, unicode_safe],
            "limit": listing["limit"], "offset": listing["offset"]}


@tk.validator_args
def milestone_update_schema(ignore_missing, unicode_safe, not_empty, isodate, url_validator):
    return {
        "id": [not_empty, unicode_safe],
        "milestone": [not_empty, unicode_safe],
        "achieved_on": [ignore_missing, isodate],
        "note": [ignore_missing, unicode_safe, text_length(0, NOTE_MAX_LENGTH)],
        "evidence_url": [ignore_missing, unicode_safe, text_length(0, EVIDENCE_URL_MAX_LENGTH),
                         url_validator],
    }


@tk.validator_args
def milestone_review_schema(unicode_safe, not_empty, one_of, ignore_missing):
    return {
        "id": [not_empty, unicode_safe],
        "milestone": [not_empty, unicode_safe],
        "status": [not_empty, unicode_safe, one_of(["confirmed", "rejected"])],
        "review_note": [ignore_missing, unicode_safe, text_length(0, NOTE_MAX_LENGTH)],
    }


@tk.validator_args
def territory_progress_record_schema(ignore_missing, unicode_safe, boolean_validator):
    return {"id": [ignore_missing, unicode_safe], "stale": [ignore_missing, boolean_validator]}


@tk.validator_args
def territory_lookup_schema(ignore_missing, unicode_safe, one_of, natural_number_validator):
    return {
        "q": [ignore_missing, unicode_safe],
        "code": [ignore_missing, unicode_safe],
        "postal_code": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, unicode_safe, one_of(list(REFERENTIAL_KINDS))],
        "limit": [ignore_missing, blank_is_absent, natural_number_validator],
    }


@tk.validator_args
def territory_obligation_schema(ignore_missing, unicode_safe, one_of, natural_number_validator):
    return {
        # without a limit every row is returned (the CSV and JSON exports)
        "limit": [ignore_missing, blank_is_absent, natural_number_validator],
        "offset": [ignore_missing, blank_is_absent, natural_number_validator],
        "region": [ignore_missing, unicode_safe],
        "departement": [ignore_missing, unicode_safe],
        "epci": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, unicode_safe, one_of(list(REFERENTIAL_KINDS))],
        "status": [ignore_missing, unicode_safe, one_of(["published", "not_started"])],
    }
