"""Generated school-year menus for the demo, tests and benchmarks.

Deterministic for a given seed: French school lunches (starter, main, side,
dairy, dessert, sometimes a vegetarian alternative), varied SIQO labels, diets
and allergens, and a share of dishes whose allergen information is missing,
as in real files. Also a dish-composition file and a ma-cantine purchase file
for the same year.
"""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta, timezone
from typing import Dict, List, Optional, Sequence, Tuple

from ..scdl.catalogue import default_catalogue
from .menu_file import slugify
from .vocabulary import DISHES_SCHEMA
from .writer import (DishEntry, RestaurantEntry, Service, WeekEntry, entry_rows, to_csv,
                     write_csv)

BIO, LR, AOP, IGP = ("agriculture biologique", "label rouge",
                     "appellation d'origine protégée", "indication géographique protégée")
G, OE, LAIT, POI, MOU, CEL, FAC, SOJ, SES, SUL, CRU, MOL = (
    "céréales contenant du gluten", "oeufs", "lait", "poissons", "moutarde", "céleri",
    "fruits à coques", "soja", "graines de sésame", "anhydride sulfureux et sulfites",
    "crustacés", "mollusques")
VEG, SANS_PORC = "végétarien", "sans porc "

# (name, allergens, diets, possible SIQO)
STARTERS = [
    ("carottes râpées vinaigrette", [MOU], [VEG], [BIO]),
    ("salade de lentilles", [MOU, CEL], [VEG], [BIO]),
    ("concombre à la crème", [LAIT], [VEG], [BIO]),
    ("betteraves persillées", [MOU], [VEG], [BIO]),
    ("taboulé", [G, CEL], [VEG], []),
    ("œuf dur mayonnaise", [OE, MOU], [VEG], [BIO]),
    ("pâté de campagne", [SUL], [], [LR]),
    ("velouté de potiron", [LAIT, CEL], [VEG], [BIO]),
    ("radis beurre", [LAIT], [VEG], []),
    ("salade de riz au thon", [POI, MOU], [SANS_PORC], []),
    ("pomelos", [], [VEG], []),
    ("céleri rémoulade", [CEL, MOU, OE], [VEG], []),
]
MAINS = [
    ("poulet rôti", [], [SANS_PORC], [LR]),
    ("bœuf bourguignon", [SUL, CEL], [SANS_PORC], [LR]),
    ("filet de colin sauce citron", [POI, LAIT], [SANS_PORC], []),
    ("sauté de porc au caramel", [SOJ], [], [IGP]),
    ("omelette aux fines herbes", [OE, LAIT], [VEG], [BIO]),
    ("hachis parmentier", [LAIT, CEL], [SANS_PORC], []),
    ("lasagnes aux légumes", [G, LAIT, OE], [VEG], [BIO]),
    ("dhal de lentilles corail", [MOU], [VEG, "sans sel"], [BIO]),
    ("boulettes d'agneau aux épices", [G, OE], [SANS_PORC], []),
    ("poisson pané", [G, POI], [SANS_PORC], []),
    ("chili sin carne", [CEL], [VEG], [BIO]),
    ("blanquette de veau", [LAIT, G, CEL], [SANS_PORC], [LR]),
    ("moules marinières", [MOL, CEL, SUL], [SANS_PORC], []),
    ("falafels sauce sésame", [SES, G], [VEG], []),
]
SIDES = [
    ("haricots verts", [], [VEG], [BIO]), ("riz pilaf", [CEL], [VEG], [BIO]),
    ("purée de pommes de terre", [LAIT], [VEG], []), ("coquillettes", [G, OE], [VEG], [BIO]),
    ("carottes Vichy", [LAIT], [VEG], [BIO]), ("semoule", [G], [VEG], []),
    ("ratatouille", [], [VEG], [BIO]), ("frites au four", [], [VEG], []),
]
DAIRY = [
    ("yaourt nature", [LAIT], [VEG], [BIO]), ("comté", [LAIT], [VEG], [AOP]),
    ("camembert", [LAIT], [VEG], []), ("fromage blanc", [LAIT], [VEG], [BIO]),
    ("saint-nectaire", [LAIT], [VEG], [AOP]),
]
DESSERTS = [
    ("pomme", [], [VEG], [BIO]), ("compote de poires", [], [VEG, "sans sucre ajouté"], [BIO]),
    ("mousse au chocolat", [LAIT, OE, SOJ], [VEG], []), ("clafoutis aux cerises", [G, LAIT, OE], [VEG], []),
    ("banane", [], [VEG], []), ("tarte aux pommes", [G, LAIT, OE], [VEG], []),
    ("gâteau aux noix", [G, OE, FAC, LAIT], [VEG], []), ("kiwi", [], [VEG], [BIO]),
]
COURSES = (("entrée", STARTERS), ("plat principal", MAINS), ("garniture", SIDES),
           ("produit laitier", DAIRY), ("dessert", DESSERTS))

