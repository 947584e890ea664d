"""Plain French explanations of validation errors, with how to fix them.

A territory agent reads « ligne 12, colonne « Date de la convention » :
« 04/10/2013 » n'est pas une date au format AAAA-MM-JJ ; écrivez 2013-10-04 »
rather than ``type-error: type is "date/default"``. Each message says where
(row, column title), what was found, what was expected and, when it can be
guessed, the corrected value.

Every sentence is a French source string passed through ``i18n.translate``
before its values are filled in, so the CKAN layer's gettext (or
``i18n.english_translator``) gives other languages.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional

from ..numbers import grouped
from .csv_source import DELIMITER_NAMES, source_error_message
from .spreadsheet_source import spreadsheet_error_message
from .i18n import N_, _, ngettext

MAX_LISTED_VALUES = 12


class FieldTitles:
    """Field name -> (title, descriptor) lookup from whatever schema we have."""

    def __init__(self, schema: Any = None):
        self.fields: Dict[str, Dict[str, Any]] = {}
        descriptor = None
        if schema is None:
            descriptor = {}
        elif isinstance(schema, dict):
            descriptor = schema
        elif hasattr(schema, "descriptor"):
            descriptor = schema.descriptor if getattr(schema, "table_validatable", True) else {}
        for field in (descriptor or {}).get("fields", []):
            self.fields[field.get("name")] = field

    def title(self, name: Optional[str]) -> str:
        field = self.fields.get(name or "")
        if field and field.get("title"):
            return field["title"]
        return name or ""

    def field(self, name: Optional[str]) -> Dict[str, Any]:
        return self.fields.get(name or "", {})


def _titles(schema) -> FieldTitles:
    return schema if isinstance(schema, FieldTitles) else FieldTitles(schema)


def display_date_format(fmt: str) -> str:
    """strptime format -> what a French reader understands (AAAA-MM-JJ)."""
    if fmt in ("default", "any", None, ""):
        fmt = "%Y-%m-%d"
    return (fmt.replace("%Y", _("AAAA")).replace("%y", _("AA")).replace("%m", _("MM"))
            .replace("%d", _("JJ")).replace("%H", "HH").replace("%M", "MM").replace("%S", "SS"))


_DATE_GUESSES = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y", "%Y%m%d", "%Y-%m-%d")


def suggest_date(cell: str, fmt: str) -> Optional[str]:
    """The cell rewritten in the expected format, when it is a date written
    another common way (04/10/2013 -> 2013-10-04); a datetime keeps its date."""
    target = "%Y-%m-%d" if fmt in ("default", "any", None, "") else fmt
    text = cell.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", text):
        text = text[:10]
    for guess in _DATE_GUESSES:
        try:
            value = datetime.strptime(text, guess)
        except ValueError:
            continue
        suggestion = value.strftime(target)
        return suggestion if suggestion != cell else None
    return None


def suggest_number(cell: str, integer: bool = False) -> Optional[str]:
    """1 234,50 € -> 1234.50; None when no plain number can be guessed."""
    text = cell.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = re.sub(r"(€|EUR|euros?|%)$", "", text, flags=re.IGNORECASE).strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    elif text.count(",") >= 1 and text.count(".") == 1 and text.rfind(".") > text.rfind(","):
        text = text.replace(",", "")  # 1,234.50
    elif text.count(".") >= 1 and text.count(",") == 1 and text.rfind(",") > text.rfind("."):
        text = text.replace(".", "").replace(",", ".")  # 1.234,50
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if integer:
        if value != value.to_integral_value():
            return None
        text = str(int(value))
    return text if text != cell else None


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.strip().lower())
                   if unicodedata.category(c) != "Mn")


def suggest_enum(cell: str, allowed: List[Any]) -> Optional[str]:
    """The allowed value the cell differs from only by case, accents or spaces."""
    folded = _fold(cell)
    matches = [str(v) for v in allowed if _fold(str(v)) == folded]
    return matches[0] if len(matches) == 1 and matches[0] != cell else None


def _values_list(values: List[Any]) -> str:
    shown = ", ".join(f"« {v} »" for v in values[:MAX_LISTED_VALUES])
    if len(values) > MAX_LISTED_VALUES:
        shown += _(" (et {count} autres, voir la documentation du schéma)").format(
            count=len(values) - MAX_LISTED_VALUES)
    return shown


def where(error: Dict[str, Any], titles: FieldTitles) -> str:
    row = error.get("rowNumber")
    name = error.get("fieldName")
    if row and name:
        return _("ligne {row}, colonne « {column} »").format(row=row, column=titles.title(name))
    if row:
        return _("ligne {row}").format(row=row)
    if name:
        return _("colonne « {column} »").format(column=titles.title(name))
    return _("fichier")


def _join(place: str, problem: str) -> str:
    return _("{where} : {problem}").format(where=place, problem=problem)


def _type_problem(error, field) -> str:
    cell = error.get("cell") or ""
    ftype = field.get("type", "string")
    fmt = field.get("format") or "default"
    note = error.get("note") or ""
    if note.startswith("array item"):
        return _("« {cell} » contient un élément qui n'est pas du texte ; écrivez une liste JSON de "
                 "textes, par exemple [\"a\",\"b\"]").format(cell=cell)
    if ftype == "date":
        shown = display_date_format(fmt)
        suggestion = suggest_date(cell, fmt)
        if suggestion:
            return _("« {cell} » n'est pas une date au format {format} ; écrivez {suggestion}").format(
                cell=cell, format=shown, suggestion=suggestion)
        return _("« {cell} » n'est pas une date valide au format {format}").format(cell=cell, format=shown)
    if ftype == "datetime":
        return _("« {cell} » n'est pas une date et heure au format AAAA-MM-JJTHH:MM:SS "
                 "(par exemple 2020-05-11T14:08:32Z)").format(cell=cell)
    if ftype == "time":
        return _("« {cell} » n'est pas une heure au format HH:MM:SS").format(cell=cell)
    if ftype in ("number", "integer"):
        integer = ftype == "integer"
        suggestion = suggest_number(cell, integer=integer)
        if integer:
            if suggestion:
                return _("« {cell} » n'est pas un nombre entier ; écrivez {suggestion}").format(
                    cell=cell, suggestion=suggestion)
            return _("« {cell} » n'est pas un nombre entier (chiffres seulement, sans espace ni "
                     "décimale)").format(cell=cell)
        if suggestion:
            return _("« {cell} » n'est pas un nombre ; le séparateur décimal est le point, sans "
                     "espace ni unité : écrivez {suggestion}").format(cell=cell, suggestion=suggestion)
        return _("« {cell} » n'est pas un nombre (chiffres, point comme séparateur décimal, sans "
                 "espace ni unité)").format(cell=cell)
    if ftype == "year":
        return _("« {cell} » n'est pas une année à 4 chiffres").format(cell=cell)
    if ftype == "boolean":
        trues = field.get("trueValues") or ["true", "True", "TRUE", "1"]
        falses = field.get("falseValues") or ["false", "False", "FALSE", "0"]
        return _("« {cell} » n'est pas une valeur acceptée ; écrivez {true} (oui) ou {false} (non)").format(
            cell=cell, true=" / ".join(trues), false=" / ".join(falses))
    if ftype == "string" and fmt == "email":
        return _("« {cell} » n'est pas une adresse électronique valide (nom@domaine.fr)").format(cell=cell)
    if ftype == "string" and fmt == "uri":
        return _("« {cell} » n'est pas une adresse web complète ; commencez par https://").format(cell=cell)
    if ftype == "string" and fmt == "uuid":
        return _("« {cell} » n'est pas un identifiant UUID").format(cell=cell)
    if ftype == "array":
        return _("« {cell} » n'est pas une liste au format JSON ; écrivez par exemple "
                 "[\"valeur 1\",\"valeur 2\"]").format(cell=cell)
    if ftype == "geopoint":
        if fmt == "array":
            return _("« {cell} » n'est pas un point [longitude, latitude] ; écrivez par exemple "
                     "[2.3522,48.8566]").format(cell=cell)
        return _("« {cell} » n'est pas un point « longitude, latitude » valide").format(cell=cell)
    return _("« {cell} » n'est pas du type attendu ({type})").format(cell=cell, type=ftype)


def value_message(field: Dict[str, Any], cell: str, constraint: Optional[str] = None) -> str:
    """What the validator says of one faulty value of ``field`` (a Table Schema field
    descriptor), without « ligne, colonne » and with the corrected value when a
    mechanical repair is certain: for forms, which check the same things one value at
    a time. ``constraint`` (enum, minimum...) for a constraint error, else a type error."""
    error = {"type": "constraint-error" if constraint else "type-error", "cell": cell,
             "constraint": constraint}
    problem = _constraint_problem(error, field) if constraint else _type_problem(error, field)
    return problem[:1].upper() + problem[1:]


def _constraint_problem(error, field) -> str:
    cell = error.get("cell") or ""
    constraint = error.get("constraint") or ""
    constraints = field.get("constraints") or {}
    array_item = (error.get("note") or "").startswith("array item")
    if array_item:
        item = (field.get("arrayItem") or {}).get("constraints") or {}
        if constraint == "enum":
            return _("« {cell} » contient une valeur non autorisée ; valeurs possibles : {values}").format(
                cell=cell, values=_values_list(item.get("enum") or []))
        if constraint == "required":
            return _("« {cell} » contient un élément vide ; retirez-le de la liste").format(cell=cell)
    if constraint == "required":
        return _("la valeur est obligatoire ; renseignez cette cellule")
    if constraint == "pattern":
        example = field.get("example") or field.get("examples")
        if example:
            return _("« {cell} » n'a pas la forme attendue ; exemple de valeur correcte : {example}").format(
                cell=cell, example=example)
        return _("« {cell} » n'a pas la forme attendue (motif : {pattern})").format(
            cell=cell, pattern=constraints.get("pattern", ""))
    if constraint == "enum":
        allowed = constraints.get("enum") or []
        suggestion = suggest_enum(cell, allowed)
        if suggestion:
            return _("« {cell} » n'est pas une valeur autorisée ; écrivez « {suggestion} »").format(
                cell=cell, suggestion=suggestion)
        return _("« {cell} » n'est pas une valeur autorisée ; valeurs possibles : {values}").format(
            cell=cell, values=_values_list(allowed))
    if constraint == "maxLength":
        return _("le texte compte {length} caractères, le maximum est {limit} ; raccourcissez-le").format(
            length=_cell_length(error), limit=constraints.get("maxLength"))
    if constraint == "minLength":
        return _("le texte compte {length} caractères, le minimum est {limit}").format(
            length=_cell_length(error), limit=constraints.get("minLength"))
    if constraint in ("minimum", "exclusiveMinimum"):
        return _("{cell} est trop petit : la valeur minimale est {limit}").format(
            cell=cell, limit=constraints.get(constraint))
    if constraint in ("maximum", "exclusiveMaximum"):
        return _("{cell} est trop grand : la valeur maximale est {limit}").format(
            cell=cell, limit=constraints.get(constraint))
    return _("« {cell} » ne respecte pas la contrainte {constraint}").format(cell=cell, constraint=constraint)


def _cell_length(error) -> int:
    """The cell's length in the file: a stored report keeps only its start."""
    return error.get("cellLength") or len(error.get("cell") or "")


