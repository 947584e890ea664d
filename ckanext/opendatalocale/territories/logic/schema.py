"""navl schemas of the territory actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

TERRITORY_KINDS = ["commune", "intercommunalite", "departement", "region", "syndicat", "autre"]
SORT_KEYS = ["title", "kind", "departement", "phase", "percent", "last_publication",
             "public_datasets"]


def _v(name):
    return tk.get_validator(name)


# A milestone's note is a sentence or two for the platform's team, not a document.
NOTE_MAX_LENGTH = 2000


def _at_most(limit):
    def at_most(value, context):
        if value is not None and len(value) > limit:
            raise tk.Invalid(tk._("Ce texte est trop long : {length} caractères, {limit} au plus.")
                             .format(length=len(value), limit=limit))
        return value
    return at_most


def territory_list_schema():
    ignore_missing, unicode_safe = _v("ignore_missing"), _v("unicode_safe")
    natural, convert_int = _v("natural_number_validator"), _v("convert_int")
    return {
        "kind": [ignore_missing, unicode_safe, _v("one_of")(TERRITORY_KINDS)],
        "limit": [ignore_missing, convert_int, natural],
        "offset": [ignore_missing, convert_int, natural],
    }


def territory_progress_show_schema():
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def territory_progress_list_schema():
    ignore_missing, unicode_safe = _v("ignore_missing"), _v("unicode_safe")
    schema = territory_list_schema()
    schema.update({
        "q": [ignore_missing, unicode_safe],
        "departement": [ignore_missing, unicode_safe],
        "phase": [ignore_missing, _v("convert_int"), _v("natural_number_validator")],
        "sort": [ignore_missing, unicode_safe, _v("one_of")(SORT_KEYS)],
        "order": [ignore_missing, unicode_safe, _v("one_of")(["asc", "desc"])],
    })
    return schema


def territory_coverage_schema():
    return {"kind": territory_list_schema()["kind"],
            "departement": [_v("ignore_missing"), _v("unicode_safe")]}


def milestone_update_schema():
    ignore_missing, unicode_safe = _v("ignore_missing"), _v("unicode_safe")
    return {
        "id": [_v("not_empty"), unicode_safe],
        "milestone": [_v("not_empty"), unicode_safe],
        "achieved_on": [ignore_missing, _v("isodate")],
        "note": [ignore_missing, unicode_safe, _at_most(NOTE_MAX_LENGTH)],
        "evidence_url": [ignore_missing, unicode_safe, _v("url_validator")],
    }


def milestone_review_schema():
    unicode_safe = _v("unicode_safe")
    return {
        "id": [_v("not_empty"), unicode_safe],
        "milestone": [_v("not_empty"), unicode_safe],
        "status": [_v("not_empty"), unicode_safe, _v("one_of")(["confirmed", "rejected"])],
        "review_note": [_v("ignore_missing"), unicode_safe, _at_most(NOTE_MAX_LENGTH)],
    }


def territory_progress_record_schema():
    return {"id": [_v("ignore_missing"), _v("unicode_safe")]}


REFERENTIAL_KINDS = ["commune", "epci", "departement", "region"]


def territory_lookup_schema():
    ignore_missing, unicode_safe = _v("ignore_missing"), _v("unicode_safe")
    return {
        "q": [ignore_missing, unicode_safe],
        "code": [ignore_missing, unicode_safe],
        "postal_code": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, unicode_safe, _v("one_of")(REFERENTIAL_KINDS)],
        "limit": [ignore_missing, _v("convert_int"), _v("natural_number_validator")],
    }


def territory_obligation_schema():
    ignore_missing, unicode_safe = _v("ignore_missing"), _v("unicode_safe")
    return {
        "region": [ignore_missing, unicode_safe],
        "departement": [ignore_missing, unicode_safe],
        "epci": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, unicode_safe, _v("one_of")(REFERENTIAL_KINDS)],
        "status": [ignore_missing, unicode_safe, _v("one_of")(["published", "not_started"])],
    }
