"""Small menu files for the tests, written as an agent's spreadsheet would be."""
from __future__ import annotations

import csv
import io

from ckanext.opendatalocale.menus.vocabulary import menu_field_names

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


def at_once(count: int, visit) -> tuple:
    """Run ``visit()`` in ``count`` threads released together: (results, errors)."""
    import threading

    start = threading.Barrier(count)
    results, errors = [], []

    def visitor():
        start.wait()
        try:
            results.append(visit())
        except Exception as error:  # the caller asserts on them
            errors.append(error)

    threads = [threading.Thread(target=visitor) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


def held(value):
    """A computation that waits to be released: (compute, started, release)."""
    import threading

    started, release = threading.Event(), threading.Event()

    def compute():
        started.set()
        release.wait(5)
        return value

    return compute, started, release