def _custom_problem(error, titles: FieldTitles) -> str:
    kind = error["type"]
    cell = error.get("cell") or ""
    details = error.get("details") or {}
    columns = [titles.title(c) for c in details.get("columns") or []]
    listed = ", ".join(f"« {c} »" for c in columns)
    if kind == "french-siret-value":
        return _("« {cell} » n'est pas un numéro SIRET valide : {reason}").format(
            cell=cell, reason=details.get("reason") or "")
    if kind == "french-siren-value":
        return _("« {cell} » n'est pas un numéro SIREN valide : {reason}").format(
            cell=cell, reason=details.get("reason") or "")
    if kind == "one-of-required":
        if error.get("rowNumber") is None:
            return _("les colonnes {columns} sont toutes deux absentes ; ajoutez au moins l'une "
                     "d'elles").format(columns=listed)
        return _("au moins l'une des colonnes {columns} doit être renseignée").format(columns=listed)
    if kind == "cohesive-columns-value":
        if error.get("rowNumber") is None:
            missing = ", ".join(f"« {titles.title(c)} »" for c in details.get("missing") or [])
            return _("les colonnes {columns} vont ensemble : ajoutez aussi {missing}, ou retirez-les "
                     "toutes").format(columns=listed, missing=missing)
        empty = ", ".join(f"« {titles.title(c)} »" for c in details.get("empty") or [])
        return _("les colonnes {columns} doivent être toutes remplies ou toutes vides ; ici {empty} "
                 "est vide").format(columns=listed, empty=empty)
    if kind == "compare-columns-value":
        values = details.get("values") or ["", ""]
        first, second = (columns + ["", ""])[:2]
        if not details.get("comparable", True):
            return _("« {value1} » ({column1}) et « {value2} » ({column2}) ne peuvent pas être "
                     "comparés").format(value1=values[0], column1=first, value2=values[1], column2=second)
        op_text = {
            ">": _("supérieure à"), ">=": _("supérieure ou égale à"), "==": _("égale à"),
            "<=": _("inférieure ou égale à"), "<": _("inférieure à"),
        }.get(details.get("op"), details.get("op"))
        return _("la valeur de « {column1} » ({value1}) doit être {op} celle de « {column2} » "
                 "({value2})").format(column1=first, value1=values[0], op=op_text, column2=second,
                                     value2=values[1])
    if kind == "sum-columns-value":
        return _("« {column} » vaut {expected} mais la somme de {columns} fait {total}").format(
            column=columns[0] if columns else "", expected=details.get("expected"),
            columns=", ".join(f"« {c} »" for c in columns[1:]), total=details.get("sum"))
    if kind == "year-interval-value":
        problem = details.get("problem")
        if problem == "same-years":
            return _("« {cell} » : les deux années de la période doivent être différentes").format(cell=cell)
        if problem == "reversed":
            return _("« {cell} » : la seconde année doit suivre la première ; écrivez {suggestion}").format(
                cell=cell, suggestion=details.get("suggestion"))
        if details.get("allow_year_only"):
            return _("« {cell} » n'est ni une année (AAAA) ni une période (AAAA/AAAA)").format(cell=cell)
        return _("« {cell} » n'est pas une période au format AAAA/AAAA").format(cell=cell)
    if kind == "nomenclature-actes-value":
        problem = details.get("problem")
        if problem == "no-slash":
            return _("« {cell} » : écrivez la matière puis « / » puis la sous-matière, par exemple "
                     "« Finances locales/Subventions »").format(cell=cell)
        if problem == "space":
            return _("« {cell} » : pas d'espace avant ni après la barre oblique « / »").format(cell=cell)
        return _("« {cell} » : « {prefix} » n'est pas une matière de la nomenclature @ctes").format(
            cell=cell, prefix=details.get("prefix", ""))
    return error.get("note") or kind


