"""The kinds of territory, defined once: the value the form stores, its label, and the
kind of the official referential (COG) it matches. No CKAN import."""
from __future__ import annotations

from typing import NamedTuple, Optional


def N_(message: str) -> str:
    """Marks a label for extraction; it is translated where it is shown."""
    return message


class Kind(NamedTuple):
    value: str
    label: str
    referential: Optional[str]  # None: not in the COG (syndicats and others)


KINDS = (
    Kind("commune", N_("Commune"), "commune"),
    Kind("intercommunalite", N_("Intercommunalité (EPCI)"), "epci"),
    Kind("departement", N_("Département"), "departement"),
    Kind("region", N_("Région"), "region"),
    Kind("syndicat", N_("Syndicat"), None),
    Kind("autre", N_("Autre"), None),
)
VALUES = tuple(kind.value for kind in KINDS)
LABELS = {kind.value: kind.label for kind in KINDS}
# Form kind -> referential kind, and back.
REFERENTIAL = {kind.value: kind.referential for kind in KINDS if kind.referential}
FORM = {referential: value for value, referential in REFERENTIAL.items()}
