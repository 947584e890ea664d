"""The official list of French territories, looked up: pure module, no CKAN import.

Reads only the shipped ``territories.json.gz`` (built by ``build.py`` from
INSEE's COG through ``@etalab/decoupage-administratif``). Look-ups by INSEE
code, SIREN, postal code and name (accents, case and "st"/"ste" abbreviations
ignored), the hierarchy commune → EPCI → département → région, and old codes
of merged communes or communes déléguées leading to today's commune, saying so.

Départements and régions carry no SIREN in the source: they are left empty
rather than guessed. Their population is the sum of their communes'.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import gzip
import heapq
import itertools
import json
import pathlib
import re
import unicodedata
from typing import Iterable

from .. import kinds
from .build import DATA_FILE, META_FILE

COMMUNE, EPCI, DEPARTEMENT, REGION = "commune", "epci", "departement", "region"
KINDS = (COMMUNE, EPCI, DEPARTEMENT, REGION)
FORM_KIND = kinds.FORM
_KIND_ORDER = {REGION: 0, DEPARTEMENT: 1, EPCI: 2, COMMUNE: 3}

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_FORMER_KINDS = {
    "commune-fusionnee": "ancienne commune fusionnée",
    "commune-deleguee": "commune déléguée",
    "commune-associee": "commune associée",
    "arrondissement-municipal": "arrondissement municipal",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SIREN = re.compile(r"^\d{9}$")
# Digits (Corsica: 2A, 2B) only: a code of some kind, never a name.
_CODE_LIKE = re.compile(r"(\d|2[AB])\d{1,8}")


def normalize(text: str) -> str:
    """'Saint-Étienne' -> 'saint etienne'; 'L'Abergement' -> 'l abergement'; 'st' -> 'saint'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _NON_WORD.sub(" ", folded).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclasses.dataclass(frozen=True)
class Territory:
    kind: str  # commune, epci, departement, region
    code: str  # INSEE code (commune, département, région) or SIREN (EPCI)
    name: str
    siren: str | None = None
    population: int | None = None
    departement: str | None = None
    region: str | None = None
    postal_codes: tuple[str, ...] = ()
    former_codes: tuple[str, ...] = ()
    epci_type: str | None = None  # CC, CA, CU, METRO
    members: tuple[str, ...] = ()

    @property
    def insee_code(self) -> str | None:
        return None if self.kind == EPCI else self.code

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.code

    @property
    def form_kind(self) -> str:
        return FORM_KIND[self.kind]


@dataclasses.dataclass(frozen=True)
class Redirect:
    """A code that is no longer a commune of its own, and today's commune."""
    code: str
    name: str | None
    kind: str  # commune-fusionnee, commune-deleguee, commune-associee, arrondissement-municipal
    successor: Territory

    @property
    def message(self) -> str:
        label = _FORMER_KINDS.get(self.kind, self.kind)
        named = f"« {self.name} » ({self.code})" if self.name else f"le code {self.code}"
        if self.kind == "arrondissement-municipal":
            return f"{named} est un {label} de {self.successor.name} ({self.successor.code})."
        return (f"{named} : {label}, aujourd'hui dans la commune de {self.successor.name} "
                f"({self.successor.code}).")


