"""ckanext-dcat's catalogue action, its pages kept whole (federation/page_cache.py) and
put together from each dataset's kept serialisation (federation/catalogue_fragments.py)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import catalogue_fragments, page_cache

__all__ = ["dcat_catalog_show"]


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func, context, data_dict):
    """Same input (its page, modified_since, q, fq, format, profiles, checked by
    ckanext-dcat's own functions), same auth (``dcat_catalog_show``), same output as
    ckanext-dcat's: rendered once per state of the page's datasets and territories."""
    seconds = page_cache.lifetime()
    if not seconds and not catalogue_fragments.lifetime():
        return up_func(context, data_dict)
    from ckanext.dcat import logic as dcat_logic
    from ckanext.dcat.processors import RDFSerializer

    tk.check_access("dcat_catalog_show", context, data_dict)
    # The search as the anonymous user, whoever asks: what is cached is what anyone
    # may read (ckanext-dcat's own search never includes private datasets either).
    query = dcat_logic._search_ckan_datasets(
        {"user": "", "auth_user_obj": None, "ignore_auth": True}, data_dict)
    pagination = dcat_logic._pagination_info(query, data_dict)
    # The page's territories, read once: part of the page's key and of each piece's.
    territories = page_cache.territory_rows(d.get("owner_org") for d in query["results"])
    cache_key = page_cache.key(data_dict, query, pagination, territories)
    output = page_cache.get(cache_key) if seconds else None
    if output is None:
        output = catalogue_fragments.render(data_dict.get("profiles"), query["results"],
                                            data_dict.get("format"), pagination, territories)
    if output is None:
        output = RDFSerializer(profiles=data_dict.get("profiles")).serialize_catalog(
            {}, query["results"], _format=data_dict.get("format"), pagination_info=pagination)
    if seconds:
        page_cache.put(cache_key, output, seconds)
    return output