_CUSTOM_TYPES = {
    "french-siret-value", "french-siren-value", "one-of-required", "cohesive-columns-value",
    "compare-columns-value", "sum-columns-value", "year-interval-value", "nomenclature-actes-value",
}


def error_message(error: Dict[str, Any], schema: Any = None) -> str:
    """One sentence for one error of a report (see ``validator``)."""
    text = _error_sentence(error, schema)
    if error.get("cellLength") and error.get("constraint") not in ("maxLength", "minLength"):
        # the sentence quotes the start of the cell, ending with "…"
        text = _("{message} (valeur de {length} caractères, abrégée ici)").format(
            message=text, length=error["cellLength"])
    return text


def cell_message(error: Dict[str, Any], schema: Any = None) -> str:
    """The sentence of ``error_message`` without its « ligne 3, colonne « X » : »,
    for a table that already shows the row and the column."""
    text = error_message(error, schema)
    titles = _titles(schema)
    lead = _join(where(error, titles), "")
    if error.get("rowNumber") and text.startswith(lead) and len(text) > len(lead):
        problem = text[len(lead):]
        return problem[:1].upper() + problem[1:]
    return text


def _error_sentence(error: Dict[str, Any], schema: Any = None) -> str:
    titles = _titles(schema)
    kind = error.get("type")
    field = titles.field(error.get("fieldName"))
    place = where(error, titles)
    name = error.get("fieldName") or ""
    if kind == "type-error":
        return _join(place, _type_problem(error, field))
    if kind == "constraint-error":
        return _join(place, _constraint_problem(error, field))
    if kind in _CUSTOM_TYPES:
        return _join(place, _custom_problem(error, titles))
    if kind == "unique-error":
        match = re.search(r"position (\d+)", error.get("note") or "")
        return _join(place, _("« {cell} » figure déjà ligne {other} ; chaque valeur de cette colonne "
                              "doit être unique").format(cell=error.get("cell"),
                                                         other=match.group(1) if match else "?"))
    if kind == "primary-key":
        match = re.search(r"position (\d+)", error.get("note") or "")
        if match:
            return _join(place, _("cette ligne a le même identifiant que la ligne {other} ; chaque "
                                  "ligne doit avoir un identifiant unique").format(other=match.group(1)))
        return _join(place, _("l'identifiant de la ligne est vide ; renseignez-le"))
    if kind == "blank-row":
        return _join(place, _("la ligne est vide ; supprimez-la"))
    if kind == "missing-cell":
        return _join(place, _("la ligne a moins de cellules que l'en-tête : il manque « {column} » ; "
                              "vérifiez les séparateurs de cette ligne").format(column=titles.title(name)))
    if kind == "extra-cell":
        return _join(_("ligne {row}").format(row=error.get("rowNumber")),
                     _("la ligne a plus de cellules que l'en-tête (cellule n° {number} : « {cell} ») ; "
                       "un texte contenant le séparateur doit être entre guillemets").format(
                         number=error.get("fieldNumber"), cell=error.get("cell")))
    if kind == "missing-label":
        return _("La colonne obligatoire « {title} » ({name}) est absente ; ajoutez-la à l'en-tête, "
                 "même si certaines cellules restent vides.").format(title=titles.title(name), name=name)
    if kind == "extra-label":
        return _("La colonne « {label} » (n° {number}) n'est pas prévue par le schéma ; supprimez-la ou "
                 "corrigez son nom.").format(label=error.get("label"), number=error.get("fieldNumber"))
    if kind == "incorrect-label":
        return _("La colonne n° {number} s'appelle « {label} » alors que le schéma attend « {name} » à "
                 "cette place.").format(number=error.get("fieldNumber"), label=error.get("label"), name=name)
    if kind == "blank-label":
        return _("La colonne n° {number} n'a pas de nom dans l'en-tête ; nommez-la ou "
                 "supprimez-la.").format(number=error.get("fieldNumber"))
    if kind == "duplicate-label":
        return _("La colonne « {label} » apparaît plusieurs fois dans l'en-tête (n° {number}) ; gardez-en "
                 "une seule.").format(label=error.get("label"), number=error.get("fieldNumber"))
    if kind == "unmatched-header":
        return _("Aucune colonne de l'en-tête ne correspond au schéma : vérifiez que le fichier utilise "
                 "le bon séparateur et qu'il s'agit bien de données de ce schéma.")
    if kind == "check-error":
        if error.get("reason") == "unknown":
            return _("Le schéma demande la vérification « {check} », que cette plateforme ne connaît pas : "
                     "elle n'a pas été faite.").format(check=error.get("check"))
        return _("La vérification « {check} » est mal déclarée dans le schéma et n'a pas été "
                 "faite.").format(check=error.get("check"))
    if kind == "header-only":
        return source_error_message("header-only", {})
    if kind == "schema-error":
        return _("Ce schéma n'est pas un schéma de tableau (Table Schema) : il ne permet pas de valider "
                 "un fichier CSV.")
    if kind == "empty-file" and "sheet" in (error.get("params") or {}):
        return spreadsheet_error_message(kind, error["params"])
    if kind in ("empty-file", "binary-file", "encoding-error", "malformed-csv", "not-found"):
        return source_error_message(kind, error.get("params") or {})
    if kind in _SPREADSHEET_ERRORS:
        return spreadsheet_error_message(kind, error.get("params") or {})
    return _join(place, error.get("note") or kind)


