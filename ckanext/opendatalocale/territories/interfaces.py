"""The plugin interface through which capabilities give the dashboard indicators."""
from __future__ import annotations

from typing import Any

import ckan.plugins.interfaces as interfaces


class ITerritoryIndicators(interfaces.Interface):
    """Provide indicators that phase criteria can reference by id.

    ``get_territory_indicators()`` returns a list of
    :class:`ckanext.opendatalocale.territories.indicators.Indicator` or of dicts
    with the same keys:

    - ``id``: referenced by ``indicator:`` in the phases file;
    - ``label``: French text (or ``{fr, en}``);
    - ``phase``: the phase number it mostly speaks to (a hint for pages);
    - ``compute``: ``compute(context) -> {territory_id: value}`` where ``context``
      is an :class:`~ckanext.opendatalocale.territories.indicators.IndicatorContext`.
      It is called once for all the territories of a page, so it should run one
      query for all of them, never one per territory; values count **public**
      data only. Territories missing from the result get ``default``;
    - ``unit``: ``count`` (default) or ``share`` (a fraction between 0 and 1);
    - ``default``: value for territories absent from the result (0 for counts);
    - ``overview``: True to show it as a sortable column of the territories
      overview too (default False).

    A criterion whose indicator no enabled plugin provides shows as
    "non disponible" and is not met.
    """

    def get_territory_indicators(self) -> list[Any]:
        return []
