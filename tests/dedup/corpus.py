"""A generated catalogue with planted duplicates of every kind and hard look-alikes.

Shared by the quality test (tests/dedup/test_quality.py) and the benchmark
(benchmarks/dedup.py). No CKAN import: it builds matching.DatasetRecords directly,
with the keys already normalised as the scan would store them.

What is planted (each a pair: a dataset of the catalogue and its copy), by kind:
- identifier: a regional portal's harvested copy (another owner, other links and file,
  a title reworded), with the same dct:identifier;
- url: another territory's dataset pointing to the same file, written another way;
- content: another territory re-uploading the same file (same SHA-256);
- text: the same territory publishing the same data twice under a title written
  another way (accents, punctuation, word order) with the same description;
- schema: the same territory publishing the same SCDL schema for the same year
  under another title;
- headers: the same territory publishing a file with the same columns for the same
  year under another title.

Look-alikes that must stay apart come with the catalogue itself: every territory
publishes the same themes (same titles but for the place, same SCDL schema, same
columns) and most themes once a year (same title but for the year); a platform
boilerplate description sits on a third of the datasets; the regional portal holds
harvested copies of several communes' datasets whose titles are the same.
"""
from __future__ import annotations

import dataclasses
import itertools
import random
from collections import Counter

from ckanext.opendatalocale.dedup.matching import DatasetRecord

KINDS = ["identifier", "url", "content", "text", "schema", "headers"]

# (title, description, SCDL schema or None, columns, yearly)
THEMES = [
    ("Subventions versées aux associations", "Montants et objets des subventions accordées",
     "scdl/subventions", ("nomattribuant", "idattribuant", "dateconvention", "nombeneficiaire",
                          "montant", "objet"), True),
    ("Délibérations du conseil municipal", "Actes adoptés en séance par le conseil",
     "scdl/deliberations", ("coll_nom", "coll_siret", "deliberation_id", "deliberation_date",
                            "deliberation_objet"), True),
    ("Budget primitif", "Prévisions de recettes et de dépenses votées",
     "scdl/budget", ("bgt_nature", "bgt_fonction", "bgt_montant", "bgt_exer"), True),
    ("Équipements publics", "Localisation et caractéristiques des équipements",
     "scdl/equipements", ("equip_uid", "equip_nom", "equip_type", "equip_lat", "equip_long"), False),
    ("Prénoms des nouveau-nés", "Prénoms déclarés à l'état civil et leur nombre",
     "scdl/prenoms", ("commune", "prenom", "sexe", "nombre", "annee"), True),
    ("Marchés publics attribués", "Données essentielles des marchés conclus",
     "scdl/marches-publics", ("id", "acheteur", "objet", "montant", "titulaire"), True),
    ("Arbres d'alignement", "Inventaire des arbres plantés le long des voies",
     None, ("id_arbre", "essence", "hauteur", "circonference", "x", "y"), False),
    ("Parkings vélos", "Emplacements des arceaux et abris pour vélos",
     None, ("id", "adresse", "capacite", "type_abri"), False),
    ("Toilettes publiques", "Adresses et horaires des sanitaires publics",
     None, ("id", "adresse", "horaires", "acces_pmr"), False),
    ("Fréquentation des piscines", "Entrées mensuelles des piscines municipales",
     None, ("piscine", "mois", "entrees"), True),
    ("Consommation électrique des bâtiments", "Relevés des compteurs des bâtiments communaux",
     None, ("batiment", "mois", "kwh"), True),
    ("Collecte des déchets ménagers", "Tonnages collectés par type de déchet",
     None, ("flux", "mois", "tonnes"), True),
    ("Horaires des bibliothèques", "Jours et heures d'ouverture des médiathèques",
     None, ("bibliotheque", "jour", "ouverture", "fermeture"), False),
    ("Bancs publics", "Mobilier urbain : bancs et assises",
     None, ("id_banc", "materiau", "x", "y"), False),
    ("Accidents de la circulation", "Accidents corporels recensés sur la voirie",
     None, ("date", "commune", "gravite", "vehicules"), True),
    ("Cantine scolaire fréquentation", "Repas servis par jour dans les écoles",
     None, ("ecole", "jour", "repas"), True),
    ("Défibrillateurs", "Emplacements des défibrillateurs accessibles au public",
     "etalab/schema-dae", ("c_gid", "c_nom", "c_adr_num", "c_com_insee"), False),
    ("Bornes de recharge", "Points de recharge pour véhicules électriques",
     "etalab/schema-irve-statique", ("id_pdc_itinerance", "nom_station", "puissance_nominale"), False),
    ("Permis de construire délivrés", "Autorisations d'urbanisme accordées",
     None, ("numero", "date_depot", "adresse", "nature"), True),
    ("Qualité de l'air", "Mesures journalières des polluants", None,
     ("station", "jour", "no2", "pm10", "o3"), True),
]
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
BOILERPLATE = ("Données publiées par la collectivité sur son portail open data, sous "
               "Licence Ouverte 2.0. Pour toute question, contactez le service numérique.")
