"""navl schemas of the engagement actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import at_most, blank_is_absent, one_of, text_length
from .. import request_states, reuse_kinds, throttle

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MAX = 4000
PURPOSE_MAX = 2000
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
# An offset PostgreSQL takes (a page number from the address bar is anything).
MAX_OFFSET = 10_000_000
SORTS = ["recent", "votes"]


def honeypot_empty(value, context):
    if value:
        raise tk.Invalid(tk._("Ce champ doit rester vide : votre envoi ressemble à celui "
                              "d'un robot. Videz-le et envoyez de nouveau."))
    return value


def email_address(value, context):
    text = (value or "").strip()
    if not text:
        return ""
    if not throttle.is_email(text):
        raise tk.Invalid(tk._("Cette adresse électronique n'est pas valide (exemple : "
                              "nom@exemple.fr)."))
    return text


@tk.validator_args
def _paging(ignore_missing, natural_number_validator):
    return {"limit": [ignore_missing, blank_is_absent, natural_number_validator],
            "offset": [ignore_missing, blank_is_absent, natural_number_validator,
                       at_most(MAX_OFFSET)]}


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
        "requester_kind": [one_of(
            request_states.REQUESTER_KINDS,
            "Dites qui vous êtes : habitant, association, entreprise, chercheur, "
            "journaliste ou agent public.")],
        # Read by the action only when nobody is signed in: an account holds its e-mail.
        "email": [ignore_missing, unicode_safe, email_address],
        throttle.HONEYPOT_FIELD: [ignore_missing, unicode_safe, honeypot_empty],
    }


@tk.validator_args
def data_request_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def data_request_list(ignore_missing, unicode_safe):
    schema = {
        "territory_id": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, one_of(request_states.STATES, "État inconnu.")],
        "sort": [ignore_missing, unicode_safe, one_of(SORTS, "Tri inconnu : recent ou votes.")],
    }
    schema.update(_paging())
    return schema


@tk.validator_args
def data_request_update(not_empty, unicode_safe, ignore_missing):
    return {
        "id": [not_empty, unicode_safe],
        "state": [not_empty, unicode_safe, one_of(request_states.STATES, "État inconnu.")],
        "reason": [ignore_missing, unicode_safe, text_length(0, request_states.REASON_MAX_LENGTH)],
        "dataset_id": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def data_request_delete(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def data_request_vote(not_empty, unicode_safe, ignore_missing):
    # The honeypot: the vote form carries it for voters without an account.
    return {"id": [not_empty, unicode_safe],
            throttle.HONEYPOT_FIELD: [ignore_missing, unicode_safe, honeypot_empty]}


@tk.validator_args
def data_request_email_erase(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


def data_request_emails_expire():
    return {}


@tk.validator_args
def data_request_similar(not_empty, unicode_safe):
    return {"territory_id": [not_empty, unicode_safe],
            "title": [not_empty, unicode_safe, text_length(1, TITLE_MAX)]}


REUSE_DESCRIPTION_MAX = 4000
AUTHOR_MAX = 200
MAX_REUSE_DATASETS = 20


def reuse_link(value, context):
    try:
        return reuse_kinds.check_link(value)
    except reuse_kinds.LinkRefused as refused:
        raise tk.Invalid(tk._(str(refused)))


def optional_image_link(value, context):
    text = (value or "").strip()
    if not text:
        return ""
    link = reuse_link(text, context)
    if not link.lower().startswith("https://"):
        raise tk.Invalid(tk._("L'image doit être servie en https://."))
    return link


def dataset_references(value, context):
    """One or more dataset names or ids: a list, or text separated by commas or lines."""
    if isinstance(value, str):
        value = [part for chunk in value.splitlines() for part in chunk.split(",")]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise tk.Invalid(tk._("Indiquez les jeux de données utilisés par leur nom."))
    names = list(dict.fromkeys(item.strip() for item in value if item.strip()))
    if not names:
        raise tk.Invalid(tk._("Indiquez au moins un jeu de données utilisé."))
    if len(names) > MAX_REUSE_DATASETS:
        raise tk.Invalid(tk._("{limit} jeux de données au plus.").format(limit=MAX_REUSE_DATASETS))
    return names


@tk.validator_args
def reuse_create(not_empty, unicode_safe, ignore_missing):
    return {
        "territory_id": [not_empty, unicode_safe],
        "title": [not_empty, unicode_safe, text_length(TITLE_MIN, TITLE_MAX)],
        "description": [not_empty, unicode_safe, text_length(10, REUSE_DESCRIPTION_MAX)],
        "url": [not_empty, unicode_safe, reuse_link],
        "image_url": [ignore_missing, unicode_safe, optional_image_link],
        "reuse_type": [one_of(reuse_kinds.TYPES, "Choisissez le type de réutilisation.")],
        "topic": [one_of(reuse_kinds.TOPICS, "Choisissez le thème de la réutilisation.")],
        "author": [ignore_missing, unicode_safe, text_length(0, AUTHOR_MAX)],
        "datasets": [not_empty, dataset_references],
        throttle.HONEYPOT_FIELD: [ignore_missing, unicode_safe, honeypot_empty],
    }


@tk.validator_args
def reuse_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def reuse_list(ignore_missing, unicode_safe):
    schema = {
        "territory_id": [ignore_missing, unicode_safe],
        "dataset_id": [ignore_missing, unicode_safe],
        "state": [ignore_missing, unicode_safe, one_of(reuse_kinds.STATES, "État inconnu.")],
    }
    schema.update(_paging())
    return schema


@tk.validator_args
def reuse_update(not_empty, unicode_safe, ignore_missing):
    return {
        "id": [not_empty, unicode_safe],
        "state": [not_empty, unicode_safe, one_of(reuse_kinds.STATES, "État inconnu.")],
        "reason": [ignore_missing, unicode_safe, text_length(0, request_states.REASON_MAX_LENGTH)],
    }


@tk.validator_args
def reuse_delete(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
