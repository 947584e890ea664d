"""Which SCDL schemas each territory publishes: pure module.

A resource declares its schema the way data.gouv.fr does, ``{name, version}`` or
``{url}``, stored as a dict or as JSON text, or simply as a schema id or URL.
"""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Iterable

# https://schema.data.gouv.fr/schemas/scdl/deliberations/2.1.3/schema.json -> scdl/deliberations
_SCHEMA_URL = re.compile(r"schema\.data\.gouv\.fr/schemas/([^/]+/[^/]+)")

PUBLISHED, VALID, STALE = "published", "valid", "stale"


def schema_identifier(declared: Any) -> str | None:
    """The schema's id (``scdl/deliberations``), or None when nothing is declared."""
    if isinstance(declared, str):
        text = declared.strip()
        if not text:
            return None
        if text.startswith("{"):
            try:
                return schema_identifier(json.loads(text))
            except ValueError:
                return None
        match = _SCHEMA_URL.search(text)
        if match:
            return match.group(1)
        return text
    if isinstance(declared, dict):
        if declared.get("name"):
            return str(declared["name"]).strip() or None
        if declared.get("url"):
            return schema_identifier(str(declared["url"]))
    return None


@dataclasses.dataclass
class CoverageCell:
    """One territory × schema: resources declaring it, valid ones, stale datasets."""
    resources: int = 0
    valid: int = 0
    stale: int = 0

    @property
    def state(self) -> str:
        if self.stale and self.stale >= self.resources:
            return STALE
        if self.valid == self.resources:
            return VALID
        return PUBLISHED


@dataclasses.dataclass(frozen=True)
class SchemaResource:
    territory_id: str
    schema: str
    valid: bool
    stale: bool


def coverage_matrix(resources: Iterable[SchemaResource]) -> dict[str, dict[str, CoverageCell]]:
    """{territory_id: {schema: cell}}: territories publishing nothing are absent."""
    matrix: dict[str, dict[str, CoverageCell]] = {}
    for resource in resources:
        cell = matrix.setdefault(resource.territory_id, {}).setdefault(
            resource.schema, CoverageCell())
        cell.resources += 1
        cell.valid += resource.valid
        cell.stale += resource.stale
    return matrix