# Zone-A-like holidays, relative to the school year's first September.
_HOLIDAYS = ((date(2000, 10, 18), date(2000, 11, 2)), (date(2000, 12, 20), date(2001, 1, 4)),
             (date(2001, 2, 7), date(2001, 2, 22)), (date(2001, 4, 4), date(2001, 4, 19)))


def school_start(today: date) -> date:
    """The September 1st of the school year holding ``today``."""
    return date(today.year if today.month >= 8 else today.year - 1, 9, 1)


def school_days(start: date, count: int = 180) -> List[date]:
    """``count`` weekdays from ``start``, outside the usual school holidays."""
    shift = start.year - 2000
    holidays = [(a.replace(year=a.year + shift), b.replace(year=b.year + shift)) for a, b in _HOLIDAYS]
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in holidays) \
                and (day.month, day.day) not in ((11, 11), (5, 1), (5, 8), (7, 14)):
            days.append(day)
        day += timedelta(days=1)
    return days


def dish_code(name: str) -> str:
    return slugify(name).replace("-", "")[:16].upper()


def generate_entries(days: Sequence[date], restaurant: int, rng: random.Random,
                     missing_share: float = 0.06) -> List[DishEntry]:
    """One restaurant's lunches over ``days``."""
    dishes: List[DishEntry] = []
    for index, day in enumerate(days):
        vegetarian_day = day.weekday() == (restaurant + 1) % 5  # the weekly vegetarian menu
        for course, choices in COURSES:
            pool = [c for c in choices if VEG in c[2]] if vegetarian_day else choices
            picks = [rng.choice(pool)]
            if course == "plat principal" and not vegetarian_day and index % 3 == 0:
                # a vegetarian alternative to the main dish
                picks.append(rng.choice([c for c in MAINS if VEG in c[2] and c != picks[0]]))
            for name, allergens, diets, labels in picks:
                siqo = [label for label in labels if rng.random() < 0.6]
                known = rng.random() >= missing_share
                dishes.append(DishEntry(
                    served_on=day, dish_type=course, name=name, siqo=siqo, diets=list(diets),
                    allergens=list(allergens) if known else None,
                    label="producteur local" if (course == "dessert" and rng.random() < 0.2) else "",
                    nutriscore=rng.choice(["", "A", "B", "C"]),
                    price=round(rng.uniform(0.3, 2.2), 2) if rng.random() < 0.5 else None))
    return dishes


DEMO_SERVICE = Service("Commune de Saint-Étienne", "21420218600018",
                       "Cuisine centrale de Saint-Étienne", "21420218600018")
DEMO_RESTAURANTS = (
    RestaurantEntry("École élémentaire Jules-Ferry", "0421234A", "EN", "élémentaire", "42218"),
    RestaurantEntry("École maternelle Les Tilleuls", "0425678B", "EN", "maternelle", "42218"),
)


def restaurants(count: int, schools: Sequence[RestaurantEntry] = DEMO_RESTAURANTS
                ) -> List[RestaurantEntry]:
    found = list(schools[:count])
    insee = schools[0].insee if schools else "42218"
    for number in range(len(found), count):
        found.append(RestaurantEntry(f"Restaurant scolaire n° {number + 1}", "", "sans",
                                     "élémentaire", insee))
    return found


