"""The kit d'accompagnement through CKAN (issue 16, point 6): the action's auth and
audiences, the page, the PDF read back with pypdf, privacy (a private dataset's name
never in the public kit, page or PDF), escaped territory and inventory text, and the
PDF's fetcher that opens nothing but the kit's own stylesheet."""
import http.server
import io
import threading

import pytest
from ckan import model
from ckan.tests import factories, helpers
from pypdf import PdfReader

from ckanext.opendatalocale.publishing import kit_pdf

HOSTILE_TITLE = 'Commune <script>alert("kit")</script> de Firminy'


@pytest.fixture
def loopback():
    """A server on 127.0.0.2 (test.ini's allowed network) that counts what it is asked."""
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            body = b"body{color:red}"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.2:{server.server_port}", "asked": asked}
    server.shutdown()
    server.server_close()


def declare_schema(dataset, schema, status=None):
    """Resource extras as the SCDL plugin stores them (data.gouv.fr style)."""
    resource = model.Resource.get(dataset["resources"][0]["id"])
    resource.extras = dict(resource.extras or {}, schema=schema,
                           **({"validation_status": status} if status else {}))
    model.Session.commit()


@pytest.fixture
def territory(with_plugins, odl_db, clean_index, loopback):
    place = factories.Organization(
        kind="commune", name="firminy", title=HOSTILE_TITLE, referent_name="Camille Martin",
        referent_role="Chargée de mission numérique",
        referent_contact="camille.martin@firminy.example", website="https://www.firminy.example",
        image_url=loopback["url"] + "/logo.png")
    other = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    users = {"anonymous": None, "sysadmin": factories.Sysadmin()}
    for role in ("member", "editor"):
        users[role] = factories.User()
        helpers.call_action("organization_member_create", id=place["id"],
                            username=users[role]["name"], role=role)
    users["other_admin"] = factories.User()
    helpers.call_action("organization_member_create", id=other["id"],
                        username=users["other_admin"]["name"], role="admin")
    resource = [{"url": "https://www.firminy.example/subventions.csv"}]
    public = factories.Dataset(owner_org=place["id"], name="subventions-2025",
                               title="Subventions 2025", resources=resource)
    declare_schema(public, {"name": "scdl/subventions", "version": "2.1.0"}, "success")
    private = factories.Dataset(owner_org=place["id"], name="brouillon-secret-deliberations",
                                title="Délibérations en préparation", private=True,
                                resources=[{"url": "https://www.firminy.example/d.csv"}])
    declare_schema(private, {"name": "scdl/deliberations", "version": "2.1.3"}, "failure")
    editor = {"user": users["editor"]["name"], "ignore_auth": False}
    helpers.call_action("odl_inventory_item_create", context=dict(editor), territory="firminy",
                        title="Subventions versées", status="publiee", dataset=public["name"],
                        schema_id="scdl/subventions")
    helpers.call_action("odl_inventory_item_create", context=dict(editor), territory="firminy",
                        title="Délibérations du conseil", status="publiee",
                        dataset=private["name"], schema_id="scdl/deliberations")
    helpers.call_action("odl_inventory_item_create", context=dict(editor), territory="firminy",
                        title=f'Bancs <img src="{loopback["url"]}/bancs.png"> publics',
                        owner_service="Services <b>techniques</b>", priority="haute",
                        schema_id="scdl/equipements", target_date="2030-06-30")
    return {"territory": place, "users": users, "public": public, "private": private,
            "loopback": loopback}


def as_user(territory, role):
    user = territory["users"][role]
    return {"user": user["name"] if user else "", "ignore_auth": False}


def kit_of(territory, role="anonymous", audience=None):
    extra = {"audience": audience} if audience else {}
    return helpers.call_action("odl_kit_show", context=as_user(territory, role),
                               territory="firminy", **extra)


def headers(territory, role):
    user = territory["users"][role]
    return {"Authorization": helpers.call_action(
        "api_token_create", user=user["name"], name="kit")["token"]} if user else {}


def pdf_text(body: bytes) -> str:
    """The PDF's text, whitespace folded (table cells wrap their lines)."""
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- the action ------------------------------------------------------------------

def test_public_kit_for_everyone_with_public_data_only(territory):
    for role in ("anonymous", "member", "other_admin", "sysadmin"):
        check_public_kit(kit_of(territory, role))


