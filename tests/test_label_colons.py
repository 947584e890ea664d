"""A label's colon as the page's language writes it (seen on the README's screenshots,
issue 19): « Exporter : » in French, "Export:" in English — not "Export :"."""
import re

import pytest

from ckanext.opendatalocale import display


def test_colon_follows_the_language():
    assert display.colon("fr") == "\u00a0:"
    assert display.colon("fr_FR") == "\u00a0:"
    assert display.colon("en") == ":"
    assert display.colon(None) == "\u00a0:"  # the suite's language when none is known


def _section(body, start, end):
    return body[body.index(start):body.index(end, body.index(start))]


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index")
def test_pages_write_the_colon_and_percent_of_their_language(app):
    from ckan.tests import factories

    factories.Organization(kind="commune", name="montbrison", title="Commune de Montbrison",
                           population=16000)
    french = app.get("/territoires").body
    assert "Exporter\u00a0:" in french
    english = app.get("/en/territoires").body
    assert "Export:" in english and "Export :" not in english
    table = _section(english, "odl-territories", "</table>")
    # "26%" in English (« 26 % » in French), in the text and in the bar's label
    assert re.search(r">\s*\d+%</td>", table) and 'aria-label="' in table
    assert not re.search(r"\d(\s|&nbsp;|\u00a0|\u202f)%", table)

    admin = factories.SysadminWithToken()  # the team sees every guide link of a step
    dashboard = app.get("/en/territoires/montbrison",
                        headers={"Authorization": admin["token"]}).body
    steps = _section(dashboard, 'id="prochaines-etapes"', "</ol>")
    assert "<a " in steps  # the guides after the colon
    assert not re.search(r"\s:", steps), steps

    schema = app.get("/en/schemas/scdl/subventions").body
    assert "</strong>" in schema and not re.search(r"\s:</strong>", schema)

    obligation = app.get("/en/territoires/obligation").body
    assert "Export:" in obligation and "Export :" not in obligation
    assert not re.search(r"Scope\s+:", obligation)
