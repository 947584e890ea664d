"""The suite's pages render under every base theme the installed CKAN really ships.

CKAN 2.12 accepts `ckan.base_templates_folder = templates-midnight-blue`, but the
2.12.0 release ships no template in that folder (see README): the list below is
read from the installed package, so a CKAN release that ships the theme gets its
pages checked here without any change.
"""
import os

import pytest
import ckan
from ckan.tests import factories

_CKAN_DIR = os.path.dirname(ckan.__file__)
SHIPPED_THEMES = [
    folder for folder in ("templates", "templates-midnight-blue")
    if os.path.isfile(os.path.join(_CKAN_DIR, folder, "page.html"))
]
PAGES = ["/", "/dataset/", "/territoires", "/schemas", "/schemas/scdl/deliberations",
         "/guide/methode"]


def test_the_classic_theme_is_always_there():
    assert "templates" in SHIPPED_THEMES


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_suite_pages_render_under_the_theme(theme, ckan_config, monkeypatch, make_app):
    monkeypatch.setitem(ckan_config, "ckan.base_templates_folder", theme)
    public = "public" if theme == "templates" else theme.replace("templates", "public")
    monkeypatch.setitem(ckan_config, "ckan.base_public_folder", public)
    app = make_app()
    territory = factories.Organization(kind="commune", title="Commune de Montrond")
    for path in PAGES + [f"/territoires/{territory['name']}"]:
        response = app.get(path)
        assert response.status_code == 200, path
        assert "Commune de Montrond" in response.body or path not in ("/territoires",)
