"""Demo territories and datasets for `ckan opendatalocale demo`.

The identifiers are the real ones of these collectivités, so that look-ups and
checks behave on the demo as they will on a platform's data.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

log = logging.getLogger(__name__)

_SCDL_DATA = os.path.join(os.path.dirname(__file__), "scdl", "data")

DEMO_TERRITORIES = [
    {
        "name": "saint-etienne",
        "title": "Commune de Saint-Étienne",
        "kind": "commune",
        "siren": "214202186",
        "insee_code": "42218",
        "population": 172565,
        "website": "https://www.saint-etienne.fr",
        "notes": "Commune pilote du programme OpenDataLocale (territoire de démonstration).",
    },
    {
        "name": "saint-etienne-metropole",
        "title": "Saint-Étienne Métropole",
        "kind": "intercommunalite",
        "siren": "244200770",
        "population": 404528,
        "website": "https://www.saint-etienne-metropole.fr",
        "notes": "Métropole de 53 communes (territoire de démonstration).",
    },
    {
        "name": "departement-de-la-loire",
        "title": "Département de la Loire",
        "kind": "departement",
        "siren": "224200014",
        "insee_code": "42",
        "population": 767267,
        "website": "https://www.loire.fr",
        "notes": "Département accompagnant les communes de son territoire (démonstration).",
    },
]


@dataclass(frozen=True)
class DemoDataset:
    name: str
    title: str
    territory: str
    notes: str
    example: str  # folder under scdl/data holding example-valid.csv
    schema: str
    private: bool = False


DEMO_DATASETS = [
    DemoDataset(
        "subventions-associations-saint-etienne",
        "Subventions versées aux associations",
        "saint-etienne",
        "Conventions de subvention de plus de 23 000 €, au format SCDL « Subventions ».",
        "subventions",
        "scdl/subventions",
    ),
    DemoDataset(
        "lieux-de-stationnement-metropole",
        "Lieux de stationnement",
        "saint-etienne-metropole",
        "Parkings publics et leurs tarifs, au format « Base nationale des lieux de stationnement ».",
        "stationnement",
        "etalab/schema-stationnement",
    ),
    DemoDataset(
        "bornes-de-recharge-loire",
        "Bornes de recharge pour véhicules électriques",
        "departement-de-la-loire",
        "Infrastructures de recharge (IRVE), au format du schéma national.",
        "irve-statique",
        "etalab/schema-irve-statique",
    ),
    DemoDataset(
        "inventaire-interne-saint-etienne",
        "Inventaire des données (brouillon interne)",
        "saint-etienne",
        "Brouillon de l'inventaire des données de la commune : privé, visible des seuls membres.",
        "subventions",
        "scdl/subventions",
        private=True,
    ),
]


def ensure_sysadmin(name: str, password: str) -> None:
    user = model.User.by_name(name)
    if user is None:
        tk.get_action("user_create")(
            {"ignore_auth": True},
            {"name": name, "email": f"{name}@demo.opendatalocale.invalid",
             "password": password, "fullname": "Administrateur de la démo"},
        )
        user = model.User.by_name(name)
    else:
        user.password = password  # the model hashes it on assignment
    user.sysadmin = True
    model.Session.commit()


def _as(admin: str) -> dict:
    # A fresh context per call: a failed show leaves its auth-audit entry behind
    # in the context it was given, which would then fail the next action.
    return {"user": admin}


def ensure_territory(admin: str, territory: dict) -> str:
    try:
        existing = tk.get_action("organization_show")(_as(admin), {"id": territory["name"]})
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(_as(admin), dict(territory))
        return "created"
    tk.get_action("organization_patch")(_as(admin), dict(territory, id=existing["id"]))
    return "updated"


def ensure_dataset(admin: str, dataset: DemoDataset) -> str:
    try:
        existing = tk.get_action("package_show")(_as(admin), {"id": dataset.name})
    except tk.ObjectNotFound:
        existing = None
    if existing:
        stale = [r for r in existing["resources"] if not r.get("schema")]
        for resource in stale:  # demos made before resources declared their schema
            tk.get_action("resource_patch")(_as(admin), {"id": resource["id"],
                                                         "schema": dataset.schema})
        return "updated" if stale else "kept"
    package = tk.get_action("package_create")(_as(admin), {
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "owner_org": dataset.territory,
        "private": dataset.private,
        "license_id": "lo-2.0",
    })
    path = os.path.join(_SCDL_DATA, dataset.example, "example-valid.csv")
    filename = f"{dataset.example}.csv"
    with open(path, "rb") as stream:
        tk.get_action("resource_create")(_as(admin), {
            "package_id": package["id"],
            "name": f"{dataset.title} (CSV)",
            "format": "CSV",
            "schema": dataset.schema,
            "url": filename,
            "upload": FileStorage(stream=stream, filename=filename),
        })
    return "created"


def load(admin: str, password: str, echo=print) -> None:
    ensure_sysadmin(admin, password)
    for territory in DEMO_TERRITORIES:
        echo(f"territoire {territory['name']} : {ensure_territory(admin, territory)}")
    for dataset in DEMO_DATASETS:
        echo(f"jeu de données {dataset.name} : {ensure_dataset(admin, dataset)}")
    # The canteen service first: the territories' history counts its files.
    if p.plugin_loaded("opendatalocale_menus"):
        from .menus import demo as menus_demo

        menus_demo.load(admin, echo)
    if p.plugin_loaded("opendatalocale_territories"):
        from .territories import demo as territories_demo

        territories_demo.load(admin, echo)
        if p.plugin_loaded("opendatalocale_menus"):  # the communes onboarded just now
            menus_demo.load(admin, echo)
    if p.plugin_loaded("opendatalocale_engagement"):
        from .engagement import demo as engagement_demo

        engagement_demo.load(admin, echo)
    # The commune's own portal, harvested into its territory (issue 13).
    if p.plugin_loaded("opendatalocale_harvest"):
        from .federation import demo as federation_demo

        federation_demo.load(admin, echo)
    if p.plugin_loaded("opendatalocale_territories"):
        # The overview's kept figures, after every part above changed the catalogue.
        done = tk.get_action("odl_territory_progress_record")({"ignore_auth": True}, {"stale": True})
        echo(f"Vue d'ensemble des territoires à jour : {done['territories']} recalculés")
