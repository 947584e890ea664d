"""Fuzz of every page of the suite's blueprints: hostile query strings (known
arguments, repeated ones, unknown ones, bytes that are not UTF-8), hostile path
parts, and hostile fields in the three forms, as an anonymous visitor, a
logged-in stranger to the territory and the territory's admin (in turn). The
answer is never a 500 nor a Python traceback.

The routes are read from the application: a route not described below is
fuzzed all the same, with the arguments every suite page tends to take.
"""
from __future__ import annotations

import collections
import itertools
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import CANTEEN, SCDL_DATASET, SUBVENTIONS, TERRITORY, headers
from .hostile import FUZZ, assert_no_crash, described_failure, quoted, raw_query_value, url_values

pytestmark = pytest.mark.ckan_config("ckan.site_id", "opendatalocale_test_fuzz")

CALLERS = ("anonymous", "outsider", "admin")

_TERRITORY_LIST = ("page", "q", "kind", "departement", "phase", "sort", "order")
_OBLIGATION = ("region", "departement", "epci", "kind", "status")
_WEEK = ("exclure", "regime", "restaurant", "semaine")
_INVENTORY_LIST = ("statut", "priorite", "frein", "schema", "q", "en_retard", "tri", "page")
_INVENTORY_FORM = ("title", "description", "owner_service", "priority", "status", "blocker",
                   "blocker_detail", "target_date", "schema_id", "dataset")
# The query arguments each page reads (views.py), by endpoint.
QUERY_ARGUMENTS = {
    "odl_territories.index": _TERRITORY_LIST,
    "odl_territories.export_json": _TERRITORY_LIST,
    "odl_territories.export_csv": _TERRITORY_LIST,
    "odl_territories.coverage": ("kind", "departement"),
    "odl_territories.coverage_csv": ("kind", "departement"),
    "odl_territories.obligation": _OBLIGATION,
    "odl_territories.obligation_json": _OBLIGATION,
    "odl_territories.obligation_csv": _OBLIGATION,
    "odl_territories.dashboard": (),
    "odl_territories.milestone_update": (),
    "odl_territories.milestone_review": (),
    "odl_menus.week": _WEEK,
    "odl_menus.print_week": _WEEK,
    "odl_menus.feed": (),
    "odl_menus.indicators": (),
    "odl_menus.entry": ("restaurant", "semaine"),
    "odl_schemas.index": (),
    "odl_schemas.show": ("version",),
    "odl_schemas.template": ("version",),
    "odl_guide.index": (),
    "odl_guide.read": (),
    "odl_validation.report": (),
    "odl_inventory.index": _INVENTORY_LIST,
    "odl_inventory.csv_export": _INVENTORY_LIST,
}
# What the three forms send (templates), by endpoint.
FORM_FIELDS = {
    "odl_territories.milestone_update": ("milestone", "achieved_on", "note", "evidence_url"),
    "odl_territories.milestone_review": ("status", "review_note"),
    "odl_inventory.new": _INVENTORY_FORM,
    "odl_inventory.edit": _INVENTORY_FORM,
    "odl_menus.entry": ("restaurant", "week", "meal", "dishes__0__date", "dishes__0__dish_type",
                        "dishes__0__name", "dishes__0__allergens", "dishes__0__allergens_known",
                        "dishes__0__price", "dishes__1__name", "dishes__1__siqo",
                        "dishes__0__nutriscore", "dishes__0__label", "dishes__0__textures"),
}
VALID = {
    "page": ["1", "2"], "q": ["chamond"], "kind": ["commune", "departement", "epci"],
    "departement": ["42", "2A"], "phase": ["0", "3"], "sort": ["title", "phase", "percent"],
    "order": ["asc", "desc"], "region": ["84"], "epci": ["244200770"],
    "status": ["published", "not_started", "confirmed", "rejected"],
    "exclure": ["oeufs", "gluten"], "regime": ["végétarien"], "semaine": ["2025-W38", "2025-09-17"],
    "version": ["2.1.1", "latest"], "milestone": ["referent_named", "council_decision"],
    "achieved_on": ["2025-06-01"], "note": ["Délibération du 12 mai"], "review_note": ["Vu"],
    "evidence_url": ["https://www.saint-chamond.fr/deliberation.pdf"], "week": ["2025-W38"],
    "meal": ["déjeuner"], "dishes__0__date": ["2025-09-15"],
    "dishes__0__dish_type": ["plat principal"], "dishes__0__name": ["Omelette"],
    "dishes__1__name": ["Pomme"], "dishes__0__allergens": ["oeufs"],
    "dishes__0__allergens_known": ["oui"], "dishes__0__price": ["1,20"],
    "dishes__1__siqo": ["Agriculture biologique"], "dishes__0__nutriscore": ["B"],
    "dishes__0__label": ["Fait maison"], "dishes__0__textures": ["normale"],
    "statut": ["a_publier", "publiee"], "priorite": ["haute"], "frein": ["autre"],
    "schema": ["scdl/subventions"], "en_retard": ["1"], "tri": ["echeance", "maj"],
    "title": ["Registre des arbres"], "owner_service": ["Espaces verts"],
    "priority": ["haute"], "blocker": ["autre", ""], "blocker_detail": ["Le service hésite"],
    "target_date": ["2027-06-30", "30/06/2027"], "schema_id": ["scdl/subventions"],
}
# For a route not described above: what suite pages and forms usually read.
GENERIC_ARGUMENTS = ("q", "page", "sort", "order", "kind", "status", "semaine", "id")
GENERIC_FIELDS = ("title", "description", "name", "status", "note", "email", "url", "q")
_STRAY_KEYS = ["lang", "_", "id", "q", "page", "semaine", "exclure", "dishes", "dishes__x__name",
               "dishes__0__unknown", "dishes__99999__name", "_csrf_token"]


