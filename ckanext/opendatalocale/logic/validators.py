"""Validators for French identifiers, used by the scheming presets."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk

from .. import numbers
from ..scdl import identifiers, resource_schema
from ..scdl.site_catalogue import catalogue

__all__ = ["odl_siren", "odl_insee_code", "odl_population", "odl_resource_schema", "odl_siret"]

# Département (2 characters, 2A/2B, 97x overseas) or région (2 digits); communes
# go through scdl.identifiers like every other commune code of the suite.
_DEPARTEMENT_OR_REGION = re.compile(r"^(?:\d{2}|2[AB]|97[1-8])$")


def _identifier(value, reason_of, label):
    if value in (None, ""):
        return value
    reason = reason_of(str(value))
    if reason:
        raise tk.Invalid(tk._("Le {label} « {value} » est invalide : {reason}.").format(
            label=label, value=value, reason=reason))
    return identifiers.compact(str(value))


def odl_siren(value, context):
    return _identifier(value, identifiers.siren_reason, "SIREN")


def odl_siret(value, context):
    return _identifier(value, identifiers.siret_reason, "SIRET")


def odl_insee_code(value, context):
    """A COG code: a commune's (the suite's one check), a département's or a région's."""
    if value in (None, ""):
        return value
    code = str(value).strip().upper()
    if _DEPARTEMENT_OR_REGION.match(code):
        return code
    reason = identifiers.commune_code_reason(code)
    if reason:
        raise tk.Invalid(tk._(
            "Le code INSEE « {value} » n'est pas un code officiel géographique : {reason} "
            "(un département ou une région s'écrit avec 2 ou 3 caractères : 42, 2A, 974, 84)."
        ).format(value=value, reason=reason))
    return code


def odl_population(value, context):
    if value in (None, ""):
        return value
    try:
        population = numbers.parse_whole(value)
    except ValueError:
        raise tk.Invalid(tk._("La population doit être un nombre entier d'habitants."))
    if population < 0:
        raise tk.Invalid(tk._("La population ne peut pas être négative."))
    return population


def odl_resource_schema(value, context):
    """The schema a resource follows, stored as data.gouv.fr does: {name, version}."""
    try:
        reference = resource_schema.parse_reference(value)
    except resource_schema.SchemaReferenceError:
        raise tk.Invalid(tk._(
            "Le schéma s'écrit {\"name\": \"scdl/subventions\", \"version\": \"2.1.1\"}, "
            "{\"url\": \"…/schema.json\"} ou « scdl/subventions@2.1.1 »."))
    if reference is None:
        return None
    version = resource_schema.resolve(reference, catalogue())
    if version is None:
        raise tk.Invalid(tk._(
            "Le schéma « {schema} » n'est pas dans le catalogue du site "
            "(voir la page des schémas)."
        ).format(schema=reference.get("name") or reference.get("url")))
    if "url" in reference:
        return reference
    return {"name": version.id, "version": version.version}