def warning_message(warning: Dict[str, Any], schema: Any = None) -> str:
    titles = _titles(schema)
    kind = warning.get("type")
    if kind == "header-only":
        return _("Le fichier ne contient que la ligne d'en-tête, sans aucune ligne de données : il est "
                 "conforme au schéma mais ne publie rien pour l'instant. Ajoutez les données sous "
                 "l'en-tête.")
    if kind == "encoding-detected":
        return _("Le fichier est encodé en {encoding} et non en UTF-8 : il a été lu correctement, mais "
                 "enregistrez-le en « CSV UTF-8 » pour sa publication.").format(encoding=warning.get("encoding"))
    if kind == "bom-detected":
        return _("Le fichier commence par une marque d'ordre d'octets (BOM, ajoutée par Excel) ; elle est "
                 "acceptée.")
    if kind == "delimiter-detected":
        return _("Le séparateur de colonnes est « {delimiter} » ({name}) ; le format recommandé utilise la "
                 "virgule.").format(delimiter=warning.get("delimiter"),
                                   name=_(DELIMITER_NAMES.get(warning.get("delimiter"), "")))
    if kind == "missing-label":
        name = warning.get("fieldName")
        return _("La colonne facultative « {title} » ({name}) est absente ; ajoutez-la, même "
                 "vide.").format(title=titles.title(name), name=name)
    if kind == "extra-label":
        return _("La colonne « {label} » n'est pas définie par le schéma ; elle n'a pas été "
                 "vérifiée.").format(label=warning.get("label"))
    if kind == "blank-label":
        return _("La colonne n° {number} n'a pas de nom ; elle n'a pas été vérifiée.").format(
            number=warning.get("fieldNumber"))
    if kind == "disordered-labels":
        return _("Les colonnes ne sont pas dans l'ordre du schéma : {order}.").format(
            order=", ".join(warning.get("expected") or []))
    if kind == "sheet-chosen":
        return _("Le classeur a {count} feuilles : seule la première, « {sheet} », a été validée. "
                 "Indiquez le nom de la feuille sur la ressource pour en valider une autre.").format(
                     count=warning.get("sheets"), sheet=warning.get("sheet"))
    if kind == "merged-cells":
        return _("La feuille contient des cellules fusionnées ({count}) : seule la première case "
                 "d'une fusion porte la valeur, les autres sont lues vides. Défusionnez-les pour "
                 "publier.").format(count=warning.get("count"))
    if kind == "schema-problem":
        return _("Le schéma comporte une contrainte inapplicable sur « {column} » ; elle a été "
                 "ignorée.").format(column=titles.title(warning.get("fieldName")))
    return kind or ""


