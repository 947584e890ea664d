"""Small menu files for the tests, written as an agent's spreadsheet would be."""
from __future__ import annotations

import csv
import io

from ckanext.opendatalocale.menus.reference import menu_field_names

SIRET = "21420218600018"


def row(**values) -> dict:
    base = {
        "menuCollNom": "Commune de Test", "menuCollSiret": SIRET,
        "menuEtablissementNom": "Cuisine centrale", "menuRestaurantNom": "École Jules-Ferry",
        "menuRestaurantIdType": "sans", "menuRestaurantType": "élémentaire",
        "menuRestaurantConvive": "tous", "menuDate": "2025-09-15", "menuRepasType": "déjeuner",
        "menuPlatType": "plat principal", "menuPlatNom": "poulet rôti",
        "menuPlatTexture": '["sans texture modifiée"]',
        "menuPublicationDate": "2025-09-01T08:00:00Z",
    }
    base.update(values)
    return base


def menu_file(*rows, columns=None, delimiter=",", encoding="utf-8") -> bytes:
    columns = columns or menu_field_names()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for item in rows:
        writer.writerow({c: item.get(c, "") for c in columns})
    return out.getvalue().encode(encoding)
