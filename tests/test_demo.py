"""`ckan opendatalocale demo` builds the demo territories and datasets, idempotently,
and (territories plugin) onboards the Loire from the referential with a journey."""
import datetime

import pytest
from stdnum.fr import siren

import ckan.model as model
from ckan.tests import helpers

from ckanext.opendatalocale import cli as odl_cli, demo
from ckanext.opendatalocale.territories import bbox, demo as territories_demo, demo_journey
from ckanext.opendatalocale.territories.model import TerritoryMilestone


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_demo_command_is_idempotent_and_well_formed(cli):
    from ckan.cli.cli import ckan as ckan_command

    for _ in range(2):
        result = cli.invoke(ckan_command, ["opendatalocale", "demo"],
                            env={"ODL_ADMIN_PASSWORD": "mot-de-passe-demo"},
                            catch_exceptions=False)
        assert result.exit_code == 0, result.output

    # the three hand-written territories plus the Loire's from the referential (55 in all:
    # communes above 3,500 inhabitants, their EPCI, the département, the région), once
    territories = model.Session.query(model.Group).filter_by(
        is_organization=True, state="active").all()
    assert len(territories) == 55
    assert {t.extras.get("kind") for t in territories} == {
        "commune", "departement", "intercommunalite", "region"}
    assert all(t.description == territories_demo.DEMO_LABEL for t in territories)
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    journeys = {t.name: demo_journey.journey(t.name, monday) for t in territories}
    # same journey each run: nothing declared or published twice
    assert model.Session.query(TerritoryMilestone).count() == sum(
        len(item.milestones) for item in journeys.values())
    funnel = helpers.call_action("odl_territory_progress_list", limit=1)["funnel"]
    reached = {step["phase"]: step["count"] for step in funnel}
    # a région at work: some at phase 0, most at 1-2, a few at 3-5, one at 6 (the
    # région itself stays at 0: the referential gives it no SIREN, its form says so)
    assert reached[0] == 55 and 30 < reached[1] < 55 and reached[2] >= 20
    assert reached[3] >= 4 and reached[5] >= 2 and reached[6] == 1
    # every territory's catalogue carries a footprint (a polygon from the demo's box), the
    # département's holding its prefecture's
    boxes = {t.name: bbox.parse(t.extras.get("bbox")) for t in territories}
    assert all(boxes.values()), [name for name, box in boxes.items() if not box]
    (west, south, east, north) = boxes["saint-etienne"]
    (county_west, county_south, county_east, county_north) = boxes["departement-de-la-loire"]
    assert county_west <= west < east <= county_east and county_south <= south < north <= county_north
    assert 4.3 < (west + east) / 2 < 4.5 and 45.3 < (south + north) / 2 < 45.5
    pilot = helpers.call_action("odl_territory_progress_show", id="saint-etienne")
    assert pilot["current_phase"] == 6
    timeline = [step for step in pilot["timeline"] if step["reached"]]
    assert [step["phase"] for step in timeline] == [1, 2, 3, 4, 5, 6]  # never a step back
    assert timeline[0]["date"] < timeline[-1]["date"] < today.isoformat()
    for territory in demo.DEMO_TERRITORIES:
        assert siren.is_valid(territory["siren"])

    public = helpers.call_action("package_search", fq="+capacity:public", rows=0)["count"]
    from ckanext.opendatalocale.menus import demo as menus_demo

    canteen_service = len(menus_demo.SERVICES)  # the menus plugin's canteen services
    planned = sum(len(item.datasets) for item in journeys.values())
    assert public == len([d for d in demo.DEMO_DATASETS if not d.private]) + canteen_service + planned
    # dated on the day the journey published them, and labelled as demo data
    first = sorted(((d.created, name, d) for name, item in journeys.items()
                    for d in item.datasets))[0]
    shown = helpers.call_action("package_show", id=f"{first[2].slug}-{first[1]}")
    assert shown["metadata_created"].startswith(first[0].isoformat())
    indexed = helpers.call_action("package_search", fq=f"name:{shown['name']}")["results"][0]
    assert indexed["metadata_modified"].startswith(first[0].isoformat())  # search agrees
    assert territories_demo.DATASET_LABEL in shown["notes"]
    faulty = [f"{d.slug}-{name}" for name, item in journeys.items() for d in item.datasets
              if d.faulty]
    statuses = {helpers.call_action("package_show", id=name)["resources"][0]["validation_status"]
                for name in faulty}
    assert faulty and statuses == {"failure"}
    # the pilot's inhabitants asked for data: moderated requests at each stage, one
    # still awaiting moderation (not public), and a reuse published
    from ckanext.opendatalocale.engagement import demo as engagement_demo

    asked = helpers.call_action("odl_data_request_list", {"user": ""}, territory_id="saint-etienne")
    planned_requests = [r for r in engagement_demo.REQUESTS if r[0] == "saint-etienne"]
    assert asked["count"] == len([r for r in planned_requests if r[4]])  # the new one is hidden
    assert {r["state"] for r in asked["results"]} == {"acceptee", "en_cours", "publiee"}
    # the pilot's public page shows its most supported request with its « moi aussi »
    page = helpers.call_action("odl_territory_public_show", {"user": ""}, id="saint-etienne")
    assert page["open_requests"][0]["title"] == engagement_demo.VOTES[0][0]
    assert page["open_requests"][0]["vote_count"] == engagement_demo.VOTES[0][1]
    reuses = helpers.call_action("odl_reuse_list", {"user": ""}, territory_id="saint-etienne")
    assert reuses["count"] == 1
    # a discussion on a public dataset, answered as the territory
    questions = helpers.call_action("odl_question_list", {"user": ""},
                                    territory_id="saint-etienne")["results"]
    assert [q["title"] for q in questions] == [q[2] for q in engagement_demo.QUESTIONS]
    assert questions[0]["answers"][0]["answered_as"] == helpers.call_action(
        "organization_show", id="saint-etienne")["title"]
    # upcoming events, the internal training kept to the city's members
    planned_events = [e for e in engagement_demo.EVENTS if e[0] == "saint-etienne"]
    shown = helpers.call_action("odl_event_list", {"user": ""}, territory_id="saint-etienne")
    assert shown["count"] == len([e for e in planned_events if e[9] == "publique"]) >= 1
    assert helpers.call_action("odl_event_list", territory_id="saint-etienne",
                               context={"user": "admin"})["count"] == len(planned_events)
    admin = model.User.by_name("admin")
    assert admin.sysadmin and admin.validate_password("mot-de-passe-demo")
    subventions = helpers.call_action("package_show", id=demo.DEMO_DATASETS[0].name)
    assert subventions["resources"][0]["schema"]["name"] == "scdl/subventions"
    assert "opendatalocale" in [c.name for c in odl_cli.get_commands()]
