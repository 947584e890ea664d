"""A territory's public catalogue as the SCDL « catalogue » table (scdl/catalogue 0.1.x).

Pure domain code (no CKAN): the view hands in the territory and its public dataset
dicts (as package_show returns them) and the site's URL; this module says what each
column holds. Every column of that schema is required, so a field CKAN does not know
gets the schema's « unknown » choice or a fallback said beside it.

A dataset without any resource is left out: the schema asks for at least one
(NOMBRE_RESSOURCES >= 1) and such a dataset publishes nothing yet.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Iterator, List, Optional
from urllib.parse import urlsplit

from ..csv_cells import csv_chunks
from ..scdl.identifiers import head_office_siret

COLUMNS = ("COLL_NOM", "COLL_SIRET", "ID", "TITRE", "DESCRIPTION", "THEME", "PRODUCTEUR_NOM",
           "PRODUCTEUR_SIRET", "COUV_SPAT_MAILLE", "COUV_SPAT_NOM", "COUV_TEMP_DEBUT",
           "COUV_TEMP_FIN", "DATE_PUBL", "FREQ_MAJ", "DATE_MAJ", "MOTS_CLES", "LICENCE",
           "NOMBRE_RESSOURCES", "FORMAT_RESSOURCES", "URL")
# Columns that describe the territory rather than the dataset (they change when the
# same rows are published by another territory).
TERRITORY_COLUMNS = ("COLL_NOM", "COLL_SIRET", "PRODUCTEUR_NOM", "PRODUCTEUR_SIRET",
                     "COUV_SPAT_MAILLE", "COUV_SPAT_NOM", "DATE_PUBL", "DATE_MAJ", "URL")

_EU = "http://publications.europa.eu/resource/authority/frequency/"
# EU frequency (the suite's dataset field) -> the schema's wording.
FREQUENCIES = {
    "DAILY": "Quotidienne ou plusieurs fois par jour",
    "WEEKLY": "Hebdomadaire ou plusieurs fois par semaine",
    "MONTHLY": "Mensuelle ou plusieurs fois par mois",
    "BIMONTHLY": "Bimestrielle",
    "QUARTERLY": "Trimestrielle",
    "ANNUAL_2": "Semestrielle",
    "ANNUAL": "Annuelle",
    "BIENNIAL": "Biennale",
    "TRIENNIAL": "Triennale",
    "QUINQUENNIAL": "Quinquennale",
    "IRREG": "Irrégulière",
    "CONT": "Continuelle",
    "HOURLY": "Toutes les heures",
    "NEVER": "Ponctuelle",
    "UNKNOWN": "Inconnue",
}
# The territory's kind -> the schema's spatial granularity.
GRANULARITIES = {"commune": "Communale", "intercommunalite": "Intercommunale",
                 "epci": "Intercommunale", "departement": "Départementale",
                 "region": "Régionale"}
MULTI_SEPARATOR = ";"


def licence_label(license_id: str) -> str:
    """The schema's four licence families."""
    folded = (license_id or "").lower()
    if folded.startswith(("lo-", "etalab", "fr-lo", "licence-ouverte")):
        return "Licence Ouverte-LO"
    if "odbl" in folded:
        return "Open Database License-ODBL"
    if folded.startswith("cc"):
        return "Creative Commons-CC"
    return "Spécifique ou autre"


def frequency_label(frequency: str) -> str:
    code = (frequency or "").rsplit("/", 1)[-1].upper()
    return FREQUENCIES.get(code, "Inconnue")


def _day(value: Any) -> str:
    text = str(value or "")
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else ""


def _extension(url: str) -> str:
    path = urlsplit(url or "").path
    return path.rsplit(".", 1)[-1].upper() if "." in path.rsplit("/", 1)[-1] else ""


def _formats(resources: List[dict]) -> str:
    seen: List[str] = []
    for resource in resources:
        found = (resource.get("format") or _extension(resource.get("url", "")) or "").upper()
        if found and found not in seen:
            seen.append(found)
    return MULTI_SEPARATOR.join(seen) or "Inconnu"


def _tags(dataset: dict) -> List[str]:
    return [tag["name"] if isinstance(tag, dict) else str(tag)
            for tag in dataset.get("tags") or []]