def check_public_kit(found):
    assert found["audience"] == "public"
    assert found["territory"]["title"] == HOSTILE_TITLE
    assert found["inventory"] is None and found["inventory_by_status"] is None
    assert [row["schema_id"] for row in found["coverage"]] == ["scdl/subventions"]
    assert found["coverage"][0]["valid"] == 1 and found["coverage"][0]["datasets"] == 1
    assert [template["schema_id"] for template in found["templates"]] == ["scdl/subventions"]
    assert found["contact"] == {"referent_name": "Camille Martin",
                                "referent_role": "Chargée de mission numérique",
                                "website": "https://www.firminy.example"}
    assert found["journey"]["public_dataset_count"] == 1
    assert "private_dataset_count" not in found["journey"]
    assert len(found["journey"]["phases"]) == found["journey"]["phase_count"] > 0
    assert found["guides"]["method"]["title"] and found["guides"]["pages"]
    assert len(found["faq"]) >= 5
    text = repr(found)
    assert "brouillon-secret" not in text and "Délibérations en préparation" not in text
    assert "scdl/deliberations" not in text
    assert "camille.martin@" not in text


def test_members_kit_for_members_only(territory):
    from ckan.logic import NotAuthorized

    for role in ("anonymous", "other_admin"):
        with pytest.raises(NotAuthorized):
            kit_of(territory, role, "membres")
    for role in ("member", "editor", "sysadmin"):
        check_members_kit(kit_of(territory, role, "membres"))


def check_members_kit(found):
    titles = [row["title"] for row in found["inventory"]]
    assert "Subventions versées" in titles and "Délibérations du conseil" in titles
    by_title = {row["title"]: row for row in found["inventory"]}
    # The public dataset is named, the private one is not, even to a member.
    assert by_title["Subventions versées"]["dataset_name"] == "subventions-2025"
    assert by_title["Délibérations du conseil"]["dataset_name"] == ""
    assert "brouillon-secret" not in repr(found)
    assert found["inventory_by_status"]["publiee"] == 2
    # The planned schemas' templates come after the published ones'.
    assert [t["schema_id"] for t in found["templates"]] == [
        "scdl/subventions", "scdl/deliberations", "scdl/equipements"]


def test_bad_input_is_a_french_validation_error(territory):
    from ckan.logic import NotFound, ValidationError

    with pytest.raises(ValidationError) as raised:
        kit_of(territory, "member", "tout")
    assert "Version du kit inconnue" in str(raised.value.error_dict["audience"])
    with pytest.raises(NotFound):
        helpers.call_action("odl_kit_show", context={"user": "", "ignore_auth": False},
                            territory="nulle-part")


HOSTILE_CALLS = [
    {"territory": ["firminy"]}, {"territory": {"id": "firminy"}}, {"territory": "f" * 5000},
    {"territory": "firminy", "audience": ["membres"]}, {"territory": "firminy", "audience": 7},
    {"territory": "firminy", "audience": "<b>public</b>"}, {}]


def test_hostile_parameters_are_refused_cleanly(territory):
    from ckan.logic import NotAuthorized, NotFound, ValidationError

    for data_dict in HOSTILE_CALLS:
        with pytest.raises((ValidationError, NotFound, NotAuthorized)):
            helpers.call_action("odl_kit_show", context=as_user(territory, "member"),
                                **data_dict)


def test_kit_follows_the_progress_reading_policy(territory, ckan_config, monkeypatch):
    from ckan.logic import NotAuthorized

    monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.territories.progress_read",
                        "members")
    with pytest.raises(NotAuthorized):
        kit_of(territory, "anonymous")
    assert kit_of(territory, "member")["journey"] is not None


# --- the page ----------------------------------------------------------------------

def test_page_escapes_and_hides_private_data(app, territory):
    page = app.get("/territoires/firminy/kit")
    assert page.status_code == 200
    body = page.body
    assert "Kit d&#39;accompagnement" in body or "Kit d'accompagnement" in body
    assert '<script>alert("kit")</script>' not in body
    assert "&lt;script&gt;alert(&#34;kit&#34;)&lt;/script&gt;" in body
    assert "subventions" in body and "Camille Martin" in body
    assert "brouillon-secret" not in body and "Délibérations en préparation" not in body
    assert "camille.martin@" not in body
    assert "Bancs" not in body  # the inventory is the members' only
    assert "/territoires/firminy/kit.pdf" in body
    assert "version=membres" not in body  # no link to what an anonymous cannot read
    assert territory["loopback"]["asked"] == []


