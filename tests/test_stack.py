"""The real stack answers: PostgreSQL, Solr indexing, Redis, the web app."""
import pytest
import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

SUITE_PLUGINS = [
    "opendatalocale",
    "opendatalocale_territories",
    "opendatalocale_menus",
]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_dataset_created_by_factory_is_found_by_solr_search():
    organization = factories.Organization(kind="commune")
    dataset = factories.Dataset(
        owner_org=organization["id"], title="Délibérations du conseil municipal"
    )
    result = helpers.call_action("package_search", q="délibérations")
    assert result["count"] == 1
    assert result["results"][0]["id"] == dataset["id"]
    assert helpers.call_action("package_search", q="budget")["count"] == 0


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("plugin", SUITE_PLUGINS)
def test_every_plugin_of_the_suite_is_loaded(plugin):
    assert p.plugin_loaded(plugin)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_home_dataset_list_and_dataset_page_render(app):
    organization = factories.Organization(kind="commune", title="Commune de Montbrison")
    dataset = factories.Dataset(owner_org=organization["id"], title="Équipements sportifs")

    home = app.get("/")
    assert home.status_code == 200
    listing = app.get("/dataset/")
    assert listing.status_code == 200
    assert "Équipements sportifs" in listing.body
    page = app.get(f"/dataset/{dataset['name']}")
    assert page.status_code == 200
    assert "Commune de Montbrison" in page.body


def test_redis_answers():
    from ckan.lib.redis import connect_to_redis

    connection = connect_to_redis()
    connection.set("odl:ping", "pong")
    assert connection.get("odl:ping") == b"pong"
    connection.delete("odl:ping")


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_database_is_postgresql():
    assert model.Session.get_bind().dialect.name == "postgresql"
    assert tk.config["sqlalchemy.url"].startswith("postgresql://")
