"""navl schemas of the engagement actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import request_states

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MAX = 4000
PURPOSE_MAX = 2000
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
SORTS = ["recent", "votes"]


def _v(name):
    return tk.get_validator(name)


def _length(minimum, maximum):
    def length(value, context):
        size = len((value or "").strip())
        if size < minimum:
            raise tk.Invalid(tk._("Ce texte est trop court : {minimum} caractères au moins.")
                             .format(minimum=minimum))
        if size > maximum:
            raise tk.Invalid(tk._("Ce texte est trop long : {length} caractères, {limit} au plus.")
                             .format(length=size, limit=maximum))
        return (value or "").strip()
    return length


def _choice(choices, message):
    def choice(value, context):
        if value not in choices:
            raise tk.Invalid(tk._(message))
        return value
    return choice


def _paging():
    ignore_missing, convert_int = _v("ignore_missing"), _v("convert_int")
    natural = _v("natural_number_validator")
    return {"limit": [ignore_missing, convert_int, natural],
            "offset": [ignore_missing, convert_int, natural]}


def territory_public_show():
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def data_request_create():
    not_empty, unicode_safe, ignore_missing = _v("not_empty"), _v("unicode_safe"), _v("ignore_missing")
    return {
        "territory_id": [not_empty, unicode_safe],
        "title": [not_empty, unicode_safe, _length(TITLE_MIN, TITLE_MAX)],
        "description": [ignore_missing, unicode_safe, _length(0, DESCRIPTION_MAX)],
        "purpose": [ignore_missing, unicode_safe, _length(0, PURPOSE_MAX)],
        # Only the choice: an empty or missing one gets the same sentence saying what to pick.
        "requester_kind": [_choice(
            request_states.REQUESTER_KINDS,
            "Dites qui vous êtes : habitant, association, entreprise, chercheur, "
            "journaliste ou agent public.")],
    }


def data_request_show():
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def data_request_list():
    ignore_missing, unicode_safe = _v("ignore_missing"), _v("unicode_safe")
    schema = {
        "territory_id": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, _choice(request_states.STATES, "État inconnu.")],
        "sort": [ignore_missing, unicode_safe, _choice(SORTS, "Tri inconnu : recent ou votes.")],
    }
    schema.update(_paging())
    return schema


def data_request_update():
    not_empty, unicode_safe, ignore_missing = _v("not_empty"), _v("unicode_safe"), _v("ignore_missing")
    return {
        "id": [not_empty, unicode_safe],
        "state": [not_empty, unicode_safe, _choice(request_states.STATES, "État inconnu.")],
        "reason": [ignore_missing, unicode_safe, _length(0, request_states.REASON_MAX_LENGTH)],
        "dataset_id": [ignore_missing, unicode_safe],
    }


def data_request_delete():
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def data_request_vote():
    return {"id": [_v("not_empty"), _v("unicode_safe")]}