class Referential:
    """Territories held as plain rows with integer ids (fast to load); Territory
    objects are made only for what a look-up returns."""

    def __init__(self, document: dict, meta: dict | None = None):
        self.meta = meta or {}
        self._rows: list[tuple] = []
        self._id: dict[tuple[str, str], int] = {}
        self._by_siren: dict[str, int] = {}
        self._by_postal: dict[str, list[int]] = {}
        self._epci_of: dict[str, int] = {}
        self._redirects: dict[str, tuple] = {}
        self._objects: dict[int, Territory] = {}
        self._load(document)
        self._names: list[str] | None = None

    # --- loading ---------------------------------------------------------------

    def _add(self, row: tuple) -> int:
        territory_id = len(self._rows)
        self._rows.append(row)
        self._id[(row[0], row[1])] = territory_id
        if row[3]:
            self._by_siren[row[3]] = territory_id
        return territory_id

    def _load(self, document: dict) -> None:
        region_of_departement = {code: region for code, _, region, _ in document["departements"]}
        departement_population: dict[str, int] = {}
        region_population: dict[str, int] = {}
        commune_departement: dict[str, str] = {}
        for insee, name, siren, population, departement, region, postal, former in document["communes"]:
            self._add((COMMUNE, insee, name, siren, population, departement, region,
                       postal, former, None, ""))
            commune_departement[insee] = departement
            if population:
                departement_population[departement] = departement_population.get(departement, 0) + population
                region_population[region] = region_population.get(region, 0) + population
        for siren, name, epci_type, population, members in document["epci"]:
            members = members.split()
            departements = [commune_departement[m] for m in members if m in commune_departement]
            main = max(set(departements), key=departements.count) if departements else None
            territory_id = self._add((EPCI, siren, name, siren, population, main,
                                      region_of_departement.get(main or ""), "", "", epci_type,
                                      " ".join(members)))
            for member in members:
                self._epci_of[member] = territory_id
        for code, name, region, _chef_lieu in document["departements"]:
            self._add((DEPARTEMENT, code, name, None, departement_population.get(code), code, region,
                       "", "", None, ""))
        for code, name, _chef_lieu in document["regions"]:
            self._add((REGION, code, name, None, region_population.get(code), None, code,
                       "", "", None, ""))
        for code, name, kind, successor in document["former"]:
            if (COMMUNE, successor or "") in self._id:
                self._redirects[code] = (code, name, kind, successor)

    def _territory(self, territory_id: int) -> Territory:
        territory = self._objects.get(territory_id)
        if territory is None:
            (kind, code, name, siren, population, departement, region, postal, former,
             epci_type, members) = self._rows[territory_id]
            territory = Territory(kind, code, name, siren, population, departement, region,
                                  tuple(postal.split()), tuple(former.split()), epci_type,
                                  tuple(members.split()))
            self._objects[territory_id] = territory
        return territory

    def _index_names(self) -> None:
        """Built on the first name search: word -> territory ids, sorted words for
        prefixes, and each territory's place in the default order (kind, then
        most populated first)."""
        self._ranked_prefixes: dict[str, list[int]] = {}
        self._names = [normalize(row[2]) for row in self._rows]
        words: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        for territory_id, name in enumerate(self._names):
            self._exact.setdefault(name, []).append(territory_id)
            for word in set(name.split()):
                words.setdefault(word, []).append(territory_id)
        self._words = words
        self._sorted_words = sorted(words)
        order = sorted(range(len(self._rows)), key=lambda i: (
            _KIND_ORDER[self._rows[i][0]], -(self._rows[i][4] or 0), self._rows[i][1]))
        self._rank = [0] * len(order)
        for position, territory_id in enumerate(order):
            self._rank[territory_id] = position

    # --- look-ups --------------------------------------------------------------

    def _get_id(self, kind: str, code: str) -> Territory | None:
        territory_id = self._id.get((kind, code))
        return None if territory_id is None else self._territory(territory_id)

    def get(self, kind: str, code: str) -> Territory | None:
        return self._get_id(kind, str(code).strip().upper())

    def by_siren(self, siren: str) -> Territory | None:
        territory_id = self._by_siren.get(re.sub(r"\s", "", str(siren)))
        return None if territory_id is None else self._territory(territory_id)

    def by_postal_code(self, postal_code: str) -> list[Territory]:
        if not self._by_postal:  # built on first use
            for territory_id, row in enumerate(self._rows):
                for code in row[7].split():
                    self._by_postal.setdefault(code, []).append(territory_id)
        return [self._territory(i) for i in self._by_postal.get(str(postal_code).strip(), ())]

    def redirect(self, code: str) -> Redirect | None:
        """The old code of a merged commune, a commune déléguée or associée, or a
        municipal arrondissement, with today's commune."""
        found = self._redirects.get(str(code).strip().upper())
        if found is None:
            return None
        old, name, kind, successor = found
        return Redirect(old, name, kind, self._get_id(COMMUNE, successor))

    def by_insee(self, code: str) -> tuple[Territory | None, Redirect | None]:
        """Today's commune for an INSEE code, with the redirect when the code is an old one."""
        commune = self.get(COMMUNE, code)
        if commune is not None:
            return commune, None
        redirect = self.redirect(code)
        return (redirect.successor, redirect) if redirect else (None, None)

    def by_code(self, code: str, kind: str | None = None) -> list[Territory]:
        """Everything a code may name: "84" is both Vaucluse and Auvergne-Rhône-Alpes;
        a 9-digit code is a SIREN (EPCI or commune)."""
        code = re.sub(r"\s", "", str(code)).upper()
        if _SIREN.match(code):
            territory = self.by_siren(code)
            return [territory] if territory and (kind is None or territory.kind == kind) else []
        return [t for t in (self._get_id(k, code) for k in ([kind] if kind else KINDS)) if t]

    def find(self, query: str, kinds: Iterable[str] | None = None, limit: int = 10
             ) -> list[tuple[Territory, Redirect | None]]:
        """What a person types in one box: a code (INSEE, SIREN, old code of a merged
        commune, postal code, département or région number) or a name. « 42000 » is
        Saint-Étienne's postal code; « 42218 » its INSEE code; « 214202186 » its SIREN."""
        wanted = set(kinds) if kinds else None
        code = re.sub(r"[\s.]", "", str(query)).upper()
        if _CODE_LIKE.fullmatch(code):
            found: list[tuple[Territory, Redirect | None]] = [
                (t, None) for t in self.by_code(code) if wanted is None or t.kind in wanted]
            if not found and (wanted is None or COMMUNE in wanted):
                commune, redirect = self.by_insee(code)
                if commune is not None:
                    found.append((commune, redirect))
            seen = {territory.key for territory, _ in found}
            found += [(t, None) for t in sorted(self.by_postal_code(code), key=lambda t: t.name)
                      if t.key not in seen and (wanted is None or t.kind in wanted)]
            return found[:limit]
        return [(t, None) for t in self.search(query, kinds, limit)]

    def search(self, query: str, kinds: Iterable[str] | None = None, limit: int = 10) -> list[Territory]:
        """Names containing every word of the query, the last one as a prefix (typing
        in an autocomplete); exact names first, then names starting with the query,
        then régions, départements, EPCI, communes, the most populated first."""
        if self._names is None:
            self._index_names()
        normalized = normalize(query)
        words = normalized.split()
        if len(words) > 1 and len(words[-1]) < 2:
            words = words[:-1]  # "saint e": one letter typed, not a word to filter on yet
        if not words:
            return []
        wanted = set(kinds) if kinds else None
        if len(words) == 1:
            return self._search_one_word(words[0], normalized, wanted, limit)
        candidates: set[int] | None = None
        # Rarest words first: the intersection stays small.
        for word in sorted(words[:-1], key=lambda w: len(self._words.get(w, ()))) + [words[-1]]:
            last = word is words[-1]
            matches = self._prefix_ids(word) if last else self._words.get(word, ())
            candidates = set(matches) if candidates is None else candidates.intersection(matches)
            if not candidates:
                return []
        rows, names, rank = self._rows, self._names, self._rank
        found = [i for i in candidates if wanted is None or rows[i][0] in wanted]
        exact = [i for i in found if names[i] == normalized]
        starting = [i for i in found if names[i] != normalized and names[i].startswith(normalized)]
        best = sorted(exact, key=rank.__getitem__) + sorted(starting, key=rank.__getitem__)
        if len(best) < limit:
            chosen = set(best)
            best += heapq.nsmallest(limit - len(best), (i for i in found if i not in chosen),
                                    key=rank.__getitem__)
        return [self._territory(i) for i in best[:limit]]

    def _search_one_word(self, word: str, normalized: str, wanted, limit: int) -> list[Territory]:
        """The autocomplete's usual case, one word being typed ("sain"): the
        territories whose words start with it, kept ranked per prefix, so that
        common prefixes cost no more than rare ones."""
        ranked = self._ranked_prefixes.get(word)
        if ranked is None:
            ranked = sorted(set(self._prefix_ids(word)), key=self._rank.__getitem__)
            if len(self._ranked_prefixes) > 512:
                self._ranked_prefixes.clear()
            self._ranked_prefixes[word] = ranked
        rows, names = self._rows, self._names
        exact = sorted((i for i in self._exact.get(normalized, ())
                        if wanted is None or rows[i][0] in wanted), key=self._rank.__getitem__)
        starting: list[int] = []
        rest: list[int] = []
        for territory_id in ranked:  # by rank: stop once the page is full
            if wanted is not None and rows[territory_id][0] not in wanted:
                continue
            name = names[territory_id]
            if name == normalized:
                continue
            if name.startswith(normalized):
                starting.append(territory_id)
                if len(exact) + len(starting) >= limit:
                    break
            elif len(rest) < limit:
                rest.append(territory_id)
        return [self._territory(i) for i in (exact + starting + rest)[:limit]]

    def _prefix_ids(self, prefix: str) -> Iterable[int]:
        if len(prefix) < 2:
            return self._words.get(prefix, ())
        start = bisect.bisect_left(self._sorted_words, prefix)
        ids: list[int] = []
        for word in itertools.islice(self._sorted_words, start, None):
            if not word.startswith(prefix):
                break
            ids.extend(self._words[word])
        return ids

    # --- hierarchy -------------------------------------------------------------

    def epci_of(self, commune: Territory) -> Territory | None:
        if commune.kind != COMMUNE or commune.code not in self._epci_of:
            return None
        return self._territory(self._epci_of[commune.code])

    def departement_of(self, territory: Territory) -> Territory | None:
        if territory.kind not in (COMMUNE, EPCI):
            return None
        return self._get_id(DEPARTEMENT, territory.departement or "")

    def region_of(self, territory: Territory) -> Territory | None:
        return None if territory.kind == REGION else self._get_id(REGION, territory.region or "")

    def parent_of(self, territory: Territory) -> Territory | None:
        """The level just above: commune → EPCI (else département), EPCI →
        département, département → région."""
        if territory.kind == COMMUNE:
            return self.epci_of(territory) or self.departement_of(territory)
        if territory.kind == EPCI:
            return self.departement_of(territory)
        return self.region_of(territory)

    def members_of(self, epci: Territory) -> list[Territory]:
        return [t for t in (self._get_id(COMMUNE, code) for code in epci.members) if t]

    def in_area(self, kind: str, region: str | None = None, departement: str | None = None
                ) -> list[Territory]:
        """Territories of a kind in a région and/or département (an EPCI by its main
        département, the one holding most of its member communes)."""
        return [self._territory(i) for i, row in enumerate(self._rows)
                if row[0] == kind and (region is None or row[6] == region)
                and (departement is None or kind == REGION or row[5] == departement)]

    def names_of(self, kind: str) -> list[str]:
        """Official names of every territory of a kind (no object made for each)."""
        return [row[2] for row in self._rows if row[0] == kind]

    def counts(self) -> dict[str, int]:
        kinds = [row[0] for row in self._rows]
        return {
            "communes": kinds.count(COMMUNE),
            "communes_over_3500": sum(1 for row in self._rows
                                      if row[0] == COMMUNE and (row[4] or 0) > 3500),
            "epci": kinds.count(EPCI), "departements": kinds.count(DEPARTEMENT),
            "regions": kinds.count(REGION), "former_codes": len(self._redirects),
        }


