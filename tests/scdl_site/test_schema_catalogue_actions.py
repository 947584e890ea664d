import csv
import io

import pytest
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

BUNDLED = {
    "scdl/budget", "scdl/catalogue", "scdl/deliberations", "scdl/equipements",
    "scdl/menus-collectifs", "scdl/plats-menus-collectifs", "scdl/prenoms",
    "scdl/subventions", "atlasante/schema-dae", "etalab/schema-irve-statique",
    "etalab/schema-stationnement", "139bercy/format-commande-publique",
}


@pytest.mark.usefixtures("with_plugins")
class TestSchemaActions:
    def test_list_has_every_bundled_schema_with_versions(self):
        listing = helpers.call_action("odl_schema_list")
        ids = {schema["id"] for schema in listing}
        assert BUNDLED <= ids
        subventions = next(s for s in listing if s["id"] == "scdl/subventions")
        assert subventions["latest"] in subventions["versions"]
        assert subventions["url"].startswith("https://schema.data.gouv.fr/schemas/scdl/subventions/")

    def test_show_gives_fields_types_constraints_and_enums(self):
        shown = helpers.call_action("odl_schema_show", id="scdl/subventions")
        names = [f["name"] for f in shown["fields"]]
        assert names[:3] == ["nomAttribuant", "idAttribuant", "dateConvention"]
        nature = next(f for f in shown["fields"] if f["name"] == "nature")
        assert "aide en numéraire" in (nature["enum"] or [])
        assert next(f for f in shown["fields"] if f["name"] == "dateConvention")["type"] == "date"
        assert any(c["name"] == "french-siret-value" for c in shown["checks"]) or any(
            "SIRET" in (f["type_label"] or "") for f in shown["fields"])

    def test_unknown_schema_is_not_found(self):
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("odl_schema_show", id="scdl/nexiste-pas")

    def test_anonymous_may_read_the_catalogue(self):
        context = {"user": "", "ignore_auth": False}
        assert helpers.call_action("odl_schema_list", context=context)


@pytest.mark.usefixtures("with_plugins")
class TestSchemaPages:
    def test_index_links_every_schema_and_its_template(self, app):
        page = app.get("/schemas")
        assert page.status_code == 200
        assert "/schemas/scdl/subventions" in page.body
        assert "/modele-csv/scdl/subventions" in page.body

    def test_documentation_page_lists_columns_in_order(self, app):
        page = app.get("/schemas/scdl/subventions")
        assert page.status_code == 200
        body = page.body
        assert body.index("nomAttribuant") < body.index("idAttribuant") < body.index("dateConvention")
        assert "obligatoire" in body

    def test_csv_template_has_headers_in_schema_order_and_an_example(self, app):
        response = app.get("/modele-csv/scdl/subventions")
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        text = response.body.lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        shown = helpers.call_action("odl_schema_show", id="scdl/subventions")
        assert rows[0] == [f["name"] for f in shown["fields"]]
        assert len(rows) >= 2 and any(rows[1])

    def test_unknown_schema_page_is_404(self, app):
        assert app.get("/schemas/scdl/inconnu", status=404).status_code == 404
