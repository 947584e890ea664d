"""The demo journey of a territory (issue 19) is a pure function of its name and the
reference date: the same demo on every run, a varied région (a quarter at phase 0, most
at 1-2, a few at 3-5, one at 6), milestones, datasets and phases dated within the past
year and in order, enough datasets for the shipped thresholds, files that validate
(or fail on purpose) against their SCDL schema and that differ from one another."""
import collections
import csv
import datetime
import io

import pytest

from ckanext.opendatalocale.scdl.catalogue import default_catalogue
from ckanext.opendatalocale.scdl.validator import validate_csv
from ckanext.opendatalocale.territories import demo_catalogue as catalogue
from ckanext.opendatalocale.territories.demo_journey import (
    DATASETS_AT, MILESTONES, PILOTS, journey)

MONDAY = datetime.date(2026, 11, 30)
NAMES = [f"commune-{number}" for number in range(200)] + list(PILOTS)
ST_ETIENNE = catalogue.Territory("saint-etienne", "Commune de Saint-Étienne", "214202186", "42218")


@pytest.fixture(scope="module")
def journeys():
    return {name: journey(name, MONDAY) for name in NAMES}


def test_same_name_same_journey(journeys):
    assert [journey(name, MONDAY) for name in NAMES] == list(journeys.values())


def test_a_varied_region_with_one_territory_at_phase_six(journeys):
    phases = collections.Counter(item.phase for item in journeys.values())
    assert phases[6] == 1 and phases[5] >= 1 and phases[4] >= 1 and phases[3] >= 1
    drawn = [journeys[name].phase for name in NAMES if name not in PILOTS]
    assert set(drawn) == {0, 1, 2}
    assert 0.15 < drawn.count(0) / len(drawn) < 0.35  # some at 0, most at 1-2
    statuses = {status for item in journeys.values() for _, _, status in item.milestones}
    assert statuses == {"declared", "confirmed"}  # some milestones await review


def test_dates_within_the_past_year_and_in_order(journeys):
    year_ago = MONDAY - datetime.timedelta(days=366)
    for item in journeys.values():
        reached = [day for _, day in item.reached]
        assert [phase for phase, _ in item.reached] == list(range(1, item.phase + 1))
        assert reached == sorted(reached) and all(year_ago <= day < MONDAY for day in reached)
        for milestone, day, _ in item.milestones:
            phase = next((number for number, names in MILESTONES.items() if milestone in names))
            if phase <= item.phase:  # declared no later than the phase it helps reach
                assert year_ago <= day <= dict(item.reached)[phase]
        for dataset in item.datasets:
            assert year_ago <= dataset.created < MONDAY


def test_enough_datasets_for_the_shipped_thresholds_and_valid_enough(journeys):
    for item in journeys.values():
        assert (len(item.datasets) >= 1) == (item.phase >= 2)
        if item.phase >= 3:
            assert len(item.datasets) >= DATASETS_AT[item.phase] >= 12
            scdl = [d for d in item.datasets if catalogue.theme(d.theme).schema]
            faulty = [d for d in scdl if d.faulty]
            assert faulty
            if item.phase >= 4:  # phase 4 asks for 80 % of valid SCDL files
                assert (len(scdl) - len(faulty)) / len(scdl) >= 0.8
        if item.phase >= 2:
            assert catalogue.theme(item.datasets[0].theme).schema  # phase 2: an SCDL file
        slugs = [dataset.slug for dataset in item.datasets]
        assert len(slugs) == len(set(slugs))


def test_pilots_accompany_neighbours(journeys):
    for name, (phase, neighbours) in PILOTS.items():
        assert journeys[name].phase == phase
        assert journeys[name].accompanies == neighbours and name not in neighbours


@pytest.mark.parametrize("theme", ["subventions", "stationnement", "irve"])
def test_scdl_files_validate_and_faulty_ones_fail_with_repairable_errors(theme):
    schema = default_catalogue().get(catalogue.theme(theme).schema)
    good = catalogue.file_of(ST_ETIENNE, theme, 2025)
    assert validate_csv(good, schema)["valid"], validate_csv(good, schema)["errors"][:3]
    if theme == "subventions":
        rows = list(csv.DictReader(io.StringIO(good.decode("utf-8"))))
        assert {row["idAttribuant"] for row in rows} == {"21420218600018"}
        assert {row["dateConvention"][:4] for row in rows} == {"2025"}
        report = validate_csv(catalogue.file_of(ST_ETIENNE, theme, 2025, faulty=True), schema)
        assert not report["valid"]
        assert {error["fieldName"] for error in report["errors"]} == {"dateConvention", "montant"}
        assert {error["type"] for error in report["errors"]} == {"type-error"}


def test_every_theme_file_is_a_table_of_its_own():
    other = catalogue.Territory("roanne", "Commune de Roanne", "214201873", "42187")
    files = set()
    for theme in catalogue.THEMES:
        assert len(theme.values) == len(theme.columns) - 1, theme.id
        for territory in (ST_ETIENNE, other):
            data = catalogue.file_of(territory, theme.id, None)
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
            assert rows[0] == ["identifiant", *theme.columns, "code_insee"]
            assert 5 <= len(rows) - 1 <= 12 and all(len(row) == len(rows[0]) for row in rows)
            files.add(data)
    # the duplicate finder must not pair the demo's files by content or by headers
    assert len(files) == 2 * len(catalogue.THEMES)
    assert len({theme.columns for theme in catalogue.THEMES}) == len(catalogue.THEMES)


def test_head_office_siret_of_a_siren_is_valid_and_a_bad_siren_gives_none():
    from stdnum.fr import siret

    from ckanext.opendatalocale.scdl.identifiers import head_office_siret

    assert head_office_siret("214202186") == "21420218600018"  # Saint-Étienne's own
    assert siret.is_valid(head_office_siret("214201873"))
    assert head_office_siret("21420218") == "" and head_office_siret("") == ""


def test_every_planned_demo_territory_has_a_footprint_within_its_parents():
    """data.gouv.fr keeps a spatial coverage only from a footprint: each territory the
    demo onboards has a box, a commune's inside its département's and its région's."""
    from ckanext.opendatalocale.territories import bbox
    from ckanext.opendatalocale.territories.demo_journey import DEPARTEMENT, REGION, demo_footprint
    from ckanext.opendatalocale.territories.referential import lookup, matching

    referential = lookup.shipped()
    planned = matching.plan_onboarding(referential, REGION, DEPARTEMENT, 3500,
                                       ["commune", "epci", "departement", "region"])
    boxes = {t.key: bbox.parse(demo_footprint(*t.key)) for t in planned}
    assert len(planned) == 55 and all(boxes.values())
    region, county = boxes[("region", REGION)], boxes[("departement", DEPARTEMENT)]
    for key, (west, south, east, north) in boxes.items():
        parents = [region] + ([county] if key[0] == "commune" else [])
        for (p_west, p_south, p_east, p_north) in parents:
            assert p_west <= west < east <= p_east and p_south <= south < north <= p_north, key
    assert demo_footprint("commune", "75056") is None  # Paris is no demo territory
