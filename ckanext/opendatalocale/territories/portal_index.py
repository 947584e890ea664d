"""The portal's organizations matching a few referential territories, for the
look-up's « parent on this portal ». Only the parents of the territories found are
looked for, by their SIREN and INSEE code, in one small query: reading every
territory at each keystroke of the form's autocomplete took 1.2 s at country scale.
"""
from __future__ import annotations

from typing import Iterable

from . import catalogue_figures
from .referential import matching


def parents_on_portal(territories: Iterable, referential) -> dict:
    """{referential key: organization record} for the parents of ``territories``
    that are organizations of this portal."""
    parents = [parent for parent in (referential.parent_of(territory) for territory in territories)
               if parent is not None]
    sirens = {parent.siren for parent in parents if parent.siren}
    codes = {parent.insee_code for parent in parents if parent.insee_code}
    if not sirens and not codes:
        return {}
    ids = catalogue_figures.territory_ids_by_identity(sirens, codes)
    return matching.identity_index(catalogue_figures.territory_records(ids), referential) if ids else {}
