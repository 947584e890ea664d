"""Bulk import files: read them, check each row, say every error by row and column.

Pure domain code (no CKAN): the CKAN layer (importer.py) hands in what only the site
knows — licences, territories the user may edit, the schema catalogue, the check of a
geographic code — and adds what needs the database (which identifiers already exist).

One row a dataset. Row numbers are those a person sees in a spreadsheet: the header is
row 1. Columns are named by the template's header; a header written with accents,
capitals or spaces (« Mots-clés ») is the same column.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
from urllib.parse import urlsplit

from ..scdl.catalogue import SchemaCatalogue, UnknownSchema
from ..scdl.csv_source import SourceReadError, open_csv
from ..scdl.i18n import N_, _
from ..scdl.messages import value_message
from ..scdl.spreadsheet_source import (SpreadsheetSource, plain_text, sniff_format,
                                       xlsx_rows_beyond)
from . import scdl_catalogue

# (column, French title shown in errors, required)
COLUMNS: Tuple[Tuple[str, str, bool], ...] = (
    ("identifiant", N_("Identifiant"), True),
    ("titre", N_("Titre"), True),
    ("description", N_("Description"), False),
    ("mots_cles", N_("Mots-clés"), False),
    ("licence", N_("Licence"), False),
    ("frequence", N_("Fréquence"), True),
    ("debut_couverture", N_("Début de la période couverte"), False),
    ("fin_couverture", N_("Fin de la période couverte"), False),
    ("couverture_spatiale", N_("Couverture spatiale"), False),
    ("schema", N_("Schéma SCDL"), False),
    ("version_schema", N_("Version du schéma"), False),
    ("urls_ressources", N_("URL des ressources"), False),
    ("territoire", N_("Territoire"), True),
)
COLUMN_NAMES = [name for name, _title, _required in COLUMNS]
TITLES = {name: title for name, title, _required in COLUMNS}

EXAMPLE_ROW = {
    "identifiant": "subventions-2025",
    "titre": "Subventions versées aux associations en 2025",
    "description": "Montants attribués par délibération du conseil municipal.",
    "mots_cles": "subventions, associations",
    "licence": "lo-2.0",
    "frequence": "Annuelle",
    "debut_couverture": "2025-01-01",
    "fin_couverture": "2025-12-31",
    "couverture_spatiale": "42218",
    "schema": "scdl/subventions",
    "version_schema": "",
    "urls_ressources": "https://www.example.fr/donnees/subventions-2025.csv",
    "territoire": "nom-du-territoire",
}

MAX_TITLE = 200
MAX_TEXT = 20000
MAX_TAG = 100
MAX_URLS = 20
MAX_URL = 2000
MAX_IDENTIFIER = 300
# The dataset field each optional column fills.
FIELD_COLUMNS = {"notes": "description", "tags": "mots_cles", "license_id": "licence",
                 "frequency": "frequence", "temporal_start": "debut_couverture",
                 "temporal_end": "fin_couverture", "spatial_coverage": "couverture_spatiale"}
# CKAN's own rule for a tag (tag_name_validator).
_TAG = re.compile(r"[\w \-.]+")
# Columns whose cells may hold line breaks.
MULTILINE = ("description", "urls_ressources")


def fold(text: str) -> str:
    """« Mots-clés » -> "mots_cles": accents, case and separators aside."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# Headers a person may write instead of the template's own names.
_HEADER_ALIASES = {
    fold(title): name for name, title, _required in COLUMNS
} | {name: name for name in COLUMN_NAMES} | {"mots_cles": "mots_cles", "tags": "mots_cles", "license": "licence",
     "frequency": "frequence", "frequence_de_mise_a_jour": "frequence",
     "urls": "urls_ressources", "url": "urls_ressources", "ressources": "urls_ressources",
     "version": "version_schema", "organisation": "territoire", "organization": "territoire",
     "notes": "description", "title": "titre", "identifier": "identifiant"}


