"""`ckan opendatalocale territories ...` commands."""
from __future__ import annotations

import click
import ckan.plugins.toolkit as tk


@click.group(short_help="Territoires : avancement dans les six phases")
def territories():
    pass


@territories.command("record-progress")
@click.option("--territory", default=None, help="Nom d'un seul territoire (par défaut : tous).")
def record_progress(territory):
    """Enregistre l'avancement des territoires qui a changé (tâche quotidienne)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    result = tk.get_action("odl_territory_progress_record")(
        {"user": site_user["name"], "ignore_auth": True}, {"id": territory} if territory else {})
    click.echo(f"{result['territories']} territoire(s) examiné(s), "
               f"{result['recorded']} avancement(s) enregistré(s).")


def attach_to_suite_group():
    """IClick: hang `territories` under the core `opendatalocale` group, so the
    commands exist exactly when this plugin is enabled, without a second top-level
    group. Returns no top-level command."""
    from .. import cli as suite_cli

    suite_cli.opendatalocale.add_command(territories)
    return []
