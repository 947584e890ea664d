"""Blueprints of the core plugin."""
from __future__ import annotations

from .scdl.views import schemas, validation

__all__ = ["schemas", "validation"]
