"""data.europa.eu's Metadata Quality Assessment (MQA) of one dataset, computed on the
suite's own DCAT output. Pure module (rdflib, no CKAN).

French data reaches the European portal through data.gouv.fr, which re-exports what it
harvested; the suite's DCAT is what it harvests, so scoring that graph tells a territory
early what the European portal will say.

The methodology is public (data.europa.eu, "Metadata Quality Assessment methodology"):
five dimensions, 405 points, and four ratings. What is computed here, and how:

- findability (100): dcat:keyword 30, dcat:theme 30, dct:spatial 20, dct:temporal 20;
- accessibility (100): accessURL answered 50, downloadURL given 20, downloadURL answered
  30. "Answered" is read from the suite's stored reachability job results (fetch.py
  GET in a background job, never in a web request); a URL never checked earns nothing
  and is listed as unchecked;
- interoperability (110): dct:format 20, dcat:mediaType 10, format or media type from a
  controlled vocabulary (EU file-type or IANA URI) 10, non-proprietary format 20,
  machine-readable format 20, DCAT-AP compliance 30. The MQA runs the DCAT-AP SHACL
  shapes; here compliance is the mandatory properties of DCAT-AP (dataset title and
  description, a distribution with an accessURL): cheaper, and stated as such;
- reusability (75): licence 20, licence from the EU licence vocabulary 10,
  dct:accessRights 10, access rights from the EU vocabulary 5, dcat:contactPoint 20,
  dct:publisher 10;
- contextuality (20): dct:rights 5, dcat:byteSize 5, dct:issued 5, dct:modified 5.

Distribution-level checks earn their weight times the share of distributions that pass
(the MQA reports them as shares too); dataset-level checks all or nothing. The format
lists are the suite's excerpt of the MQA's vocabularies for the formats territories
publish.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, RDF

from ..scdl.i18n import translate as _

MAX_POINTS = 405
# data.europa.eu's public thresholds (lowest score of each rating).
RATINGS = ((351, "excellent"), (221, "good"), (121, "sufficient"), (0, "bad"))
RATING_LABELS = {"excellent": "Excellent", "good": "Bon", "sufficient": "Suffisant",
                 "bad": "Insuffisant"}

FINDABILITY, ACCESSIBILITY, INTEROPERABILITY, REUSABILITY, CONTEXTUALITY = (
    "findability", "accessibility", "interoperability", "reusability", "contextuality")
DIMENSIONS = (FINDABILITY, ACCESSIBILITY, INTEROPERABILITY, REUSABILITY, CONTEXTUALITY)
DIMENSION_LABELS = {FINDABILITY: "Trouvabilité", ACCESSIBILITY: "Accessibilité",
                    INTEROPERABILITY: "Interopérabilité", REUSABILITY: "Réutilisabilité",
                    CONTEXTUALITY: "Contexte"}

# (dimension, check, weight, distribution-level)
CHECKS = (
    (FINDABILITY, "keyword", 30, False),
    (FINDABILITY, "theme", 30, False),
    (FINDABILITY, "spatial", 20, False),
    (FINDABILITY, "temporal", 20, False),
    (ACCESSIBILITY, "access_url_status", 50, True),
    (ACCESSIBILITY, "download_url", 20, True),
    (ACCESSIBILITY, "download_url_status", 30, True),
    (INTEROPERABILITY, "format", 20, True),
    (INTEROPERABILITY, "media_type", 10, True),
    (INTEROPERABILITY, "format_vocabulary", 10, True),
    (INTEROPERABILITY, "non_proprietary", 20, True),
    (INTEROPERABILITY, "machine_readable", 20, True),
    (INTEROPERABILITY, "dcat_ap", 30, False),
    (REUSABILITY, "licence", 20, True),
    (REUSABILITY, "licence_vocabulary", 10, True),
    (REUSABILITY, "access_rights", 10, False),
    (REUSABILITY, "access_rights_vocabulary", 5, False),
    (REUSABILITY, "contact_point", 20, False),
    (REUSABILITY, "publisher", 10, False),
    (CONTEXTUALITY, "rights", 5, True),
    (CONTEXTUALITY, "byte_size", 5, True),
    (CONTEXTUALITY, "issued", 5, True),
    (CONTEXTUALITY, "modified", 5, True),
)
assert sum(weight for _d, _c, weight, _l in CHECKS) == MAX_POINTS

FILE_TYPE_PREFIX = "http://publications.europa.eu/resource/authority/file-type/"
IANA_PREFIX = "https://www.iana.org/assignments/media-types/"
LICENCE_PREFIX = "http://publications.europa.eu/resource/authority/licence/"
ACCESS_RIGHT_PREFIX = "http://publications.europa.eu/resource/authority/access-right/"

NON_PROPRIETARY = frozenset({
    "csv", "json", "geojson", "jsonld", "xml", "rdf", "rdf_xml", "ttl", "turtle", "n3",
    "nt", "ods", "odt", "odp", "odg", "txt", "html", "png", "gml", "kml", "kmz", "gpx",
    "geopackage", "gpkg", "parquet", "tsv", "yaml", "svg", "zip", "gtfs", "netcdf",
    "tiff", "geotiff", "wms_srvc", "wfs_srvc", "ics",
})
MACHINE_READABLE = frozenset({
    "csv", "json", "geojson", "jsonld", "xml", "rdf", "rdf_xml", "ttl", "turtle", "n3",
    "nt", "ods", "xls", "xlsx", "gml", "kml", "kmz", "gpx", "geopackage", "gpkg",
    "parquet", "tsv", "yaml", "shp", "netcdf", "gtfs", "wms_srvc", "wfs_srvc", "ics",
})

# Which MQA checks each of the score's criteria brings (the advice ranks with them).
CRITERION_CHECKS = {
    "license": ("licence", "licence_vocabulary"),
    "temporal_coverage": ("temporal",),
    "spatial": ("spatial",),
    "has_open_format": ("non_proprietary", "machine_readable"),
    "all_resources_available": ("access_url_status", "download_url_status"),
}


def _key(value: Any) -> str:
    text = str(value or "").strip().lower().rstrip("/")
    return text.rsplit("/", 1)[-1].lstrip(".").replace("-", "_")


def _text(value) -> Optional[str]:
    return None if value is None else str(value)


def describe_graph(graph, dataset_ref) -> dict:
    """What the MQA looks at, read from one dataset's DCAT graph."""
    def has(subject, predicate) -> bool:
        return graph.value(subject, predicate) is not None

    distributions = []
    for distribution in graph.objects(dataset_ref, DCAT.distribution):
        media_type = graph.value(distribution, DCAT.mediaType)
        file_format = graph.value(distribution, DCT["format"])
        distributions.append({
            "access_url": _text(graph.value(distribution, DCAT.accessURL)),
            "download_url": _text(graph.value(distribution, DCAT.downloadURL)),
            "format": _text(file_format),
            "format_is_uri": isinstance(file_format, URIRef),
            "media_type": _text(media_type),
            "licence": _text(graph.value(distribution, DCT.license)),
            "rights": has(distribution, DCT.rights),
            "byte_size": has(distribution, DCAT.byteSize),
            "issued": has(distribution, DCT.issued),
            "modified": has(distribution, DCT.modified),
        })
    access_rights = graph.value(dataset_ref, DCT.accessRights)
    title = graph.value(dataset_ref, DCT.title)
    description = graph.value(dataset_ref, DCT.description)
    return {
        "keyword": has(dataset_ref, DCAT.keyword),
        "theme": has(dataset_ref, DCAT.theme),
        "spatial": has(dataset_ref, DCT.spatial),
        "temporal": has(dataset_ref, DCT.temporal),
        "access_rights": _text(access_rights),
        "contact_point": has(dataset_ref, DCAT.contactPoint),
        "publisher": has(dataset_ref, DCT.publisher),
        "title": bool(title and str(title).strip()),
        "description": bool(description and str(description).strip()),
        "distributions": distributions,
        "spatial_geometry": spatial_geometry(graph, dataset_ref),
    }