def load(data_file: pathlib.Path | str = DATA_FILE, meta_file: pathlib.Path | str = META_FILE) -> Referential:
    with gzip.open(data_file, "rt", encoding="utf-8") as stream:
        document = json.load(stream)
    meta = json.loads(pathlib.Path(meta_file).read_text(encoding="utf-8"))
    return Referential(document, meta)


@functools.lru_cache(maxsize=1)
def shipped() -> Referential:
    """The shipped referential, loaded once per process."""
    return load()


def describe(territory: Territory, referential: Referential) -> dict:
    """What the territory form and the API need: kind, codes, population, parents."""
    parent = referential.parent_of(territory)
    departement = referential.departement_of(territory)
    region = referential.region_of(territory)
    return {
        "kind": territory.form_kind, "referential_kind": territory.kind,
        "code": territory.code, "name": territory.name, "insee_code": territory.insee_code,
        "siren": territory.siren, "population": territory.population,
        "epci_type": territory.epci_type,
        "postal_codes": list(territory.postal_codes),
        "departement": {"code": departement.code, "name": departement.name} if departement else None,
        "region": {"code": region.code, "name": region.name} if region else None,
        "parent": {"kind": parent.form_kind, "code": parent.code, "name": parent.name,
                   "siren": parent.siren, "insee_code": parent.insee_code} if parent else None,
        "member_count": len(territory.members) if territory.kind == EPCI else None,
    }
