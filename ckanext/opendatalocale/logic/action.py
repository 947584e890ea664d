"""Actions of the core plugin (schema catalogue, validation)."""
from __future__ import annotations

__all__: list[str] = []
