"""Demo canteen services for `ckan opendatalocale demo`: three communes, one or two
schools each, a school year of generated menus (about 180 days), their dish
composition and a year of purchases, all uploaded as SCDL / ma-cantine files and
validated by the suite like any resource."""
from __future__ import annotations

import dataclasses
import datetime
import io

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from . import sample
from .vocabulary import DISHES_SCHEMA, MENUS_SCHEMA, PURCHASES_SCHEMA
from .writer import RestaurantEntry, Service

DATASET_NAME = "menus-cantines-saint-etienne"
TERRITORY = "saint-etienne"


@dataclasses.dataclass(frozen=True)
class DemoService:
    territory: str
    dataset: str
    service: Service
    schools: tuple
    seed: int


# Saint-Étienne's service comes first (the territories demo counts its files); the
# others join once the Loire's communes are onboarded. SIRETs are the communes' own.
SERVICES = (
    DemoService(TERRITORY, DATASET_NAME, sample.DEMO_SERVICE, sample.DEMO_RESTAURANTS, 42),
    DemoService("roanne", "menus-cantines-roanne",
                Service("Commune de Roanne", "21420187300012", "Cuisine centrale de Roanne",
                        "21420187300012"),
                (RestaurantEntry("École élémentaire du Mayollet", "0420987C", "EN",
                                 "élémentaire", "42187"),
                 RestaurantEntry("École maternelle Paul-Bert", "0420654D", "EN",
                                 "maternelle", "42187")), 43),
    DemoService("saint-chamond", "menus-cantines-saint-chamond",
                Service("Commune de Saint-Chamond", "21420207900015",
                        "Restaurant scolaire de Saint-Chamond", "21420207900015"),
                (RestaurantEntry("École élémentaire Lamartine", "0421357E", "EN",
                                 "élémentaire", "42207"),), 44),
)


def _files(start: datetime.date, demo: DemoService):
    yield ("Menus de l'année scolaire", "menus-cantines.csv", MENUS_SCHEMA,
           sample.menu_csv(start, days=180, restaurant_count=len(demo.schools), seed=demo.seed,
                           service=demo.service, schools=demo.schools))
    yield ("Composition des plats", "composition-plats.csv", DISHES_SCHEMA,
           sample.composition_csv(service=demo.service))
    yield ("Achats alimentaires (modèle ma-cantine)", "achats.csv", PURCHASES_SCHEMA,
           sample.purchases_csv(start, seed=demo.seed, siret=demo.service.collectivite_siret))


def load(admin_name: str, echo=print) -> str:
    """Create the demo canteen services whose commune exists and that are not there
    yet; returns "created" when one was."""
    done = [_load_one(admin_name, demo, echo) for demo in SERVICES
            if model.Group.get(demo.territory) is not None]
    return "created" if "created" in done else "kept"


def _load_one(admin_name: str, demo: DemoService, echo) -> str:
    context = lambda: {"user": admin_name}  # noqa: E731 - a fresh context per call
    if model.Package.by_name(demo.dataset) is not None:
        echo(f"service de restauration {demo.dataset} : kept")
        return "kept"
    start = sample.school_start(datetime.date.today())
    first, last = sample.year_range(start, 180)
    dataset = tk.get_action("package_create")(context(), {
        "type": "cantine",
        "name": demo.dataset,
        "title": "Menus des cantines scolaires",
        "owner_org": demo.territory,
        "notes": ("Menus des restaurants scolaires de la commune, plat par plat, avec les labels, "
                  "les régimes et les 14 allergènes réglementaires ; composition de quelques plats "
                  "et achats de l'année pour les indicateurs EGalim.\n\n"
                  f"[Voir les menus de la semaine](/cantine/{demo.dataset}/menus) · "
                  f"[Indicateurs](/cantine/{demo.dataset}/indicateurs)\n\n"
                  "Données de démonstration, générées."),
        "collectivite_nom": demo.service.collectivite,
        "collectivite_siret": demo.service.collectivite_siret,
        "etablissement_nom": demo.service.producer,
        "etablissement_siret": demo.service.producer_siret,
        "restaurants": sample.restaurants_for_service(len(demo.schools), demo.schools),
        "period_start": first.isoformat(),
        "period_end": last.isoformat(),
        "license_id": "lo-2.0",
        "frequency": "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
        "tag_string": "cantine,menus,restauration scolaire",
    })
    for title, filename, schema, content in _files(start, demo):
        tk.get_action("resource_create")(context(), {
            "package_id": dataset["id"], "name": title, "format": "CSV", "schema": schema,
            "url": filename,
            "upload": FileStorage(stream=io.BytesIO(content), filename=filename,
                                  content_type="text/csv"),
        })
    echo(f"service de restauration {demo.dataset} : created")
    return "created"
