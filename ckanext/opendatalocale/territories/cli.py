"""`ckan opendatalocale territories ...` commands."""
from __future__ import annotations

import sys
import time

import click
import ckan.plugins.toolkit as tk

from .. import numbers
from .referential import lookup, matching


@click.group(short_help="Territoires : avancement dans les six phases")
def territories():
    pass


@territories.command("record-progress")
@click.option("--territory", default=None, help="Nom d'un seul territoire (par défaut : tous).")
@click.option("--stale", is_flag=True,
              help="Seulement les territoires dont un jeu de données ou l'identité a changé "
                   "(chaque minute) ; sans option : tous (chaque jour).")
def record_progress(territory, stale):
    """Recalcule où en sont les territoires (vue d'ensemble, exports, obligation) et
    enregistre l'avancement de ceux qui a changé."""
    data = {"id": territory} if territory else ({"stale": True} if stale else {})
    result = tk.get_action("odl_territory_progress_record")(_site_context(), data)
    click.echo(f"Territoires examinés : {result['territories']} ; "
               f"avancements enregistrés : {result['recorded']}.")


def _site_context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _fail(message: str) -> None:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(2)


def _records():
    from . import catalogue_figures as figures

    return figures.territory_records()


@territories.command("link")
@click.option("--dry-run", is_flag=True, help="Afficher sans rien modifier.")
def link(dry_run):
    """Rapproche les territoires du portail du référentiel officiel (SIREN ou code INSEE),
    complète leurs champs vides et signale ceux qu'il ne peut pas rapprocher, ou dont la
    commune a fusionné depuis."""
    referential = lookup.shipped()
    context = _site_context()
    linked, completed, flagged, unmatched = 0, 0, [], []
    for record in sorted(_records(), key=lambda r: r["name"]):
        found = matching.match(record, referential)
        if found.territory is None:
            unmatched.append(f"{record['name']} : {found.problem}")
            continue
        linked += 1
        if found.changed:
            flagged.append(f"{record['name']} : {found.redirect.message}")
            continue  # a human decides what becomes of a territory whose commune merged
        missing = _missing_fields(record, found.territory)
        if missing and not dry_run:
            tk.get_action("organization_patch")(dict(context), dict(missing, id=record["id"]))
        completed += bool(missing)
    source = f"{referential.meta.get('source')} {referential.meta.get('version')}"
    click.echo(f"Référentiel : {source}. Territoires rapprochés : {linked} ; complétés : "
               f"{completed}{' (simulation)' if dry_run else ''}.")
    if flagged:
        click.echo(f"Territoires dont la commune a changé ({len(flagged)}) :")
        for line in flagged:
            click.echo(f"  ! {line}")
    if unmatched:
        click.echo(f"Territoires non rapprochés ({len(unmatched)}) :")
        for line in unmatched:
            click.echo(f"  - {line}")


def _missing_fields(record: dict, territory: lookup.Territory) -> dict:
    known = {"kind": territory.form_kind, "siren": territory.siren,
             "insee_code": territory.insee_code, "population": territory.population}
    return {key: value for key, value in known.items()
            if value not in (None, "") and record.get(key) in (None, "")}


def _parse_onboard_options(referential, region, departement, min_population, kinds):
    """Every argument checked before anything is created (French messages)."""
    region = (region or "").strip().upper()
    if referential.get(lookup.REGION, region) is None:
        codes = ", ".join(sorted(t.code for t in referential.in_area(lookup.REGION)))
        _fail(f"la région « {region} » n'existe pas (codes : {codes}).")
    if departement:
        departement = departement.strip().upper()
        found = referential.get(lookup.DEPARTEMENT, departement)
        if found is None:
            _fail(f"le département « {departement} » n'existe pas.")
        if found.region != region:
            _fail(f"le département {departement} ({found.name}) n'est pas dans la région {region}.")
    try:
        threshold = numbers.parse_whole(min_population)
    except ValueError:
        _fail(f"--min-population attend un nombre d'habitants, pas « {min_population} ».")
    if threshold < 0:
        _fail("--min-population ne peut pas être négatif.")
    chosen = [kind.strip() for kind in kinds.split(",") if kind.strip()]
    unknown = [kind for kind in chosen if kind not in lookup.KINDS]
    if unknown or not chosen:
        _fail(f"--kinds : types inconnus « {', '.join(unknown) or kinds} » "
              f"(possibles : {','.join(lookup.KINDS)}).")
    return region, departement or None, threshold, chosen


