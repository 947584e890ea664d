"""The suite's DCAT-AP profile: ckanext-dcat's DCAT-AP 3 (scheming-aware) plus what
French harvesters need to keep a territory's SCDL data whole.

Registered as the ``ckan.rdf.profiles`` entry point ``opendatalocale_dcat_ap``; a site
selects it with ``ckanext.dcat.rdf.profiles = opendatalocale_dcat_ap``. It subclasses
``EuropeanDCATAP3Profile`` and only corrects, after it, what data.gouv.fr would lose:
the values are chosen in ``dcat_terms`` (pure, tested without CKAN).

``opendatalocale_dcat_ap_2`` is the same on ckanext-dcat's DCAT-AP 2 with its scheming
fields, for harvesters that check DCAT-AP 2.1.1 (``?profiles=opendatalocale_dcat_ap_2`` on
any catalogue URL): 2.1.1 and 3.0.0 disagree on one datatype (``dcat:byteSize``,
``xsd:decimal`` against ``xsd:nonNegativeInteger``), so no single output meets both.
"""
from __future__ import annotations

import weakref
from typing import Dict, Optional

from ckan import model
import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import (
    DCAT, DCT, FOAF, RDF, RDFS, SKOS, VCARD, EuropeanDCATAP2Profile, EuropeanDCATAP3Profile,
    EuropeanDCATAPSchemingProfile,
)
from ckanext.dcat.utils import publisher_uri_organization_fallback, resource_uri
from rdflib import BNode, Literal, Namespace, URIRef

from ..scdl.site_catalogue import catalogue
from ..territories import catalogue_figures
from . import dcat_terms, licences

GEO = Namespace("http://www.opengis.net/ont/geosparql#")


# Territories already read for a graph being built: a catalogue page (one graph, 100
# datasets) mostly comes from a few territories. Keyed by the graph, so forgotten with it:
# the next page, or the next request, reads the territory again (never a stale name).
_territories_of_graph: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _territory_of_graph(graph, org_id: Optional[str]) -> Dict[str, str]:
    known = _territories_of_graph.setdefault(graph, {})
    if org_id not in known:
        known[org_id] = _territory_fields(org_id)
    return known[org_id]


def _area_of_graph(graph, code: str) -> Dict[str, str]:
    """The portal's territory whose COG code is ``code`` (a dataset covering its
    département names it in spatial_coverage), read once per graph."""
    known = _territories_of_graph.setdefault(graph, {})
    key = ("area", code)
    if key not in known:
        found = catalogue_figures.territory_ids_by_insee_code(code)
        # Two territories with one code (région 84 and département 84): the code alone
        # does not say which area is meant, so no footprint rather than a wrong one.
        known[key] = _territory_fields(found[0]) if len(found) == 1 else {}
    return known[key]


def _territory_fields(org_id: Optional[str]) -> Dict[str, str]:
    """Title, SIREN and INSEE code of the dataset's territory.

    Read from the tables rather than through organization_show: the serializer builds
    one profile per dataset (100 per catalogue page), organization_show would run the
    organization schema and member queries each time, and ckanext-dcat's own
    organization cache is a class attribute that never forgets a renamed territory.
    Only public fields are read (never the referent's contact)."""
    if not org_id:
        return {}
    group = model.Group.get(org_id)
    if group is None or group.state != "active":
        return {}
    extras = group.extras or {}
    return {
        "title": group.title or group.name,
        "siren": extras.get("siren") or "",
        "insee_code": extras.get("insee_code") or "",
        # Parsed once per territory and page rather than once per dataset.
        "bbox_wkt": dcat_terms.territory_bbox_wkt(extras.get("bbox") or "") or "",
    }


