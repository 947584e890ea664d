"""Which territory a dataset harvested by a platform-level source belongs to, from what
its publisher says: pure module (no CKAN import).

A regional portal federates many communes: each dataset's ``dct:publisher`` (its
identifier, its URI, its homepage, its name) and its ``dct:spatial`` carry a SIREN, a
SIRET or an INSEE (COG) code in the forms portals really write them
(``https://.../siren/213...``, ``SIREN:213...``, ``SIRET 213... 00013``,
``http://id.insee.fr/geo/commune/42218``, udata's ``fr:commune:42218``). The first that
names one territory of the portal wins, in this order: SIREN of the publisher, INSEE code
of the publisher, INSEE code of the spatial coverage; then the configured mapping
(publisher name or URI -> territory name). Nothing matched, or several territories
matched: the dataset is not placed, and the French reason says why (harvesting.py keeps
it private in the source's own organization and lists it for an admin).

Only platform-level sources come here: a territory's own catalogue always lands in that
territory, whatever its document says.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..scdl.i18n import translate as _
from ..scdl.identifiers import is_valid_commune_code, is_valid_siren, is_valid_siret

_PUBLISHER_KEYS = ("uri", "identifier", "url", "name")
# ckanext-dcat's parser without a scheming ``publisher`` field hands the publisher over
# as extras; the CKAN API gives the remote organization.
_PUBLISHER_EXTRAS = {"publisher_" + key: key for key in _PUBLISHER_KEYS}
_SPATIAL_EXTRAS = ("spatial_uri", "spatial")

# A run of digits, spaces and dots between two digits: « 213 700 066 », « 21370006600013 ».
_NUMBER = re.compile(r"(?<![0-9])[0-9](?:[0-9 .\u00a0]{7,20})[0-9](?![0-9])")
# INSEE's own URIs, geo.api.gouv.fr, udata's GeoZones (« fr:commune:42218@1942-01-01 »).
_INSEE_URI = re.compile(
    r"(?:id\.insee\.fr/geo/|geo\.api\.gouv\.fr/)"
    r"(commune|communes|departement|departements|region|regions|arrondissementMunicipal)"
    r"/([0-9][0-9AB][0-9]{0,3})\b", re.IGNORECASE)
_GEOZONE = re.compile(r"\bfr:(commune|departement|region):([0-9AB]{2,5})\b", re.IGNORECASE)
_INSEE_LABEL = re.compile(r"\b(?:insee|cog)\s*[:= ]\s*([0-9][0-9AB][0-9]{3})\b", re.IGNORECASE)
_EPCI_URI = re.compile(r"id\.insee\.fr/geo/(?:epci|intercommunalite)/([0-9]{9})\b", re.IGNORECASE)
_LEVELS = {"commune": "commune", "communes": "commune", "arrondissementmunicipal": "commune",
           "departement": "departement", "departements": "departement",
           "region": "region", "regions": "region"}
# The kind of a territory (territories/kinds.py) -> the COG level of its INSEE code.
KIND_LEVEL = {"commune": "commune", "departement": "departement", "region": "region"}


@dataclass(frozen=True)
class Publisher:
    """What a harvested dataset says about who published it and where."""
    names: Tuple[str, ...] = ()
    references: Tuple[str, ...] = ()  # URIs, identifiers, homepages
    spatial: Tuple[str, ...] = ()     # dct:spatial URIs or COG codes

    @property
    def label(self) -> str:
        return (self.names or self.references or ("?",))[0]


@dataclass(frozen=True)
class Placement:
    """Where the dataset goes: a territory id, or None with the French reason."""
    territory_id: Optional[str]
    matched_by: str = ""  # « siren 213700066 », « insee commune 42218 », « correspondance »
    reason: str = ""


@dataclass
class TerritoryIndex:
    """The portal's active territories by SIREN, by (COG level, code), by name."""
    by_siren: Dict[str, List[str]] = field(default_factory=dict)
    by_insee: Dict[Tuple[str, str], List[str]] = field(default_factory=dict)
    by_name: Dict[str, str] = field(default_factory=dict)
    titles: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Iterable[Mapping[str, Any]]) -> "TerritoryIndex":
        """From territory records (id, name, title, kind, siren, insee_code)."""
        index = cls()
        for record in records:
            territory_id = record["id"]
            index.by_name[record["name"]] = territory_id
            index.titles[territory_id] = record.get("title") or record["name"]
            siren = _digits(record.get("siren") or "")
            if len(siren) == 9:
                index.by_siren.setdefault(siren, []).append(territory_id)
            level = KIND_LEVEL.get(record.get("kind") or "")
            code = str(record.get("insee_code") or "").strip().upper()
            if level and code:
                index.by_insee.setdefault((level, code), []).append(territory_id)
        return index


