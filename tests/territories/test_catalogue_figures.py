"""Figures counted by PostgreSQL for the overview (issue 4, point 9) give what the
row-by-row Python rules give, on both CKAN versions' storage of extras, and
never count private or deleted datasets."""
import datetime

import pytest
import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.territories import catalogue_figures as figures
from ckanext.opendatalocale.territories import freshness

NOW = datetime.datetime.utcnow()


def territory(**fields):
    return factories.Organization(**dict(dict(kind="commune", siren="214202186"), **fields))


def dataset(owner, *, frequency=None, schema=None, status=None, days_old=0, **fields):
    created = factories.Dataset(owner_org=owner["id"], resources=[{"url": "https://x.fr/a.csv"}],
                                **fields)
    if schema is not None:
        resource = model.Resource.get(created["resources"][0]["id"])
        resource.extras = dict(resource.extras or {}, schema=schema,
                               **({"validation_status": status} if status else {}))
    package = model.Package.get(created["id"])
    if frequency is not None:
        # Harvested spellings, beyond the form's choices: straight into the extras
        # (rows of package_extra on CKAN 2.11, a JSONB column on 2.12).
        package.extras = dict(package.extras or {}, frequency=frequency)
    package.metadata_modified = NOW - datetime.timedelta(days=days_old)
    model.Session.commit()
    return created


def python_on_time(rows):
    counts = {}
    for territory_id, _, frequency, modified in rows:
        verdict = freshness.is_on_time(frequency, modified, NOW)
        if verdict is not None:
            judged, on_time = counts.get(territory_id, (0, 0))
            counts[territory_id] = (judged + 1, on_time + verdict)
    return counts


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index")
class TestFiguresInSql:
    def test_on_time_counts_match_the_python_rule(self):
        firminy, roanne = territory(name="firminy"), territory(name="roanne")
        dataset(firminy, frequency="monthly", days_old=10)
        dataset(firminy, frequency="http://publications.europa.eu/resource/authority/frequency/MONTHLY",
                days_old=60)
        dataset(firminy, frequency="Annuelle", days_old=300)
        dataset(firminy, frequency="irregular", days_old=900)
        dataset(firminy, frequency="weekly", days_old=1, private=True)
        dataset(roanne, frequency="hebdomadaire", days_old=30)
        counts = figures.on_time_counts(now=NOW)
        assert counts == {firminy["id"]: (3, 2), roanne["id"]: (1, 0)}
        assert counts == python_on_time(figures.dataset_frequencies())
        assert figures.on_time_counts([roanne["id"]], NOW) == {roanne["id"]: (1, 0)}

    def test_on_time_share_indicator(self):
        firminy = territory()
        dataset(firminy, frequency="monthly", days_old=10)
        dataset(firminy, frequency="monthly", days_old=100)
        standing = helpers.call_action("odl_territory_progress_show", id=firminy["id"])
        value = next(c["value"] for p in standing["phases"] for c in p["criteria"]
                     if c["id"] == "datasets_on_time")
        assert value == 0.5

    def test_schema_counts_read_every_declaration_form(self):
        firminy = territory()
        url = "https://schema.data.gouv.fr/schemas/scdl/budget/0.8.1/schema.json"
        dataset(firminy, schema={"name": "scdl/deliberations", "version": "2.1.3"}, status="success")
        dataset(firminy, schema='{"name": "scdl/subventions", "version": "2.1.0"}', status="failure")
        dataset(firminy, schema={"url": url}, status="success")
        dataset(firminy, schema="scdl/prenoms")
        dataset(firminy, schema="")  # declares nothing
        dataset(firminy, schema={"version": "1.0"})  # neither name nor url
        dataset(firminy, schema="scdl/budget", status="success", private=True)
        deleted = dataset(firminy, schema="scdl/budget", status="success")
        helpers.call_action("package_delete", id=deleted["id"])
        dataset(firminy, title="Mentionne \"schema\" sans en déclarer")

        assert figures.schema_counts() == {firminy["id"]: (4, 2)}
        rows = figures.schema_resources()
        assert sorted(row[2] for row in rows) == [
            "scdl/budget", "scdl/deliberations", "scdl/prenoms", "scdl/subventions"]
        only = figures.schema_resources(schemas=["scdl/budget"])
        assert [(row[2], row[3]) for row in only] == [("scdl/budget", "success")]