def row(dataset: dict, territory: dict, site_url: str) -> Optional[Dict[str, Any]]:
    """One dataset's row, or None when it is not to be listed (private, deleted, or no
    resource)."""
    if dataset.get("private") or dataset.get("state", "active") != "active":
        return None
    resources = [r for r in dataset.get("resources") or [] if r.get("state", "active") == "active"]
    if not resources:
        return None
    siret = head_office_siret(territory.get("siren", ""))
    name = territory.get("title") or territory.get("name", "")
    created = _day(dataset.get("metadata_created"))
    modified = _day(dataset.get("metadata_modified")) or created
    tags = _tags(dataset)
    groups = [g.get("title") or g.get("name") for g in dataset.get("groups") or []]
    return {
        "COLL_NOM": name,
        "COLL_SIRET": siret,
        "ID": dataset.get("identifier") or dataset.get("name", ""),
        "TITRE": dataset.get("title") or dataset.get("name", ""),
        # Required by the schema: a dataset without a description repeats its title.
        "DESCRIPTION": (dataset.get("notes") or "").strip() or dataset.get("title", ""),
        "THEME": MULTI_SEPARATOR.join(g for g in groups if g) or "Autre",
        "PRODUCTEUR_NOM": name,
        "PRODUCTEUR_SIRET": siret,
        "COUV_SPAT_MAILLE": GRANULARITIES.get(territory.get("kind", ""), "Autre"),
        "COUV_SPAT_NOM": name,
        # Unknown coverage: the dataset's own life on the portal.
        "COUV_TEMP_DEBUT": _day(dataset.get("temporal_start")) or created,
        "COUV_TEMP_FIN": _day(dataset.get("temporal_end")) or modified,
        "DATE_PUBL": created,
        "FREQ_MAJ": frequency_label(dataset.get("frequency", "")),
        "DATE_MAJ": modified,
        "MOTS_CLES": MULTI_SEPARATOR.join(tags) or "Autre",
        "LICENCE": licence_label(dataset.get("license_id", "")),
        "NOMBRE_RESSOURCES": len(resources),
        "FORMAT_RESSOURCES": _formats(resources),
        "URL": f"{site_url.rstrip('/')}/dataset/{dataset.get('name', '')}",
    }


def rows(datasets: Iterable[dict], territory: dict, site_url: str) -> Iterator[Dict[str, Any]]:
    for dataset in datasets:
        found = row(dataset, territory, site_url)
        if found is not None:
            yield found


def csv_text_chunks(datasets: Iterable[dict], territory: dict, site_url: str) -> Iterator[str]:
    """The catalogue as CSV chunks, every cell neutralised against formulas."""
    return csv_chunks(COLUMNS, ([found[column] for column in COLUMNS]
                                for found in rows(datasets, territory, site_url)))


# Importing such a catalogue: its columns onto the bulk import's (rows.py), so that the
# same dry run and job apply it.
LICENCE_IDS = {"Licence Ouverte-LO": "lo-2.0", "Open Database License-ODBL": "odc-odbl",
               "Creative Commons-CC": "cc-by-4.0", "Spécifique ou autre": "notspecified"}
FREQUENCY_CODES = {label: code for code, label in FREQUENCIES.items()}
# import column <- catalogue column
IMPORT_COLUMNS = (("identifiant", "ID"), ("titre", "TITRE"), ("description", "DESCRIPTION"),
                  ("mots_cles", "MOTS_CLES"), ("licence", "LICENCE"), ("frequence", "FREQ_MAJ"),
                  ("debut_couverture", "COUV_TEMP_DEBUT"), ("fin_couverture", "COUV_TEMP_FIN"),
                  ("urls_ressources", "URL"), ("territoire", "COLL_NOM"))


def _fold_header(label: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", (label or "").strip().lstrip("\ufeff").upper()).strip("_")


def is_catalogue(labels: List[str]) -> bool:
    """A header is a catalogue's when it has the columns only a catalogue has."""
    folded = {_fold_header(label) for label in labels}
    return {"COLL_SIRET", "FREQ_MAJ", "TITRE", "ID"} <= folded


def as_import(labels: List[str], table: List[tuple]) -> tuple:
    """A catalogue's header and rows as the bulk import's; anything else unchanged.

    The catalogue names no resource file: each dataset gets one resource, the page the
    catalogue points at (URL). A « territoire » column, when the file has one, names the
    territory to import into; otherwise the collectivité's name (COLL_NOM) is matched
    against the territories' titles. Licence families and the schema's frequency wordings
    become the site's licence ids and EU frequency codes; a cell the mapping does not
    know is passed on as it is, for the import to report."""
    if not is_catalogue(labels):
        return labels, table
    position = {_fold_header(label): index for index, label in enumerate(labels)}
    target = next((index for index, label in enumerate(labels)
                   if label.strip().lower() == "territoire"), None)
    out_labels = [name for name, _source in IMPORT_COLUMNS]
    out_rows = []
    for number, cells in table:
        def cell(column: str) -> str:
            index = position.get(column)
            return cells[index] if index is not None and index < len(cells) else ""

        values = []
        for name, source in IMPORT_COLUMNS:
            value = cell(source)
            if name == "licence":
                value = LICENCE_IDS.get(value, value)
            elif name == "frequence":
                value = FREQUENCY_CODES.get(value, value)
            elif name == "mots_cles" and value == "Autre":
                value = ""  # the export's stand-in for « no keyword »
            elif name == "territoire" and target is not None and target < len(cells) \
                    and cells[target]:
                value = cells[target]
            values.append(value)
        out_rows.append((number, values))
    return out_labels, out_rows
