"""Auth functions of the core plugin."""
from __future__ import annotations

__all__: list[str] = []