def _digits(text: str) -> str:
    return re.sub(r"[ .\u00a0]", "", text)


def _as_list(value: Any) -> list:
    if isinstance(value, str) and value.strip().startswith(("[", "{")):
        # The scheming-aware parser hands repeating subfields over as JSON text.
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def _texts(values: Iterable[Any]) -> Tuple[str, ...]:
    seen: List[str] = []
    for value in values:
        text = " ".join(str(value).split()) if value not in (None, "") else ""
        if text and text not in seen:
            seen.append(text)
    return tuple(seen)


def publisher_of(dataset: Mapping[str, Any]) -> Publisher:
    """The publisher clues of a harvested dataset dict, before it is cut to the schema:
    ckanext-dcat's scheming ``publisher`` list or its ``publisher_*`` extras, a CKAN
    dataset's ``organization``, and the spatial coverage."""
    names: List[Any] = []
    references: List[Any] = []
    spatial: List[Any] = []
    for agent in _as_list(dataset.get("publisher")):
        if isinstance(agent, Mapping):
            names.append(agent.get("name"))
            references.extend(agent.get(key) for key in ("identifier", "uri", "url"))
        else:
            references.append(agent)
    extras = {extra.get("key"): extra.get("value") for extra in dataset.get("extras") or []
              if isinstance(extra, Mapping)}
    for source in (extras, dataset):
        for key, role in _PUBLISHER_EXTRAS.items():
            for prefix in ("", "dcat_"):
                value = source.get(prefix + key)
                if value not in (None, ""):
                    (names if role == "name" else references).append(value)
    organization = dataset.get("organization")
    if isinstance(organization, Mapping):
        names.append(organization.get("title"))
        references.extend(organization.get(key) for key in ("siren", "siret"))
        if organization.get("insee_code"):
            references.append("INSEE:" + str(organization["insee_code"]))
        for extra in organization.get("extras") or []:
            if isinstance(extra, Mapping) and extra.get("key") in ("siren", "siret"):
                references.append(extra.get("value"))
            elif isinstance(extra, Mapping) and extra.get("key") == "insee_code":
                references.append("INSEE:" + str(extra.get("value")))
    for location in _as_list(dataset.get("spatial_coverage")):
        if isinstance(location, Mapping):
            spatial.append(location.get("uri"))
        else:
            spatial.append(location)
    for key in _SPATIAL_EXTRAS:
        for source in (extras, dataset):
            value = source.get(key)
            if isinstance(value, str) and not value.lstrip().startswith("{"):
                spatial.append(value)
    return Publisher(_texts(names), _texts(references), _texts(spatial))


def sirens_in(text: str) -> List[str]:
    """SIRENs a text carries: a valid SIREN, or the first nine digits of a valid SIRET."""
    found: List[str] = []
    for match in _EPCI_URI.finditer(text):
        found.append(match.group(1))
    for match in _NUMBER.finditer(text):
        # « 214 200 990 214 202 186 » is two SIRENs: groups are joined from the left,
        # the longest valid number (a SIRET) first.
        groups = re.split(r"[ .\u00a0]+", match.group(0))
        start = 0
        while start < len(groups):
            taken = 1
            for end in range(len(groups), start, -1):
                digits = "".join(groups[start:end])
                if len(digits) == 14 and is_valid_siret(digits):
                    found.append(digits[:9])
                elif len(digits) == 9 and is_valid_siren(digits):
                    found.append(digits)
                else:
                    continue
                taken = end - start
                break
            start += taken
    return [siren for number, siren in enumerate(found) if siren not in found[:number]]


