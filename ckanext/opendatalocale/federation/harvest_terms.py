"""What the suite decides about a harvested dataset, without CKAN.

Harvesting a commune's catalogue into its territory (``harvesting.py`` wires this into
ckanext-dcat's DCAT RDF harvester): which identifier the copy keeps, which text is
refused before it reaches the database, and the French sentences a territory's admin
reads on the harvest job page.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional, Tuple

from ..scdl.i18n import translate as _

# A harvested text longer than this is refused (a catalogue is not where a 1 MB title
# belongs); the suite's own forms cap titles lower, this guards the database and pages.
MAX_TITLE = 1_000
MAX_TEXT = 100_000
# NUL cannot be stored by PostgreSQL (the import would fail midway); the other C0
# controls (tab, line breaks aside) have no business in metadata and can hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _extra(dataset: dict, key: str) -> Optional[str]:
    for extra in dataset.get("extras") or []:
        if extra.get("key") in (key, "dcat_" + key):
            return extra.get("value")
    return None


def remote_identifier(dataset: dict, guid: Optional[str]) -> Optional[str]:
    """The ``identifier`` a harvested copy keeps: the source's ``dct:identifier``
    (what udata and other portals deduplicate on), else the guid ckanext-dcat matched
    it by (the node's URI), so that a copy always says where it comes from."""
    for value in (dataset.get("identifier"), _extra(dataset, "identifier"), guid):
        if value not in (None, "") and str(value).strip():
            return str(value).strip()
    return None


def _texts(value: Any, path: str = "") -> Iterable[Tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def hostile_text(dataset: dict) -> Optional[str]:
    """Why this harvested dataset is refused (a French sentence), None if it is not.

    Markup is not refused: it is stored as text and escaped where it is shown."""
    title = str(dataset.get("title") or "")
    label = _short(title) or str(dataset.get("name") or "?")
    for path, text in _texts(dataset):
        if _CONTROL.search(text):
            return _(
                "Le jeu de données « {title} » n'a pas été moissonné : le champ {field} "
                "contient des caractères de contrôle (par exemple NUL)."
            ).format(title=_CONTROL.sub("", label), field=path)
        limit = MAX_TITLE if path == "title" else MAX_TEXT
        if len(text) > limit:
            return _(
                "Le jeu de données « {title} » n'a pas été moissonné : le champ {field} "
                "dépasse {limit} caractères."
            ).format(title=label, field=path, limit=limit)
    return None


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def unreadable_source(url: str, reason: str) -> str:
    return _(
        "Le catalogue {url} n'a pas été moissonné : {reason} "
        "Les jeux de données déjà moissonnés restent inchangés ; le prochain moissonnage "
        "reprendra."
    ).format(url=_short(url, 300), reason=reason)


def malformed_rdf(url: str, rdf_format: str, detail: str) -> str:
    return _(
        "Le catalogue {url} n'a pas été moissonné : ce n'est pas un document RDF lisible "
        "(format {format}) : {detail}. Les jeux de données déjà moissonnés restent "
        "inchangés ; le prochain moissonnage reprendra."
    ).format(url=_short(url, 300), format=rdf_format or "RDF/XML", detail=_short(detail, 300))


def not_text(url: str) -> str:
    return unreadable_source(url, _("son contenu n'est pas du texte UTF-8."))


def no_territory(source_title: str) -> str:
    return _(
        "La source de moissonnage « {title} » n'est rattachée à aucun territoire actif : "
        "rattachez-la à l'organisation du territoire qui doit recevoir les jeux de données."
    ).format(title=_short(source_title))


def identifier_taken(title: str, guid: str) -> str:
    return _(
        "Le jeu de données « {title} » n'a pas été moissonné : son identifiant {guid} est "
        "déjà celui d'un jeu de données venu d'une autre source (ou saisi sur ce portail) ; "
        "il n'est ni remplacé ni déplacé."
    ).format(title=_short(title), guid=_short(guid, 300))
