"""Progress through the phases, next steps, history and funnel. Pure: no CKAN."""
import datetime

from ckanext.opendatalocale.territories import phases, progress

DOCUMENT = {
    "milestones": [{"id": "referent_named"}, {"id": "council_decision"}],
    "phases": [
        {"id": "territoire", "criteria": [
            {"milestone": "referent_named"},
            {"milestone": "council_decision", "required": False}]},
        {"id": "publier", "criteria": [
            {"id": "first", "indicator": "public_datasets", "at_least": 1},
            {"id": "scdl", "indicator": "scdl_resources", "at_least": 1, "required": False}]},
        {"id": "echelle", "criteria": [
            {"id": "dozen", "indicator": "public_datasets", "at_least": 12},
            {"id": "dedup", "indicator": "open_duplicate_clusters", "at_most": 0}]},
    ],
}
PROGRAMME = phases.parse_programme(DOCUMENT)
DECLARED = {"referent_named": progress.DECLARED}


def evaluate(values=None, milestones=None, programme=PROGRAMME):
    return progress.evaluate(programme, values or {}, milestones or {})


def test_no_data_is_phase_zero_with_nothing_met():
    standing = evaluate()
    assert standing.current_phase == 0
    assert standing.percent == 0
    assert [p.percent for p in standing.phases] == [0, 0, 0]


def test_current_phase_is_the_highest_with_all_earlier_required_criteria():
    standing = evaluate({"public_datasets": 3, "scdl_resources": 0}, DECLARED)
    assert standing.current_phase == 2
    assert [p.holds for p in standing.phases] == [True, True, False]
    assert standing.phases[0].percent == 50  # the optional decision is not declared
    assert standing.phases[1].percent == 50


def test_a_gap_stops_the_climb_even_when_later_phases_hold():
    standing = evaluate({"public_datasets": 40, "open_duplicate_clusters": 0})
    assert standing.phases[1].holds and standing.phases[2].holds
    assert standing.current_phase == 0  # no referent: phase 1 does not hold


def test_indicator_no_plugin_provides_is_unavailable_and_not_met():
    standing = evaluate({"public_datasets": 40}, DECLARED)
    dedup = standing.phases[2].results[1]
    assert (dedup.available, dedup.met) == (False, False)
    assert standing.current_phase == 2


def test_rejected_milestone_does_not_count_and_confirmation_can_be_required():
    assert evaluate(milestones={"referent_named": progress.REJECTED}).current_phase == 0
    strict = phases.parse_programme(dict(DOCUMENT, milestones_need_confirmation=True))
    assert evaluate(milestones=DECLARED, programme=strict).current_phase == 0
    assert evaluate(milestones={"referent_named": progress.CONFIRMED},
                    programme=strict).current_phase == 1


def test_phase_regresses_when_data_is_deleted():
    before = evaluate({"public_datasets": 12, "open_duplicate_clusters": 0}, DECLARED)
    after = evaluate({"public_datasets": 0, "open_duplicate_clusters": 0}, DECLARED)
    assert (before.current_phase, after.current_phase) == (3, 1)
    assert before.signature() != after.signature()


def test_criteria_removed_from_config_no_longer_count():
    trimmed = phases.parse_programme({"milestones": DOCUMENT["milestones"], "phases": [
        DOCUMENT["phases"][0], {"id": "publier", "criteria": []}]})
    standing = evaluate({}, DECLARED, programme=trimmed)
    assert standing.current_phase == 2  # an empty phase has nothing left to do
    assert standing.phases[1].percent == 100


def test_next_steps_take_the_nearest_phase_required_first_and_skip_unavailable():
    steps = progress.next_steps(evaluate({"public_datasets": 0, "scdl_resources": 0}))
    assert [s.criterion.id for s in steps] == [
        "referent_named", "council_decision", "first"]
    later = progress.next_steps(evaluate({"public_datasets": 3, "scdl_resources": 1}, DECLARED))
    assert [s.criterion.id for s in later] == ["council_decision", "dozen"]


def at(day):
    return datetime.datetime(2025, 1, day)


def test_history_events_and_since_when_each_phase_holds():
    snapshots = [progress.Snapshot(at(1), 1), progress.Snapshot(at(5), 3),
                 progress.Snapshot(at(9), 2), progress.Snapshot(at(12), 3)]
    events = progress.phase_events(snapshots)
    assert [(e.recorded_at.day, e.phase_number, e.reached) for e in events] == [
        (1, 1, True), (5, 2, True), (5, 3, True), (9, 3, False), (12, 3, True)]
    assert progress.reached_on(snapshots) == {1: at(1), 2: at(5), 3: at(12)}
    assert progress.reached_on([]) == {}


def test_funnel_counts_territories_having_reached_at_least_each_phase():
    assert progress.funnel([0, 1, 1, 3, 6, 9], 6) == [6, 5, 3, 3, 2, 2, 2]
    assert progress.funnel([], 3) == [0, 0, 0, 0]
