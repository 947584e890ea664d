"""The suite's declared options: closed sets refused at start-up, lists read as lists,
nothing declared that only the tests use."""
import pytest
from ckan.common import config_declaration

PROGRESS_READ = "ckanext.opendatalocale.territories.progress_read"
REGIONS = "ckanext.opendatalocale.territories.obligation_regions"


@pytest.fixture
def validate(with_plugins, ckan_config):
    """CKAN's own check of a configuration, the one that stops a site at start-up."""
    def check(**overrides):
        return config_declaration.validate(dict(ckan_config, **overrides))
    return check


@pytest.mark.parametrize("value", ["public", "authenticated", "members"])
def test_progress_read_takes_the_documented_values(validate, value):
    data, errors = validate(**{PROGRESS_READ: value})
    assert PROGRESS_READ not in errors
    assert data[PROGRESS_READ] == value


@pytest.mark.parametrize("value", ["everyone", "Members", "admins"])
def test_progress_read_refuses_anything_else(validate, value):
    _, errors = validate(**{PROGRESS_READ: value})
    assert PROGRESS_READ in errors


def test_obligation_regions_is_a_list(validate):
    data, errors = validate(**{REGIONS: "84 27"})
    assert REGIONS not in errors
    assert data[REGIONS] == ["84", "27"]


def test_test_only_keys_are_not_declared(with_plugins):
    suite_keys = [str(key) for key in config_declaration.iter_options()
                  if str(key).startswith("ckanext.opendatalocale.")]
    assert PROGRESS_READ in suite_keys
    assert [key for key in suite_keys if ".test." in key] == []


def test_licences_offered_are_the_suites_when_the_site_sets_none(with_plugins, ckan_config):
    assert ckan_config["licenses_group_url"].endswith("/schemas/licences.json")
