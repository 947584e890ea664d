"""``ckan opendatalocale-engagement``: what a site's cron runs for engagement."""
from __future__ import annotations

import click



@click.group("opendatalocale-engagement", short_help="Demandes de données, réutilisations")
def engagement():
    pass


@engagement.command("erase-emails")
@click.option("--now", is_flag=True, help="Effacer tout de suite au lieu de passer par la file.")
def erase_emails(now):
    """Efface les adresses des demandeurs des demandes closes depuis le délai configuré."""
    from . import jobs
    if now:
        click.echo(f"{jobs.erase_expired_emails()} adresse(s) effacée(s).")
    else:
        job = jobs.enqueue_erase_expired_emails()
        click.echo(f"Tâche {job.id} en file.")


@engagement.command("digest")
@click.option("--now", is_flag=True, help="Envoyer tout de suite au lieu de passer par la file.")
def digest(now):
    """Envoie à chaque territoire le résumé du jour (demandes, réutilisations reçues)."""
    from . import jobs
    if now:
        sent = jobs.send_digests()
        click.echo(f"{sent['mails']} courriel(s) envoyé(s) pour {sent['territories']} "
                   "territoire(s).")
    else:
        job = jobs.enqueue_send_digests()
        click.echo(f"Tâche {job.id} en file.")


def get_commands():
    return [engagement]
