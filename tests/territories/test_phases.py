"""The phases file: shipped default, replacement, and clear messages for mistakes.
Pure: no CKAN."""
import pytest

from ckanext.opendatalocale.territories import phases


def test_shipped_file_declares_the_six_phases_of_the_programme():
    programme = phases.load_programme()
    assert [phase.number for phase in programme.phases] == [1, 2, 3, 4, 5, 6]
    assert "public_datasets" in programme.indicator_ids()
    assert all(phase.criteria for phase in programme.phases)
    first_dataset = programme.phases[1].criteria[0]
    assert (first_dataset.indicator, first_dataset.at_least) == ("public_datasets", 1)


def test_labels_fall_back_to_french():
    assert phases.localized({"fr": "Publier", "en": "Publish"}, "en") == "Publish"
    assert phases.localized({"fr": "Publier"}, "de") == "Publier"
    assert phases.localized({"fr": "Publier"}, "pt_BR") == "Publier"
    assert phases.localized("Publier", "en") == "Publier"


def test_guide_placeholders_are_replaced():
    link = phases.Link("/organization/edit/{territory}?id={territory_id}", "x")
    assert link.url_for("firminy", "abc") == "/organization/edit/firminy?id=abc"


def _document(**criterion):
    return {"milestones": [{"id": "referent_named", "label": "Référent"}],
            "phases": [{"id": "p1", "criteria": [criterion]}]}


@pytest.mark.parametrize("document, message", [
    ({}, "liste « phases »"),
    ({"phases": []}, "au moins une phase"),
    ({"phases": ["texte"]}, "un objet est attendu"),
    ({"phases": [{"criteria": []}]}, "« id » manque"),
    (_document(indicator="public_datasets", milestone="referent_named"), "soit sur un"),
    (_document(), "soit sur un"),
    (_document(milestone="inconnu"), "jalon inconnu"),
    (_document(indicator="public_datasets", at_least="douze"), "doit être un nombre"),
    (_document(milestone="referent_named", at_least=1), "pas de seuil"),
    (_document(indicator="x", guide="/nulle-part"), "« guide »"),
])
def test_mistakes_in_the_file_give_a_french_message(document, message):
    with pytest.raises(phases.PhaseDefinitionError) as error:
        phases.parse_programme(document)
    assert message in str(error.value)


def test_duplicate_criterion_ids_are_refused():
    document = {"phases": [{"id": "a", "criteria": [{"indicator": "n", "at_least": 1}]},
                           {"id": "b", "criteria": [{"indicator": "n", "at_least": 1}]}]}
    with pytest.raises(phases.PhaseDefinitionError, match="deux fois"):
        phases.parse_programme(document)


def test_unreadable_or_invalid_files_are_reported(tmp_path):
    with pytest.raises(phases.PhaseDefinitionError, match="illisible"):
        phases.load_programme(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("phases: [\n", encoding="utf-8")
    with pytest.raises(phases.PhaseDefinitionError, match="YAML invalide"):
        phases.load_programme(broken)


@pytest.mark.parametrize("value, met", [(None, False), (0, False), (11, False), (12, True), (30, True)])
def test_at_least_threshold(value, met):
    assert phases.Criterion("c", "c", indicator="n", at_least=12).holds_for(value) is met


@pytest.mark.parametrize("value, met", [(0, True), (1, False), (None, False)])
def test_at_most_threshold(value, met):
    assert phases.Criterion("c", "c", indicator="n", at_most=0).holds_for(value) is met


def test_criterion_without_bounds_holds_when_true():
    criterion = phases.Criterion("c", "c", indicator="identity_complete")
    assert criterion.holds_for(True) and not criterion.holds_for(False)


def test_a_criterion_may_have_several_guides_the_first_being_the_main_one():
    programme = phases.parse_programme({"phases": [{"id": "p", "criteria": [{
        "indicator": "public_datasets", "at_least": 1,
        "guides": [{"url": "/guide/methode", "label": "Méthode"}, {"url": "/schemas"}]}]}]})
    criterion = programme.phases[0].criteria[0]
    assert [g.url for g in criterion.guides] == ["/guide/methode", "/schemas"]
    assert criterion.guide.label == "Méthode" and criterion.guides[1].label == "/schemas"
    with pytest.raises(phases.PhaseDefinitionError):
        phases.parse_programme({"phases": [{"id": "p", "criteria": [{
            "indicator": "x", "guides": ["/schemas"]}]}]})


def test_phase_two_points_at_the_publishing_guides_and_schemas():
    programme = phases.load_programme()
    urls = {g.url for c in programme.phases[1].criteria for g in c.guides}
    assert {"/guide/quelles-donnees", "/guide/ou-heberger", "/guide/combien-ca-coute",
            "/guide/combien-de-temps", "/guide/methode", "/schemas"} <= urls


def test_labels_name_the_site_setting_they_depend_on():
    programme = phases.load_programme(variables={"recent_days": 60})
    labels = [phases.localized(criterion.label, "fr") for criterion in programme.criteria()]
    assert "Menus de cantine mis à jour dans les 60 derniers jours" in labels
    assert not any("{recent_days}" in label for label in labels)