def template_csv() -> str:
    """The downloadable template: the header and one example row (UTF-8 with a BOM so
    that a spreadsheet opens its accents right)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_NAMES)
    writer.writerow([EXAMPLE_ROW[name] for name in COLUMN_NAMES])
    return buffer.getvalue()


class ImportFileError(Exception):
    """A file that cannot be read as an import at all; ``message`` is French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    row: int
    column: str  # one of COLUMN_NAMES, a header label, or "" for the whole row
    message: str

    def as_dict(self) -> Dict[str, Any]:
        return {"row": self.row, "column": self.column,
                "column_title": _(TITLES[self.column]) if self.column in TITLES else self.column,
                "message": self.message}


@dataclass
class Territory:
    id: str
    name: str
    title: str
    editable: bool


@dataclass
class Lookups:
    """What the site knows, handed in by the CKAN layer."""
    licences: Dict[str, str]  # folded id or title -> licence id
    frequencies: Dict[str, str]  # folded label, code or URI -> frequency URI
    territories: Dict[str, Territory]  # folded name, id or title -> territory
    catalogue: SchemaCatalogue
    # A geographic code's fault in French, or None when it is a code the site accepts;
    # returns the normalised code with it.
    spatial: Callable[[str], Tuple[Optional[str], Optional[str]]]


@dataclass
class PlannedRow:
    row: int
    identifier: str
    title: str
    territory: Territory
    fields: Dict[str, Any]  # the dataset's fields, as package_create takes them
    urls: List[str]
    schema: Optional[Dict[str, str]]  # {"name", "version"} for each resource

    def as_dict(self) -> Dict[str, Any]:
        return {"row": self.row, "identifier": self.identifier, "title": self.title,
                "territory": self.territory.name, "territory_id": self.territory.id,
                "fields": self.fields, "urls": self.urls, "schema": self.schema}


@dataclass
class CheckedFile:
    rows: List[PlannedRow] = field(default_factory=list)
    errors: List[RowError] = field(default_factory=list)
    row_count: int = 0

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


def read_table(content: bytes, max_rows: int) -> Tuple[List[str], List[Tuple[int, List[str]]]]:
    """The header and the rows of a CSV, XLSX, XLS or ODS file, cells as text.

    Raises ImportFileError (French) for a file that is no table: wrong encoding,
    malformed CSV, corrupt or protected workbook, no data, too many rows."""
    stream = io.BytesIO(content)
    try:
        workbook = sniff_format(stream)
        if workbook == "xlsx":
            _refuse_long_sheet(stream, max_rows)
        if workbook:
            with SpreadsheetSource(stream, file_format=workbook) as sheet:
                _refuse_merged_cells(sheet)
                _refuse_other_sheet(sheet)
                labels = list(sheet.labels)
                rows = _collect(((number, [plain_text(cell).strip() for cell in cells])
                                 for number, cells in sheet.rows()), max_rows)
        else:
            with open_csv(content) as table:
                labels = list(table.labels)
                rows = _collect(((number, [cell.strip() for cell in cells])
                                 for number, cells in table.rows()), max_rows)
    except SourceReadError as error:
        raise ImportFileError(error.message)
    except csv.Error as error:  # a record the reader gives up on mid-file
        raise ImportFileError(_("Le CSV est mal formé ({detail}). Vérifiez les guillemets.")
                              .format(detail=error))
    except UnicodeDecodeError:
        raise ImportFileError(_("Le fichier ne peut pas être décodé : enregistrez-le en CSV "
                                "UTF-8."))
    if not rows:
        raise ImportFileError(_("Le fichier ne contient que la ligne d'en-tête, sans aucun jeu "
                                "de données. Ajoutez une ligne par jeu sous l'en-tête."))
    return labels, rows


def sheet_row_cap(max_rows: int) -> int:
    """Rows of a sheet read at most: ten times the datasets an import may describe (empty
    rows, formatting dragged down), never fewer than 10,000."""
    return max(10 * max_rows, 10_000)


