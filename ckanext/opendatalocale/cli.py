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


def get_commands():
    return [opendatalocale]
