"""Blueprints of the core plugin."""
from __future__ import annotations

from .guides.views import guide
from .scdl.views import schemas, validation

__all__ = ["guide", "schemas", "validation"]