def menu_csv(start: date, *, days: int = 180, restaurant_count: int = 2, seed: int = 42,
             service: Service = DEMO_SERVICE, missing_share: float = 0.06,
             now: Optional[datetime] = None,
             schools: Sequence[RestaurantEntry] = DEMO_RESTAURANTS) -> bytes:
    """A school year of menus as a scdl/menus-collectifs CSV file."""
    rng = random.Random(seed)
    school = school_days(start, days)
    now = now or datetime(start.year, start.month, start.day, 8, tzinfo=timezone.utc)
    rows: List[Dict[str, str]] = []
    for number, restaurant in enumerate(restaurants(restaurant_count, schools)):
        entry = WeekEntry(service, restaurant, school[0],
                          generate_entries(school, number, rng, missing_share))
        for row in entry_rows(entry, now=now):
            if row["menuPlatNom"] in _PRODUCTS:  # dishes whose composition is published
                row["menuPlatCode"] = dish_code(row["menuPlatNom"])
            rows.append(row)
    rows.sort(key=lambda r: (r["menuDate"], r["menuRestaurantNom"]))
    return to_csv(rows)


_PRODUCTS = {
    "bœuf bourguignon": [("bœuf charolais", "SARL Viandes du Forez", [LR], []),
                         ("carottes", "Ferme des Jarrets", [BIO], []),
                         ("vin rouge", "Cave coopérative", [], [SUL])],
    "lasagnes aux légumes": [("pâtes fraîches", "Pastificio Rhône", [], [G, OE]),
                             ("courgettes", "Ferme des Jarrets", [BIO], []),
                             ("béchamel", "Laiterie de Montbrison", [], [LAIT, G])],
    "gâteau aux noix": [("farine de blé", "Moulin du Pilat", [BIO], [G]),
                        ("noix du Périgord", "Coopérative Noix", [AOP], [FAC]),
                        ("œufs", "Ferme de la Côte", [BIO], [OE])],
}


def composition_csv(now: Optional[datetime] = None, service: Service = DEMO_SERVICE) -> bytes:
    """A scdl/plats-menus-collectifs file for a few generated dishes."""
    stamp = (now or datetime(2025, 9, 1, 8, tzinfo=timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    columns = [f["name"] for f in default_catalogue().get(DISHES_SCHEMA).descriptor["fields"]]
    rows = []
    for dish, products in _PRODUCTS.items():
        for product, supplier, siqo, allergens in products:
            rows.append({
                "platCollNom": service.collectivite, "platCollSiret": service.collectivite_siret,
                "platEtablissementNom": service.producer, "platCode": dish_code(dish),
                "platNom": dish, "platProduitNom": product, "platProduitFournisseurNom": supplier,
                "platProduitSiqo": json.dumps(siqo, ensure_ascii=False) if siqo else "",
                "platProduitAllergene": json.dumps(allergens, ensure_ascii=False),
                "platPublicationDate": stamp, "platModificationDate": stamp,
            })
    return write_csv(columns, rows)


def purchases_csv(start: date, seed: int = 7, siret: str = DEMO_SERVICE.collectivite_siret) -> bytes:
    """A year of ma-cantine purchases (about 60 % of the value EGalim, 25 % organic)."""
    rng = random.Random(seed)
    families = ["VIANDES_VOLAILLES", "PRODUITS_DE_LA_MER", "FRUITS_ET_LEGUMES",
                "PRODUITS_LAITIERS", "BOULANGERIE", "AUTRES"]
    rows = []
    for week in range(40):
        day = start + timedelta(days=7 * week)
        for family in families:
            roll = rng.random()
            categories = "BIO" if roll < 0.25 else "LABEL_ROUGE" if roll < 0.45 else \
                "AOCAOP,IGP" if roll < 0.55 else "HVE" if roll < 0.62 else ""
            rows.append({"siret": siret, "description": f"achats {family.lower()}",
                         "fournisseur": "Fournisseur local", "date": day.isoformat(),
                         "prix_ht": f"{rng.uniform(150, 900):.2f}", "famille_produits": family,
                         "categories_egalim": categories, "origine": "FRANCE",
                         "est_circuit_court": "", "est_local": "", "definition_local": "",
                         "definition_local_km": ""})
    return write_csv(list(rows[0]), rows)


def restaurants_for_service(count: int = 2, schools: Sequence[RestaurantEntry] = DEMO_RESTAURANTS
                            ) -> List[dict]:
    """The ``restaurants`` field of a demo canteen service."""
    return [{"nom": r.name, "identifiant": r.identifier, "type_identifiant": r.identifier_type,
             "type_restaurant": r.kind, "insee": r.insee} for r in restaurants(count, schools)]


def year_range(start: date, days: int = 180) -> Tuple[date, date]:
    school = school_days(start, days)
    return school[0], school[-1]
