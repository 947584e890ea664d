"""The quality score's CKAN side: the facts the score reads (stored reachability, the
SCDL validation reports), the dataset's DCAT graph, the Solr fields, the territory
averages. The rules live in quality.py and quality_mqa.py (pure).

The score is computed when the dataset is indexed (before_dataset_index), so search
sorts by it and the territory averages are one Solr facet query for every territory,
never a loop over datasets on a page. The reachability job re-indexes the dataset once
it stored its results.
"""
from __future__ import annotations

import datetime
import json
import logging
from typing import Iterable, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..savepoints import guarded_reads
from ..scdl.model import ResourceValidation
from . import quality, quality_mqa
from .model import ResourceReachability

log = logging.getLogger(__name__)

# Solr fields (CKAN's schema indexes any other name as a string: zero-padded values
# sort and facet as numbers would).
SCORE_FIELD = "odl_quality"
DATAGOUV_FIELD = "odl_quality_datagouv"
MQA_FIELD = "odl_quality_mqa"
# "<territory id>:<score>", one facet over it gives every territory's scores at once.
SCORE_BY_TERRITORY = "odl_quality_by_territory"
MQA_BY_TERRITORY = "odl_quality_mqa_by_territory"
SORT = f"{SCORE_FIELD} desc, metadata_modified desc"


def reachability_rows(dataset_id: str) -> dict:
    return {row.resource_id: row for row in model.Session.query(ResourceReachability)
            .filter(ResourceReachability.dataset_id == dataset_id)}


def facts_for(dataset: dict, rows: dict | None = None,
              graph_description: dict | None = None) -> quality.QualityFacts:
    rows = reachability_rows(dataset["id"]) if rows is None else rows
    resources = [r for r in dataset.get("resources") or [] if r.get("id")]
    # A check of a link the resource no longer has says nothing about the new one.
    reachable = {r["id"]: rows[r["id"]].reachable for r in resources
                 if r["id"] in rows and rows[r["id"]].url == (r.get("url") or "")}
    validation = {}
    ids = [r["id"] for r in resources if quality.declares_schema(r)]
    if ids:
        stored = {row.resource_id: row.status for row in model.Session.query(ResourceValidation)
                  .filter(ResourceValidation.resource_id.in_(ids))}
        validation = {r["id"]: stored.get(r["id"], r.get("validation_status"))
                      for r in resources if r["id"] in ids}
    geometry = graph_description.get("spatial_geometry") if graph_description else None
    return quality.QualityFacts(reachable, validation, geometry)


def reachable_urls(dataset: dict, rows: dict) -> dict:
    """URL -> reachable, for the MQA's accessURL and downloadURL checks."""
    urls = {}
    for resource in dataset.get("resources") or []:
        row = rows.get(resource.get("id"))
        if row is not None and row.url == (resource.get("url") or ""):
            urls[row.url] = row.reachable
    return urls


def graph_description(dataset: dict) -> Optional[dict]:
    """The dataset's own DCAT graph (ckanext-dcat's serializer with the site's profiles,
    the federation capability's), read for the MQA; None without ckanext-dcat."""
    try:
        from ckanext.dcat.processors import RDFSerializer
    except ImportError:
        return None
    try:
        serializer = RDFSerializer(dataset_type=dataset.get("type") or "dataset")
        dataset_ref = serializer.graph_from_dataset(dataset)
    except Exception:  # a profile failing on one dataset must not stop its indexing
        log.exception("Graphe DCAT du jeu %s impossible à construire", dataset.get("id"))
        return None
    return quality_mqa.describe_graph(serializer.g, dataset_ref)


def evaluate(dataset: dict, now: datetime.datetime | None = None, with_graph: bool = True
             ) -> dict:
    """The score, the MQA and the advice of one dataset dict (package_show's).
    Without the graph: no MQA, and the spatial criterion reads the form's coverage."""
    rows = reachability_rows(dataset["id"]) if dataset.get("id") else {}
    description = graph_description(dataset) if with_graph else None
    score = quality.compute(dataset, facts_for(dataset, rows, description), now)
    mqa = (quality_mqa.assess(description, reachable_urls(dataset, rows))
           if description is not None else None)
    gains = quality_mqa.criterion_gains(mqa) if mqa else {}
    result = score.as_dict()
    result.update({
        "dataset_id": dataset.get("id"), "mqa": mqa,
        "advice": quality.advice(score, gains),
        "reachability": [row.as_dict() for row in rows.values()],
    })
    return result


def index_fields(pkg_dict: dict) -> dict:
    """Add the score fields to the dict CKAN sends to Solr."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        return pkg_dict
    if not dataset.get("id"):
        return pkg_dict
    # A failing query (tables not migrated yet, say) must not abort the transaction of
    # the action that saves the dataset.
    try:
        with guarded_reads():
            result = evaluate(dataset, with_graph=tk.config.get(
                "ckanext.opendatalocale.publishing.quality.graph_on_index"))
    except Exception:
        # A score is a help: a failure leaves the dataset findable, without a score.
        log.exception("Score de qualité du jeu %s impossible à calculer", dataset.get("id"))
        return pkg_dict
    territory = dataset.get("owner_org") or ""
    pkg_dict[SCORE_FIELD] = quality.index_value(result["score"])
    pkg_dict[DATAGOUV_FIELD] = quality.index_value(result["datagouv_score"])
    pkg_dict[SCORE_BY_TERRITORY] = f"{territory}:{quality.index_value(result['score'])}"
    if result["mqa"] is not None:
        pkg_dict[MQA_FIELD] = quality.index_value(result["mqa"]["points"])
        pkg_dict[MQA_BY_TERRITORY] = (
            f"{territory}:{quality.index_value(result['mqa']['points'])}")
    return pkg_dict


def _facet_averages(field: str, territory_ids: Iterable[str] | None) -> dict:
    """{territory id: average} over the public datasets' indexed values."""
    wanted = set(territory_ids) if territory_ids is not None else None
    if wanted is not None and not wanted:
        return {}
    query = {"q": "*:*", "rows": 0, "include_private": False, "include_drafts": False,
             "facet": "true", "facet.field": [field], "facet.limit": -1, "facet.mincount": 1}
    if wanted is not None and len(wanted) <= 20:
        # A dashboard's territory or a page of them: only their datasets are faceted.
        query["fq"] = "owner_org:(%s)" % " OR ".join(f'"{territory}"' for territory in wanted
                                                       if territory.replace("-", "").isalnum())
    found = tk.get_action("package_search")({"ignore_auth": True}, query)
    totals: dict[str, list] = {}
    for value, count in (found.get("facets") or {}).get(field, {}).items():
        territory, _sep, score = value.rpartition(":")
        if not territory or not score.isdigit() or (wanted is not None and territory not in wanted):
            continue
        tally = totals.setdefault(territory, [0, 0])
        tally[0] += int(score) * count
        tally[1] += count
    return {territory: points / count for territory, (points, count) in totals.items() if count}


def territory_averages(territory_ids: Iterable[str] | None = None) -> dict:
    """{territory id: average score (of 10)} of public datasets."""
    return _facet_averages(SCORE_BY_TERRITORY, territory_ids)


def territory_mqa_averages(territory_ids: Iterable[str] | None = None) -> dict:
    """{territory id: average MQA points (of 405)} of public datasets."""
    return _facet_averages(MQA_BY_TERRITORY, territory_ids)
