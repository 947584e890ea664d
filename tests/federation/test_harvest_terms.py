"""What the suite decides about a harvested dataset, without CKAN."""
from ckanext.opendatalocale.federation import harvest_terms


def test_identifier_is_dct_identifier_else_the_guid():
    assert harvest_terms.remote_identifier({"identifier": " https://a.fr/id/1 "}, "g") == "https://a.fr/id/1"
    assert harvest_terms.remote_identifier(
        {"extras": [{"key": "dcat_identifier", "value": "42"}]}, "g") == "42"
    assert harvest_terms.remote_identifier({"identifier": "  "}, "https://a.fr/d/1") == "https://a.fr/d/1"
    assert harvest_terms.remote_identifier({}, None) is None


def test_markup_is_not_hostile_but_controls_and_huge_texts_are():
    assert harvest_terms.hostile_text({"title": "<b>Budget</b>", "notes": "a\tb\nc\r"}) is None
    nul = harvest_terms.hostile_text({"title": "Budget", "resources": [{"name": "x\x00y"}]})
    assert "resources[0].name" in nul and "caractères de contrôle" in nul
    assert "dépasse 1000" in harvest_terms.hostile_text({"title": "T" * 1001})
    assert harvest_terms.hostile_text({"title": "T", "notes": "n" * 100_000}) is None
    assert "notes" in harvest_terms.hostile_text({"title": "T", "notes": "n" * 100_001})


def test_messages_say_what_happened_and_what_is_kept():
    message = harvest_terms.malformed_rdf("http://x.fr/c.ttl", "text/turtle", "ligne 3")
    assert "n'est pas un document RDF lisible (format text/turtle) : ligne 3" in message
    assert "restent inchangés" in message
    assert "n'est pas du texte UTF-8" in harvest_terms.not_text("http://x.fr")
    assert "« Mairie »" in harvest_terms.no_territory("Mairie")
