from __future__ import annotations

import ckan.plugins.toolkit as tk


def territory_list_schema():
    ignore_missing = tk.get_validator("ignore_missing")
    natural = tk.get_validator("natural_number_validator")
    convert_int = tk.get_validator("convert_int")
    unicode_safe = tk.get_validator("unicode_safe")
    one_of = tk.get_validator("one_of")
    return {
        "kind": [ignore_missing, unicode_safe, one_of(
            ["commune", "intercommunalite", "departement", "region", "syndicat", "autre"]
        )],
        "limit": [ignore_missing, convert_int, natural],
        "offset": [ignore_missing, convert_int, natural],
    }
