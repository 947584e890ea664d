"""The demo journey of a territory (issue 19) is a pure function of its name and the
reference date: the same demo on every run, dates in the past year, in order."""
import datetime

from ckanext.opendatalocale.territories.demo_journey import PHASE_ONE, journey

MONDAY = datetime.date(2026, 11, 30)
NAMES = [f"commune-{number}" for number in range(200)]


def test_same_name_same_journey():
    assert [journey(name, MONDAY) for name in NAMES] == [journey(name, MONDAY) for name in NAMES]


def test_dates_within_the_past_year_in_order_and_statuses_known():
    for name in NAMES:
        steps = journey(name, MONDAY)
        assert [milestone for milestone, _, _ in steps] == list(PHASE_ONE[:len(steps)])
        dates = [achieved for _, achieved, _ in steps]
        assert dates == sorted(dates)
        assert all(MONDAY - datetime.timedelta(days=366) <= day <= MONDAY for day in dates)
        assert {status for _, _, status in steps} <= {"declared", "confirmed"}


def test_journeys_are_varied():
    lengths = [len(journey(name, MONDAY)) for name in NAMES]
    assert {0, 1, 2, 3} <= set(lengths)
    statuses = [status for name in NAMES for _, _, status in journey(name, MONDAY)]
    assert "declared" in statuses and "confirmed" in statuses  # some awaiting review