_GEOMETRY_DATATYPES = {
    "http://www.opengis.net/ont/geosparql#wktLiteral",
    "http://www.opengis.net/ont/geosparql#geoJSONLiteral",
    "https://www.iana.org/assignments/media-types/application/vnd.geo+json",
    "http://www.iana.org/assignments/media-types/application/vnd.geo+json",
    "http://www.opengis.net/def/sf/1.0/wkt",
}


def spatial_geometry(graph, dataset_ref) -> bool:
    """Whether data.gouv.fr finds a geometry under dct:spatial (udata's
    ``spatial_from_rdf`` reads any WKT or GeoJSON literal of the location node)."""
    for location in graph.objects(dataset_ref, DCT.spatial):
        if isinstance(location, Literal):
            if str(location.datatype or "") in _GEOMETRY_DATATYPES:
                return True
            continue
        for _predicate, value in graph.predicate_objects(location):
            if isinstance(value, Literal) and str(value.datatype or "") in _GEOMETRY_DATATYPES:
                return True
    return False


def _format_names(distribution: Mapping) -> set:
    names = {_key(distribution.get("format"))}
    media = str(distribution.get("media_type") or "").lower()
    if "/" in media:
        names.add(_key(media.rsplit("/", 1)[-1].replace("vnd.geo+json", "geojson")))
    return names - {""}


