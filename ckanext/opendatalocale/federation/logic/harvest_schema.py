"""navl schemas of the harvest actions (opendatalocale_harvest)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def territory_harvest_sources_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@tk.validator_args
def harvest_placement_list_schema(not_empty, unicode_safe):
    return {"source_id": [not_empty, unicode_safe]}


@tk.validator_args
def harvest_placement_assign_schema(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe], "territory": [not_empty, unicode_safe]}
