"""How a resource says which schema it follows, the way data.gouv.fr does.

Accepted: ``{"name": "scdl/subventions", "version": "2.1.1"}``, ``{"url": ...}``,
the same as a JSON string, ``"scdl/subventions@2.1.1"``, ``"scdl/subventions"``
(latest version) or a schema URL.
"""
from __future__ import annotations

import json
from typing import Any, Optional


class SchemaReferenceError(ValueError):
    pass


def parse_reference(value: Any) -> Optional[dict]:
    """Normalised ``{name, version}`` or ``{url}``; None when no schema is declared."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except ValueError:
                raise SchemaReferenceError("not-json")
        elif text.startswith(("http://", "https://")):
            return {"url": text}
        else:
            name, _, version = text.partition("@")
            return {"name": name.strip(), "version": version.strip() or None}
    if not isinstance(value, dict):
        raise SchemaReferenceError("not-an-object")
    if value.get("name"):
        return {"name": str(value["name"]).strip(),
                "version": (str(value["version"]).strip() if value.get("version") else None)}
    if value.get("url"):
        return {"url": str(value["url"]).strip()}
    raise SchemaReferenceError("no-name-nor-url")


def resolve(reference: Optional[dict], catalogue) -> Any:
    """The catalogue's SchemaVersion for a parsed reference, or None if unknown."""
    if not reference:
        return None
    if "url" in reference:
        return catalogue.find_by_url(reference["url"])
    try:
        return catalogue.get(reference["name"], reference.get("version"))
    except KeyError:
        return None
