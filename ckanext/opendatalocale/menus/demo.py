"""Demo canteen service for `ckan opendatalocale demo`: a commune, two schools,
a school year of generated menus (about 180 days), their dish composition and
a year of purchases, all uploaded as SCDL / ma-cantine files and validated by
the suite like any resource."""
from __future__ import annotations

import datetime
import io

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from . import sample
from .vocabulary import DISHES_SCHEMA, MENUS_SCHEMA, PURCHASES_SCHEMA

DATASET_NAME = "menus-cantines-saint-etienne"
TERRITORY = "saint-etienne"


def _files(start: datetime.date):
    yield ("Menus de l'année scolaire", "menus-cantines.csv", MENUS_SCHEMA,
           sample.menu_csv(start, days=180, restaurant_count=2))
    yield ("Composition des plats", "composition-plats.csv", DISHES_SCHEMA,
           sample.composition_csv())
    yield ("Achats alimentaires (modèle ma-cantine)", "achats.csv", PURCHASES_SCHEMA,
           sample.purchases_csv(start))


def load(admin_name: str, echo=print) -> str:
    """Create the demo canteen service if it is not there yet; returns what was done."""
    context = lambda: {"user": admin_name}  # noqa: E731 - a fresh context per call
    try:
        tk.get_action("package_show")(context(), {"id": DATASET_NAME})
        echo(f"service de restauration {DATASET_NAME} : kept")
        return "kept"
    except tk.ObjectNotFound:
        pass
    start = sample.school_start(datetime.date.today())
    first, last = sample.year_range(start, 180)
    dataset = tk.get_action("package_create")(context(), {
        "type": "cantine",
        "name": DATASET_NAME,
        "title": "Menus des cantines scolaires",
        "owner_org": TERRITORY,
        "notes": ("Menus des restaurants scolaires de la commune, plat par plat, avec les labels, "
                  "les régimes et les 14 allergènes réglementaires ; composition de quelques plats "
                  "et achats de l'année pour les indicateurs EGalim.\n\n"
                  f"[Voir les menus de la semaine](/cantine/{DATASET_NAME}/menus) · "
                  f"[Indicateurs](/cantine/{DATASET_NAME}/indicateurs)\n\n"
                  "Données de démonstration, générées."),
        "collectivite_nom": sample.DEMO_SERVICE.collectivite,
        "collectivite_siret": sample.DEMO_SERVICE.collectivite_siret,
        "etablissement_nom": sample.DEMO_SERVICE.producer,
        "etablissement_siret": sample.DEMO_SERVICE.producer_siret,
        "restaurants": sample.restaurants_for_service(2),
        "period_start": first.isoformat(),
        "period_end": last.isoformat(),
        "license_id": "lo-2.0",
        "frequency": "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
        "tag_string": "cantine,menus,restauration scolaire",
    })
    for title, filename, schema, content in _files(start):
        tk.get_action("resource_create")(context(), {
            "package_id": dataset["id"], "name": title, "format": "CSV", "schema": schema,
            "url": filename,
            "upload": FileStorage(stream=io.BytesIO(content), filename=filename,
                                  content_type="text/csv"),
        })
    echo(f"service de restauration {DATASET_NAME} : created")
    return "created"
