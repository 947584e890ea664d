"""The `cantine` dataset type (menus/schemas/canteen.yaml): what scheming cannot say."""
from __future__ import annotations

import json

DATASET_TYPE = "cantine"


def index_restaurants(data_dict: dict) -> dict:
    """Solr's default schema cannot index the list of restaurant records that
    scheming's repeating subfields give: index their names as one text, so that
    a search for a school finds its canteen service."""
    restaurants = data_dict.get("restaurants")
    if isinstance(restaurants, str):
        try:
            restaurants = json.loads(restaurants)
        except ValueError:
            return data_dict
    if isinstance(restaurants, list):
        names = [r.get("nom", "") for r in restaurants if isinstance(r, dict)]
        data_dict["restaurants"] = " ; ".join(n for n in names if n)
        data_dict["text"] = " ".join(filter(None, [data_dict.get("text"), *names]))
    return data_dict
