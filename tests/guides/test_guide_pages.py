import pytest

from ckanext.opendatalocale.guides import pages

PROGRAMME_QUESTIONS = ["quelles-donnees", "ou-heberger", "combien-ca-coute", "combien-de-temps",
                       "methode"]


def test_bundled_pages_answer_the_programme_questions_in_order():
    assert [p.slug for p in pages.pages()] == PROGRAMME_QUESTIONS


def test_a_slug_cannot_leave_the_guide_folders():
    assert pages.page("../../plugin") is None
    assert pages.page("index/../methode") is None


def test_override_folder_replaces_and_adds_pages(tmp_path):
    (tmp_path / "methode.md").write_text("---\ntitle: Notre méthode\norder: 1\n---\nTexte local.\n",
                                         encoding="utf-8")
    (tmp_path / "contacts.md").write_text("---\ntitle: Nous contacter\n---\nÉcrivez-nous.\n",
                                          encoding="utf-8")
    listed = {p.slug: p for p in pages.pages(str(tmp_path))}
    assert listed["methode"].title == "Notre méthode"
    assert "contacts" in listed and "quelles-donnees" in listed


@pytest.mark.usefixtures("with_plugins")
class TestGuideViews:
    def test_index_and_a_page_render_in_french(self, app):
        index = app.get("/guide")
        assert "Combien ça coûte ?" in index.body
        page = app.get("/guide/combien-de-temps")
        assert page.status_code == 200
        assert "<strong>Remplir un modèle CSV</strong>" in page.body
        assert "une demi-journée" in page.body

    def test_unknown_page_is_404(self, app):
        assert app.get("/guide/nexiste-pas", status=404).status_code == 404

    @pytest.mark.usefixtures("clean_db")
    def test_dataset_form_links_the_method(self, app):
        from ckan.tests import factories

        editor = factories.UserWithToken()
        factories.Organization(kind="commune",
                               users=[{"name": editor["name"], "capacity": "editor"}])
        form = app.get("/dataset/new", headers={"Authorization": editor["token"]})
        assert 'href="/guide/methode"' in form.body

    def test_platform_override_by_config(self, app, ckan_config, monkeypatch, tmp_path):
        (tmp_path / "methode.md").write_text("---\ntitle: Méthode de la région\n---\nLocal.\n",
                                             encoding="utf-8")
        monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.guides_path", str(tmp_path))
        assert "Méthode de la région" in app.get("/guide/methode").body
