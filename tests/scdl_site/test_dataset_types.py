"""One dataset type per SCDL table schema."""
import os

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.opendatalocale.scdl import dataset_types
from ckanext.opendatalocale.scdl.catalogue import SchemaCatalogue


def test_committed_type_files_are_the_derived_ones():
    catalogue = SchemaCatalogue()
    for version in dataset_types.table_schemas(catalogue):
        path = os.path.join(dataset_types.TYPES_DIR, dataset_types.type_name(version.id) + ".yaml")
        with open(path, encoding="utf-8") as handle:
            assert handle.read() == dataset_types.render(version), (
                f"{path} is stale: run `ckan opendatalocale schemas dataset-types`")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestTypedDatasets:
    def test_every_table_schema_has_its_dataset_type(self):
        types = set(tk.h.scheming_dataset_schemas())
        for version in dataset_types.table_schemas(SchemaCatalogue()):
            assert dataset_types.type_name(version.id) in types

    def test_typed_dataset_is_created_and_its_form_offers_only_its_schema(self, app):
        editor = factories.UserWithToken()
        territory = factories.Organization(
            kind="commune", users=[{"name": editor["name"], "capacity": "editor"}])
        dataset = helpers.call_action(
            "package_create", context={"user": editor["name"]}, type="scdl-subventions",
            name="subventions-2025", title="Subventions 2025", owner_org=territory["id"],
            frequency="http://publications.europa.eu/resource/authority/frequency/ANNUAL")
        assert dataset["type"] == "scdl-subventions"
        assert dataset["license_id"] == "lo-2.0"

        form = app.get("/scdl-subventions/new", headers={"Authorization": editor["token"]})
        assert form.status_code == 200
        assert "/modele-csv/scdl/subventions" in form.body

        resource_form = app.get(f"/scdl-subventions/{dataset['name']}/resource/new",
                                headers={"Authorization": editor["token"]})
        assert 'value="scdl/subventions@' in resource_form.body
        assert 'value="scdl/deliberations@' not in resource_form.body

    def test_frequency_outside_the_dcat_vocabulary_is_refused(self):
        territory = factories.Organization(kind="commune")
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("package_create", type="scdl-subventions", name="x-1",
                                owner_org=territory["id"], frequency="souvent")
        assert "frequency" in error.value.error_dict


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("value, valid", [
    ("214 202 186 00018", True), ("35600000000048", True), ("21420218600017", False),
    ("214202186", False),
])
def test_siret_validator_uses_the_suite_check(value, valid):
    validator = tk.get_validator("odl_siret")
    if valid:
        assert validator(value, {}) == value.replace(" ", "")
    else:
        with pytest.raises(tk.Invalid) as error:
            validator(value, {})
        assert "SIRET" in str(error.value)