PLACE_WORDS = ["Saint", "Val", "Mont", "Bois", "Pont", "Roche", "Fontaine", "Champ", "Ville",
               "Bourg", "Lac", "Croix", "Pierre", "Marais", "Vigne", "Forêt", "Moulin", "Riviere"]


@dataclasses.dataclass
class Corpus:
    records: list[DatasetRecord]
    planted: dict[tuple[str, str], str]  # sorted pair -> kind


def _place_name(rng, index):
    return f"{rng.choice(PLACE_WORDS)}-{rng.choice(PLACE_WORDS)}-{index}"


def _strip_accents(text):
    import unicodedata
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _reword(rng, title):
    """The same title written by another hand: the text duplicates' titles."""
    way = rng.randrange(4)
    if way == 0:
        return _strip_accents(title)
    if way == 1:
        return title.replace(" ", "  ").upper()
    if way == 2:
        words = title.split()
        return " ".join(words[1:] + words[:1]) if len(words) > 2 else title + " :"
    return "Liste des " + title.lower()


def _headers(columns):
    return tuple(sorted(columns))


def generate(datasets: int = 2000, seed: int = 14, duplicate_share: float = 0.06) -> Corpus:
    """About ``datasets`` records, of which ``duplicate_share`` are planted copies."""
    rng = random.Random(seed)
    records: list[DatasetRecord] = []
    per_territory = 24
    target = int(datasets * (1 - duplicate_share))
    counter = iter(range(10 ** 9))

    def new_id():
        return f"ds{next(counter):07d}"

    for t in itertools.count():
        if len(records) >= target:
            break
        org, insee = f"org{t:05d}", f"{42000 + t:05d}"
        name = _place_name(rng, t)
        themes = rng.sample(THEMES, 8)
        made = 0
        for title, description, schema, columns, yearly in themes:
            years = rng.sample(YEARS, 4) if yearly else [None]
            for year in years:
                if made >= per_territory:
                    break
                made += 1
                full_title = f"{title} {year}" if year else title
                if rng.random() < 0.5:
                    full_title += f" - {name}"
                notes = BOILERPLATE if rng.random() < 0.35 else f"{description} par {name}."
                slug = f"{org}/{title.split()[0].lower()}-{year or 'stock'}-{made}"
                records.append(DatasetRecord(
                    id=new_id(), owner_org=org, title=full_title, notes=notes,
                    tags=(title.split()[0].lower(),),
                    urls=(f"//data.{org}.fr/{slug}.csv",),
                    content_hashes=(f"{rng.getrandbits(256):064x}",) if rng.random() < 0.5 else (),
                    identifier=f"uri://data.{org}.fr/ds/{slug}" if rng.random() < 0.6 else None,
                    spatial=insee,
                    temporal_start=f"{year}-01-01" if year else None,
                    temporal_end=f"{year}-12-31" if year else None,
                    schema=schema,
                    headers=_headers(columns) if rng.random() < 0.7 else ()))

    originals = list(records)
    planted: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    wanted = int(datasets * duplicate_share)
    region = "org-region"
    attempts = 0
    while len(planted) < wanted and attempts < wanted * 50:
        attempts += 1
        kind = KINDS[len(planted) % len(KINDS)]
        base = rng.choice(originals)
        if base.id in used:
            continue
        copy = _copy(rng, kind, base, new_id(), region)
        if copy is None:
            continue
        used.add(base.id)
        records.append(copy)
        planted[tuple(sorted((base.id, copy.id)))] = kind
    rng.shuffle(records)
    return Corpus(records, planted)


