"""What a harvester must read in the suite's DCAT: the values, decided without CKAN.

The RDF profile (``profile.py``) writes these values into the graph; the choices
live here so that they are tested in milliseconds. Each rule follows what
data.gouv.fr (udata 17) recovers from DCAT, see ``FEDERATION.md`` of the project:

* ``dct:conformsTo``: udata recognises a schema only when the URL equals, character
  for character, the ``schema_url`` of a version in schema.data.gouv.fr's catalogue.
  The URL is therefore taken from the suite's catalogue (copied from that file),
  never built from a pattern.
* ``dct:license``: udata matches licences by URL; Licence Ouverte 2.0 is known there as
  ``https://www.etalab.gouv.fr/licence-ouverte-open-licence`` (no trailing slash).
* ``dct:identifier``: udata deduplicates across portals only when the identifier is a
  URI, and creates duplicates when it changes: a public https URI that never changes.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ..scdl import resource_schema
from ..scdl.identifiers import is_valid_siren
from ..territories import bbox

# Licence URLs as data.gouv.fr's licence list spells them (its /api/1/datasets/licenses/
# "url" fields), by the suite's licence ids (schemas/licences.json): udata finds a
# licence by that URL or one of its alternate URLs, and the canonical ODbL and CC-BY
# URLs are neither there. Ids missing here fall back to the licence's own URL.
DATA_GOUV_LICENCE_URLS = {
    "lo-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
    "odc-odbl": "http://opendatacommons.org/licenses/odbl/summary/",
    "cc-by-4.0": "http://www.opendefinition.org/licenses/cc-by",
}
# Raised whenever what the profile writes for an unchanged dataset changes, so that
# pieces of catalogue kept in Redis (catalogue_fragments) are not served written the
# old way.
RULES_REVISION = 2

# DCAT-AP's publisher types (ADMS vocabulary): every territory is a local authority.
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"

_HTTP_URI = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")


def schema_url(declared: Any, catalogue) -> Optional[str]:
    """The one ``dct:conformsTo`` of a distribution: the published ``schema_url`` of
    the declared schema version, or None when nothing usable is declared.

    ``declared`` is the resource's ``schema`` field as stored ({name, version} or
    {url}, or the text forms the field accepts). A version unknown to the catalogue
    gives None: the resource form refuses it on save, so only data written before a
    catalogue change can reach here, and a wrong URL is worse than none for udata.
    """
    try:
        reference = resource_schema.parse_reference(declared)
    except resource_schema.SchemaReferenceError:
        return None
    version = resource_schema.resolve(reference, catalogue)
    if version is None or not version.url:
        return None
    return version.url


def licence_url(license_id: Optional[str], license_url: Optional[str]) -> Optional[str]:
    """The licence URL a French harvester recognises, or None when there is none."""
    known = DATA_GOUV_LICENCE_URLS.get((license_id or "").strip())
    if known:
        return known
    if license_url and _HTTP_URI.match(license_url.strip()):
        return license_url.strip()
    return None


def permanent_identifier(declared: Optional[str], dataset_uri: str) -> str:
    """``dct:identifier``: the dataset's own ``identifier`` when it is an http(s) URI
    (a dataset harvested from elsewhere keeps its origin's), else its permanent URL
    (built on the dataset id, which never changes, unlike its name)."""
    if declared and _HTTP_URI.match(declared.strip()):
        return declared.strip()
    return dataset_uri


def publisher_siren(siren: Optional[str]) -> Optional[str]:
    """The territory's SIREN as ``dct:identifier`` of the publisher, or None if invalid
    (the territory form validates it; an old or hand-made record may not be)."""
    compact = re.sub(r"\s", "", siren or "")
    if not is_valid_siren(compact):
        return None
    return compact


def spatial_code(dataset_code: Optional[str], territory_code: Optional[str]) -> Optional[str]:
    """The COG code of ``dct:spatial``: the dataset's own coverage first, else its
    territory's."""
    for code in (dataset_code, territory_code):
        if code and str(code).strip():
            return str(code).strip().upper()
    return None


def territory_bbox_wkt(stored: Optional[str]) -> Optional[str]:
    """``dcat:bbox`` of the territory's ``dct:Location``: its bounding box as a WKT
    polygon (typed ``geo:wktLiteral``), None when it has none or a record written by hand
    holds something else.

    Not the bare "W,S,E,N" literal directly in ``dct:spatial`` that udata also reads:
    DCAT-AP 3 wants a ``dct:Location`` there (sh:class, a violation otherwise). udata 17
    reads a geo:wktLiteral on any property of the Location node as a polygon, the very
    polygon it would build from the bare literal (same ring)."""
    try:
        box = bbox.parse(stored)
    except bbox.BBoxError:
        return None
    return bbox.wkt_polygon(box) if box else None


# EU file types (publications office authority) of the formats the suite's sites use;
# DCAT-AP wants an IRI there, and udata maps these IRIs back to a short format.
FILE_TYPE_AUTHORITY = "http://publications.europa.eu/resource/authority/file-type/"
_FILE_TYPES = {
    "CSV": "CSV", "JSON": "JSON", "GEOJSON": "GEOJSON", "XLSX": "XLSX", "XLS": "XLS",
    "ODS": "ODS", "PDF": "PDF", "ZIP": "ZIP", "XML": "XML", "SHP": "SHP", "TXT": "TXT",
    "HTML": "HTML", "PARQUET": "PARQUET", "JSON-LD": "JSON_LD", "JSONLD": "JSON_LD",
    "TTL": "RDF_TURTLE", "TURTLE": "RDF_TURTLE", "RDF": "RDF_XML",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
_LANGUAGES = {"fr": "FRA", "en": "ENG", "de": "DEU", "es": "SPA", "it": "ITA", "br": "BRE",
              "oc": "OCI", "eu": "EUS", "co": "COS", "ca": "CAT"}


def file_type_uri(resource_format: Optional[str]) -> Optional[str]:
    """The EU file-type IRI of a resource format ("CSV", ".csv", "csv"), None if unknown."""
    key = (resource_format or "").strip().lstrip(".").upper()
    code = _FILE_TYPES.get(key)
    return FILE_TYPE_AUTHORITY + code if code else None


def media_type_uri(mimetype: Optional[str]) -> Optional[str]:
    """The IANA IRI of a media type ("text/csv"), None if it is not one."""
    text = (mimetype or "").strip().split(";")[0].strip().lower()
    if text.startswith(IANA_MEDIA_TYPES):
        return text
    return IANA_MEDIA_TYPES + text if _MEDIA_TYPE.match(text) else None


def language_uri(locale: Optional[str]) -> Optional[str]:
    """The EU language IRI of a CKAN locale ("fr", "fr_FR"), None if unknown."""
    code = _LANGUAGES.get((locale or "").split("_")[0].split("-")[0].lower())
    return LANGUAGE_AUTHORITY + code if code else None
