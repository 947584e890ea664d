"""French sentences for what the menu reader and the service checks found.

Places (« ligne 12, colonne « … » ») are written by ``scdl.messages.where``,
with the column titles of the published schemas, so that these messages read
like the validator's.
"""
from __future__ import annotations

from functools import lru_cache

from ..scdl.catalogue import default_catalogue
from ..scdl.csv_source import source_error_message
from ..scdl.i18n import N_, _
from ..scdl.messages import FieldTitles, where
from .menu_file import MenuProblem
from .vocabulary import DISHES_SCHEMA, MENUS_SCHEMA


@lru_cache(maxsize=None)
def _titles() -> FieldTitles:
    titles = FieldTitles(default_catalogue().get(MENUS_SCHEMA))
    titles.fields.update(FieldTitles(default_catalogue().get(DISHES_SCHEMA)).fields)
    return titles


_KIND_TITLES = {
    "source": N_("Fichier illisible"),
    "not-fetched": N_("Fichiers liés pas encore lus"),
    "upload-missing": N_("Fichiers déposés introuvables"),
    "missing-column": N_("Colonnes indispensables absentes"),
    "no-dish": N_("Aucun plat"),
    "bad-date": N_("Dates illisibles"),
    "date-range": N_("Dates hors des années possibles"),
    "date-format": N_("Dates mal écrites"),
    "missing-name": N_("Plats sans nom"),
    "missing-restaurant": N_("Plats sans restaurant"),
    "array-format": N_("Listes mal écrites"),
    "unknown-value": N_("Valeurs hors des listes du schéma"),
    "enum-spelling": N_("Valeurs mal orthographiées"),
    "bad-price": N_("Prix illisibles"),
    "missing-dish-code": N_("Produits sans code de plat"),
    "unknown-dish-code": N_("Codes de plat sans composition"),
    "outside-period": N_("Dates hors de la période du service"),
    "unknown-restaurant": N_("Restaurants inconnus du service"),
    "duplicate-dish": N_("Plats en double"),
}


# Problems of a whole file, said without a place in it.
_WHOLE_FILE = frozenset({"not-fetched", "upload-missing"})


def kind_title(code: str) -> str:
    return _(_KIND_TITLES.get(code) or N_("Problèmes"))


# One French sentence per problem, filled with the problem's params (and its column).
_TEMPLATES = {
    "not-fetched": N_("« {name} » : le fichier de ce lien n'a pas encore été lu par la tâche de "
                      "validation en arrière-plan ; il le sera sous peu. Rechargez la page dans "
                      "quelques minutes."),
    "upload-missing": N_("« {name} » : le fichier déposé est introuvable sur le serveur ; "
                         "déposez-le de nouveau."),
    "missing-column": N_("la colonne « {column} » est absente : sans elle les menus ne peuvent pas "
                         "être affichés. Partez du modèle CSV du schéma."),
    "no-dish": N_("le fichier ne contient aucun plat lisible."),
    "bad-date": N_("« {value} » n'est pas une date ; écrivez-la au format AAAA-MM-JJ "
                   "(ex. 2025-09-15). Ce plat n'est pas affiché."),
    "date-range": N_("« {value} » est hors des années {first} à {last} : vérifiez l'année. "
                     "Ce plat n'est pas affiché."),
    "date-format": N_("« {value} » a été lu comme le {expected}, mais le schéma veut le format "
                      "AAAA-MM-JJ : écrivez {expected}."),
    "missing-name": N_("le nom du plat est vide ; ce plat n'est pas affiché."),
    "missing-restaurant": N_("le nom du restaurant est vide ; ce plat n'est pas affiché."),
    "array-format": N_("« {value} » n'est pas écrit comme une liste du schéma ; écrivez "
                       "[\"valeur 1\",\"valeur 2\"] (crochets, guillemets droits, virgules)."),
    "unknown-value": N_("« {item} » ne fait pas partie de la liste du schéma. Pour les allergènes, "
                        "l'information du plat est considérée comme incomplète."),
    "enum-spelling": N_("« {item} » a été compris comme « {expected} » ; écrivez exactement "
                        "« {expected} »."),
    "bad-price": N_("« {value} » n'est pas un prix ; écrivez un nombre avec un point, "
                    "ex. 2.35."),
    "missing-dish-code": N_("le code du plat est vide : ce produit ne peut être rattaché à aucun plat."),
    "unknown-dish-code": N_("le code de plat « {value} » ne figure pas dans le fichier de composition "
                            "des plats."),
    "outside-period": N_("le {value} est hors de la période du service (du {start} au {end}) : "
                         "corrigez la date ou la période."),
    "unknown-restaurant": N_("le restaurant « {value} » n'est pas dans la liste des restaurants du "
                             "service ; ajoutez-le au service ou corrigez son nom."),
    "duplicate-dish": N_("« {value} » est déjà servi au même repas du {date} à {restaurant} "
                         "(ligne {first_row})."),
}


# A cell of a hostile file can hold megabytes: what a message quotes of it is cut.
ECHOED_LENGTH = 200


def echoed(value: object) -> object:
    """A value as a message quotes it: text longer than ECHOED_LENGTH is cut."""
    if isinstance(value, str) and len(value) > ECHOED_LENGTH:
        return value[:ECHOED_LENGTH] + "…"
    return value


def source_message(problem: MenuProblem) -> str:
    """Why a file could not be read, in the reader's language."""
    params = problem.params
    if "source_code" in params:
        return str(echoed(source_error_message(params["source_code"],
                                               dict(params.get("source_params") or {}))))
    return str(echoed(str(params.get("detail") or "")))


def message(problem: MenuProblem) -> str:
    place = where({"rowNumber": problem.row, "fieldName": problem.column}, _titles())
    params = {key: echoed(value) for key, value in dict(problem.params, value=problem.value).items()}
    if problem.code == "source":
        return source_message(problem)
    template = _TEMPLATES.get(problem.code)
    if problem.code in _WHOLE_FILE:
        return _(template).format(**params)
    params.setdefault("column", problem.column)
    text = _(template).format(**params) if template else problem.code
    return _("{where} : {problem}").format(where=place, problem=text)
