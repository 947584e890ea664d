"""`ckan opendatalocale demo` builds the demo territories and datasets, idempotently."""
import pytest
from stdnum.fr import siren

import ckan.model as model
from ckan.tests import helpers

from ckanext.opendatalocale import cli as odl_cli, demo


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_demo_command_is_idempotent_and_well_formed(cli):
    from ckan.cli.cli import ckan as ckan_command

    for _ in range(2):
        result = cli.invoke(ckan_command, ["opendatalocale", "demo"],
                            env={"ODL_ADMIN_PASSWORD": "mot-de-passe-demo"},
                            catch_exceptions=False)
        assert result.exit_code == 0, result.output

    territories = helpers.call_action("organization_list", all_fields=True)
    assert len(territories) == 3
    kinds = sorted(helpers.call_action("organization_show", id=t["id"])["kind"]
                   for t in territories)
    assert kinds == ["commune", "departement", "intercommunalite"]
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
