"""The pure rules of moderation (engagement/moderation.py): which decision applies
to which kind of item, and the key a reported item has in a queue. No CKAN."""
import pytest

from ckanext.opendatalocale.engagement import moderation


@pytest.mark.parametrize("kind,decision,reason,refused", [
    ("demande", "approuver", "", None),
    ("reutilisation", "supprimer", "", None),
    ("question", "refuser", "Hors sujet", None),
    ("demande", "refuser", "  ", "raison du refus"),
    ("demande", "rejeter", "", "ne s'applique pas"),
    ("demande", "depublier", "", "ne s'applique pas"),
    ("signalement", "rejeter", "", None),
    ("signalement", "depublier", "", None),
    ("signalement", "supprimer", "", None),
    ("signalement", "approuver", "", "ne s'applique pas"),
    ("signalement", "refuser", "spam", "ne s'applique pas"),
])
def test_decisions_by_kind(kind, decision, reason, refused):
    said = moderation.decision_refused(kind, decision, reason)
    assert (said is None) if refused is None else (refused in said)


def test_report_key_round_trip_keeps_the_item_id_whole():
    key = moderation.report_key("reutilisation", "a:b-c")
    assert moderation.split_report_key(key) == ("reutilisation", "a:b-c")
    assert moderation.split_report_key("") == ("", "")


def test_premoderation_is_on_by_default_and_no_reason_collects_an_email():
    assert moderation.DEFAULT_PREMODERATION is True
    assert not [label for label in moderation.REPORT_REASONS.values() if "mail" in label]
