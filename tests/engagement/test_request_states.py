"""The life of a data request, without CKAN."""
import pytest

from ckanext.opendatalocale.engagement import request_states as rs


def test_every_state_has_a_label_and_closed_states_lead_nowhere():
    assert set(rs.STATE_LABELS) == set(rs.STATES)
    for state in rs.CLOSED_STATES:
        assert rs.next_states(state) == frozenset()


@pytest.mark.parametrize("current,wanted", [
    (rs.NEW, rs.ACCEPTED), (rs.NEW, rs.REFUSED), (rs.ACCEPTED, rs.IN_PROGRESS),
    (rs.ACCEPTED, rs.PUBLISHED), (rs.IN_PROGRESS, rs.PUBLISHED), (rs.IN_PROGRESS, rs.REFUSED)])
def test_allowed_moves(current, wanted):
    assert rs.check_move(current, wanted, reason="hors compétence", dataset_id="d") is None


@pytest.mark.parametrize("current,wanted", [
    (rs.NEW, rs.IN_PROGRESS), (rs.NEW, rs.PUBLISHED), (rs.PUBLISHED, rs.REFUSED),
    (rs.REFUSED, rs.ACCEPTED), (rs.IN_PROGRESS, rs.ACCEPTED), (rs.NEW, rs.NEW)])
def test_refused_moves_name_the_state(current, wanted):
    refused = rs.check_move(current, wanted, reason="r", dataset_id="d")
    assert refused is not None and refused.field == "state"


def test_unknown_state():
    assert rs.check_move(rs.NEW, "supprimee").message == "État inconnu."


def test_refusal_needs_a_reason_and_publication_a_dataset():
    assert rs.check_move(rs.NEW, rs.REFUSED, reason="  ").field == "reason"
    assert rs.check_move(rs.ACCEPTED, rs.PUBLISHED).field == "dataset_id"


def test_only_leaving_new_is_moderation_and_new_is_not_public():
    assert rs.is_moderation(rs.NEW)
    assert not any(rs.is_moderation(s) for s in rs.STATES if s != rs.NEW)
    assert not rs.is_public(rs.NEW)
    assert all(rs.is_public(s) for s in rs.STATES if s != rs.NEW)


def test_requester_kinds_include_the_town_halls_own_agents():
    assert set(rs.REQUESTER_KINDS) == {"habitant", "association", "entreprise", "chercheur",
                                       "journaliste", "agent_public"}


@pytest.mark.parametrize("count,page,size,expected", [
    (0, 1, 20, (1, 0, 1)), (45, 3, 20, (3, 40, 3)), (45, 9, 20, (3, 40, 3)),
    (40, 2, 20, (2, 20, 2)), (1, -4, 20, (1, 0, 1))])
def test_page_bounds(count, page, size, expected):
    assert rs.page_bounds(count, page, size) == expected
