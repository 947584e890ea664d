"""`ckan opendatalocale demo` builds the demo territories and datasets, idempotently,
and (territories plugin) onboards the Loire from the referential with a journey."""
import pytest
from stdnum.fr import siren

import ckan.model as model
from ckan.tests import helpers

from ckanext.opendatalocale import cli as odl_cli, demo
from ckanext.opendatalocale.territories import demo as territories_demo
from ckanext.opendatalocale.territories.model import TerritoryMilestone


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_demo_command_is_idempotent_and_well_formed(cli):
    from ckan.cli.cli import ckan as ckan_command

    for _ in range(2):
        result = cli.invoke(ckan_command, ["opendatalocale", "demo"],
                            env={"ODL_ADMIN_PASSWORD": "mot-de-passe-demo"},
                            catch_exceptions=False)
        assert result.exit_code == 0, result.output

    # the three hand-written territories plus the Loire's from the referential (55 in all:
    # communes above 3,500 inhabitants, their EPCI, the département, the région), once
    territories = model.Session.query(model.Group).filter_by(
        is_organization=True, state="active").all()
    assert len(territories) == 55
    assert {t.extras.get("kind") for t in territories} == {
        "commune", "departement", "intercommunalite", "region"}
    assert all(t.description == territories_demo.DEMO_LABEL for t in territories)
    assert model.Session.query(TerritoryMilestone).count() == 126  # same journey each run
    funnel = helpers.call_action("odl_territory_progress_list", limit=1)["funnel"]
    reached = {step["phase"]: step["count"] for step in funnel}
    assert reached[0] == 55 and 0 < reached[1] < 55 and reached[2] >= 1
    for territory in demo.DEMO_TERRITORIES:
        assert siren.is_valid(territory["siren"])

    public = helpers.call_action("package_search", fq="+capacity:public")["count"]
    canteen_service = 1  # the menus plugin's demo canteen service
    assert public == len([d for d in demo.DEMO_DATASETS if not d.private]) + canteen_service
    admin = model.User.by_name("admin")
    assert admin.sysadmin and admin.validate_password("mot-de-passe-demo")
    subventions = helpers.call_action("package_show", id=demo.DEMO_DATASETS[0].name)
    assert subventions["resources"][0]["schema"]["name"] == "scdl/subventions"
    assert "opendatalocale" in [c.name for c in odl_cli.get_commands()]