def test_members_page_escapes_the_inventory(app, territory):
    page = app.get("/territoires/firminy/kit?version=membres",
                   headers=headers(territory, "member"))
    assert page.status_code == 200
    body = page.body
    assert "Subventions versées" in body
    assert '<img src="' + territory["loopback"]["url"] not in body
    assert "Bancs &lt;img src=" in body and "Services &lt;b&gt;techniques&lt;/b&gt;" in body
    assert "brouillon-secret" not in body
    assert page.headers["Cache-Control"] == "private, no-store"


def test_pages_refuse_what_the_caller_may_not_read(app, territory):
    assert app.get("/territoires/firminy/kit?version=membres").status_code == 403
    assert app.get("/territoires/firminy/kit.pdf?version=membres",
                   headers=headers(territory, "other_admin")).status_code == 403
    assert app.get("/territoires/nulle-part/kit").status_code == 404


# --- the PDF -----------------------------------------------------------------------

def test_public_pdf_text(app, territory):
    answer = app.get("/territoires/firminy/kit.pdf")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/pdf"
    assert 'filename="kit-accompagnement-firminy.pdf"' in answer.headers["Content-Disposition"]
    body = answer.data
    assert body.startswith(b"%PDF-")
    text = pdf_text(body)
    for expected in ("Kit d'accompagnement", "Notre parcours", "Nos données au format SCDL",
                     "Les modèles que nous utilisons", "La méthode", "Nous contacter",
                     "Questions fréquentes", "Camille Martin", "scdl/subventions",
                     "Qu'est-ce qu'un schéma SCDL ?"):
        assert expected in text, expected
    # The hostile title is printed as the text it is, not run or drawn as markup.
    assert '<script>alert("kit")</script>' in text
    assert "brouillon-secret" not in text and "Délibérations en préparation" not in text
    assert "scdl/deliberations" not in text and "camille.martin@" not in text
    assert "Bancs" not in text
    # The territory's logo and anything else outside the kit's folder: never fetched.
    assert territory["loopback"]["asked"] == []


def test_members_pdf_text(app, territory):
    answer = app.get("/territoires/firminy/kit.pdf?version=membres",
                     headers=headers(territory, "editor"))
    assert answer.status_code == 200
    text = pdf_text(answer.data)
    assert "Ce que nous prévoyons de publier" in text
    assert "Subventions versées" in text and "Délibérations du conseil" in text
    # Narrow cells wrap the markup-looking text: compared without spaces.
    packed = text.replace(" ", "")
    assert '<imgsrc="' + territory["loopback"]["url"] in packed
    assert "Services<b>techniques</b>" in packed
    assert "brouillon-secret" not in text
    assert territory["loopback"]["asked"] == []
    assert answer.headers["Cache-Control"] == "private, no-store"


def test_fetcher_opens_the_kit_stylesheet_and_nothing_else(loopback, tmp_path):
    fetcher = kit_pdf.StaticOnlyFetcher()
    response = fetcher.fetch(kit_pdf.STYLESHEET_URL)
    assert b"@page" in response.read()
    secret = tmp_path / "secret.css"
    secret.write_text("body{}")
    for refused in (loopback["url"] + "/a.css", "https://example.org/a.css",
                    "file:///etc/passwd", "file://" + str(secret),
                    "file://" + kit_pdf.STATIC + "/../kit.py",
                    "file://" + kit_pdf.STATIC + "/absent.css",
                    "data:text/css,body{color:red}", "ftp://127.0.0.2/a.css"):
        with pytest.raises(kit_pdf.RefusedURL):
            fetcher.fetch(refused)
    assert loopback["asked"] == []


def test_render_leaves_refused_resources_out(loopback):
    html = (f'<html><head><link rel="stylesheet" href="{loopback["url"]}/evil.css">'
            f'<link rel="stylesheet" href="{kit_pdf.STYLESHEET_URL}"></head>'
            f'<body><p>Bonjour Firminy</p><img src="{loopback["url"]}/pixel.png">'
            '<img src="file:///etc/hostname"></body></html>')
    text = pdf_text(kit_pdf.render(html, "http://127.0.0.1:5000"))
    assert "Bonjour Firminy" in text
    assert loopback["asked"] == []
