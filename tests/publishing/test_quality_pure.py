"""The quality score's rules without CKAN: data.gouv.fr's nine criteria as udata codes
them, the suite's tenth, the advice's order, and the MQA on small DCAT graphs."""
import datetime

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, RDF, XSD

from ckanext.opendatalocale.publishing import quality, quality_mqa

NOW = datetime.datetime(2026, 12, 3, 12, 0)
EU = "http://publications.europa.eu/resource/authority/frequency/"
LONG = "Subventions versées par la commune aux associations en 2025 : bénéficiaire, " \
       "montant, objet, date de la convention et nature de l'aide."


def complete(**changes):
    dataset = {
        "id": "d1", "license_id": "lov2", "temporal_start": "2025-01-01",
        "spatial_coverage": "42095", "frequency": EU + "ANNUAL",
        "metadata_modified": "2026-06-01T10:00:00", "notes": LONG,
        "resources": [
            {"id": "r1", "name": "Subventions 2025", "url": "https://x.fr/s.csv",
             "format": "CSV", "description": "Le fichier", "schema": "scdl/subventions"},
            {"id": "r2", "name": "Notice", "url": "https://x.fr/n.pdf", "format": "PDF"},
        ],
    }
    dataset.update(changes)
    return dataset


def test_a_complete_dataset_meets_all_ten():
    score = quality.compute(complete(), quality.QualityFacts(
        reachable={"r1": True, "r2": True}, validation={"r1": "success"}), NOW)
    assert score.score == 10 and score.datagouv_score == 9
    assert score.missing == []
    assert quality.advice(score) == []


@pytest.mark.parametrize("change, criterion", [
    ({"license_id": ""}, quality.LICENCE),
    ({"license_id": "notspecified"}, quality.LICENCE),
    ({"temporal_start": None}, quality.TEMPORAL),
    ({"spatial_coverage": ""}, quality.SPATIAL),
    ({"frequency": EU + "UNKNOWN"}, quality.FREQUENCY),
    ({"notes": "x" * 100}, quality.DESCRIPTION),  # strictly longer than 100
])
def test_each_dataset_criterion_is_lost_alone(change, criterion):
    score = quality.compute(complete(**change), quality.QualityFacts(), NOW)
    # An unknown frequency has no "on time" either (udata: absent, so not met).
    expected = [criterion, quality.ON_TIME] if criterion == quality.FREQUENCY else [criterion]
    assert score.missing == expected


def test_101_characters_is_long_enough():
    assert quality.compute(complete(notes="x" * 101), now=NOW).criteria[quality.DESCRIPTION]


def test_on_time_follows_udata_one_period_and_one_day():
    annual = EU + "ANNUAL"
    # 366 days for an annual frequency (the suite's freshness table), plus one day.
    assert quality.updated_on_time(annual, NOW - datetime.timedelta(days=366), NOW)
    assert quality.updated_on_time(annual, NOW - datetime.timedelta(days=367), NOW)
    assert not quality.updated_on_time(annual, NOW - datetime.timedelta(days=368), NOW)
    # Frequencies without a period are on time; unknown is not.
    assert quality.updated_on_time(EU + "IRREG", None, NOW)
    assert quality.updated_on_time(EU + "NEVER", None, NOW)
    assert not quality.updated_on_time(EU + "UNKNOWN", NOW, NOW)
    assert not quality.updated_on_time(None, NOW, NOW)
    assert quality.frequency_known(EU + "IRREG")


def test_stale_dataset_loses_the_on_time_point_only():
    score = quality.compute(complete(metadata_modified="2024-01-01T00:00:00"), now=NOW)
    assert score.missing == [quality.ON_TIME]


