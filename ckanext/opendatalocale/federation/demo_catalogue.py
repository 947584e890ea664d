"""The demo's commune catalogue: what the Ville de Saint-Étienne's own portal would
publish, written as a static DCAT-AP (Turtle) file with its CSV files beside it.

``make run`` writes it (``python -m ckanext.opendatalocale.federation.demo_catalogue
FOLDER BASE_URL``), serves the folder on a loopback address of its own
(devstack/run.sh), and the demo load harvests it into the Saint-Étienne territory
(``federation/demo.py``). No CKAN here: run before the site exists.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

_SCDL_DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "scdl", "data")

PORTAL = "https://data.saint-etienne.fr"
PUBLISHER_SIREN = "214202186"  # Commune de Saint-Étienne, as in demo.DEMO_TERRITORIES
TERRITORY = "saint-etienne"
LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"


@dataclass(frozen=True)
class CatalogueDataset:
    key: str
    title: str
    description: str
    keywords: tuple
    example: str  # folder of scdl/data holding example-valid.csv
    schema_id: str
    schema_url: str  # copied from the schema catalogue (scdl/data/MANIFEST.json)


DATASETS = (
    CatalogueDataset(
        "subventions-associations-2025",
        "Subventions aux associations 2025 (portail de la Ville)",
        "Subventions attribuées par la Ville en 2025, au format SCDL « Subventions », "
        "publiées sur le portail de la Ville et moissonnées par la plateforme.",
        ("subventions", "associations"),
        "subventions",
        "scdl/subventions",
        "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json",
    ),
    CatalogueDataset(
        "bornes-recharge-vehicules-electriques",
        "Bornes de recharge pour véhicules électriques (portail de la Ville)",
        "Points de recharge installés sur la voirie communale, au format IRVE statique, "
        "publiés sur le portail de la Ville et moissonnés par la plateforme.",
        ("mobilité", "IRVE"),
        "irve-statique",
        "etalab/schema-irve-statique",
        "https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/2.3.1/schema-statique.json",
    ),
)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def turtle(base_url: str) -> str:
    """The catalogue; file links point at ``base_url``, where the CSVs are served."""
    base_url = base_url.rstrip("/")
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"<{PORTAL}/catalog> a dcat:Catalog ;",
        '    dct:title "Données ouvertes de la Ville de Saint-Étienne"@fr ;',
        '    dct:description "Catalogue du portail de la Ville (démonstration)."@fr ;',
        f"    dct:publisher <{PORTAL}/organization/ville-de-saint-etienne> ;",
    ]
    lines += [f"    dcat:dataset <{PORTAL}/dataset/{d.key}> ;" for d in DATASETS]
    lines[-1] = lines[-1][:-1] + "."
    lines += [
        "",
        f"<{PORTAL}/organization/ville-de-saint-etienne> a foaf:Organization ;",
        '    foaf:name "Ville de Saint-Étienne" ;',
        f'    dct:identifier "{PUBLISHER_SIREN}" .',
    ]
    for dataset in DATASETS:
        uri = f"{PORTAL}/dataset/{dataset.key}"
        csv = f"{base_url}/{dataset.example}.csv"
        lines += [
            "",
            f"<{uri}> a dcat:Dataset ;",
            f"    dct:identifier {_literal(uri)} ;",
            f"    dct:title {_literal(dataset.title)}@fr ;",
            f"    dct:description {_literal(dataset.description)}@fr ;",
            "    " + " ;\n    ".join(f"dcat:keyword {_literal(k)}@fr" for k in dataset.keywords) + " ;",
            f"    dct:publisher <{PORTAL}/organization/ville-de-saint-etienne> ;",
            f"    dct:license <{LICENCE}> ;",
            f"    dcat:landingPage <{uri}> ;",
            f"    dcat:distribution <{uri}/csv> .",
            "",
            f"<{uri}/csv> a dcat:Distribution ;",
            f"    dct:title {_literal(dataset.title + ' (CSV)')} ;",
            f"    dcat:accessURL <{csv}> ;",
            f"    dcat:downloadURL <{csv}> ;",
            '    dct:format "CSV" ;',
            '    dcat:mediaType "text/csv" ;',
            f"    dct:license <{LICENCE}> ;",
            f"    dct:conformsTo <{dataset.schema_url}> .",
        ]
    return "\n".join(lines) + "\n"


def write(folder: str, base_url: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for dataset in DATASETS:
        shutil.copyfile(os.path.join(_SCDL_DATA, dataset.example, "example-valid.csv"),
                        os.path.join(folder, f"{dataset.example}.csv"))
    with open(os.path.join(folder, "catalogue.ttl"), "w", encoding="utf-8") as stream:
        stream.write(turtle(base_url))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage : python -m ckanext.opendatalocale.federation.demo_catalogue DOSSIER URL_DE_BASE")
    write(sys.argv[1], sys.argv[2])