def insee_codes_in(text: str, bare: bool = False) -> List[Tuple[str, str]]:
    """(COG level, code) a text carries; ``bare``: a lone five-character code is a
    commune (the suite's own ``spatial_coverage``)."""
    found: List[Tuple[str, str]] = []
    for pattern in (_INSEE_URI, _GEOZONE):
        for match in pattern.finditer(text):
            found.append((_LEVELS[match.group(1).lower()], match.group(2).upper()))
    for match in _INSEE_LABEL.finditer(text):
        found.append(("commune", match.group(1).upper()))
    if bare and is_valid_commune_code(text.strip().upper()):
        found.append(("commune", text.strip().upper()))
    found = [(level, code) for level, code in found
             if level != "commune" or is_valid_commune_code(code)]
    return [code for number, code in enumerate(found) if code not in found[:number]]


def normalise_key(text: str) -> str:
    """A mapping key as compared: case, accents, spacing and a final slash ignored."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split()).rstrip("/")


def parse_mapping(text: str) -> Dict[str, str]:
    """The site's mapping option: one « publisher name or URI = territory name » a line.

    The last ``=`` splits (a URI may hold one in its query, a territory name never)."""
    mapping: Dict[str, str] = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _sep, territory = line.rpartition("=")
        if key.strip() and territory.strip():
            mapping[normalise_key(key)] = territory.strip()
    return mapping


def _one(territory_ids: Sequence[str]) -> Optional[str]:
    unique = sorted(set(territory_ids))
    return unique[0] if len(unique) == 1 else None


def place(publisher: Publisher, index: TerritoryIndex,
          mappings: Sequence[Mapping[str, str]] = ()) -> Placement:
    """The territory of one harvested dataset; ``mappings`` are tried in order (the
    source's own, then the site's), each normalised key -> territory name."""
    sirens = [siren for text in publisher.references + publisher.names for siren in sirens_in(text)]
    publisher_codes = [code for text in publisher.references + publisher.names
                       for code in insee_codes_in(text)]
    spatial_codes = [code for text in publisher.spatial for code in insee_codes_in(text, bare=True)]
    ambiguous: List[str] = []
    steps = ([("siren " + siren, index.by_siren.get(siren, [])) for siren in sirens]
             + [(f"insee {level} {code}", index.by_insee.get((level, code), []))
                for level, code in publisher_codes + spatial_codes])
    # One rule at a time (every SIREN, then every INSEE code): a dataset naming two
    # territories by the same rule is not guessed.
    for rule in ("siren", "insee"):
        matched = {territory_id: label for label, ids in steps if label.startswith(rule)
                   for territory_id in ids}
        if len(matched) == 1:
            territory_id, label = next(iter(matched.items()))
            return Placement(territory_id, label)
        if len(matched) > 1:
            ambiguous = sorted(index.titles.get(territory_id, territory_id) for territory_id in matched)
            break
    for mapping in mappings:
        for key in publisher.references + publisher.names:
            territory_name = mapping.get(normalise_key(key))
            if territory_name is None:
                continue
            territory_id = index.by_name.get(territory_name)
            if territory_id is None:
                return Placement(None, reason=_(
                    "la correspondance configurée pour l'éditeur « {publisher} » désigne le "
                    "territoire « {territory} », qui n'existe pas (ou plus) sur ce portail."
                ).format(publisher=_short(key), territory=_short(territory_name)))
            return Placement(territory_id, "correspondance « " + _short(key) + " »")
    if ambiguous:
        return Placement(None, reason=_(
            "l'éditeur « {publisher} » correspond à plusieurs territoires ({territories}) : "
            "aucun n'a été choisi."
        ).format(publisher=_short(publisher.label), territories=", ".join(ambiguous)))
    clues = ["SIREN " + siren for siren in sirens] + [
        _("code INSEE {code}").format(code=code) for _level, code in publisher_codes + spatial_codes]
    if clues:
        return Placement(None, reason=_(
            "aucun territoire de ce portail ne porte {clues} (éditeur « {publisher} »), et "
            "aucune correspondance n'est configurée pour cet éditeur."
        ).format(clues=", ".join(clues), publisher=_short(publisher.label)))
    return Placement(None, reason=_(
        "l'éditeur « {publisher} » ne donne ni SIREN, ni SIRET, ni code INSEE, et aucune "
        "correspondance n'est configurée pour lui."
    ).format(publisher=_short(publisher.label)))


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"
