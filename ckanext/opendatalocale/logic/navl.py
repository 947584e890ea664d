"""How every action of the suite reads its parameters: CKAN's navl validation, with
the caller's right to act checked first so that a refusal says nothing of the data."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def validated(context, data_dict, schema, auth: str | None = None) -> dict:
    if auth:
        tk.check_access(auth, context, data_dict)
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data
