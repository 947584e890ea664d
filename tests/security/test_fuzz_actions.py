"""Fuzz of every action the suite registers, through CKAN's API: hostile values
in every parameter (and parameters nobody declared), sent as JSON by an
anonymous visitor, a logged-in stranger to the territory and the territory's
admin, in turn. Whatever is sent, the answer is never a 500 nor a Python traceback.

The list of actions is read from the loaded plugins: an action not described
below is fuzzed all the same, with the parameters suite actions tend to take.
"""
from __future__ import annotations

import itertools
import json

import ckan.plugins as p
import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import CANTEEN, SCDL_DATASET, SUBVENTIONS, TERRITORY, headers
from .hostile import FUZZ, assert_no_crash, described_failure, json_values

pytestmark = pytest.mark.ckan_config("ckan.site_id", "opendatalocale_test_fuzz")

CALLERS = ("anonymous", "outsider", "admin")


def suite_actions() -> set:
    """The actions the suite defines. CKAN's own dataset writes, which the suite only
    chains to refuse a save in French while Solr is down (tests/faults), are left out:
    what they answer to a dict for an id is CKAN's answer, not the suite's."""
    from ckanext.opendatalocale import outages

    wrapped = set(outages.dataset_writes())
    return {name for plugin in p.PluginImplementations(p.IActions)
            if type(plugin).__module__.startswith("ckanext.opendatalocale")
            for name in plugin.get_actions() if name not in wrapped}


def parameters(site: dict) -> dict:
    """Each action's parameters, with values that get past its first checks."""
    scdl_resource, menus_resource = site["scdl_resource"]["id"], site["menus_resource"]["id"]
    resources = [scdl_resource, menus_resource]
    restaurant = site["restaurants"]
    services = [CANTEEN, site["canteen"]["id"]]
    territories = [TERRITORY, site["territory"]["id"]]
    weeks = ["2025-W38", "2025-09-15", "2025-W01"]
    kinds = ["commune", "intercommunalite", "departement", "region", "epci"]
    dish = st.fixed_dictionaries({
        "date": json_values(["2025-09-15", "2025-09-16"]),
        "dish_type": json_values(["plat principal", "entrée"]),
        "name": json_values(["Omelette"]),
    }, optional={
        "siqo": json_values([["Agriculture biologique"], []]),
        "diets": json_values([["végétarien"]]), "allergens": json_values([["oeufs"], "oeufs"]),
        "allergens_known": json_values([True, "oui"]), "textures": json_values([["normale"]]),
        "label": json_values(["Fait maison"]), "nutriscore": json_values(["A", "e"]),
        "price": json_values(["1,20", 2.35]),
    })
    inventory_entry = {
        "title": ["Registre des arbres"], "description": ["Arbres d'alignement"],
        "owner_service": ["Espaces verts"], "priority": ["haute", "basse"],
        "status": ["a_publier", "publiee"], "blocker": ["autre", "qualite", ""],
        "blocker_detail": ["Le service hésite"], "target_date": ["2027-06-30", "30/06/2027"],
        "schema_id": [SUBVENTIONS], "dataset": [SCDL_DATASET]}
    filters = {"restaurant": restaurant, "exclude": [["oeufs"], "oeufs,gluten"],
               "diet": ["végétarien"]}
    return {
        "odl_schema_list": {},
        "odl_schema_show": {"id": [SUBVENTIONS, "scdl/menus-collectifs"],
                            "version": ["2.1.1", "1.2.3"]},
        "resource_validation_run": {"resource_id": resources, "async": [True, False]},
        "resource_validation_show": {"resource_id": resources},
        "resource_validation_delete": {"resource_id": resources},
        "odl_territory_list": {"kind": kinds, "limit": [1, 1000], "offset": [0, 1]},
        "odl_territory_progress_show": {"id": territories},
        "odl_territory_progress_list": {
            "q": ["chamond"], "kind": kinds, "departement": ["42", "2A"], "phase": [0, 1, 6],
            "sort": ["title", "phase", "percent"], "order": ["asc", "desc"], "limit": [1, 1000],
            "offset": [0, 1]},
        "odl_territory_coverage_show": {"kind": kinds, "departement": ["42"]},
        "odl_milestone_update": {
            "id": territories, "milestone": ["referent_named", "council_decision"],
            "achieved_on": ["2025-06-01"], "note": ["Délibération du 12 mai"],
            "evidence_url": ["https://www.saint-chamond.fr/deliberation.pdf"]},
        "odl_milestone_review": {"id": territories, "milestone": ["referent_named"],
                                 "status": ["confirmed", "rejected"], "review_note": ["Vu"]},
        "odl_territory_progress_record": {"id": territories},
        "odl_territory_lookup": {"q": ["saint chamond", "st etienne"],
                                 "code": ["42207", "214202079", "200070092"],
                                 "postal_code": ["42400"], "kind": kinds, "limit": [1, 50]},
        "odl_territory_obligation_show": {"region": ["84"], "departement": ["42"],
                                          "epci": ["244200770"], "kind": kinds,
                                          "status": ["published", "not_started"]},
        "odl_menu_search": dict(filters, id=services, resource_id=[menus_resource],
                                date_from=["2025-09-01"], date_to=["2025-10-01"],
                                meal=["déjeuner"], include_excluded=[True, "false"],
                                limit=[0, 10], offset=[0, 5]),
        "odl_menu_week_show": dict(filters, id=services, resource_id=[menus_resource],
                                   week=weeks),
        "odl_menu_indicators": {"id": services, "resource_id": [menus_resource]},
        "odl_inventory_item_create": dict(inventory_entry, territory=territories),
        "odl_inventory_item_update": dict(inventory_entry, id=["3f1c1f5e-0000-4000-8000-0000"]),
        "odl_inventory_item_list": {
            "territory": territories, "status": ["a_publier", "publiee"],
            "priority": ["haute"], "blocker": ["autre"], "schema_id": [SUBVENTIONS],
            "overdue": [True, "oui"], "q": ["arbres"], "sort": ["echeance", "maj"],
            "limit": [1, 100], "offset": [0, 5]},
        "odl_inventory_summary": {"territory": territories},
        "odl_menu_week_save": {
            "id": services, "resource_id": [menus_resource], "restaurant": restaurant,
            "week": weeks, "meal": ["déjeuner"], "guests": ["tous"],
            "dishes": st.lists(dish, max_size=3)},
    }