def _another_org(rng, base):
    return f"org-voisin-{rng.randrange(10 ** 6)}"


def _copy(rng, kind, base, new_id, region):
    """The planted copy of ``base`` sharing only ``kind``'s signal, or None when
    ``base`` cannot carry that kind (no identifier, no file, no schema...)."""
    fresh = dict(urls=(f"//autre.example/{new_id}.csv",), content_hashes=(), identifier=None,
                 headers=(), schema=None)
    if kind == "identifier":
        if not base.identifier:
            return None
        # The regional portal's copy, about the same commune (spatial kept).
        return dataclasses.replace(base, id=new_id, owner_org=region,
                                   title="[Moissonné] " + base.title, notes=BOILERPLATE + " Copie.",
                                   **dict(fresh, identifier=base.identifier), harvested=True)
    if kind == "url":
        # Keys are stored normalised (urls.normalise_url, tested on its own): the
        # copy's link written another way has the same key.
        return dataclasses.replace(base, id=new_id, owner_org=_another_org(rng, base),
                                   spatial=None, title=f"Jeu repris {new_id}", notes="Reprise.",
                                   **dict(fresh, urls=base.urls))
    if kind == "content":
        if not base.content_hashes:
            return None
        return dataclasses.replace(base, id=new_id, owner_org=_another_org(rng, base),
                                   spatial=None, title=f"Fichier déposé {new_id}",
                                   notes="Dépôt.", **dict(fresh, content_hashes=base.content_hashes))
    if kind == "text":
        if base.notes == BOILERPLATE:
            return None
        return dataclasses.replace(base, id=new_id, title=_reword(rng, base.title), **fresh)
    if kind == "schema":
        if not base.schema or not base.temporal_start:
            return None
        return dataclasses.replace(base, id=new_id, title=f"Export {new_id} du logiciel métier",
                                   notes="Export automatique.", **dict(fresh, schema=base.schema))
    if kind == "headers":
        if base.schema or not base.headers or not base.temporal_start:
            return None
        return dataclasses.replace(base, id=new_id, title=f"Tableau {new_id}",
                                   notes="Tableau de suivi.", **dict(fresh, headers=base.headers))
    raise ValueError(kind)


@dataclasses.dataclass
class Quality:
    precision: float
    recall: float
    by_kind: dict[str, tuple[float, float]]  # kind -> (precision, recall)
    false_positives: list[tuple[str, str]]
    missed: list[tuple[str, str]]


def _ratio(good, total):
    return good / total if total else 1.0


def measure(corpus: Corpus, pairs) -> Quality:
    """Precision and recall of ``pairs`` (matching.CandidatePair) against the plants.

    A pair counts for a kind's precision when one of its reasons is that kind
    (text reasons carry the code "text"); recall per kind is the share of that
    kind's plants found by any signal."""
    found = {pair.datasets: pair for pair in pairs}
    planted = corpus.planted
    true_found = [key for key in found if key in planted]
    per_kind_found, per_kind_true = Counter(), Counter()
    for key, pair in found.items():
        for code in {reason.code for reason in pair.reasons}:
            per_kind_found[code] += 1
            per_kind_true[code] += key in planted
    recalled = Counter(planted[key] for key in true_found)
    totals = Counter(planted.values())
    by_kind = {kind: (_ratio(per_kind_true[kind], per_kind_found[kind]),
                      _ratio(recalled[kind], totals[kind])) for kind in KINDS}
    return Quality(
        precision=_ratio(len(true_found), len(found)),
        recall=_ratio(len(true_found), len(planted)), by_kind=by_kind,
        false_positives=sorted(key for key in found if key not in planted),
        missed=sorted(key for key in planted if key not in found))
