"""navl schemas of the inventory actions. Lengths and choice lists come from
inventory.py, which the form reads too."""
from __future__ import annotations

import datetime
import re

import ckan.plugins.toolkit as tk

from ...logic.navl import at_most, blank_is_absent, one_of, text_length, yes_or_no
from ...scdl.site_catalogue import catalogue
from ...scdl.i18n import N_
from .. import inventory

DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET = 20, 100, 1_000_000
# A target date outside these years is a typing slip (0026 for 2026), not a plan.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Marked for extraction here, translated by one_of when raised.
UNKNOWN_PRIORITY = N_("Priorité inconnue : haute, moyenne ou basse.")
UNKNOWN_STATUS = N_("Statut inconnu : à publier, en cours, publiée ou abandonnée.")
UNKNOWN_BLOCKER = N_("Frein inconnu : données personnelles, qualité, format, validation "
                     "hiérarchique, licence, technique ou autre.")
UNKNOWN_SORT = N_("Tri inconnu : priorite, echeance, titre ou maj.")
_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _blank_is_none(value, context):
    return value if value else None


def target_date(value, context):
    """AAAA-MM-JJ (what the form's date field sends) or JJ/MM/AAAA (what an agent
    types); empty means no target date."""
    if isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise tk.Invalid(tk._("La date cible doit s'écrire AAAA-MM-JJ, par exemple 2026-06-30."))
    if not text:
        return None
    french = _FRENCH_DATE.fullmatch(text)
    try:
        if french:
            day, month, year = (int(part) for part in french.groups())
            found = datetime.date(year, month, day)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            found = datetime.date.fromisoformat(text)
        else:
            raise tk.Invalid(tk._(
                "La date cible « {value} » n'est pas une date : écrivez-la AAAA-MM-JJ, "
                "par exemple 2026-06-30.").format(value=text[:40]))
    except ValueError:
        raise tk.Invalid(tk._("La date cible « {value} » n'existe pas dans le calendrier.")
                         .format(value=text[:40]))
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise tk.Invalid(tk._("La date cible doit tomber entre {first} et {last}.")
                         .format(first=FIRST_YEAR, last=LAST_YEAR))
    return found


def scdl_schema(value, context):
    """A schema id of the site's catalogue (« scdl/subventions »), stored as the
    catalogue names it; empty means none."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return catalogue().info(text).id
    except KeyError:
        raise tk.Invalid(tk._("Le schéma « {schema} » n'est pas dans le catalogue des schémas "
                              "du site.").format(schema=text[:100]))


def _fields(not_empty, ignore_missing, unicode_safe, default, create: bool) -> dict:
    first = [default(inventory.MEDIUM)] if create else [ignore_missing]
    status_first = [default(inventory.TO_PUBLISH)] if create else [ignore_missing]
    return {
        "title": [not_empty if create else ignore_missing, unicode_safe,
                  text_length(inventory.TITLE_MIN, inventory.TITLE_MAX)],
        "description": [ignore_missing, unicode_safe,
                        text_length(0, inventory.DESCRIPTION_MAX)],
        "owner_service": [ignore_missing, unicode_safe,
                          text_length(0, inventory.OWNER_SERVICE_MAX)],
        "priority": first + [unicode_safe, one_of(
            inventory.PRIORITIES, UNKNOWN_PRIORITY)],
        "blocker": [ignore_missing, unicode_safe, _blank_is_none, one_of(
            (None,) + inventory.BLOCKERS,
            UNKNOWN_BLOCKER)],
        "blocker_detail": [ignore_missing, unicode_safe,
                           text_length(0, inventory.BLOCKER_DETAIL_MAX)],
        "target_date": [ignore_missing, target_date],
        "schema_id": [ignore_missing, unicode_safe, scdl_schema],
        "status": status_first + [unicode_safe, one_of(
            inventory.STATUSES, UNKNOWN_STATUS)],
        # A dataset name or id, read by the action against the territory's datasets.
        "dataset": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def inventory_item_create(not_empty, ignore_missing, unicode_safe, default):
    schema = _fields(not_empty, ignore_missing, unicode_safe, default, create=True)
    schema["territory"] = [not_empty, unicode_safe]
    return schema


@tk.validator_args
def inventory_item_update(not_empty, ignore_missing, unicode_safe, default):
    schema = _fields(not_empty, ignore_missing, unicode_safe, default, create=False)
    schema["id"] = [not_empty, unicode_safe]
    return schema


@tk.validator_args
def inventory_item_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def inventory_summary(not_empty, unicode_safe):
    return {"territory": [not_empty, unicode_safe]}


@tk.validator_args
def inventory_item_list(not_empty, ignore_missing, unicode_safe, default,
                        natural_number_validator, int_validator):
    return {
        "territory": [not_empty, unicode_safe],
        "status": [ignore_missing, unicode_safe, one_of(
            inventory.STATUSES, UNKNOWN_STATUS)],
        "priority": [ignore_missing, unicode_safe, one_of(
            inventory.PRIORITIES, UNKNOWN_PRIORITY)],
        "blocker": [ignore_missing, unicode_safe, one_of(inventory.BLOCKERS, UNKNOWN_BLOCKER)],
        "schema_id": [ignore_missing, unicode_safe, text_length(0, 200)],
        "overdue": [ignore_missing, yes_or_no],
        "q": [ignore_missing, unicode_safe, text_length(0, 100)],
        "sort": [default("priorite"), unicode_safe, one_of(
            inventory.SORTS, UNKNOWN_SORT)],
        # Defaults set by the action: CKAN's default() lets "  " through to a TypeError.
        "limit": [ignore_missing, blank_is_absent, int_validator, natural_number_validator,
                  at_most(MAX_LIMIT)],
        # PostgreSQL takes no offset beyond a bigint: far past any inventory anyway.
        "offset": [ignore_missing, blank_is_absent, int_validator, natural_number_validator,
                   at_most(MAX_OFFSET)],
    }
