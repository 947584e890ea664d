"""`ckan opendatalocale ...` commands."""
from __future__ import annotations

import click
import ckan.plugins.toolkit as tk


@click.group(short_help="OpenDataLocale: démo, schémas SCDL, territoires")
def opendatalocale():
    pass


@opendatalocale.command()
@click.option("--admin-password", envvar="ODL_ADMIN_PASSWORD", required=True,
              help="Mot de passe du compte administrateur de la démo.")
def demo(admin_password):
    """Crée (ou met à jour) les territoires et jeux de données de démonstration."""
    from . import demo as demo_data

    admin = tk.config.get("ckanext.opendatalocale.demo.admin_name")
    demo_data.load(admin, admin_password, echo=click.echo)
    click.secho(f"Démo prête. Compte administrateur : {admin}", fg="green")


@opendatalocale.group()
def schemas():
    """Catalogue des schémas SCDL."""


@schemas.command()
@click.argument("source")
@click.option("--only", "only_ids", multiple=True, help="Identifiant de schéma (répétable).")
@click.option("--label", "labels", multiple=True,
              help="Étiquette, ex. « Socle Commun des Données Locales » (répétable).")
def refresh(source, only_ids, labels):
    """Ajoute les nouvelles versions listées par un catalogue schemas.json (URL ou dossier)."""
    from .scdl.refresh import RefreshError, refresh as run_refresh

    try:
        added = run_refresh(source, only_ids=list(only_ids) or None, labels=list(labels) or None)
    except RefreshError as error:
        raise click.ClickException(f"Catalogue illisible : {error}")
    for version in added:
        click.echo(f"ajouté : {version.id} {version.version}")
    click.echo(f"Nouvelles versions : {len(added)} ; les versions existantes sont conservées.")


@schemas.command("dataset-types")
def dataset_types():
    """Régénère schemas/types/*.yaml (un type de jeu de données par schéma)."""
    from .scdl import dataset_types as types
    from .scdl.catalogue import SchemaCatalogue

    for path in types.write_all(SchemaCatalogue()):
        click.echo(path)
    click.echo("scheming.dataset_schemas = " + types.config_value(SchemaCatalogue()))


@opendatalocale.group()
def validation():
    """Validations SCDL des ressources."""


@validation.command()
@click.option("--min-age", default=120, show_default=True, type=int,
              help="Âge minimal (secondes) d'une validation « en cours » examinée.")
def recover(min_age):
    """Relance les validations interrompues (tâche perdue ou worker arrêté)."""
    from .scdl import validation_recovery

    counts = validation_recovery.recover(min_age_seconds=min_age)
    click.echo("Validations en cours : {running} ; relancées : {requeued} ; closes après "
               "trop d'interruptions : {closed} ; ressources disparues : {forgotten}".format(**counts))


def get_commands():
    return [opendatalocale]
