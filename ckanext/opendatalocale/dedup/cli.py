"""`ckan opendatalocale duplicates ...` commands."""
from __future__ import annotations

import click
import ckan.model as model

from . import scan as full_scan
from .model import DuplicatePair, DuplicateScan


@click.group(short_help="Doublons : analyse du catalogue")
def duplicates():
    pass


@duplicates.command("scan")
def scan():
    """Analyse tout le catalogue ici même (sans file de tâches), avec une barre de progression."""
    record = DuplicateScan(state="queued", requested_by="(ligne de commande)")
    model.Session.add(record)
    model.Session.commit()
    with click.progressbar(length=1, label="Jeux de données lus") as bar:
        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)
        full_scan.run(record.id, progress)
    record = model.Session.query(DuplicateScan).filter(DuplicateScan.id == record.id).one()
    if record.state != "finished":
        raise click.ClickException(f"analyse en échec : {record.message}")
    count = model.Session.query(DuplicatePair.cluster_id).distinct().count()
    click.echo(f"{record.done} jeux de données lus ; groupes de doublons possibles : {count}.")


def attach_to_suite_group():
    """IClick: hang `duplicates` under the core `opendatalocale` group."""
    from .. import cli as suite_cli

    suite_cli.opendatalocale.add_command(duplicates)
    return []