def path_values(site: dict, endpoint: str) -> dict:
    restaurant = site["restaurant_keys"][0]
    dataset = SCDL_DATASET if endpoint.startswith("odl_validation") else CANTEEN
    known = {"name": [TERRITORY], "id": [dataset],
             "restaurant": [restaurant, site["restaurants"][0]],
             "schema_id": [SUBVENTIONS, "scdl/menus-collectifs"], "slug": ["methode", "index"],
             "resource_id": [site["scdl_resource"]["id"]], "milestone": ["referent_named"]}
    # Any other part of a path (a request, a cluster...): an id that exists nowhere.
    return collections.defaultdict(lambda: ["3f1c1f5e-0000-4000-8000-000000000000", "1"], known)


def suite_routes(app) -> list:
    return sorted(((rule.endpoint, rule, method)
                   for rule in app.flask_app.url_map.iter_rules()
                   if rule.endpoint.split(".")[0].startswith("odl_")
                   for method in rule.methods - {"HEAD", "OPTIONS"}),
                  key=lambda route: (route[0], route[2]))


def test_the_described_routes_exist(app):
    # A renamed route would otherwise lose its described arguments without a word.
    routes = suite_routes(app)
    assert set(QUERY_ARGUMENTS) <= {endpoint for endpoint, _, _ in routes}
    assert set(FORM_FIELDS) <= {endpoint for endpoint, _, method in routes if method == "POST"}


def _pairs(names) -> st.SearchStrategy:
    """Known arguments (sometimes twice), stray ones, and raw percent-encodings."""
    known = st.sampled_from(list(names)) if names else st.sampled_from(_STRAY_KEYS)
    key = st.one_of(known, known, known, st.sampled_from(_STRAY_KEYS), st.text(max_size=10))
    return st.lists(key.flatmap(lambda name: st.tuples(st.just(name), st.one_of(
        url_values(VALID.get(name, ())), raw_query_value().map(lambda raw: ("raw", raw))))),
        max_size=6)


def _encoded(pairs) -> str:
    return "&".join(f"{quoted(name)}={value[1] if isinstance(value, tuple) else quoted(value)}"
                    for name, value in pairs)


def _path(rule, values: dict) -> str:
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<{argument}>", values[argument]).replace(
            f"<path:{argument}>", values[argument])
    return path


def _path_strategy(rule, site, endpoint) -> st.SearchStrategy:
    real = path_values(site, endpoint)
    parts = {}
    for argument in rule.arguments:
        valid = st.sampled_from([quote(v, safe="/" if argument == "schema_id" else "")
                                 for v in real[argument]])
        parts[argument] = st.one_of(valid, valid, valid, url_values().map(quoted))
    return st.fixed_dictionaries(parts).map(lambda values: _path(rule, values))


def test_no_page_answers_500_whatever_its_query_string(app, hostile_site, caplog):
    site = hostile_site
    callers = itertools.cycle(CALLERS)
    failures = []
    for endpoint, rule, method in suite_routes(app):
        fields = FORM_FIELDS.get(endpoint, GENERIC_FIELDS) if method == "POST" else ()

        @settings(FUZZ, max_examples=15)
        @given(path=_path_strategy(rule, site, endpoint),
               query=_pairs(QUERY_ARGUMENTS.get(endpoint, GENERIC_ARGUMENTS)), form=_pairs(fields) if fields else st.just([]))
        def probe(path, query, form):
            caller = next(callers)
            caplog.clear()
            url = f"{path}?{_encoded(query)}" if query else path
            if method == "POST":
                response = app.post(url, data=_encoded(form), headers=headers(site["users"][caller]),
                                    content_type="application/x-www-form-urlencoded",
                                    follow_redirects=False)
            else:
                response = app.get(url, headers=headers(site["users"][caller]),
                                   follow_redirects=False)
            assert_no_crash(response, f"{method} {url[:300]} as {caller} form {str(form)[:300]}",
                            caplog)
        try:
            probe()
        except Exception as error:  # every route's finding in one run
            failures.append(f"{method} {endpoint}: {described_failure(error)}")
    assert not failures, "\n\n".join(failures)
