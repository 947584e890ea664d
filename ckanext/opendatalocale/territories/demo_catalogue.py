"""What the demo territories publish: titles, descriptions and CSV files, generated from
a territory's identity so that every file differs (the duplicate finder would rightly
pair identical files) and the SCDL ones are built from the schemas' own valid examples.

Pure module (no CKAN import): the same territory and theme give the same bytes.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import pathlib
import re

from ..scdl.identifiers import head_office_siret

_DATA = pathlib.Path(__file__).resolve().parent.parent / "scdl" / "data"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


@dataclasses.dataclass(frozen=True)
class Territory:
    name: str
    title: str
    siren: str = ""
    insee_code: str = ""


@dataclasses.dataclass(frozen=True)
class Theme:
    id: str
    title: str
    notes: str
    tags: tuple[str, ...]
    columns: tuple[str, ...]
    # Values the theme's columns draw from, one tuple per column after « nom ».
    values: tuple[tuple[str, ...], ...]
    frequency: str = "ANNUAL"
    schema: str | None = None


# SCDL themes: files built from the schema's valid example, one per year for a series.
SUBVENTIONS = Theme("subventions", "Subventions versées aux associations {year}",
                    "Conventions de subvention signées en {year}, au format SCDL « Subventions ».",
                    ("subventions", "associations", "budget"), (), (), schema="scdl/subventions")
STATIONNEMENT = Theme("stationnement", "Lieux de stationnement",
                      "Parkings publics, places et tarifs, au format « Base nationale des lieux "
                      "de stationnement ».", ("mobilité", "stationnement"), (), (),
                      schema="etalab/schema-stationnement")
IRVE = Theme("irve", "Bornes de recharge pour véhicules électriques",
             "Points de recharge ouverts au public (IRVE), au format du schéma national.",
             ("mobilité", "énergie"), (), (), frequency="MONTHLY",
             schema="etalab/schema-irve-statique")
SCDL_THEMES = {theme.id: theme for theme in (SUBVENTIONS, STATIONNEMENT, IRVE)}

_QUARTIERS = ("Centre", "Nord", "Sud", "Est", "Ouest", "Gare", "Bourg", "Plaine")
THEMES = tuple(Theme(*spec) for spec in (
    ("equipements-sportifs", "Équipements sportifs", "Gymnases, stades et piscines gérés par la collectivité.",
     ("sport", "équipements"), ("nom", "type", "quartier", "capacite"),
     (("gymnase", "stade", "piscine", "city-stade"), _QUARTIERS, ("50", "120", "300", "800"))),
    ("aires-de-jeux", "Aires de jeux pour enfants", "Aires de jeux, tranches d'âge et équipements.",
     ("enfance", "espaces publics"), ("nom", "quartier", "age_minimum", "age_maximum"),
     (_QUARTIERS, ("1", "2", "3"), ("6", "10", "12"))),
    ("toilettes-publiques", "Toilettes publiques", "Sanitaires publics et leur accessibilité.",
     ("espaces publics", "accessibilité"), ("nom", "quartier", "acces_pmr", "horaires"),
     (_QUARTIERS, ("oui", "non"), ("24h/24", "8h-20h", "6h-22h"))),
    ("arbres", "Arbres d'alignement", "Arbres plantés le long des voies, essence et hauteur.",
     ("nature", "environnement"), ("nom", "essence", "quartier", "hauteur_m"),
     (("platane", "tilleul", "érable", "chêne", "micocoulier"), _QUARTIERS, ("4", "8", "12", "18"))),
    ("bibliotheques", "Fréquentation des bibliothèques", "Entrées et prêts par équipement et par mois.",
     ("culture", "lecture"), ("nom", "mois", "entrees", "prets"),
     (("janvier", "mars", "juin", "octobre"), ("820", "1400", "2300"), ("560", "990", "1700"))),
    ("effectifs-scolaires", "Effectifs des écoles", "Élèves inscrits par école et par niveau.",
     ("éducation", "écoles"), ("nom", "niveau", "classes", "eleves"),
     (("maternelle", "élémentaire"), ("3", "5", "8", "11"), ("74", "128", "203", "266"))),
    ("marches", "Marchés de plein vent", "Jours, horaires et nombre d'étals des marchés.",
     ("commerce", "alimentation"), ("nom", "jour", "horaires", "etals"),
     (("mardi", "jeudi", "samedi", "dimanche"), ("7h-12h", "8h-13h", "15h-19h"), ("12", "25", "60"))),
    ("apport-volontaire", "Points d'apport volontaire", "Conteneurs de tri : verre, papier, textile.",
     ("déchets", "tri"), ("nom", "flux", "quartier", "volume_m3"),
     (("verre", "papier", "textile", "emballages"), _QUARTIERS, ("3", "4", "5"))),
    ("wifi-public", "Points d'accès Wi-Fi public", "Bornes Wi-Fi gratuites dans les lieux publics.",
     ("numérique", "services"), ("nom", "lieu", "quartier", "debit_mbps"),
     (("mairie", "médiathèque", "place", "parc"), _QUARTIERS, ("50", "100", "300"))),
    ("jardins-partages", "Jardins partagés", "Jardins collectifs, parcelles et associations qui les animent.",
     ("nature", "vie associative"), ("nom", "quartier", "parcelles", "gestionnaire"),
     (_QUARTIERS, ("8", "15", "24"), ("association", "centre social", "commune"))),
    ("horaires-services", "Horaires d'ouverture des services", "Accueil de la mairie et des services au public.",
     ("services", "mairie"), ("nom", "service", "jours", "horaires"),
     (("état civil", "urbanisme", "accueil", "police municipale"), ("lundi-vendredi", "mardi-samedi"),
      ("8h30-12h", "8h30-17h", "13h30-17h30"))),
    ("energie-batiments", "Consommation d'énergie des bâtiments publics",
     "Électricité et chauffage par bâtiment, en kWh par an.", ("énergie", "patrimoine"),
     ("nom", "batiment", "electricite_kwh", "chauffage_kwh"),
     (("école", "mairie", "gymnase", "médiathèque"), ("18400", "42100", "96300"), ("51000", "87000", "143000"))),
    ("collecte-dechets", "Calendrier de collecte des déchets", "Jours de ramassage par secteur et par flux.",
     ("déchets", "collecte"), ("nom", "secteur", "flux", "jour"),
     (_QUARTIERS, ("ordures ménagères", "emballages", "biodéchets"), ("lundi", "mercredi", "vendredi"))),
    ("elus", "Élus du conseil", "Élus, délégations et groupes du conseil.",
     ("vie démocratique", "élus"), ("nom", "fonction", "delegation", "groupe"),
     (("maire", "adjoint", "conseiller délégué", "conseiller"), ("finances", "écoles", "voirie", "culture", "sport"),
      ("majorité", "opposition"))),
    ("associations", "Annuaire des associations", "Associations déclarées et leur domaine d'action.",
     ("vie associative", "annuaire"), ("nom", "domaine", "quartier", "adherents"),
     (("sport", "culture", "solidarité", "environnement", "loisirs"), _QUARTIERS, ("25", "80", "240"))),
    ("parcs-jardins", "Parcs et jardins publics", "Espaces verts ouverts au public et leurs horaires.",
     ("nature", "espaces publics"), ("nom", "quartier", "surface_m2", "horaires"),
     (_QUARTIERS, ("2400", "8500", "31000"), ("7h-19h", "8h-20h", "7h-22h"))),
    ("amenagements-cyclables", "Aménagements cyclables", "Pistes et bandes cyclables, longueur et type.",
     ("mobilité", "vélo"), ("nom", "type", "quartier", "longueur_m"),
     (("piste", "bande", "voie verte", "double sens cyclable"), _QUARTIERS, ("350", "900", "2400"))),
    ("etat-civil", "Naissances, mariages et décès", "Actes d'état civil enregistrés par mois.",
     ("état civil", "population"), ("nom", "mois", "actes", "evolution"),
     (("janvier", "avril", "juillet", "octobre"), ("12", "31", "74"), ("stable", "hausse", "baisse"))),
    ("salles-municipales", "Salles municipales à louer", "Salles, capacité et tarifs de location.",
     ("vie associative", "équipements"), ("nom", "quartier", "capacite", "tarif_journee"),
     (_QUARTIERS, ("40", "120", "350"), ("80", "150", "420"))),
    ("cimetieres", "Cimetières", "Cimetières, horaires et concessions disponibles.",
     ("services", "cimetières"), ("nom", "quartier", "horaires", "concessions_libres"),
     (_QUARTIERS, ("8h-17h", "8h-19h"), ("4", "17", "52"))),
    ("eclairage-public", "Points lumineux de l'éclairage public", "Luminaires, technologie et puissance.",
     ("énergie", "voirie"), ("nom", "technologie", "quartier", "puissance_w"),
     (("LED", "sodium", "iodure"), _QUARTIERS, ("35", "70", "150"))),
    ("arrets-bus", "Arrêts de bus", "Arrêts desservant le territoire et leurs lignes.",
     ("mobilité", "transports"), ("nom", "ligne", "quartier", "abri"),
     (("1", "2", "3", "5", "M1"), _QUARTIERS, ("oui", "non"))),
    ("travaux-voirie", "Travaux de voirie en cours", "Chantiers sur la voie publique et leur durée.",
     ("voirie", "travaux"), ("nom", "nature", "quartier", "duree_jours"),
     (("réfection", "réseaux", "aménagement"), _QUARTIERS, ("5", "15", "60")), "MONTHLY"),
    ("defibrillateurs-liste", "Défibrillateurs dans les bâtiments communaux",
     "Liste simple des défibrillateurs et de leur emplacement (hors schéma national).",
     ("santé", "équipements"), ("nom", "batiment", "quartier", "acces"),
     (("mairie", "gymnase", "école", "salle des fêtes"), _QUARTIERS, ("intérieur", "extérieur"))),
))


def digest(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("/".join(parts).encode("utf-8")).digest()[:8], "big")


def _write(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _example(folder: str) -> tuple[list[str], list[dict]]:
    with open(_DATA / folder / "example-valid.csv", encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def subventions_csv(territory: Territory, year: int, *, faulty: bool = False) -> bytes:
    """The schema's example rows as this territory's conventions of ``year``. ``faulty``:
    the mistakes agents make (dates as JJ/MM/AAAA, decimal commas), which the report
    flags and offers to repair."""
    header, rows = _example("subventions")
    siret = head_office_siret(territory.siren)
    seed = digest(territory.name, str(year))
    for position, row in enumerate(rows):
        row["nomAttribuant"] = territory.title.upper()
        if siret:
            row["idAttribuant"] = siret
        row["dateConvention"] = f"{year}{row['dateConvention'][4:]}"
        row["datesPeriodeVersement"] = row["datesPeriodeVersement"].replace("2017", str(year))
        amount = float(row["montant"]) * (0.8 + ((seed >> position) % 40) / 100)
        row["montant"] = f"{amount:.2f}"
        if faulty and position % 3 == 1:
            day = row["dateConvention"]
            row["dateConvention"] = f"{day[8:10]}/{day[5:7]}/{day[:4]}"
            row["montant"] = row["montant"].replace(".", ",")
    return _write(header, [[row[column] for column in header] for row in rows])


def _local_example(folder: str, territory: Territory, code_columns: tuple[str, ...],
                   note_column: str) -> bytes:
    header, rows = _example(folder)
    for row in rows:
        for column in code_columns:
            if territory.insee_code and len(territory.insee_code) == 5:
                row[column] = row[column].replace("75114", territory.insee_code).replace(
                    "75001", territory.insee_code)
        row[note_column] = f"Données de démonstration : {territory.title}"
    return _write(header, [[row[column] for column in header] for row in rows])


def stationnement_csv(territory: Territory) -> bytes:
    return _local_example("stationnement", territory, ("id", "insee"), "info")


def irve_csv(territory: Territory) -> bytes:
    return _local_example("irve-statique", territory, ("code_insee_commune",), "observations")


def theme_csv(territory: Territory, theme: Theme) -> bytes:
    """A small table of the theme for this territory: 5 to 12 rows whose values come
    from a hash of the territory and the theme."""
    seed = digest(territory.name, theme.id)
    count = 5 + seed % 8
    rows = []
    for number in range(1, count + 1):
        values = [f"{theme.title.split(' ')[0]} {territory.title} n° {number}"]
        for position, choices in enumerate(theme.values):
            values.append(choices[(seed >> (3 * position + number)) % len(choices)])
        rows.append(values)
    return _write(("identifiant",) + theme.columns + ("code_insee",),
                  [[f"{territory.name}-{theme.id}-{number:03d}"] + values
                   + [territory.insee_code] for number, values in enumerate(rows, 1)])


def file_of(territory: Territory, theme_id: str, year: int | None, faulty: bool = False) -> bytes:
    if theme_id == SUBVENTIONS.id:
        return subventions_csv(territory, year or 2025, faulty=faulty)
    if theme_id == STATIONNEMENT.id:
        return stationnement_csv(territory)
    if theme_id == IRVE.id:
        return irve_csv(territory)
    return theme_csv(territory, theme(theme_id))


def theme(theme_id: str) -> Theme:
    if theme_id in SCDL_THEMES:
        return SCDL_THEMES[theme_id]
    return next(candidate for candidate in THEMES if candidate.id == theme_id)
