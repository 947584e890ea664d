"""What an agent needs to fill a schema in: a CSV template and a readable
description of every column.

The template has the columns in schema order (Validata warns otherwise) and
one example row built from the schema's own ``example`` values. Some
published examples break their own schema (a SIREN with a wrong check digit,
"17 142.08" for a number, a date of transmission before the date of
adoption): such cells are left empty, since a template must not teach a
wrong value. It is written in UTF-8 with a BOM,
because Excel on Windows reads a BOM-less UTF-8 file as cp1252 and garbles
the accents; our reader and Validata accept the BOM.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Dict, List

from .catalogue import SchemaField, SchemaVersion
from .i18n import N_, _
from .messages import display_date_format

TYPE_LABELS = {
    "string": N_("texte"),
    "number": N_("nombre décimal (point comme séparateur)"),
    "integer": N_("nombre entier"),
    "boolean": N_("oui / non"),
    "date": N_("date"),
    "datetime": N_("date et heure"),
    "time": N_("heure"),
    "year": N_("année"),
    "yearmonth": N_("année et mois"),
    "array": N_("liste (JSON)"),
    "geopoint": N_("coordonnées géographiques"),
    "object": N_("objet JSON"),
    "any": N_("libre"),
}

FORMAT_LABELS = {
    "email": N_("adresse électronique"),
    "uri": N_("adresse web (URL)"),
    "uuid": N_("identifiant UUID"),
}


def _fields(schema: Any) -> List[SchemaField]:
    if isinstance(schema, SchemaVersion):
        return schema.fields
    if isinstance(schema, dict):
        return [SchemaField.from_descriptor(f) for f in schema.get("fields", [])]
    return list(schema)


def example_row(schema: Any, valid_only: bool = True) -> Dict[str, str]:
    """Field name -> example value ("" when the schema gives none, or, with
    ``valid_only``, when the example fails the schema's own checks)."""
    fields = _fields(schema)
    values = {field.name: field.example for field in fields}
    descriptor = schema.descriptor if isinstance(schema, SchemaVersion) else schema
    if not valid_only or not isinstance(descriptor, dict) or "fields" not in descriptor:
        return values
    from .validator import validate_rows  # late: validator is the heavier module

    names = [f.name for f in fields]
    for _attempt in range(3):
        report = validate_rows(names, [(2, [values[n] for n in names])], descriptor,
                               header_mode="exact")
        wrong = {
            e["fieldName"] for e in report["errors"]
            if e.get("rowNumber") == 2 and e.get("fieldName") in values and values[e["fieldName"]]
            and e.get("constraint") != "required"
        }
        if not wrong:
            break
        for name in wrong:
            values[name] = ""
    return values


def csv_template(schema: Any, with_example: bool = True, delimiter: str = ",", bom: bool = True) -> bytes:
    """The CSV template of a schema, as bytes ready to download."""
    fields = _fields(schema)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    example = example_row(schema) if with_example else {}
    if any(example.values()):
        writer.writerow([example[f.name] for f in fields])
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def _type_label(field: SchemaField) -> str:
    if field.type == "string" and field.format in FORMAT_LABELS:
        return _(FORMAT_LABELS[field.format])
    if field.type == "date":
        return _("date ({format})").format(format=display_date_format(field.format))
    if field.type == "geopoint" and field.format == "array":
        return _("coordonnées [longitude, latitude]")
    return _(TYPE_LABELS.get(field.type, field.type))


def field_doc(field: SchemaField) -> Dict[str, Any]:
    item = field.array_item or {}
    item_enum = (item.get("constraints") or {}).get("enum")
    rules: List[str] = []
    if field.pattern:
        rules.append(_("forme imposée (motif {pattern})").format(pattern=field.pattern))
    if field.min_length is not None:
        rules.append(_("au moins {count} caractères").format(count=field.min_length))
    if field.max_length is not None:
        rules.append(_("au plus {count} caractères").format(count=field.max_length))
    if field.minimum is not None:
        rules.append(_("au minimum {value}").format(value=field.minimum))
    if field.maximum is not None:
        rules.append(_("au maximum {value}").format(value=field.maximum))
    if field.unique:
        rules.append(_("valeur unique dans le fichier"))
    if field.type == "boolean":
        trues = field.true_values or ["true", "True", "TRUE", "1"]
        falses = field.false_values or ["false", "False", "FALSE", "0"]
        rules.append(_("vrai : {true} ; faux : {false}").format(true=", ".join(trues), false=", ".join(falses)))
    return {
        "name": field.name,
        "title": field.label,
        "description": field.description,
        "type": field.type,
        "format": field.format,
        "type_label": _type_label(field),
        "required": field.required,
        "unique": field.unique,
        "enum": field.enum,
        "array_enum": item_enum,
        "pattern": field.pattern,
        "min_length": field.min_length,
        "max_length": field.max_length,
        "minimum": field.minimum,
        "maximum": field.maximum,
        "example": field.example,
        "rules": rules,
    }


CHECK_DESCRIPTIONS = {
    "french-siret-value": N_("« {column} » doit être un numéro SIRET valide (14 chiffres, clé de contrôle juste)."),
    "french-siren-value": N_("« {column} » doit être un numéro SIREN valide (9 chiffres, clé de contrôle juste)."),
    "one-of-required": N_("Sur chaque ligne, au moins l'une des colonnes {columns} doit être remplie."),
    "cohesive-columns-value": N_("Les colonnes {columns} sont toutes remplies ou toutes vides."),
    "compare-columns-value": N_("« {column} » doit être {op} « {column2} » quand les deux sont remplies."),
    "sum-columns-value": N_("« {column} » est la somme de {columns}."),
    "year-interval-value": N_("« {column} » est une période AAAA/AAAA (première année avant la seconde)."),
    "nomenclature-actes-value": N_("« {column} » commence par une matière de la nomenclature @ctes, suivie de « / »."),
}


def _check_doc(check: Dict[str, Any], titles: Dict[str, str]) -> Dict[str, Any]:
    name = check.get("name", "")
    params = check.get("params") or {}
    title = lambda n: titles.get(n, n)  # noqa: E731
    columns = params.get("columns") or params.get("othercolumns") or []
    if name == "one-of-required":
        listed = [params.get("column1"), params.get("column2")]
    else:
        listed = [params.get("column")] + list(columns)
    template = CHECK_DESCRIPTIONS.get(name)
    text = None
    if template:
        text = _(template).format(
            column=title(params.get("column", "")),
            column2=title(params.get("column2", "")),
            op=params.get("op", ""),
            columns=", ".join(f"« {title(c)} »" for c in listed if c),
        )
    if name == "year-interval-value" and str(params.get("allow-year-only")) in ("true", "yes"):
        text = _("« {column} » est une année (AAAA) ou une période AAAA/AAAA.").format(
            column=title(params.get("column", "")))
    return {"name": name, "params": params, "text": text, "known": template is not None}


def schema_doc(schema: SchemaVersion) -> Dict[str, Any]:
    """A structured description of a schema for its documentation page."""
    fields = schema.fields
    titles = {f.name: f.label for f in fields}
    return {
        "id": schema.id,
        "version": schema.version,
        "title": schema.title,
        "description": schema.description,
        "url": schema.url,
        "licence": schema.licence,
        "table_validatable": schema.table_validatable,
        "fields": [field_doc(f) for f in fields],
        "required_fields": [f.name for f in fields if f.required],
        "checks": [_check_doc(c, titles) for c in schema.custom_checks],
        "missing_values": schema.descriptor.get("missingValues", [""]) if schema.table_validatable else None,
        "primary_key": schema.descriptor.get("primaryKey") if schema.table_validatable else None,
    }