class OpenDataLocaleDCATAPProfile(EuropeanDCATAP3Profile):
    """DCAT-AP 3 with SCDL conformance, territory publisher, COG coverage and licences
    as data.gouv.fr knows them."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        super().graph_from_dataset(dataset_dict, dataset_ref)
        self._graph_from_dataset_suite(dataset_dict, dataset_ref)

    def _graph_from_dataset_suite(self, dataset_dict, dataset_ref):
        """What the suite writes after ckanext-dcat's DCAT-AP profile, in both variants."""
        territory = _territory_of_graph(self.g, dataset_dict.get("owner_org"))
        self._set_identifier(dataset_dict, dataset_ref)
        self._set_publisher(dataset_dict, dataset_ref, territory)
        self._add_spatial(dataset_dict, dataset_ref, territory)
        licence = dcat_terms.licence_url(dataset_dict.get("license_id"),
                                         dataset_dict.get("license_url"))
        if licence:
            self._replace(dataset_ref, DCT.license, self._licence_node(licence))
        schemas = catalogue()
        for resource_dict in dataset_dict.get("resources", []):
            distribution = URIRef(resource_uri(resource_dict))
            # udata reads a single conformsTo (an arbitrary one if several): exactly one.
            self._replace(distribution, DCT.conformsTo, None)
            url = dcat_terms.schema_url(resource_dict.get("schema"), schemas)
            if url:
                self.g.add((distribution, DCT.conformsTo, URIRef(url)))
                self.g.add((URIRef(url), RDF.type, DCT.Standard))
            if licence and not resource_dict.get("license"):
                self._replace(distribution, DCT.license, self._licence_node(licence))
            self._type_distribution_values(distribution)
        for contact in self.g.objects(dataset_ref, DCAT.contactPoint):
            # vCard's Organization is a Kind, but the shapes run without inference.
            self.g.add((contact, RDF.type, VCARD.Kind))

    def parse_dataset(self, dataset_dict, dataset_ref):
        """Harvesting: what the DCAT-AP 3 parser misses in the catalogues communes run."""
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        self._parse_licence(dataset_dict, dataset_ref)
        self._parse_dataset_conformance(dataset_dict, dataset_ref)
        return dataset_dict

    def _parse_licence(self, dataset_dict, dataset_ref) -> None:
        """ckanext-dcat only knows a licence whose URL or title is character for
        character the site's; OpenDataSoft writes labels, udata its own URLs and
        titles (licences.py). Unknown: ``notspecified``, never the form's default
        (Licence Ouverte) claimed for someone else's data."""
        values = []
        subjects = [dataset_ref] + list(self.g.objects(dataset_ref, DCAT.distribution))
        for predicate in (DCT.license, DCT.rights):
            for subject in subjects:
                for value in self.g.objects(subject, predicate):
                    if not isinstance(value, BNode):
                        values.append(str(value))
                    for label in (DCT.title, RDFS.label, SKOS.prefLabel, FOAF.name):
                        values.extend(str(text) for text in self.g.objects(value, label))
        dataset_dict["license_id"] = (licences.first_known(values)
                                      or dataset_dict.get("license_id") or "notspecified")

    def _parse_dataset_conformance(self, dataset_dict, dataset_ref) -> None:
        """A ``dct:conformsTo`` on the dataset (where portals that declare one schema
        for the whole dataset put it) applies to its CSV files that declare none; the
        suite's harvest hook then recognises it as the files' SCDL schema."""
        standards = [str(value) for value in self.g.objects(dataset_ref, DCT.conformsTo)
                     if not isinstance(value, BNode)]
        if not standards:
            return
        for resource in dataset_dict.get("resources") or []:
            if resource.get("conforms_to"):
                continue
            kind = " ".join(str(resource.get(key) or "") for key in ("format", "mimetype", "url")).lower()
            if "csv" in kind:
                resource["conforms_to"] = list(standards)

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        super().graph_from_catalog(catalog_dict, catalog_ref)
        # DCAT-AP requires a description and a publisher on the catalogue.
        if self.g.value(catalog_ref, DCT.description) is None:
            title = tk.config.get("ckan.site_title") or ""
            self.g.add((catalog_ref, DCT.description, Literal(
                tk.config.get("ckanext.opendatalocale.dcat.description")
                or "Catalogue des données ouvertes publiées sur {0}.".format(title).replace(" .", "."),
                lang="fr")))
        publisher_uri = (tk.config.get("ckanext.opendatalocale.dcat.publisher_uri")
                         or tk.config.get("ckan.site_url"))
        publisher = URIRef(publisher_uri)
        self._replace(catalog_ref, DCT.publisher, publisher)
        self.g.add((publisher, RDF.type, FOAF.Agent))
        self.g.add((publisher, FOAF.name, Literal(
            tk.config.get("ckanext.opendatalocale.dcat.publisher_name")
            or tk.config.get("ckan.site_title"))))
        for language in list(self.g.objects(catalog_ref, DCT.language)):
            uri = dcat_terms.language_uri(str(language))
            if uri:
                self.g.remove((catalog_ref, DCT.language, language))
                self.g.add((catalog_ref, DCT.language, URIRef(uri)))
                self.g.add((URIRef(uri), RDF.type, DCT.LinguisticSystem))
        for homepage in self.g.objects(catalog_ref, FOAF.homepage):
            self.g.add((homepage, RDF.type, FOAF.Document))

    def _type_distribution_values(self, distribution) -> None:
        """IRIs where DCAT-AP wants them: EU file types, IANA media types, typed links."""
        for value in list(self.g.objects(distribution, DCT["format"])):
            uri = dcat_terms.file_type_uri(str(value)) if isinstance(value, Literal) else None
            if uri:
                self.g.remove((distribution, DCT["format"], value))
                self.g.add((distribution, DCT["format"], URIRef(uri)))
                self.g.add((URIRef(uri), RDF.type, DCT.MediaTypeOrExtent))
        for value in list(self.g.objects(distribution, DCAT.mediaType)):
            uri = dcat_terms.media_type_uri(str(value)) if isinstance(value, Literal) else None
            if uri:
                self.g.remove((distribution, DCAT.mediaType, value))
                self.g.add((distribution, DCAT.mediaType, URIRef(uri)))
                self.g.add((URIRef(uri), RDF.type, DCT.MediaType))
        for predicate in (DCAT.accessURL, DCAT.downloadURL):
            for link in self.g.objects(distribution, predicate):
                self.g.add((link, RDF.type, RDFS.Resource))

    # Each part below replaces what the parent profile wrote for the same property.

    def _replace(self, subject, predicate, value) -> None:
        self.g.remove((subject, predicate, None))
        if value is not None:
            self.g.add((subject, predicate, value))

    def _licence_node(self, url: str) -> URIRef:
        node = URIRef(url)
        self.g.add((node, RDF.type, DCT.LicenseDocument))
        return node

    def _set_identifier(self, dataset_dict, dataset_ref) -> None:
        identifier = dcat_terms.permanent_identifier(dataset_dict.get("identifier"),
                                                     str(dataset_ref))
        # A literal, as DCAT-AP's shapes require; udata tests whether its text is a URI.
        self._replace(dataset_ref, DCT.identifier, Literal(identifier))

    def _set_publisher(self, dataset_dict, dataset_ref, territory) -> None:
        if not territory:
            return
        for previous in list(self.g.objects(dataset_ref, DCT.publisher)):
            self.g.remove((dataset_ref, DCT.publisher, previous))
            if isinstance(previous, BNode):
                self.g.remove((previous, None, None))
        uri = publisher_uri_organization_fallback(dataset_dict)
        publisher = URIRef(uri) if uri else BNode()
        # The same territory publishes many datasets of a page: write its node once.
        self.g.remove((publisher, None, None))
        self.g.add((dataset_ref, DCT.publisher, publisher))
        self.g.add((publisher, RDF.type, FOAF.Agent))
        self.g.add((publisher, FOAF.name, Literal(territory["title"])))
        self.g.add((publisher, DCT.type, URIRef(dcat_terms.LOCAL_AUTHORITY)))
        authority = URIRef(dcat_terms.LOCAL_AUTHORITY)
        self.g.add((authority, RDF.type, SKOS.Concept))
        self.g.add((authority, SKOS.prefLabel, Literal("Autorité locale", lang="fr")))
        self.g.add((authority, SKOS.prefLabel, Literal("Local Authority", lang="en")))
        siren = dcat_terms.publisher_siren(territory.get("siren"))
        if siren:
            self.g.add((publisher, DCT.identifier, Literal(siren)))

    def _add_spatial(self, dataset_dict, dataset_ref, territory) -> None:
        code = dcat_terms.spatial_code(dataset_dict.get("spatial_coverage"),
                                       territory.get("insee_code"))
        territory_code = str(territory.get("insee_code") or "").upper()
        # The territory's box describes the dataset only when the dataset covers the
        # territory itself; a dataset covering another area (its département) gets that
        # area's box when the area is a territory of the portal with one.
        covers_own = territory and (code is None or code == territory_code)
        area = territory if covers_own else (_area_of_graph(self.g, code) if code else {})
        box = area.get("bbox_wkt") or None if area else None
        if not code and not box:
            return
        # A blank node with the COG code: INSEE's current URIs are opaque (UUIDs), so a
        # URI built from the code would not be theirs. The footprint is the bounding box
        # the territory's admin entered (no offline source of geometries, see README).
        location = BNode()
        self.g.add((dataset_ref, DCT.spatial, location))
        self.g.add((location, RDF.type, DCT.Location))
        if code:
            self.g.add((location, DCT.identifier, Literal(code)))
        if area:
            self.g.add((location, SKOS.prefLabel, Literal(area["title"])))
        if box:
            self.g.add((location, DCAT.bbox, Literal(box, datatype=GEO.wktLiteral)))


class OpenDataLocaleDCATAP2Profile(OpenDataLocaleDCATAPProfile):
    """The same corrections on DCAT-AP 2 (ckanext-dcat's ``euro_dcat_ap_2`` with its
    ``euro_dcat_ap_scheming`` fields), for a harvester that checks DCAT-AP 2.1.1: the file
    sizes stay ``xsd:decimal`` as 2.1.1 types them (3.0.0 wants
    ``xsd:nonNegativeInteger``), other identifiers are ``adms:identifier`` as DCAT-AP 2
    writes them, the version ``owl:versionInfo``. Harvesting parses with the default
    (DCAT-AP 3) profile: its parser reads both."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        # EuropeanDCATAP2Profile's steps, then EuropeanDCATAPSchemingProfile's: what a
        # site listing "euro_dcat_ap_2 euro_dcat_ap_scheming" gets, in one profile.
        EuropeanDCATAP2Profile.graph_from_dataset(self, dataset_dict, dataset_ref)
        EuropeanDCATAPSchemingProfile.graph_from_dataset(self, dataset_dict, dataset_ref)
        self._graph_from_dataset_suite(dataset_dict, dataset_ref)
