"""navl schemas of the quality score actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def quality_dataset_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
