"""How every action of the suite reads its parameters: CKAN's navl validation, with
the caller's right to act checked first so that a refusal says nothing of the data."""
from __future__ import annotations

import math
import re

import ckan.plugins.toolkit as tk

# PostgreSQL text holds no NUL character and UTF-8 no lone surrogate (JSON can
# carry both): either one reaching a query or CKAN's own auth functions is a 500.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unreadable(value) -> bool:
    """Something no parameter of the suite accepts, wherever it is nested:
    characters PostgreSQL cannot store, or a number that is not finite."""
    if isinstance(value, str):
        return bool(_UNSTORABLE.search(value))
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_unreadable(key) or _unreadable(item) for key, item in value.items())
    if isinstance(value, (list, tuple, set)):
        return any(_unreadable(item) for item in value)
    return False


def _is_text(validators) -> bool:
    return isinstance(validators, list) and any(
        getattr(validator, "__name__", "") == "unicode_safe" for validator in validators)


def refused_values(data_dict: dict, schema: dict) -> dict:
    """French errors for values that must not reach auth functions, CKAN's actions or
    the database: checked before anything else, they say nothing of the data."""
    errors = {}
    for key, value in data_dict.items():
        name = key if isinstance(key, str) and not _unreadable(key) else "__request"
        if _unreadable(key) or _unreadable(value):
            errors[name] = [tk._("Valeur refusée : caractère nul, texte mal encodé ou nombre "
                                 "infini.")]
        elif _is_text(schema.get(key)) and not isinstance(value, str):
            # An identifier given as a list, a number or an object reaches CKAN's
            # own lookups as it is: they expect text.
            errors[name] = [tk._("Un texte est attendu.")]
    return errors


def text_length(minimum: int, maximum: int):
    """A text of ``minimum`` to ``maximum`` characters once trimmed, returned trimmed."""
    def length(value, context):
        text = (value or "").strip()
        if len(text) < minimum:
            raise tk.Invalid(tk._("Ce texte est trop court : {minimum} caractères au moins.")
                             .format(minimum=minimum))
        if len(text) > maximum:
            raise tk.Invalid(tk._("Ce texte est trop long : {length} caractères, {limit} au plus.")
                             .format(length=len(text), limit=maximum))
        return text
    return length


def one_of(choices, message: str):
    """A value among ``choices``, else ``message`` (a French source string, translated
    when it is raised)."""
    def choice(value, context):
        if value not in choices:
            raise tk.Invalid(tk._(message))
        return value
    return choice


def at_most(limit: int):
    """A whole number no larger than ``limit`` (a page size, an offset PostgreSQL takes)."""
    def bounded(value, context):
        # navl runs every validator even after one failed: compare numbers only.
        if isinstance(value, int) and value > limit:
            raise tk.Invalid(tk._("Au plus {limit}.").format(limit=limit))
        return value
    return bounded


def blank_is_absent(key, data, errors, context):
    """Before natural_number_validator: an empty whole number ("" in a query
    string) is no value, where CKAN's validator fails with a TypeError (a 500)."""
    value = data.get(key)
    if isinstance(value, str) and not value.strip():
        data.pop(key, None)
        raise tk.StopOnError


def validated(context, data_dict, schema, auth: str | None = None) -> dict:
    errors = refused_values(data_dict, schema)
    if errors:
        raise tk.ValidationError(errors)
    if auth:
        tk.check_access(auth, context, data_dict)
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def yes_or_no(value, context):
    """A yes/no field; CKAN's boolean_validator fails (a 500) on a list or a number."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int)) and str(value).strip().lower() in (
            "1", "true", "oui", "yes", "0", "false", "non", "no", ""):
        return str(value).strip().lower() in ("1", "true", "oui", "yes")
    raise tk.Invalid(tk._("Oui ou non attendu."))