@pytest.mark.parametrize("formats, open_", [
    (["PDF", "XLSX"], False), (["docx", "xls", "word", "excel"], False), ([""], False),
    ([None], False), (["pdf", "csv"], True), (["ODS"], True), ([".json"], True),
    (["http://publications.europa.eu/resource/authority/file-type/XLSX"], False),
])
def test_open_format_follows_udata_closed_list(formats, open_):
    resources = [{"id": f"r{n}", "format": fmt, "description": "d"}
                 for n, fmt in enumerate(formats)]
    assert quality.compute(complete(resources=resources), now=NOW).criteria[
        quality.OPEN_FORMAT] is open_


def test_reachability_unknown_passes_and_one_failure_fails():
    dataset = complete()
    assert quality.compute(dataset, quality.QualityFacts(), NOW).criteria[quality.REACHABLE]
    score = quality.compute(dataset, quality.QualityFacts(reachable={"r1": True, "r2": False}),
                            NOW)
    assert not score.criteria[quality.REACHABLE]
    assert score.unreachable == (("r2", "Notice"),)
    [piece] = [p for p in quality.advice(score) if p["criterion"] == quality.REACHABLE]
    assert "Notice" in piece["advice"]


def test_no_resources_loses_the_three_resource_criteria():
    score = quality.compute(complete(resources=[]), now=NOW)
    assert set(score.missing) == {quality.OPEN_FORMAT, quality.REACHABLE,
                                  quality.DOCUMENTATION}


def test_documentation_is_one_described_resource_or_a_documentation_resource():
    bare = [{"id": "a", "format": "CSV"}, {"id": "b", "format": "CSV"}]
    assert not quality.compute(complete(resources=bare), now=NOW).criteria[quality.DOCUMENTATION]
    typed = bare + [{"id": "c", "format": "PDF", "resource_type": "documentation"}]
    assert quality.compute(complete(resources=typed), now=NOW).criteria[quality.DOCUMENTATION]
    one = [dict(bare[0], description="Colonnes et unités"), bare[1]]
    assert quality.compute(complete(resources=one), now=NOW).criteria[quality.DOCUMENTATION]


def test_scdl_validity_reads_the_validation_reports():
    facts = quality.QualityFacts(validation={"r1": "failure"})
    score = quality.compute(complete(), facts, NOW)
    assert score.missing == [quality.SCDL_VALID]
    assert score.datagouv_score == 9 and score.score == 9
    # Not validated yet: unknown, not counted against.
    assert quality.compute(complete(), quality.QualityFacts(validation={"r1": "running"}),
                           NOW).score == 10


def test_the_dcat_geometry_decides_the_spatial_point_when_known():
    facts = quality.QualityFacts(spatial_geometry=False)
    assert not quality.compute(complete(), facts, NOW).criteria[quality.SPATIAL]
    facts = quality.QualityFacts(spatial_geometry=True)
    assert quality.compute(complete(spatial_coverage=""), facts, NOW).criteria[quality.SPATIAL]


def test_advice_ranks_datagouv_points_then_european_points():
    dataset = complete(license_id="", temporal_start=None, notes="court")
    score = quality.compute(dataset, quality.QualityFacts(validation={"r1": "failure"}), NOW)
    pieces = quality.advice(score, {"license": 30, "temporal_coverage": 20})
    assert [p["criterion"] for p in pieces] == [
        quality.LICENCE, quality.TEMPORAL, quality.DESCRIPTION, quality.SCDL_VALID]
    assert pieces[0]["points"] == 1 and pieces[0]["mqa_points"] == 30
    assert pieces[-1]["points"] == 0  # the suite's own criterion, not data.gouv.fr's
    assert all(p["advice"] for p in pieces)


def test_index_value_sorts_as_a_number():
    values = [quality.index_value(n) for n in (10, 9, 0, 405)]
    assert sorted(values) == ["000", "009", "010", "405"]


# --- MQA ---------------------------------------------------------------------------

