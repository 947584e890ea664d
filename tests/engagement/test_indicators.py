"""Phase-6 indicators (issue 15, point 8) on the territory's dashboard: data requests
answered (published or refused), the median time to answer, reuses published; another
territory's and unanswered requests do not count."""
import datetime

from ckan import model
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.model import DataRequest


def _ask(territory_name, admin, title, state=None, reason="", dataset=None, days_ago=0):
    created = helpers.call_action("odl_data_request_create", context={"user": admin},
                                  territory_id=territory_name, title=title,
                                  requester_kind="habitant")
    moves = {"publiee": ["acceptee", "publiee"], "refusee": ["refusee"],
             "acceptee": ["acceptee"]}.get(state, [])
    for move in moves:
        helpers.call_action("odl_data_request_update", context={"user": admin},
                            id=created["id"], state=move, reason=reason if move == "refusee" else "",
                            **({"dataset_id": dataset} if move == "publiee" else {}))
    row = model.Session.get(DataRequest, created["id"])
    row.created = row.created - datetime.timedelta(days=days_ago)
    model.Session.commit()


def _phase_six(name):
    shown = helpers.call_action("odl_territory_progress_show", id=name)
    return {c["indicator"]: c for c in shown["phases"][5]["criteria"] if c["indicator"]}


def test_phase_six_indicators_count_answers_delays_and_reuses(territory):
    admin = territory["users"]["admin"]["name"]
    other_admin = territory["users"]["other_admin"]["name"]
    _ask("firminy", admin, "Budget détaillé par service", "publiee",
         dataset=territory["public"]["id"], days_ago=10)
    _ask("firminy", admin, "Salaires nominatifs des agents", "refusee",
         reason="Données personnelles.", days_ago=30)
    _ask("firminy", admin, "Horaires des piscines", "acceptee", days_ago=90)  # not answered
    _ask("roanne", other_admin, "Bancs publics", "refusee", reason="Aucune donnée.",
         days_ago=3)
    reuse = helpers.call_action("odl_reuse_create", context={"user": admin},
                                territory_id="firminy", title="Carte du budget",
                                description="Une carte du budget communal.",
                                url="https://carte.example.org/budget",
                                reuse_type="visualization", topic="politics_and_public_life",
                                datasets=["budget-2025"])
    before = _phase_six("firminy")
    assert before["reuses_published"]["value"] == 0  # proposed, not yet published
    helpers.call_action("odl_reuse_update", context={"user": admin}, id=reuse["id"],
                        state="publiee")

    found = _phase_six("firminy")
    assert found["data_requests_answered"]["value"] == 2
    assert found["data_requests_answered"]["met"] is True
    assert found["data_request_median_days"]["value"] == 20.0  # median of 10 and 30
    assert found["data_request_median_days"]["met"] is True  # 30 days at most
    assert found["reuses_published"]["value"] == 1 and found["reuses_published"]["met"]

    elsewhere = _phase_six("roanne")
    assert elsewhere["data_requests_answered"]["value"] == 1
    assert elsewhere["data_request_median_days"]["value"] == 3.0
    assert elsewhere["reuses_published"]["value"] == 0 and not elsewhere["reuses_published"]["met"]


def test_events_held_in_the_last_twelve_months(territory):
    admin = territory["users"]["admin"]["name"]
    now = datetime.datetime.utcnow()

    def hold(name, user, days_ago, **values):
        start = now - datetime.timedelta(days=days_ago)
        values.setdefault("kind", "atelier")
        helpers.call_action("odl_event_create", context={"user": user}, territory_id=name,
                            title=f"Atelier d'il y a {days_ago} jours", place="Mairie",
                            starts_at=start.strftime("%Y-%m-%dT%H:%M:%SZ"), **values)

    hold("firminy", admin, 60)
    # internal: not in a figure anyone reads
    hold("firminy", admin, 200, kind="formation", visibility="membres")
    hold("firminy", admin, 420)  # more than a year ago
    hold("firminy", admin, -10)  # still to come
    hold("roanne", territory["users"]["other_admin"]["name"], 400)
    found = _phase_six("firminy")["events_last_12_months"]
    assert found["value"] == 1 and found["met"] is True
    elsewhere = _phase_six("roanne")["events_last_12_months"]
    assert elsewhere["value"] == 0 and elsewhere["met"] is False