_KIND_TITLES = {
    "type-error": N_("Valeurs mal écrites"),
    "constraint-error": N_("Valeurs non conformes"),
    "missing-label": N_("Colonnes manquantes"),
    "extra-label": N_("Colonnes en trop"),
    "incorrect-label": N_("Colonnes mal nommées"),
    "blank-label": N_("Colonnes sans nom"),
    "duplicate-label": N_("Colonnes en double"),
    "unmatched-header": N_("En-tête non reconnu"),
    "missing-cell": N_("Lignes incomplètes"),
    "extra-cell": N_("Lignes trop longues"),
    "blank-row": N_("Lignes vides"),
    "unique-error": N_("Valeurs en double"),
    "primary-key": N_("Identifiants en double ou vides"),
    "french-siret-value": N_("Numéros SIRET invalides"),
    "french-siren-value": N_("Numéros SIREN invalides"),
    "one-of-required": N_("Une colonne sur deux à remplir"),
    "cohesive-columns-value": N_("Colonnes à remplir ensemble"),
    "compare-columns-value": N_("Comparaisons entre colonnes"),
    "sum-columns-value": N_("Totaux incohérents"),
    "year-interval-value": N_("Périodes mal écrites"),
    "nomenclature-actes-value": N_("Matières hors nomenclature @ctes"),
    "check-error": N_("Vérifications non faites"),
    "header-only": N_("Fichier sans données"),
    "schema-error": N_("Schéma non applicable"),
    "spreadsheet-unreadable": N_("Classeur illisible"),
    "spreadsheet-password": N_("Classeur protégé"),
    "sheet-not-found": N_("Feuille introuvable"),
    "spreadsheet-too-large": N_("Feuille trop grande"),
}

