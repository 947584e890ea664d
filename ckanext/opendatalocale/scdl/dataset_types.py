"""One scheming dataset type per bundled Table Schema, derived from the generic one.

The YAML files under schemas/types/ are written by
`ckan opendatalocale schemas dataset-types` and committed; a test checks they
are what this module derives, so a schema upgrade cannot leave them behind.
"""
from __future__ import annotations

import copy
import os
from typing import Any

import yaml

SCHEMAS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schemas")
TYPES_DIR = os.path.join(SCHEMAS_DIR, "types")


def type_name(schema_id: str) -> str:
    """`scdl/subventions` → `scdl-subventions`, `etalab/schema-irve-statique` → `scdl-irve-statique`."""
    short = schema_id.split("/")[-1].split(":")[0]
    if short.startswith("schema-"):
        short = short[len("schema-"):]
    return f"scdl-{short}"


def _base() -> dict[str, Any]:
    with open(os.path.join(SCHEMAS_DIR, "dataset.yaml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def derive(version, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The scheming schema of the dataset type publishing ``version``'s data."""
    schema = copy.deepcopy(base or _base())
    name = type_name(version.id)
    schema["dataset_type"] = name
    schema["about"] = f"{version.title} ({version.id})"
    schema["about_url"] = version.url or ""
    template_url = f"/modele-csv/{version.id}"
    doc_url = f"/schemas/{version.id}"
    for field in schema["dataset_fields"]:
        if field["field_name"] == "notes":
            field["help_text"] = {
                "fr": (f"Ces données suivent le schéma « {version.title} ». "
                       f"Modèle à remplir : {template_url} ; documentation des colonnes : {doc_url}."),
                "en": (f"This data follows the schema “{version.title}”. "
                       f"Template: {template_url}; column documentation: {doc_url}."),
            }
    for field in schema["resource_fields"]:
        if field["field_name"] == "schema":
            field["default"] = f"{version.id}@{version.version}"
            field["form_restrict_to_schema"] = version.id
    return schema


def render(version, base: dict[str, Any] | None = None) -> str:
    header = (f"# Generated from schemas/dataset.yaml for {version.id} "
              "by `ckan opendatalocale schemas dataset-types`: do not edit.\n")
    return header + yaml.safe_dump(derive(version, base), allow_unicode=True, sort_keys=False)


def table_schemas(catalogue) -> list:
    return [info.latest for info in catalogue.list() if info.table_validatable]


def write_all(catalogue) -> list[str]:
    os.makedirs(TYPES_DIR, exist_ok=True)
    base = _base()
    written = []
    for version in table_schemas(catalogue):
        path = os.path.join(TYPES_DIR, type_name(version.id) + ".yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(render(version, base))
        written.append(path)
    return written


def config_value(catalogue) -> str:
    """The `scheming.dataset_schemas` line listing the generic and every typed schema."""
    names = ["ckanext.opendatalocale.schemas:dataset.yaml"] + [
        f"ckanext.opendatalocale.schemas:types/{type_name(v.id)}.yaml"
        for v in table_schemas(catalogue)
    ]
    return " ".join(names)
