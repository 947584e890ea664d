"""The kit d'accompagnement (issue 16, point 6): the document a territory hands to a
neighbouring collectivité to make its way easier.

Pure domain code (no CKAN): the kit's two audiences, its FAQ, the SCDL coverage of a
territory's public datasets summed up by schema, the templates a neighbour would start
from, and the inventory rows as the kit shows them. The action (logic/kit_action.py)
reads the site and decides who sees what; this module never widens what it is given.

Two audiences, chosen by the caller, never guessed from who asks:

- « public » (the default): what anyone may read — the journey through the phases,
  public datasets only, the guides, the templates, the territory's public contact.
- « membres »: the same plus the territory's inventory of data not yet published (its
  members' own working list). Even there a dataset is named only when it is public: the
  kit is made to leave the territory.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from ..scdl.i18n import N_, _

PUBLIC, MEMBERS = "public", "membres"
AUDIENCES = (PUBLIC, MEMBERS)

# Questions a neighbouring town hall asks first; the answers point to the guide pages.
FAQ = (
    (N_("Faut-il un service informatique pour publier des données ?"),
     N_("Non. Un agent qui sait remplir un tableur suffit : les modèles CSV donnent les "
        "colonnes attendues et la plateforme vérifie le fichier dès qu'il est déposé.")),
    (N_("Par quelles données commencer ?"),
     N_("Par celles que la loi demande déjà et qui existent dans vos services : "
        "délibérations, subventions, marchés publics, équipements. La page « Quelles "
        "données publier ? » du guide les classe par effort.")),
    (N_("Qu'est-ce qu'un schéma SCDL ?"),
     N_("Le Socle commun des données locales décrit, colonne par colonne, comment "
        "publier un type de données pour que toutes les collectivités le publient de la "
        "même façon. Un fichier conforme est repris tel quel par data.gouv.fr.")),
    (N_("Que faire d'un fichier invalide ?"),
     N_("Lire le rapport de validation : chaque erreur donne la ligne, la colonne, la "
        "valeur et la correction. Corrigez dans le tableur et déposez le fichier de "
        "nouveau.")),
    (N_("Peut-on publier depuis Excel ou LibreOffice ?"),
     N_("Oui : les classeurs .xlsx, .xls et .ods sont validés comme les CSV. Un classeur "
        "protégé par un mot de passe ne peut pas être lu : déposez-en une copie sans mot "
        "de passe.")),
    (N_("Quelle licence choisir ?"),
     N_("La Licence Ouverte 2.0 d'Etalab, sauf raison particulière : c'est celle que "
        "l'administration française emploie par défaut.")),
    (N_("Les données personnelles peuvent-elles être publiées ?"),
     N_("Non, sauf exception prévue par la loi. Retirez ou agrégez les colonnes qui "
        "permettraient de reconnaître une personne avant de publier.")),
)


def faq() -> list[dict]:
    return [{"question": _(question), "answer": _(answer)} for question, answer in FAQ]


def coverage_rows(resources: Iterable[Sequence[Any]],
                  schema_titles: Optional[Mapping[str, str]] = None) -> list[dict]:
    """One row per SCDL schema the territory publishes, from (dataset id, schema id,
    validation status) of its public datasets' resources: how many resources and
    datasets declare it, how many resources are valid. Sorted by schema title."""
    titles = schema_titles or {}
    rows: dict[str, dict] = {}
    for dataset_id, schema_id, status in resources:
        row = rows.setdefault(schema_id, {"schema_id": schema_id,
                                          "schema_title": titles.get(schema_id, schema_id),
                                          "resources": 0, "valid": 0, "datasets": set()})
        row["resources"] += 1
        row["valid"] += 1 if status == "success" else 0
        row["datasets"].add(dataset_id)
    out = []
    for row in rows.values():
        out.append(dict(row, datasets=len(row["datasets"]),
                        all_valid=row["valid"] == row["resources"]))
    return sorted(out, key=lambda row: (row["schema_title"].casefold(), row["schema_id"]))


def template_schema_ids(coverage: Iterable[Mapping[str, Any]],
                        inventory: Iterable[Mapping[str, Any]]) -> list[str]:
    """The schemas whose templates the kit lists: those the territory publishes, then
    those its inventory plans, each once, in that order."""
    seen: list[str] = []
    for row in list(coverage) + list(inventory):
        schema_id = row.get("schema_id")
        if schema_id and schema_id not in seen:
            seen.append(schema_id)
    return seen


def inventory_for_kit(rows: Iterable[Mapping[str, Any]], public_dataset_names: Iterable[str]
                      ) -> list[dict]:
    """inventory.kit_rows as the kit prints them: a published entry names its dataset
    only when that dataset is public (a private one's name never leaves the site)."""
    public = set(public_dataset_names)
    out = []
    for row in rows:
        entry = dict(row)
        if entry.get("dataset_name") not in public:
            entry["dataset_name"] = ""
        out.append(entry)
    return out