# For an action not described above: what suite actions usually take.
GENERIC_PARAMETERS = ("id", "name", "q", "limit", "offset", "status", "title", "description",
                      "territory", "resource_id", "kind")


def test_the_described_actions_exist(hostile_site):
    # A renamed action would otherwise lose its described parameters without a word.
    assert set(parameters(hostile_site)) <= suite_actions()


def _data_dicts(described: dict) -> st.SearchStrategy:
    known = {name: values if isinstance(values, st.SearchStrategy) else json_values(values)
             for name, values in described.items()}
    stray = st.dictionaries(st.sampled_from(["id", "q", "limit", "__junk", "", "user", "context"]),
                            json_values(), max_size=2)
    return st.tuples(st.fixed_dictionaries({}, optional=known), stray).map(
        lambda pair: {**pair[1], **pair[0]})


def test_no_action_answers_500_whatever_it_is_sent(app, hostile_site, caplog):
    site = hostile_site
    callers = itertools.cycle(CALLERS)  # each action is called by the three in turn
    failures = []
    described_actions = parameters(site)
    for action in sorted(suite_actions()):
        described = described_actions.get(action) or {
            name: [TERRITORY, site["territory"]["id"], site["scdl"]["id"]] if name in ("id", "territory")
            else [] for name in GENERIC_PARAMETERS}
        @FUZZ
        @given(data_dict=_data_dicts(described))
        def probe(data_dict):
            body = json.dumps(data_dict, allow_nan=True)
            caller = next(callers)
            caplog.clear()
            response = app.post(f"/api/3/action/{action}", data=body,
                                content_type="application/json",
                                headers=headers(site["users"][caller]))
            assert_no_crash(response, f"{action} as {caller} with {body[:300]}", caplog)
            answer = json.loads(response.body)
            assert answer["success"] is (response.status_code == 200)
        try:
            probe()
        except Exception as error:  # every action's finding in one run
            failures.append(f"{action}: {described_failure(error)}")
    assert not failures, "\n\n".join(failures)


def test_an_unreadable_body_is_a_clear_refusal(app, hostile_site):
    for action in sorted(suite_actions()):
        for body in (b"{", b"\xff\xfe", b"[1, 2]", b'{"id": ' + b"9" * 5000 + b"}",
                     b'"' + b"A" * 100_000 + b'"'):
            response = app.post(f"/api/3/action/{action}", data=body,
                                content_type="application/json",
                                headers=headers(hostile_site["users"]["admin"]))
            assert_no_crash(response, f"{action} with {body[:40]!r}")