def graph_of(full: bool):
    graph, dataset = Graph(), URIRef("https://site.fr/dataset/d1")
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCT.title, Literal("Subventions")))
    graph.add((dataset, DCT.description, Literal(LONG)))
    distribution = URIRef("https://site.fr/dataset/d1/resource/r1")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, DCAT.accessURL, URIRef("https://x.fr/s.csv")))
    if full:
        graph.add((dataset, DCAT.keyword, Literal("subventions")))
        graph.add((dataset, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")))
        location = BNode()
        graph.add((dataset, DCT.spatial, location))
        graph.add((location, DCAT.bbox, Literal(
            "POLYGON((4.2 45.3,4.3 45.3,4.3 45.4,4.2 45.4,4.2 45.3))",
            datatype=URIRef("http://www.opengis.net/ont/geosparql#wktLiteral"))))
        graph.add((dataset, DCT.temporal, BNode()))
        graph.add((dataset, DCT.accessRights, URIRef(
            quality_mqa.ACCESS_RIGHT_PREFIX + "PUBLIC")))
        graph.add((dataset, DCAT.contactPoint, BNode()))
        graph.add((dataset, DCT.publisher, BNode()))
        graph.add((distribution, DCAT.downloadURL, URIRef("https://x.fr/s.csv")))
        graph.add((distribution, DCT["format"], URIRef(quality_mqa.FILE_TYPE_PREFIX + "CSV")))
        graph.add((distribution, DCAT.mediaType, URIRef(quality_mqa.IANA_PREFIX + "text/csv")))
        graph.add((distribution, DCT.license, URIRef(quality_mqa.LICENCE_PREFIX + "ETALAB_2_0")))
        graph.add((distribution, DCT.rights, BNode()))
        graph.add((distribution, DCAT.byteSize, Literal(12, datatype=XSD.decimal)))
        graph.add((distribution, DCT.issued, Literal("2025-01-01", datatype=XSD.date)))
        graph.add((distribution, DCT.modified, Literal("2025-06-01", datatype=XSD.date)))
    return graph, dataset


def test_mqa_of_a_complete_graph_is_405_when_links_answer():
    graph, dataset = graph_of(full=True)
    description = quality_mqa.describe_graph(graph, dataset)
    assert description["spatial_geometry"] is True
    result = quality_mqa.assess(description, {"https://x.fr/s.csv": True})
    assert result["points"] == 405 and result["rating"] == "excellent"
    assert [d["points"] for d in result["dimensions"]] == [100, 100, 110, 75, 20]
    assert result["unchecked_urls"] == []


def test_mqa_unchecked_links_earn_no_accessibility_points():
    graph, dataset = graph_of(full=True)
    result = quality_mqa.assess(quality_mqa.describe_graph(graph, dataset), {})
    assert result["points"] == 405 - 80
    assert result["unchecked_urls"] == ["https://x.fr/s.csv"]
    gains = quality_mqa.criterion_gains(result)
    assert gains["all_resources_available"] == 80


def test_mqa_of_a_bare_graph_is_bad():
    graph, dataset = graph_of(full=False)
    description = quality_mqa.describe_graph(graph, dataset)
    assert description["spatial_geometry"] is False
    result = quality_mqa.assess(description, {"https://x.fr/s.csv": True})
    # accessURL answered (50) and DCAT-AP's mandatory properties (30)
    assert result["points"] == 80 and result["rating"] == "bad"


def test_mqa_distribution_checks_count_by_share():
    description = {"distributions": [{"format": "CSV"}, {"format": "PDF"}]}
    result = quality_mqa.assess(description)
    by_check = {c["check"]: c for c in result["checks"]}
    assert by_check["non_proprietary"]["points"] == 10
    assert by_check["format"]["points"] == 20


@pytest.mark.parametrize("points, rating", [
    (0, "bad"), (120, "bad"), (121, "sufficient"), (220, "sufficient"), (221, "good"),
    (350, "good"), (351, "excellent"), (405, "excellent")])
def test_mqa_public_thresholds(points, rating):
    assert quality_mqa.rating(points) == rating