@territories.command("onboard")
@click.option("--region", required=True, help="Code INSEE de la région (84 : Auvergne-Rhône-Alpes).")
@click.option("--departement", default=None, help="Seulement ce département (42).")
@click.option("--min-population", default="3500", show_default=True,
              help="Communes et EPCI de plus de ce nombre d'habitants.")
@click.option("--kinds", default="commune,epci,departement,region", show_default=True,
              help="Types de territoires à créer.")
@click.option("--dry-run", is_flag=True, help="Afficher ce qui serait créé, sans rien créer.")
def onboard(region, departement, min_population, kinds, dry_run):
    """Crée les organisations des territoires d'une région d'après le référentiel officiel,
    avec leurs rattachements. Relançable : ce qui existe déjà (même SIREN ou code INSEE)
    est ignoré."""
    from .views import RESERVED_NAMES

    referential = lookup.shipped()
    region, departement, threshold, chosen = _parse_onboard_options(
        referential, region, departement, min_population, kinds)
    plan = matching.plan_onboarding(referential, region, departement, threshold, chosen)
    records = _records()
    existing = matching.identity_index(records, referential)
    taken = {record["name"] for record in records}
    names = {}  # referential key -> organization name, existing or created
    for territory_key, record in existing.items():
        names[territory_key] = record["name"]
    click.echo(f"Territoires prévus : {len(plan)}, pour la région {region}"
               f"{f', département {departement}' if departement else ''}, plus de {threshold} habitants"
               f"{' (simulation)' if dry_run else ''}.")
    created, skipped, failed = [], [], []
    context = _site_context()
    started = time.monotonic()
    for position, territory in enumerate(plan, start=1):
        if territory.key in existing:
            skipped.append(f"{territory.name} ({territory.code}) : existe déjà ({existing[territory.key]['name']})")
            continue
        name = matching.territory_name(territory, referential, RESERVED_NAMES)
        if name in taken:
            name = f"{name}-{territory.code}"
        if name in taken:
            skipped.append(f"{territory.name} ({territory.code}) : le nom « {name} » est déjà pris")
            continue
        parent = referential.parent_of(territory)
        fields = {"name": name, "title": territory.name, "kind": territory.form_kind,
                  "siren": territory.siren or "", "insee_code": territory.insee_code or "",
                  "population": territory.population,
                  "parent_territory": names.get(parent.key, "") if parent else ""}
        if parent and not fields["parent_territory"] and parent.kind == lookup.EPCI:
            # The EPCI is not on the portal: attach the commune to its département.
            fields["parent_territory"] = names.get(("departement", territory.departement), "")
        if dry_run:
            created.append(f"{name} : {territory.name} ({territory.code})")
        else:
            try:
                # return_id_only: no organization_show (and its dataset search) per creation.
                tk.get_action("organization_create")(dict(context, return_id_only=True), fields)
            except tk.ValidationError as error:
                failed.append(f"{territory.name} ({territory.code}) : {error.error_dict}")
                continue
            created.append(f"{name} : {territory.name} ({territory.code})")
        names[territory.key] = name
        taken.add(name)
        if position % 50 == 0 or position == len(plan):
            click.echo(f"  [{position}/{len(plan)}] {'à créer' if dry_run else 'créés'} : "
                       f"{len(created)} ; ignorés : {len(skipped)} — "
                       f"{time.monotonic() - started:.0f} s")
    done = "Territoires à créer" if dry_run else "Territoires créés"
    click.echo(f"{done} : {len(created)} ; ignorés : {len(skipped)} ; en échec : {len(failed)} "
               f"({time.monotonic() - started:.1f} s).")
    if created and not dry_run:
        # Their place in the overview, in one pass rather than one job each.
        result = tk.get_action("odl_territory_progress_record")(context, {"stale": True})
        click.echo(f"Vue d'ensemble à jour : {result['territories']} territoires calculés.")
    for title, lines in (("Créés" if not dry_run else "À créer", created), ("Ignorés", skipped),
                         ("En échec", failed)):
        if lines:
            click.echo(f"{title} :")
            for line in lines:
                click.echo(f"  - {line}")
    if failed:
        sys.exit(1)


def attach_to_suite_group():
    """IClick: hang `territories` under the core `opendatalocale` group, so the
    commands exist exactly when this plugin is enabled, without a second top-level
    group. Returns no top-level command."""
    from .. import cli as suite_cli

    suite_cli.opendatalocale.add_command(territories)
    return []
