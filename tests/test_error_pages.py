"""CKAN's error pages in French: werkzeug's English status names (« 403 Forbidden »,
« 404 Not Found ») and CKAN's untranslated invitation to log in are replaced by the
suite's template; a name the suite gives its own refusals is kept."""
import pytest


@pytest.fixture
def site(with_plugins, odl_db):
    return None


def test_a_missing_page_is_named_in_french(app, site):
    page = app.get("/dataset/ce-jeu-n-existe-pas", status=404)
    assert "404 Page introuvable" in page.body
    assert "Not Found" not in page.body


def test_a_refused_page_invites_to_log_in_in_french(app, site):
    page = app.get("/import", status=403)
    assert "403 Accès refusé" in page.body
    assert "Forbidden" not in page.body
    assert "You might need to login" not in page.body
    assert "Se connecter" in page.body and 'href="/user/login"' in page.body


def test_a_name_the_suite_chose_is_kept(app, site):
    # a form posted without its token: csrf.py names the refusal itself
    page = app.post("/import", data={}, status=400)
    assert "400 Formulaire refusé" in page.body
