"""Dataset identifiers (dct:identifier) compared as the same dataset.

Identifiers come from people and harvesters: udata's harvester refuses placeholders
("TODO", "A REMPLIR") that producers leave in copied records, so they never match here.
"""
from __future__ import annotations

import re

from .urls import normalise_url

__all__ = ["normalise_identifier"]

PLACEHOLDERS = frozenset({
    "", "-", "todo", "a remplir", "à remplir", "n/a", "na", "none", "null", "inconnu",
    "identifiant", "identifier", "xxx", "0",
})
_SPACES = re.compile(r"\s+")


def normalise_identifier(identifier: str | None) -> str | None:
    """The comparison key of an identifier, or None for an empty or placeholder one.

    A URI is compared like a link (host case, default port, trailing slash, fragment);
    anything else on its text, with case and spaces folded."""
    if identifier is None:
        return None
    text = _SPACES.sub(" ", str(identifier)).strip()
    if text.casefold() in PLACEHOLDERS:
        return None
    if re.match(r"^https?://", text, re.IGNORECASE):
        as_url = normalise_url(text.split("#", 1)[0])
        if as_url:
            return "uri:" + as_url
    return "id:" + text.casefold()
