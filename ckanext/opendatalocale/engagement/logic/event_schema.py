"""navl schemas of the event actions (registered through action.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import one_of, text_length
from .schema import _paging
from .. import events

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MAX = 4000
PLACE_MAX = 300
AUDIENCE_MAX = 200
PERIODS = ("a_venir", "passes", "tous")
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


def _refusal(check):
    def validator(value, context):
        try:
            return check(value)
        except events.EventRefused as refused:
            raise tk.Invalid(tk._(str(refused)).format(days=events.MAX_DAYS))
    return validator


def single_line(value, context):
    return events.clean_text(value, single_line=True)


def multi_line(value, context):
    return events.clean_text(value)


moment = _refusal(events.parse_moment)
link = _refusal(events.optional_link)


def optional_moment(value, context):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return moment(value, context)


@tk.validator_args
def _fields(ignore_missing, unicode_safe):
    return {
        "title": [unicode_safe, single_line, text_length(TITLE_MIN, TITLE_MAX)],
        "description": [ignore_missing, unicode_safe, multi_line, text_length(0, DESCRIPTION_MAX)],
        "kind": [one_of(events.KINDS, "Choisissez le type d'événement : atelier, hackathon, "
                         "journée des données ouvertes, formation interne ou autre.")],
        "starts_at": [unicode_safe, moment],
        "ends_at": [ignore_missing, unicode_safe, optional_moment],
        "place": [ignore_missing, unicode_safe, single_line, text_length(0, PLACE_MAX)],
        "online_url": [ignore_missing, unicode_safe, link],
        "audience": [ignore_missing, unicode_safe, single_line, text_length(0, AUDIENCE_MAX)],
        "registration_url": [ignore_missing, unicode_safe, link],
        "visibility": [ignore_missing, unicode_safe, one_of(
            events.VISIBILITIES, "Visibilité inconnue : publique ou membres.")],
    }


@tk.validator_args
def event_create(not_empty, unicode_safe):
    schema = _fields()
    schema["territory_id"] = [not_empty, unicode_safe]
    schema["title"] = [not_empty] + schema["title"]
    schema["starts_at"] = [not_empty] + schema["starts_at"]
    return schema


@tk.validator_args
def event_update(not_empty, unicode_safe, ignore_missing):
    """Only the fields given change (the others are kept)."""
    schema = {key: [ignore_missing] + validators for key, validators in _fields().items()}
    schema["id"] = [not_empty, unicode_safe]
    return schema


@tk.validator_args
def event_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


event_delete = event_show


@tk.validator_args
def event_list(ignore_missing, unicode_safe):
    return {
        "territory_id": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, unicode_safe, one_of(events.KINDS, "Type d'événement inconnu.")],
        "period": [ignore_missing, unicode_safe, one_of(
            PERIODS, "Période inconnue : a_venir, passes ou tous.")],
        **_paging(),
    }
