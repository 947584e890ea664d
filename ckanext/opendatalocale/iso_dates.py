"""Dates stored by CKAN and scheming as ISO text (« 2025-09-01 » or a datetime), read
in one place. No CKAN import."""
from __future__ import annotations

import datetime
from typing import Optional


def date_of(value) -> Optional[datetime.date]:
    """The date an ISO date or datetime text begins with; None when absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
