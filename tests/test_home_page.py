"""The platform's home page through the web app (issue 19): what the platform is, the
search box, the territories by phase with their text alternative, the way in for a
local government, the latest public datasets with their validation verdict, this
week's canteen menus and open data requests; private datasets never shown, titles
escaped, no CKAN placeholder; capabilities' blocks absent when their plugin is off."""
import datetime

import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.menus import sample, store
from tests.scdl_site.conftest import example_bytes, run_jobs  # noqa: F401  (RQ on the real Redis)

PLACEHOLDERS = ["Welcome to CKAN", "Bienvenue sur CKAN", "introductory paragraph",
                "paragraphe d'introduction", "placeholder-420x220", "This is a featured section",
                "ckan-logo.png"]
HOSTILE_TITLE = "<script>alert('titre')</script> Budget"


@pytest.fixture(autouse=True)
def fresh_funnel():
    from ckanext.opendatalocale import home
    home._funnel_cache.clear()


@pytest.fixture
def territory(with_plugins, odl_db, clean_index, clean_queues):
    return factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")


def _member(territory):
    user = factories.UserWithToken()
    helpers.call_action("organization_member_create", id=territory["id"],
                        username=user["name"], role="admin")
    return user


def test_anonymous_visitor_sees_what_the_platform_is_and_where_to_start(app, territory):
    body = app.get("/").body
    assert "Les données publiques des collectivités du territoire" in body
    assert 'role="search"' in body and 'action="/dataset/"' in body and 'name="q"' in body
    assert "Votre collectivité veut ouvrir ses données ?" in body
    # An anonymous visitor may not create an organization: no form that would refuse them.
    assert 'href="/guide"' in body and 'href="/about"' in body
    assert 'href="/organization/new"' not in body
    for placeholder in PLACEHOLDERS:
        assert placeholder not in body, placeholder


def test_about_page_says_what_the_platform_is_not_what_ckan_is(app, territory):
    body = app.get("/about").body
    assert "données ouvertes des collectivités locales" in body
    assert "leading open-source data portal" not in body


def test_territories_by_phase_with_their_text_alternative(app, territory):
    factories.Organization(kind="intercommunalite", title="Saint-Étienne Métropole")
    body = app.get("/").body
    assert "Où en sont les territoires ?" in body
    assert "2 territoires engagés dans l&#39;ouverture de leurs données" in body
    assert 'class="odl-funnel"' in body and "Données du graphique" in body
    assert "0 territoires sur 2 ont atteint la phase 1" in body  # the bars' text
    assert "(pas encore commencé)</th><td>2</td>" in body.replace("\n", "")


def test_funnel_reused_for_a_while_then_recomputed(app, territory, ckan_config, monkeypatch):
    assert "1 territoire engagé" in app.get("/").body
    factories.Organization(kind="commune", title="Commune de Roanne")
    assert "1 territoire engagé" in app.get("/").body  # reused (300 s by default)
    monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.home.funnel_seconds", 0)
    assert "2 territoires engagés" in app.get("/").body


@pytest.mark.ckan_config("ckanext.opendatalocale.territories.progress_read", "members")
def test_no_funnel_when_the_site_keeps_progress_for_members(app, territory):
    body = app.get("/").body
    assert "Où en sont les territoires ?" not in body
    assert "Votre collectivité veut ouvrir ses données ?" in body


def test_latest_public_datasets_with_their_verdict_never_private_ones(
        app, territory, create_with_upload, run_jobs):
    valid = factories.Dataset(owner_org=territory["id"], title="Subventions 2025")
    create_with_upload(example_bytes("subventions"), "subventions.csv",
                       package_id=valid["id"], schema="scdl/subventions")
    run_jobs()
    factories.Dataset(owner_org=territory["id"], title=HOSTILE_TITLE)
    factories.Dataset(owner_org=territory["id"], private=True, name="brouillon-prive",
                      title="Brouillon privé")
    admin = _member(territory)
    for headers in ({}, {"Authorization": admin["token"]}):
        body = app.get("/", headers=headers).body
        assert "Dernières données publiées" in body
        assert "Subventions 2025" in body
        assert "Validation : valide" in body
        assert "Brouillon privé" not in body and "brouillon-prive" not in body
        assert HOSTILE_TITLE not in body
        assert "&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; Budget" in body


def test_this_weeks_canteen_menus(app, territory, create_with_upload):
    store.clear()
    canteen = helpers.call_action(
        "package_create", type="cantine", name="cantines-firminy", title="Menus des cantines de Firminy",
        owner_org=territory["id"], collectivite_nom="Commune de Firminy",
        collectivite_siret=sample.DEMO_SERVICE.collectivite_siret,
        restaurants=sample.restaurants_for_service(1),
        period_start="2025-09-01", period_end="2027-07-04", license_id="lo-2.0")
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    create_with_upload(sample.menu_csv(monday, days=7, restaurant_count=1), "menus.csv",
                       package_id=canteen["id"], schema="scdl/menus-collectifs@1.2.3")
    body = app.get("/").body
    assert "Menus des cantines cette semaine" in body
    assert 'href="/cantine/cantines-firminy/menus?restaurant=' in body


def test_open_data_requests_only_once_moderated(app, territory):
    inhabitant, admin = factories.User(), _member(territory)
    waiting = helpers.call_action("odl_data_request_create", context={"user": inhabitant["name"]},
                                  territory_id="firminy", title="Demande en attente",
                                  requester_kind="association")
    accepted = helpers.call_action("odl_data_request_create", context={"user": inhabitant["name"]},
                                   territory_id="firminy", title="Arbres <b>d'alignement</b>",
                                   requester_kind="association")
    helpers.call_action("odl_data_request_update", context={"user": admin["name"]},
                        id=accepted["id"], state="acceptee")
    assert waiting["state"] == "nouvelle"
    for headers in ({}, {"Authorization": admin["token"]}):
        body = app.get("/", headers=headers).body
        assert "Demandes de données en cours" in body
        assert "Arbres &lt;b&gt;d&#39;alignement&lt;/b&gt;" in body
        assert "Demande en attente" not in body
        assert 'href="/territoires/firminy/demandes"' in body


@pytest.mark.ckan_config("ckan.plugins", "opendatalocale")
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_core_plugin_alone_shows_no_capability_block():
    organization = factories.Organization(title="Commune de Roanne")
    factories.Dataset(owner_org=organization["id"], title="Budget primitif")
    app = helpers._get_test_app()
    body = app.get("/").body
    assert "Budget primitif" in body and "Votre collectivité veut ouvrir ses données ?" in body
    assert "Où en sont les territoires ?" not in body
    assert "Menus des cantines cette semaine" not in body
    assert "Demandes de données en cours" not in body
