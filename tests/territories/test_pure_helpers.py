"""Frequencies, schema declarations, coverage cells and identity. Pure: no CKAN."""
import datetime

import pytest

from ckanext.opendatalocale.territories import coverage, freshness, identity

NOW = datetime.datetime(2025, 6, 1)


@pytest.mark.parametrize("frequency, days", [
    ("http://publications.europa.eu/resource/authority/frequency/MONTHLY", 31),
    ("monthly", 31), ("mensuelle", 31), ("Annuelle", 366), ("semiannual", 183),
    ("irregular", None), ("", None), (None, None), ("unknown", None),
])
def test_frequency_periods(frequency, days):
    assert freshness.period_days(frequency) == days


def test_on_time_allows_half_a_period_of_delay():
    assert freshness.is_on_time("monthly", NOW - datetime.timedelta(days=40), NOW) is True
    assert freshness.is_on_time("monthly", NOW - datetime.timedelta(days=50), NOW) is False
    assert freshness.is_on_time("irregular", NOW - datetime.timedelta(days=999), NOW) is None
    assert freshness.is_on_time("weekly", None, NOW) is False


@pytest.mark.parametrize("declared, expected", [
    ({"name": "scdl/deliberations", "version": "2.1.3"}, "scdl/deliberations"),
    ('{"name": "scdl/subventions", "version": "2.1.0"}', "scdl/subventions"),
    ({"url": "https://schema.data.gouv.fr/schemas/scdl/budget/0.8.1/schema.json"}, "scdl/budget"),
    ("https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/2.3.1/schema.json",
     "etalab/schema-irve-statique"),
    ("scdl/equipements", "scdl/equipements"),
    ("", None), ("   ", None), (None, None), ({}, None), ("{pas du json", None),
])
def test_schema_identifier(declared, expected):
    assert coverage.schema_identifier(declared) == expected


def test_coverage_cells_say_valid_published_or_stale():
    matrix = coverage.coverage_matrix([
        coverage.SchemaResource("t1", "scdl/budget", True, False),
        coverage.SchemaResource("t1", "scdl/budget", False, False),
        coverage.SchemaResource("t1", "scdl/prenoms", True, False),
        coverage.SchemaResource("t2", "scdl/budget", True, True),
    ])
    assert matrix["t1"]["scdl/budget"].state == coverage.PUBLISHED
    assert matrix["t1"]["scdl/prenoms"].state == coverage.VALID
    assert matrix["t2"]["scdl/budget"].state == coverage.STALE
    assert "t3" not in matrix


@pytest.mark.parametrize("code, kind, departement", [
    ("42218", "commune", "42"), ("2A004", "commune", "2A"), ("97411", "commune", "974"),
    ("42", "departement", "42"), ("84", "region", None), (None, "intercommunalite", None),
])
def test_departement_of(code, kind, departement):
    assert identity.departement_of(code, kind) == departement


def test_identity_complete_needs_insee_code_for_communes_only():
    assert not identity.identity_complete({"kind": "commune", "siren": "214202186"})
    assert identity.identity_complete({"kind": "commune", "siren": "214202186", "insee_code": "42218"})
    assert identity.identity_complete({"kind": "intercommunalite", "siren": "244200770"})
    assert not identity.identity_complete({"kind": "syndicat"})
