"""Catalogue pages put together from each dataset's own serialisation, kept in Redis
(issue 13, point 10).

A page of 100 datasets rendered whole cost 10-17× CKAN's /dataset/ page: ckanext-dcat's
graph of each dataset and rdflib's serialiser of the whole page. A harvester walking a
live catalogue rarely meets the same page twice (a new dataset shifts every page after
it), but it meets the same datasets: so each dataset is serialised alone, once per state,
and a page is its catalogue head (built as ckanext-dcat builds it) followed by the
datasets' pieces. The result is the same graph as ckanext-dcat's whole render (a test
compares them, format by format).

A piece is found again only under a key of what it is made of: the dataset's id and
``metadata_modified`` (every package_update changes it), its territory as the database
holds it now (the publisher and the footprint), the profiles, the format and the site's
URL, and the revision of the profile's rules (``dcat_terms.RULES_REVISION``). What the key does not hold (a ``schemas refresh`` changing a schema's URL) is
bounded by ``ckanext.opendatalocale.dcat.fragment_cache_seconds``.

Turtle, RDF/XML and JSON-LD are put together; another format, or sub-catalogues, are
rendered whole. Pieces whose prefixes disagree (rdflib names unknown namespaces ns1,
ns2... graph by graph) are never joined: the page is then rendered whole.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import zlib
from typing import Optional

import ckan.plugins.toolkit as tk

from . import dcat_terms, page_cache

log = logging.getLogger(__name__)

PREFIX = "odl:dcat:piece:"
_TURTLE_PREFIX = re.compile(r"@prefix ([\w.-]*): <([^>]*)> \.\s*")
_XML_ROOT = re.compile(r"<rdf:RDF\b([^>]*?)(/?)>")
_XML_NAMESPACE = re.compile(r'\s*xmlns:([\w.-]+)="([^"]*)"')
_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def lifetime() -> int:
    return int(tk.config.get("ckanext.opendatalocale.dcat.fragment_cache_seconds") or 0)


class _Piece:
    """One serialisation cut in two: the prefixes it declares, and the rest."""

    __slots__ = ("namespaces", "body")

    def __init__(self, namespaces: dict, body: str):
        self.namespaces, self.body = namespaces, body

    def dumps(self) -> bytes:
        return zlib.compress(json.dumps([self.namespaces, self.body]).encode("utf-8"), 1)

    @classmethod
    def loads(cls, value: bytes) -> "_Piece":
        namespaces, body = json.loads(zlib.decompress(value).decode("utf-8"))
        return cls(namespaces, body)


def _cut_turtle(text: str) -> Optional[_Piece]:
    namespaces, at = {}, 0
    while True:
        match = _TURTLE_PREFIX.match(text, at)
        if match is None:
            break
        namespaces[match.group(1)] = match.group(2)
        at = match.end()
    body = text[at:]
    if body.lstrip().startswith("@"):  # @base or another directive: not ours to move
        return None
    return _Piece(namespaces, body.strip())


def _cut_xml(text: str) -> Optional[_Piece]:
    root = _XML_ROOT.search(text)
    if root is None:
        return None
    attributes = root.group(1)
    namespaces = dict(_XML_NAMESPACE.findall(attributes))
    if _XML_NAMESPACE.sub("", attributes).strip():  # xml:base, a default namespace...
        return None
    if root.group(2):  # <rdf:RDF/>: an empty graph
        return _Piece(namespaces, "")
    end = text.rfind("</rdf:RDF>")
    if end < root.end():
        return None
    return _Piece(namespaces, text[root.end():end].strip())


def _cut_jsonld(text: str) -> Optional[_Piece]:
    nodes = json.loads(text)
    if not isinstance(nodes, list):  # a context or a @graph object: not a plain list
        return None
    return _Piece({}, ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes))


_CUTS = {"turtle": _cut_turtle, "pretty-xml": _cut_xml, "json-ld": _cut_jsonld}


def _join(rdflib_format: str, head: _Piece, pieces: list) -> Optional[str]:
    namespaces = dict(head.namespaces)
    for piece in pieces:
        for prefix, iri in piece.namespaces.items():
            if namespaces.setdefault(prefix, iri) != iri:
                return None
    bodies = [part.body for part in [head, *pieces] if part.body]
    if rdflib_format == "turtle":
        declared = "".join(f"@prefix {prefix}: <{iri}> .\n"
                           for prefix, iri in sorted(namespaces.items()))
        return declared + "\n" + "\n\n".join(bodies) + "\n"
    if rdflib_format == "pretty-xml":
        declared = "".join(f'\n  xmlns:{prefix}="{iri}"'
                           for prefix, iri in sorted(namespaces.items()))
        return f"{_XML_HEAD}<rdf:RDF{declared}\n>\n" + "\n".join(bodies) + "\n</rdf:RDF>\n"
    return "[\n" + ",\n".join(bodies) + "\n]\n"


def _key(dataset: dict, territory, profiles, rdflib_format: str) -> str:
    parts = [dataset.get("id"), dataset.get("metadata_modified"), territory, profiles,
             rdflib_format, tk.config.get("ckan.site_url"), dcat_terms.RULES_REVISION]
    text = json.dumps(parts, sort_keys=True, default=str)
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored(keys: list) -> list:
    try:
        return page_cache._redis().mget(keys) if keys else []
    except Exception:  # noqa: BLE001 — Redis down: every piece is rendered
        log.warning("catalogue piece cache unavailable", exc_info=True)
        return [None] * len(keys)


def _store(pieces: dict, seconds: int) -> None:
    if not pieces or not seconds:
        return
    try:
        pipe = page_cache._redis().pipeline(transaction=False)
        for key, piece in pieces.items():
            pipe.set(key, piece.dumps(), ex=seconds)
        pipe.execute()
    except Exception:  # noqa: BLE001
        log.warning("catalogue piece cache unavailable", exc_info=True)


def render(profiles, datasets: list, url_format: Optional[str], pagination,
           territory_rows: list) -> Optional[str]:
    """The page put together from pieces, or None when it must be rendered whole;
    ``territory_rows``: page_cache.territory_rows() of the page's datasets."""
    import rdflib
    from ckanext.dcat.processors import DCAT_EXPOSE_SUBCATALOGS, RDFSerializer
    from ckanext.dcat.utils import dataset_uri, url_to_rdflib_format
    from rdflib.namespace import DCAT

    rdflib_format = url_to_rdflib_format(url_format or "xml")
    seconds = lifetime()
    cut = _CUTS.get(rdflib_format)
    if cut is None or not seconds or tk.asbool(tk.config.get(DCAT_EXPOSE_SUBCATALOGS)):
        return None
    serializer = RDFSerializer(profiles=profiles)
    # The head as ckanext-dcat's serialize_catalog makes it: the catalogue, its
    # datasets by reference, the paging.
    catalog_ref = serializer.graph_from_catalog({})
    for dataset in datasets:
        serializer.g.add((catalog_ref, DCAT.dataset, rdflib.URIRef(dataset_uri(dataset))))
    if pagination:
        serializer._add_pagination_triples(pagination)
    head = cut(serializer.g.serialize(format=rdflib_format))
    if head is None:
        return None

    territories = {row[0]: row for row in territory_rows}
    keys = [_key(d, territories.get(d.get("owner_org")), profiles, rdflib_format)
            for d in datasets]
    pieces, fresh = [], {}
    for dataset, key, value in zip(datasets, keys, _stored(keys)):
        piece = None
        if value is not None:
            try:
                piece = _Piece.loads(value)
            except (ValueError, TypeError, zlib.error):  # unreadable: made again
                piece = None
        if piece is None:
            serializer.g = rdflib.ConjunctiveGraph()
            serializer.graph_from_dataset(dataset)
            piece = cut(serializer.g.serialize(format=rdflib_format))
            if piece is None:
                return None
            fresh[key] = piece
        pieces.append(piece)
    _store(fresh, seconds)
    return _join(rdflib_format, head, pieces)
