"""Which of the suite's licences (schemas/licences.json) a harvested dataset carries,
decided without CKAN.

Portals name the same licence many ways, and ckanext-dcat only recognises a licence
whose URL or title equals, character for character, one of the site's. What communes'
portals really publish:

* udata (data.gouv.fr and its instances): ``dct:license`` = the licence URL
  (``https://www.etalab.gouv.fr/licence-ouverte-open-licence``, no trailing slash) and
  ``dct:rights`` = its title, on each distribution;
* OpenDataSoft: the licence as a label typed by the portal's editor, e.g.
  « Licence Ouverte v2.0 (Etalab) », « Open Database License (ODbL) »;
* another CKAN: its own licence ids (``fr-lo``, ``lov2``, ``odc-odbl``, ``cc-by``...),
  titles and URLs.

A value nobody recognises gives None: the caller then records ``notspecified`` rather
than letting the form's default claim Licence Ouverte for it.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

# Licence Ouverte 1.0 (data.gouv.fr's ``fr-lo``, « Licence Ouverte / Open Licence »
# without a version, OpenDataSoft's « Licence Ouverte (Etalab) ») is not 2.0: it stays
# unknown rather than be claimed as the suite's lo-2.0.
_NAMES = {
    "lo-2.0": (
        "lo-2.0", "lo 2.0", "lov2", "etalab-2.0", "etalab 2.0",
        "licence ouverte 2.0", "licence ouverte v2.0", "licence ouverte v2.0 (etalab)",
        "licence ouverte / open licence 2.0", "licence ouverte / open licence version 2.0",
        "licence ouverte / open licence 2.0 (etalab)", "licence ouverte version 2.0",
        "open licence 2.0",
        # the SCDL « catalogue » schema's value (publishing/scdl_catalogue.py)
        "licence ouverte-lo",
    ),
    "odc-odbl": (
        "odc-odbl", "odbl", "odbl-1.0", "open database license", "open database license (odbl)",
        "open database license (odbl) 1.0", "open data commons open database license (odbl)",
        "open data commons - open database license (odbl)", "open database licence",
        "licence odbl", "open database license-odbl", "odc odbl",
    ),
    "cc-by-4.0": (
        "cc-by-4.0", "cc-by", "cc by", "cc by 4.0", "cc-by 4.0", "creative commons attribution",
        "creative commons attribution 4.0", "creative commons attribution 4.0 international",
        "creative commons attribution (cc-by)", "creative commons by", "cc-by-4",
    ),
}
_URLS = {
    "lo-2.0": ("etalab.gouv.fr/licence-ouverte-open-licence", "etalab.gouv.fr/wp-content/uploads/2017/04/etalab-licence-ouverte-v2.0.pdf",
               "etalab.gouv.fr/licence-ouverte", "spdx.org/licenses/etalab-2.0",
               ),
    "odc-odbl": ("opendatacommons.org/licenses/odbl", "opendatacommons.org/licenses/odbl/1.0",
                 "opendatacommons.org/licenses/odbl/summary",  # data.gouv.fr's own
                 "opendatacommons.org/licenses/odbl/1-0", "opendefinition.org/licenses/odc-odbl",
                 "spdx.org/licenses/odbl-1.0"),
    "cc-by-4.0": ("creativecommons.org/licenses/by/4.0", "creativecommons.org/licenses/by/4.0/legalcode",
                  "creativecommons.org/licenses/by/4.0/deed.fr", "opendefinition.org/licenses/cc-by",
                  "spdx.org/licenses/cc-by-4.0"),
}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", text.strip().lower())


def _url_key(text: str) -> Optional[str]:
    match = re.match(r"^(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,}(?:/[^?#\s]*)?)", _plain(text))
    if not match or "/" not in match.group(1):
        return None
    return match.group(1).rstrip("/")


_BY_NAME = {_plain(name): licence for licence, names in _NAMES.items() for name in names}
_BY_URL = {url: licence for licence, urls in _URLS.items() for url in urls}


def licence_id(value: Optional[str]) -> Optional[str]:
    """The suite's licence id for one id, label or URL; None when unknown."""
    if not value or not str(value).strip():
        return None
    text = str(value)
    url = _url_key(text)
    if url is not None:
        return _BY_URL.get(url)
    plain = _plain(text)
    if plain in _BY_NAME:
        return _BY_NAME[plain]
    # Punctuation and spacing vary from one portal to the next (« Licence Ouverte -
    # Open Licence », « Licence-Ouverte »): compared on letters and digits only.
    squeezed = re.sub(r"[^a-z0-9.]+", "", plain)
    for name, licence in _BY_NAME.items():
        if re.sub(r"[^a-z0-9.]+", "", name) == squeezed:
            return licence
    return None


def first_known(values: Iterable[Optional[str]]) -> Optional[str]:
    """The first of several candidate values (licence, rights, distributions'
    licences...) that names a licence of the suite."""
    for value in values:
        found = licence_id(value)
        if found:
            return found
    return None
