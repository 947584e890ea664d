"""The quality score's indicators for the territories dashboard and overview: the
average score of each territory's public datasets, and their average European (MQA)
points, as shares of the maximum. One Solr facet query for all the territories asked
about (the scores are indexed with the datasets); private datasets are left out."""
from __future__ import annotations

from . import quality, quality_mqa, quality_store


def _averages(context, key, compute, maximum) -> dict:
    def run():
        averages = compute(context.territory_ids)
        return {territory: value / maximum for territory, value in averages.items()}
    return context.once(key, run)


def quality_share(context) -> dict:
    return _averages(context, "quality_average", quality_store.territory_averages,
                     quality.MAX_SCORE)


def mqa_share(context) -> dict:
    return _averages(context, "quality_mqa_average", quality_store.territory_mqa_averages,
                     quality_mqa.MAX_POINTS)


INDICATORS = [
    {"id": "datasets_quality_average",
     "label": {"fr": "Score de qualité moyen des jeux publics (part des 10 critères)",
               "en": "Average quality score of public datasets (share of the 10 criteria)"},
     "compute": quality_share, "phase": 4, "unit": "share", "default": None,
     "overview": True},
    {"id": "datasets_mqa_average",
     "label": {"fr": "Score européen (MQA) moyen des jeux publics (part des 405 points)",
               "en": "Average European (MQA) score of public datasets (share of 405 points)"},
     "compute": mqa_share, "phase": 4, "unit": "share", "default": None},
]
