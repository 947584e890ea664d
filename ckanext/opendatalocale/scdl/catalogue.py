"""The suite's one loader of SCDL (and related) schemas.

Bundled schemas are verbatim copies listed in ``data/MANIFEST.json``. A site
can add newer versions published on schema.data.gouv.fr: ``fetch_new_versions``
reads a ``schemas.json``-style catalogue, downloads the versions this
catalogue does not know yet and stores them in a folder chosen by the caller
(the CKAN layer picks a storage path). Older versions are kept, because a
resource validated against 2.1.1 must stay explainable after 2.1.2 appears.

Ids are schema.data.gouv.fr's (``scdl/subventions``); the bundled folder name
(``subventions``) and the last part of the id are accepted as aliases.

DECP (marchés publics) is a JSON Schema, not a Table Schema: it is listed
with ``table_validatable = False`` so that pages can show it but the CSV
validator refuses it plainly.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
MANIFEST_PATH = os.path.join(DATA_DIR, "MANIFEST.json")
SCHEMA_SITE = "https://schema.data.gouv.fr/schemas"
TABLE_SCHEMA_TYPES = ("tableschema",)

Fetch = Callable[[str], bytes]


def canonical_url(schema_id: str, version: str) -> str:
    return f"{SCHEMA_SITE}/{schema_id}/{version}/schema.json"


def version_key(version: Optional[str]) -> Tuple:
    """Sort key for versions like 2.1.1, v1.1.6, 1.0.0-rc1 (numeric parts
    compare as numbers; a pre-release sorts before its release)."""
    text = (version or "").strip().lstrip("vV")
    main, _, pre = text.partition("-")
    parts = tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.]", main) if p != "")
    return (parts, 0 if pre else 1, pre)


@dataclass(frozen=True)
class SchemaField:
    """One column of a Table Schema, flattened for forms, docs and messages."""

    name: str
    title: str
    type: str
    format: str
    required: bool
    unique: bool
    enum: Optional[List[Any]]
    pattern: Optional[str]
    min_length: Optional[int]
    max_length: Optional[int]
    minimum: Any
    maximum: Any
    description: str
    example: str
    array_item: Optional[Dict[str, Any]]
    true_values: Optional[List[str]]
    false_values: Optional[List[str]]
    descriptor: Dict[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)

    @property
    def label(self) -> str:
        """What to show a person: the title, else the technical name."""
        return self.title or self.name

    @classmethod
    def from_descriptor(cls, descriptor: Dict[str, Any]) -> "SchemaField":
        constraints = descriptor.get("constraints") or {}
        example = descriptor.get("example")
        if example is None:
            # Some SCDL schemas write "examples" (a string, sometimes a list).
            examples = descriptor.get("examples")
            if isinstance(examples, list):
                example = examples[0] if examples else None
            else:
                example = examples
        return cls(
            name=descriptor.get("name", ""),
            title=descriptor.get("title") or "",
            type=descriptor.get("type") or "any",
            format=descriptor.get("format") or "default",
            required=bool(constraints.get("required", False)),
            unique=bool(constraints.get("unique", False)),
            enum=constraints.get("enum"),
            pattern=constraints.get("pattern"),
            min_length=constraints.get("minLength"),
            max_length=constraints.get("maxLength"),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            description=descriptor.get("description") or "",
            example="" if example is None else str(example),
            array_item=descriptor.get("arrayItem"),
            true_values=descriptor.get("trueValues"),
            false_values=descriptor.get("falseValues"),
            descriptor=descriptor,
        )


@dataclass
class SchemaVersion:
    """One version of one schema, with its descriptor loaded lazily."""

    id: str
    version: str
    title: str
    schema_type: str
    path: str
    url: Optional[str]
    description: str = ""
    licence: str = ""
    labels: List[str] = field(default_factory=list)
    homepage: str = ""
    examples: Dict[str, str] = field(default_factory=dict)  # role -> path
    bundled: bool = True
    notes: str = ""
    _descriptor: Optional[Dict[str, Any]] = field(default=None, repr=False)

    @property
    def table_validatable(self) -> bool:
        return self.schema_type in TABLE_SCHEMA_TYPES

    @property
    def descriptor(self) -> Dict[str, Any]:
        if self._descriptor is None:
            with open(self.path, encoding="utf-8") as handle:
                self._descriptor = json.load(handle)
        return self._descriptor

    @property
    def fields(self) -> List[SchemaField]:
        if not self.table_validatable:
            return []
        return [SchemaField.from_descriptor(f) for f in self.descriptor.get("fields", [])]

    @property
    def custom_checks(self) -> List[Dict[str, Any]]:
        if not self.table_validatable:
            return []
        return list(self.descriptor.get("custom_checks") or [])

    def field(self, name: str) -> Optional[SchemaField]:
        for item in self.fields:
            if item.name == name:
                return item
        return None

    def to_dict(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "description": self.description,
            "schema_type": self.schema_type,
            "table_validatable": self.table_validatable,
            "url": self.url,
            "licence": self.licence,
            "labels": list(self.labels),
            "homepage": self.homepage,
            "bundled": self.bundled,
        }


@dataclass
class SchemaInfo:
    """A schema with all its known versions (latest last)."""

    id: str
    versions: List[SchemaVersion]

    @property
    def latest(self) -> SchemaVersion:
        return self.versions[-1]

    @property
    def title(self) -> str:
        return self.latest.title

    @property
    def description(self) -> str:
        return self.latest.description

    @property
    def licence(self) -> str:
        return self.latest.licence

    @property
    def table_validatable(self) -> bool:
        return self.latest.table_validatable

    @property
    def version_names(self) -> List[str]:
        return [v.version for v in self.versions]

    def url(self, version: Optional[str] = None) -> Optional[str]:
        chosen = self.latest if version is None else self.get(version)
        return chosen.url if chosen else None

    def get(self, version: Optional[str]) -> Optional[SchemaVersion]:
        if version is None:
            return self.latest
        wanted = version.lstrip("vV")
        for item in self.versions:
            if item.version.lstrip("vV") == wanted:
                return item
        return None

    def to_dict(self) -> Dict[str, Any]:
        data = self.latest.to_dict()
        data["versions"] = self.version_names
        data["latest"] = self.latest.version
        return data


def _licence_of(entry: Dict[str, Any], descriptor: Dict[str, Any]) -> str:
    licences = descriptor.get("licenses") or []
    if licences:
        first = licences[0]
        return first.get("title") or first.get("name") or ""
    text = entry.get("license") or ""
    if "Licence Ouverte 2.0" in text:
        return "Licence Ouverte 2.0"
    return text


class UnknownSchema(KeyError):
    """No schema (or version) with that id in the catalogue."""


class SchemaCatalogue:
    """All known schemas: bundled ones, plus those stored in ``extra_dirs``."""

    def __init__(
        self,
        manifest_path: str = MANIFEST_PATH,
        extra_dirs: Iterable[str] = (),
    ):
        self._versions: Dict[str, Dict[str, SchemaVersion]] = {}
        self._aliases: Dict[str, str] = {}
        self._load_manifest(manifest_path)
        for folder in extra_dirs:
            self.load_folder(folder)

    @classmethod
    def bundled(cls) -> "SchemaCatalogue":
        return cls()

    # Loading

    def _add(self, version: SchemaVersion, alias: Optional[str] = None) -> None:
        self._versions.setdefault(version.id, {})[version.version] = version
        self._aliases.setdefault(version.id.split("/")[-1], version.id)
        if alias:
            self._aliases.setdefault(alias, version.id)

    def _load_manifest(self, manifest_path: str) -> None:
        base = os.path.dirname(manifest_path)
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = json.load(handle)
        for entry in manifest.get("schemas", []):
            schema_file = next(f for f in entry["files"] if f.get("role") == "schema")
            path = os.path.join(base, schema_file["path"])
            with open(path, encoding="utf-8") as handle:
                descriptor = json.load(handle)
            version_name = entry.get("version") or descriptor.get("version") or "latest"
            schema_type = entry.get("schema_type") or "tableschema"
            examples = {
                f["role"]: os.path.join(base, f["path"])
                for f in entry["files"]
                if f.get("role") != "schema"
            }
            version = SchemaVersion(
                id=entry["id"],
                version=version_name,
                title=entry.get("title") or descriptor.get("title") or entry["id"],
                schema_type=schema_type,
                path=path,
                url=entry.get("published_url")
                or (canonical_url(entry["id"], version_name) if entry.get("version") else None),
                description=descriptor.get("description") or "",
                licence=_licence_of(entry, descriptor),
                labels=list(entry.get("labels") or []),
                homepage=entry.get("upstream_repo") or descriptor.get("homepage") or "",
                examples=examples,
                bundled=True,
                notes=entry.get("notes") or "",
                _descriptor=descriptor,
            )
            self._add(version, alias=schema_file["path"].split("/")[0])

    def load_folder(self, folder: str) -> int:
        """Load versions stored by ``store_version`` under ``folder``.

        Layout: ``<folder>/<id>/<version>/schema.json`` with a ``meta.json``
        beside it. Returns how many versions were added.
        """
        added = 0
        if not os.path.isdir(folder):
            return 0
        for root, _dirs, files in os.walk(folder):
            if "meta.json" not in files or "schema.json" not in files:
                continue
            with open(os.path.join(root, "meta.json"), encoding="utf-8") as handle:
                meta = json.load(handle)
            known = self._versions.get(meta["id"], {})
            if meta["version"] in known and known[meta["version"]].bundled:
                continue  # the bundled copy is the reviewed one
            self._add(
                SchemaVersion(
                    id=meta["id"],
                    version=meta["version"],
                    title=meta.get("title") or meta["id"],
                    schema_type=meta.get("schema_type") or "tableschema",
                    path=os.path.join(root, "schema.json"),
                    url=meta.get("url"),
                    description=meta.get("description") or "",
                    licence=meta.get("licence") or "",
                    labels=list(meta.get("labels") or []),
                    homepage=meta.get("homepage") or "",
                    bundled=False,
                )
            )
            added += 1
        return added

    # Queries

    def resolve_id(self, schema_id: str) -> str:
        if schema_id in self._versions:
            return schema_id
        if schema_id in self._aliases:
            return self._aliases[schema_id]
        raise UnknownSchema(schema_id)

    def __contains__(self, schema_id: str) -> bool:
        try:
            self.resolve_id(schema_id)
        except UnknownSchema:
            return False
        return True

    def ids(self) -> List[str]:
        return sorted(self._versions)

    def list(self) -> List[SchemaInfo]:
        return [self.info(schema_id) for schema_id in self.ids()]

    def info(self, schema_id: str) -> SchemaInfo:
        schema_id = self.resolve_id(schema_id)
        versions = sorted(self._versions[schema_id].values(), key=lambda v: version_key(v.version))
        return SchemaInfo(id=schema_id, versions=versions)

    def get(self, schema_id: str, version: Optional[str] = None) -> SchemaVersion:
        """A version of a schema, the latest when ``version`` is None."""
        found = self.info(schema_id).get(version)
        if found is None:
            raise UnknownSchema(f"{schema_id}@{version}")
        return found

    def fields(self, schema_id: str, version: Optional[str] = None) -> List[SchemaField]:
        return self.get(schema_id, version).fields

    def find_by_url(self, url: str) -> Optional[SchemaVersion]:
        """The version whose published URL is ``url`` (DCAT conformsTo, udata)."""
        for versions in self._versions.values():
            for item in versions.values():
                if item.url == url:
                    return item
        match = re.match(re.escape(SCHEMA_SITE) + r"/(.+)/([^/]+)/[^/]+$", url or "")
        if match and match.group(1) in self:
            info = self.info(match.group(1))
            return info.latest if match.group(2) == "latest" else info.get(match.group(2))
        return None


# Updating from schema.data.gouv.fr


@dataclass
class NewSchemaVersion:
    id: str
    version: str
    url: str
    schema_type: str
    title: str
    path: str


def _safe_part(text: str) -> str:
    """Refuse path tricks in ids and versions coming from the network."""
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", text or "") or ".." in text:
        raise ValueError(f"unsafe name in catalogue: {text!r}")
    return text


def store_version(
    storage_dir: str,
    schema_id: str,
    version: str,
    content: bytes,
    meta: Dict[str, Any],
) -> str:
    """Write one schema version (verbatim bytes) and its meta.json; returns the folder."""
    parts = [_safe_part(p) for p in schema_id.split("/")] + [_safe_part(version)]
    folder = os.path.join(storage_dir, *parts)
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, "schema.json.tmp")
    with open(tmp, "wb") as handle:
        handle.write(content)
    os.replace(tmp, os.path.join(folder, "schema.json"))
    with open(os.path.join(folder, "meta.json"), "w", encoding="utf-8") as handle:
        json.dump(dict(meta, id=schema_id, version=version), handle, ensure_ascii=False, indent=2)
    return folder


def fetch_new_versions(
    catalogue_document: Dict[str, Any],
    fetch: Fetch,
    storage_dir: str,
    known: Optional[SchemaCatalogue] = None,
    only_ids: Optional[Iterable[str]] = None,
    labels: Optional[Iterable[str]] = None,
) -> List[NewSchemaVersion]:
    """Store the versions listed in a schema.data.gouv.fr ``schemas.json``
    that ``known`` (the bundled catalogue by default) lacks.

    ``fetch(url) -> bytes`` does the network access, so that the CKAN layer
    controls timeouts and proxies and tests need no network. Only JSON
    documents are stored (YAML schemas such as BAL's are skipped); a version
    whose document does not parse is skipped rather than stored broken.
    Selection: ``only_ids`` (ids) or ``labels`` (e.g. "Socle Commun des
    Données Locales"); everything when both are None. Existing versions are
    never overwritten.
    """
    known = known or SchemaCatalogue(extra_dirs=[storage_dir])
    wanted_ids = set(only_ids) if only_ids is not None else None
    wanted_labels = set(labels) if labels is not None else None
    added: List[NewSchemaVersion] = []
    for entry in catalogue_document.get("schemas", []):
        schema_id = entry.get("name")
        if not schema_id:
            continue
        if wanted_ids is not None and schema_id not in wanted_ids:
            continue
        if wanted_labels is not None and not wanted_labels.intersection(entry.get("labels") or []):
            continue
        schema_type = entry.get("schema_type") or "other"
        if schema_type not in ("tableschema", "jsonschema"):
            continue
        existing = set()
        if schema_id in known:
            existing = {v.lstrip("vV") for v in known.info(schema_id).version_names}
        for listed in entry.get("versions") or []:
            version = listed.get("version_name")
            url = listed.get("schema_url")
            if not version or not url or version.lstrip("vV") in existing:
                continue
            if not url.lower().endswith(".json"):
                continue
            content = fetch(url)
            try:
                json.loads(content)
            except ValueError:
                continue
            folder = store_version(
                storage_dir,
                schema_id,
                version,
                content,
                {
                    "url": url,
                    "schema_type": schema_type,
                    "title": entry.get("title") or schema_id,
                    "description": entry.get("description") or "",
                    "labels": entry.get("labels") or [],
                    "homepage": entry.get("homepage") or "",
                },
            )
            existing.add(version.lstrip("vV"))
            added.append(
                NewSchemaVersion(
                    id=schema_id,
                    version=version,
                    url=url,
                    schema_type=schema_type,
                    title=entry.get("title") or schema_id,
                    path=os.path.join(folder, "schema.json"),
                )
            )
    return added


_default: Optional[SchemaCatalogue] = None


def default_catalogue() -> SchemaCatalogue:
    """The bundled catalogue, loaded once per process."""
    global _default
    if _default is None:
        _default = SchemaCatalogue()
    return _default