def _distribution_check(check: str, distribution: Mapping, reachable: Mapping) -> bool:
    if check == "access_url_status":
        return reachable.get(distribution.get("access_url")) is True
    if check == "download_url":
        return bool(distribution.get("download_url"))
    if check == "download_url_status":
        return reachable.get(distribution.get("download_url")) is True
    if check == "format":
        return bool(distribution.get("format"))
    if check == "media_type":
        return bool(distribution.get("media_type"))
    if check == "format_vocabulary":
        file_format = str(distribution.get("format") or "")
        media = str(distribution.get("media_type") or "")
        return (file_format.startswith(FILE_TYPE_PREFIX)
                or media.replace("http://", "https://").startswith(IANA_PREFIX))
    if check == "non_proprietary":
        return bool(_format_names(distribution) & NON_PROPRIETARY)
    if check == "machine_readable":
        return bool(_format_names(distribution) & MACHINE_READABLE)
    if check == "licence":
        return bool(distribution.get("licence"))
    if check == "licence_vocabulary":
        return str(distribution.get("licence") or "").startswith(LICENCE_PREFIX)
    return bool(distribution.get(check))


def _dataset_check(check: str, description: Mapping) -> bool:
    if check == "access_rights":
        return bool(description.get("access_rights"))
    if check == "access_rights_vocabulary":
        return str(description.get("access_rights") or "").startswith(ACCESS_RIGHT_PREFIX)
    if check == "dcat_ap":
        distributions = description.get("distributions") or []
        return (bool(description.get("title")) and bool(description.get("description"))
                and all(d.get("access_url") for d in distributions))
    return bool(description.get(check))


def rating(points: float) -> str:
    return next(name for lowest, name in RATINGS if points >= lowest)


def assess(description: Mapping, reachable: Mapping[str, Optional[bool]] | None = None) -> dict:
    """The MQA of one dataset: points per check and dimension, total and rating.

    ``reachable``: URL -> True/False from the stored reachability results; a URL
    absent from it was never checked."""
    reachable = reachable or {}
    distributions = list(description.get("distributions") or [])
    checks, by_dimension = [], {dimension: 0.0 for dimension in DIMENSIONS}
    for dimension, check, weight, per_distribution in CHECKS:
        if per_distribution:
            passed = sum(1 for d in distributions if _distribution_check(check, d, reachable))
            share = passed / len(distributions) if distributions else 0.0
        else:
            share = 1.0 if _dataset_check(check, description) else 0.0
        points = weight * share
        by_dimension[dimension] += points
        checks.append({"dimension": dimension, "check": check, "weight": weight,
                       "share": round(share, 4), "points": round(points, 2)})
    total = round(sum(by_dimension.values()))
    urls = {d.get(key) for d in distributions for key in ("access_url", "download_url")}
    return {
        "points": total, "max_points": MAX_POINTS, "rating": rating(total),
        "rating_label": _(RATING_LABELS[rating(total)]),
        "dimensions": [{"id": dimension, "label": _(DIMENSION_LABELS[dimension]),
                        "points": round(by_dimension[dimension], 2),
                        "max_points": sum(w for d, _c, w, _l in CHECKS if d == dimension)}
                       for dimension in DIMENSIONS],
        "checks": checks,
        "unchecked_urls": sorted(url for url in urls if url and url not in reachable),
    }


def criterion_gains(assessment: Mapping) -> dict:
    """MQA points each missing score criterion would bring once fixed."""
    lost = {check["check"]: check["weight"] - check["points"] for check in assessment["checks"]}
    return {criterion: sum(lost.get(check, 0) for check in checks)
            for criterion, checks in CRITERION_CHECKS.items()}