def _refuse_long_sheet(stream, max_rows: int) -> None:
    beyond = xlsx_rows_beyond(stream, sheet_row_cap(max_rows))
    if beyond is not None:
        raise ImportFileError(_(
            "La feuille « {sheet} » du classeur a plus de {cap} lignes : un import décrit au "
            "plus {limit} jeux de données, une ligne chacun. Supprimez les lignes vides ou "
            "mises en forme sous le tableau, ou découpez le fichier en plusieurs imports.")
            .format(sheet=beyond[0], limit=max_rows, cap=sheet_row_cap(max_rows)))


def _refuse_merged_cells(sheet: SpreadsheetSource) -> None:
    """A merged cell holds one value for several columns or rows: the others would be
    read empty and a dataset created without them."""
    if sheet.merged_cells:
        raise ImportFileError(_(
            "La feuille « {sheet} » contient {count} cellule(s) fusionnée(s) ({cells}) : "
            "l'import lit une valeur par cellule. Défusionnez-les (une valeur dans chaque "
            "cellule) puis déposez le fichier de nouveau.").format(
                sheet=sheet.sheet_name, count=sheet.merged_cells,
                cells=", ".join(sheet.merged_ranges[:5])
                + ("…" if sheet.merged_cells > 5 else "")))


def _refuse_other_sheet(sheet: SpreadsheetSource) -> None:
    """The import reads the first visible sheet; in a workbook of several sheets whose
    first one is not the template's table (notes, instructions), say so rather than
    report its lines as unknown columns."""
    if len(sheet.sheet_names) < 2:
        return
    known = {_HEADER_ALIASES.get(fold(label)) for label in sheet.labels if label}
    if "identifiant" in known or "titre" in known or scdl_catalogue.is_catalogue(sheet.labels):
        return
    raise ImportFileError(_(
        "Le classeur a {count} feuilles ({sheets}) et l'import lit la première, « {sheet} », "
        "dont la ligne d'en-tête n'est pas celle du modèle (identifiant, titre…). Placez le "
        "tableau des jeux sur la première feuille du classeur.").format(
            count=len(sheet.sheet_names), sheets=", ".join(sheet.sheet_names[:10]),
            sheet=sheet.sheet_name))


def _collect(rows: Iterable[Tuple[int, List[str]]], max_rows: int) -> List[Tuple[int, List[str]]]:
    collected = []
    for number, cells in rows:
        if not any(cells):
            continue  # a blank line is no dataset
        if len(collected) >= max_rows:
            raise ImportFileError(_("Le fichier décrit plus de {limit} jeux de données : "
                                    "découpez-le en plusieurs imports.").format(limit=max_rows))
        collected.append((number, cells))
    return collected


def _split_tags(text: str) -> List[str]:
    return [tag.strip() for tag in re.split(r"[;,]", text) if tag.strip()]


def _split_urls(text: str) -> List[str]:
    return [url for url in re.split(r"[\s|]+", text) if url]


def url_fault(url: str) -> Optional[str]:
    """Why a resource URL is refused, or None. Checked as text only: the import never
    fetches it (the suite's validation job reads it later through fetch.py)."""
    if len(url) > MAX_URL:
        return _("l'adresse dépasse {limit} caractères").format(limit=MAX_URL)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        return _("l'adresse est mal formée")
    if parts.scheme.lower() not in ("http", "https"):
        return _("seules les adresses http:// et https:// sont acceptées")
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return _("le nom du serveur manque ou est incomplet")
    if any(ord(char) < 33 for char in url):
        return _("l'adresse contient un espace ou un caractère de contrôle")
    return None


_DATE_FIELD = {"name": "date", "type": "date", "format": "default"}