_SPREADSHEET_ERRORS = ("spreadsheet-unreadable", "spreadsheet-password", "sheet-not-found",
                       "spreadsheet-too-large")

def kind_title(kind: str) -> str:
    return _(_KIND_TITLES.get(kind) or N_("Erreurs"))


def group_errors(report: Dict[str, Any], schema: Any = None, max_rows: int = 5) -> List[Dict[str, Any]]:
    """Errors grouped by kind and column, biggest groups first.

    Each group: ``type``, ``fieldName``, ``column`` (title), ``title`` (kind
    title), ``count`` (exact, from the report's counts when the group is a
    whole type), ``rows`` (first row numbers), ``message`` (the first
    error's sentence) and ``constraint``.
    """
    titles = _titles(schema)
    groups: Dict[tuple, Dict[str, Any]] = {}
    for error in report.get("errors", []):
        key = (error["type"], error.get("fieldName") or "", error.get("constraint") or "")
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "type": error["type"],
                "fieldName": error.get("fieldName") or None,
                "column": titles.title(error.get("fieldName")) if error.get("fieldName") else None,
                "constraint": error.get("constraint"),
                "title": kind_title(error["type"]),
                "count": 0,
                "rows": [],
                "message": error_message(error, titles),
            }
        group["count"] += 1
        row = error.get("rowNumber")
        if row is not None and len(group["rows"]) < max_rows:
            group["rows"].append(row)
    counts = report.get("error_counts", {})
    by_type: Dict[str, List[Dict[str, Any]]] = {}
    for group in groups.values():
        by_type.setdefault(group["type"], []).append(group)
    for kind, members in by_type.items():
        listed = sum(g["count"] for g in members)
        exact = counts.get(kind, listed)
        if len(members) == 1:
            members[0]["count"] = exact
        members[0]["more"] = max(0, exact - listed) if len(members) > 1 else 0
    return sorted(groups.values(), key=lambda g: (-g["count"], g["type"], g["column"] or ""))


def report_summary(report: Dict[str, Any]) -> str:
    """One line for a resource page or a notification."""
    stats = report.get("stats", {})
    if report.get("valid") and any(w.get("type") == "header-only" for w in report.get("warnings") or []):
        return _("Fichier conforme au schéma, mais il ne contient aucune ligne de données (en-tête seul).")
    if report.get("valid"):
        return _("Fichier conforme au schéma ({rows} lignes vérifiées).").format(
            rows=grouped(stats.get("rows", 0)))
    errors = stats.get("errors", 0)
    return ngettext("{errors} erreur sur {rows} lignes vérifiées.",
                    "{errors} erreurs sur {rows} lignes vérifiées.", errors).format(
        errors=grouped(errors), rows=grouped(stats.get("rows", 0)))


def report_messages(report: Dict[str, Any], schema: Any = None) -> Dict[str, List[str]]:
    """All listed errors and warnings as sentences."""
    titles = _titles(schema)
    return {
        "errors": [error_message(e, titles) for e in report.get("errors", [])],
        "warnings": [warning_message(w, titles) for w in report.get("warnings", [])],
    }