def _date(value: str, result: CheckedFile, row: int, column: str) -> Optional[str]:
    text = value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", value) else value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        # the SCDL report's own sentence, with the repair it proposes when it is certain
        result.error(row, column, value_message(_DATE_FIELD, value) + ".")
        return None


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def check(labels: List[str], rows: List[Tuple[int, List[str]]], lookups: Lookups) -> CheckedFile:
    """Every row checked against the site; a row with an error is left out of the plan."""
    # An SCDL catalogue (scdl_catalogue.py) is read as the template's columns.
    labels, rows = scdl_catalogue.as_import(labels, rows)
    result = CheckedFile(row_count=len(rows))
    positions: Dict[str, int] = {}
    for index, label in enumerate(labels):
        name = _HEADER_ALIASES.get(fold(label)) if label else None
        if name is None:
            result.error(1, label, _("Colonne « {label} » inconnue : les colonnes sont celles "
                                     "du modèle ({columns}).").format(
                label=_short(label) or _("(sans titre)"), columns=", ".join(COLUMN_NAMES)))
        elif name in positions:
            result.error(1, name, _("La colonne « {label} » apparaît deux fois.")
                         .format(label=_short(label)))
        else:
            positions[name] = index
    missing = [name for name, _title, required in COLUMNS if required and name not in positions]
    for name in missing:
        result.error(1, name, _("La colonne obligatoire « {column} » manque à l'en-tête.")
                     .format(column=name))
    if result.errors:
        return result  # a header the rows cannot be read against: fix it first

    seen: Dict[str, int] = {}
    for number, cells in rows:
        def cell(name: str) -> str:
            index = positions.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        before = len(result.errors)
        planned = _check_row(number, cell, lookups, result)
        if planned is not None:
            # A column the file does not have leaves that field of an existing dataset
            # as it is; an empty cell of a column it has empties it.
            planned.fields = {key: value for key, value in planned.fields.items()
                              if FIELD_COLUMNS.get(key, "identifiant") in positions}
        identifier = cell("identifiant")
        if identifier in seen:
            result.error(number, "identifiant", _(
                "L'identifiant « {identifier} » est déjà celui de la ligne {first} : chaque "
                "jeu a son propre identifiant.").format(identifier=_short(identifier),
                                                        first=seen[identifier]))
        elif identifier:
            seen[identifier] = number
        if planned is not None and len(result.errors) == before:
            result.rows.append(planned)
    return result


def _check_row(number: int, cell: Callable[[str], str], lookups: Lookups,
               result: CheckedFile) -> Optional[PlannedRow]:
    def error(column: str, message: str) -> None:
        result.error(number, column, message)

    for name, _title, required in COLUMNS:
        if required and not cell(name):
            error(name, _("Valeur obligatoire manquante."))
        if "\x00" in cell(name):
            error(name, _("La cellule contient un caractère nul : enregistrez de nouveau le "
                          "fichier depuis votre tableur."))
        elif name not in MULTILINE and "\n" in cell(name):
            # Most often a quote opened and never closed: the reader then takes the
            # following lines into this cell.
            error(name, _("La cellule s'étend sur plusieurs lignes : un guillemet est "
                          "peut-être ouvert sans être fermé."))
    identifier, title = cell("identifiant"), cell("titre")
    if len(identifier) > MAX_IDENTIFIER:
        error("identifiant", _("L'identifiant dépasse {limit} caractères.")
              .format(limit=MAX_IDENTIFIER))
    if len(title) > MAX_TITLE:
        error("titre", _("Le titre dépasse {limit} caractères.").format(limit=MAX_TITLE))
    description = cell("description")
    if len(description) > MAX_TEXT:
        error("description", _("La description dépasse {limit} caractères.")
              .format(limit=MAX_TEXT))

    territory = None
    if cell("territoire"):
        territory = lookups.territories.get(fold(cell("territoire")))
        if territory is None:
            error("territoire", _("Territoire « {value} » inconnu : écrivez le nom court du "
                                  "territoire, tel qu'il apparaît dans son adresse.")
                  .format(value=_short(cell("territoire"))))
        elif not territory.editable:
            error("territoire", _("Vous ne pouvez pas publier dans le territoire « {title} » : "
                                  "il faut en être éditeur ou administrateur.")
                  .format(title=territory.title))

    fields: Dict[str, Any] = {"title": title, "notes": description, "identifier": identifier}
    tags = _split_tags(cell("mots_cles"))
    for tag in tags:
        if len(tag) > MAX_TAG or len(tag) < 2:
            error("mots_cles", _("Le mot-clé « {tag} » doit compter de 2 à {limit} caractères.")
                  .format(tag=_short(tag), limit=MAX_TAG))
        elif not _TAG.fullmatch(tag):
            error("mots_cles", _("Le mot-clé « {tag} » contient un caractère refusé : lettres, "
                                 "chiffres, espaces, tirets, points et soulignés seulement.")
                  .format(tag=_short(tag)))
    fields["tags"] = [{"name": tag} for tag in dict.fromkeys(tags)]

    if cell("licence"):
        licence = lookups.licences.get(fold(cell("licence")))
        if licence is None:
            error("licence", _("Licence « {value} » inconnue du site : écrivez son identifiant, "
                               "par exemple lo-2.0 (Licence Ouverte 2.0) ou odc-odbl.")
                  .format(value=_short(cell("licence"))))
        fields["license_id"] = licence
    if cell("frequence"):
        frequency = lookups.frequencies.get(fold(cell("frequence")))
        if frequency is None:
            error("frequence", _("Fréquence « {value} » inconnue : écrivez par exemple "
                                 "Annuelle, Mensuelle, Quotidienne ou Irrégulière.")
                  .format(value=_short(cell("frequence"))))
        fields["frequency"] = frequency

    start = _date(cell("debut_couverture"), result, number, "debut_couverture") \
        if cell("debut_couverture") else None
    end = _date(cell("fin_couverture"), result, number, "fin_couverture") \
        if cell("fin_couverture") else None
    if start and end and start > end:
        error("fin_couverture", _("La fin de la période couverte ({end}) précède son début "
                                  "({start}).").format(start=start, end=end))
    if start:
        fields["temporal_start"] = start
    if end:
        fields["temporal_end"] = end

    if cell("couverture_spatiale"):
        code, fault = lookups.spatial(cell("couverture_spatiale"))
        if fault:
            error("couverture_spatiale", fault)
        fields["spatial_coverage"] = code

    schema = None
    if cell("schema"):
        try:
            version = lookups.catalogue.get(cell("schema"), cell("version_schema") or None)
            schema = {"name": version.id, "version": version.version}
        except UnknownSchema:
            if cell("schema") in lookups.catalogue:
                info = lookups.catalogue.info(cell("schema"))
                error("version_schema", _("Le schéma {schema} n'a pas de version « {version} » "
                                          "dans le catalogue du site ; versions connues : "
                                          "{versions}.").format(
                    schema=info.id, version=_short(cell("version_schema")),
                    versions=", ".join(info.version_names)))
            else:
                error("schema", _("Le schéma « {value} » n'est pas dans le catalogue du site "
                                  "(voir la page des schémas) ; écrivez par exemple "
                                  "scdl/subventions.").format(value=_short(cell("schema"))))
    elif cell("version_schema"):
        error("schema", _("Une version de schéma est donnée sans le schéma."))

    urls = _split_urls(cell("urls_ressources"))
    if len(urls) > MAX_URLS:
        error("urls_ressources", _("Au plus {limit} ressources par jeu.").format(limit=MAX_URLS))
    for url in urls:
        fault = url_fault(url)
        if fault:
            error("urls_ressources", _("Adresse « {url} » refusée : {reason}.")
                  .format(url=_short(url), reason=fault))
    if schema and not urls:
        error("urls_ressources", _("Un schéma est déclaré mais aucune ressource ne le suit : "
                                   "donnez l'URL du fichier."))
    if territory is None or not identifier or not title:
        return None
    return PlannedRow(row=number, identifier=identifier, title=title, territory=territory,
                      fields=fields, urls=list(dict.fromkeys(urls)), schema=schema)
