"""A territory's inventory of unpublished data through CKAN (issue 16, point 4): the
auth matrix of every action, validation with French messages, the list's filters,
sorts and pages, the pages and their CSRF, the CSV export, the dashboard section and
the indicators phase criteria read."""
import csv
import datetime
import io

import pytest
import yaml
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendatalocale.publishing.logic import inventory_action
from ckanext.opendatalocale.publishing.model import InventoryItem
# Signing in through the login form, as the engagement pages' tests do.
from tests.engagement.conftest import PASSWORD
from tests.engagement.test_pages import browser, token_of

ROLES = ["anonymous", "member", "editor", "admin", "other_admin", "sysadmin"]
READERS = {"member", "editor", "admin", "sysadmin"}
WRITERS = {"editor", "admin", "sysadmin"}
HOSTILE = '<script>alert("inventaire")</script>'

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)


@pytest.fixture
def territory(with_plugins, odl_db, clean_index):
    place = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    other = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    users = {"anonymous": None,
             "sysadmin": factories.SysadminWithToken(password=PASSWORD)}
    for role in ("member", "editor", "admin"):
        users[role] = factories.UserWithToken(password=PASSWORD)
        helpers.call_action("organization_member_create", id=place["id"],
                            username=users[role]["name"], role=role)
    users["other_admin"] = factories.UserWithToken(password=PASSWORD)
    helpers.call_action("organization_member_create", id=other["id"],
                        username=users["other_admin"]["name"], role="admin")
    public = factories.Dataset(owner_org=place["id"], name="budget-2025", title="Budget 2025")
    private = factories.Dataset(owner_org=place["id"], name="brouillon", private=True,
                                title="Brouillon des subventions")
    elsewhere = factories.Dataset(owner_org=other["id"], name="bancs-roanne", title="Bancs")
    return {"territory": place, "other": other, "users": users, "public": public,
            "private": private, "elsewhere": elsewhere}


def as_user(territory, role):
    user = territory["users"][role]
    return {"user": user["name"] if user else "", "ignore_auth": False}


def add(territory, role="editor", **fields):
    fields.setdefault("title", "Registre des arbres")
    return helpers.call_action("odl_inventory_item_create", context=as_user(territory, role),
                               territory="firminy", **fields)


def errors_of(call) -> dict:
    with pytest.raises(Exception) as raised:
        call()
    assert raised.type.__name__ == "ValidationError", raised.value
    return raised.value.error_dict


# --- auth matrix -----------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix_of_every_action(territory, role):
    from ckan.logic import NotAuthorized

    entry = add(territory, "admin", title="Plan des pistes cyclables")
    context = as_user(territory, role)
    calls = {
        "odl_inventory_item_show": ({"id": entry["id"]}, READERS),
        "odl_inventory_item_list": ({"territory": "firminy"}, READERS),
        "odl_inventory_summary": ({"territory": "firminy"}, READERS),
        "odl_inventory_item_create": ({"territory": "firminy", "title": "Cimetières"}, WRITERS),
        "odl_inventory_item_update": ({"id": entry["id"], "priority": "haute"}, WRITERS),
    }
    for action, (data_dict, allowed) in calls.items():
        if role in allowed:
            helpers.call_action(action, context=dict(context), **data_dict)
        else:
            with pytest.raises(NotAuthorized):
                helpers.call_action(action, context=dict(context), **data_dict)
    if role in WRITERS:
        helpers.call_action("odl_inventory_item_delete", context=dict(context), id=entry["id"])
        assert model.Session.get(InventoryItem, entry["id"]) is None
    else:
        with pytest.raises(NotAuthorized):
            helpers.call_action("odl_inventory_item_delete", context=dict(context),
                                id=entry["id"])
        assert model.Session.get(InventoryItem, entry["id"]) is not None


def test_api_refuses_the_inventory_to_outsiders_and_answers_members(app, territory):
    add(territory, title="Plan des pistes cyclables")
    url = "/api/action/odl_inventory_item_list?territory=firminy"
    assert app.get(url, status=403).json["success"] is False
    other = {"Authorization": territory["users"]["other_admin"]["token"]}
    refused = app.get(url, headers=other, status=403).json
    assert "Plan des pistes" not in str(refused)
    member = {"Authorization": territory["users"]["member"]["token"]}
    listed = app.get(url, headers=member).json["result"]
    assert listed["count"] == 1 and listed["results"][0]["title"] == "Plan des pistes cyclables"


# --- validation --------------------------------------------------------------------

def test_create_stores_every_field_and_who_wrote_it(territory):
    editor = territory["users"]["editor"]
    entry = add(territory, title="  Registre des arbres  ", description="Arbres d'alignement.",
                owner_service="Espaces verts", priority="haute", blocker="qualite",
                blocker_detail="coordonnées à vérifier", target_date="30/06/2027",
                schema_id="scdl/subventions")
    assert entry["title"] == "Registre des arbres"
    assert entry["target_date"] == "2027-06-30" and entry["status"] == "a_publier"
    assert entry["priority"] == "haute" and entry["blocker"] == "qualite"
    assert entry["schema_id"] == "scdl/subventions" and entry["territory_id"] == \
        territory["territory"]["id"]
    assert entry["created_by"] == entry["updated_by"] == editor["id"]
    assert add(territory, title="Sans précision")["priority"] == "moyenne"


@pytest.mark.parametrize("fields, field, message", [
    ({"title": "ab"}, "title", "trop court"),
    ({"title": "x" * 201}, "title", "trop long"),
    ({"description": "x" * 4001}, "description", "trop long"),
    ({"owner_service": "x" * 201}, "owner_service", "trop long"),
    ({"priority": "urgente"}, "priority", "Priorité inconnue"),
    ({"status": "oubliee"}, "status", "Statut inconnu"),
    ({"blocker": "budget"}, "blocker", "Frein inconnu"),
    ({"blocker": "autre"}, "blocker_detail", "Précisez le frein"),
    ({"target_date": "31/02/2027"}, "target_date", "n'existe pas dans le calendrier"),
    ({"target_date": "demain"}, "target_date", "n'est pas une date"),
    ({"target_date": "2027-13-01"}, "target_date", "n'existe pas"),
    ({"target_date": "1999-12-31"}, "target_date", "entre 2000 et 2100"),
    ({"schema_id": "scdl/inconnu"}, "schema_id", "n'est pas dans le catalogue"),
    ({"status": "publiee"}, "dataset", "nomme le jeu de données"),
    ({"status": "publiee", "dataset": "bancs-roanne"}, "dataset", "n'appartient pas"),
    ({"status": "publiee", "dataset": "nulle-part"}, "dataset", "introuvable"),
])
def test_refusals_say_what_and_where_in_french(territory, fields, field, message):
    errors = errors_of(lambda: add(territory, **dict({"title": "Registre des arbres"}, **fields)))
    assert field in errors, errors
    assert message in " ".join(map(str, errors[field]))
    assert model.Session.query(InventoryItem).count() == 0


def test_a_published_entry_names_a_dataset_of_the_territory_private_ones_too(territory):
    entry = add(territory, status="publiee", dataset="brouillon")
    assert entry["dataset_id"] == territory["private"]["id"]
    assert entry["dataset_name"] == "brouillon"
    moved = helpers.call_action("odl_inventory_item_update",
                                context=as_user(territory, "admin"), id=entry["id"],
                                status="en_cours")
    assert moved["dataset_id"] is None and moved["status"] == "en_cours"
    assert moved["updated_by"] == territory["users"]["admin"]["id"]
    assert moved["created_by"] == territory["users"]["editor"]["id"]
    # Only the fields given change.
    assert moved["title"] == "Registre des arbres"


def test_values_that_would_break_a_query_are_refused_before_anything(territory):
    errors = errors_of(lambda: add(territory, title="Nul\x00caractère"))
    assert "title" in errors
    add(territory)
    # A blank number (an empty query string field) is no value: the default page, no 500.
    found = helpers.call_action("odl_inventory_item_list", context=as_user(territory, "member"),
                                territory="firminy", limit="  ", offset="")
    assert found["count"] == 1 and found["limit"] == 20
    errors = errors_of(lambda: helpers.call_action(
        "odl_inventory_item_list", context=as_user(territory, "member"), territory=["firminy"]))
    assert "territory" in errors
    for hostile in ({"overdue": ["oui"]}, {"overdue": 7}, {"offset": 10 ** 30}):
        errors = errors_of(lambda: helpers.call_action(
            "odl_inventory_item_list", context=as_user(territory, "member"),
            territory="firminy", **hostile))
        assert set(errors) == set(hostile), errors
    errors = errors_of(lambda: helpers.call_action(
        "odl_inventory_item_list", context=as_user(territory, "member"), territory="firminy",
        limit=101))
    assert "limit" in errors


# --- list ----------------------------------------------------------------------------

def test_list_filters_sorts_and_pages(territory):
    today = datetime.date.today()
    add(territory, title="Zonage", priority="basse", target_date="2030-01-01")
    add(territory, title="Bancs", priority="haute")
    add(territory, title="Arbres", priority="haute", target_date="2031-01-01")
    add(territory, title="Cantines", priority="haute",
        target_date=(today - datetime.timedelta(days=3)).isoformat(), owner_service="Écoles")
    add(territory, title="Taux 100% bio", priority="moyenne", status="abandonnee")
    member = as_user(territory, "member")

    def titles(**filters):
        found = helpers.call_action("odl_inventory_item_list", context=dict(member),
                                    territory="firminy", **filters)
        return found["count"], [entry["title"] for entry in found["results"]]

    assert titles() == (5, ["Cantines", "Arbres", "Bancs", "Taux 100% bio", "Zonage"])
    assert titles(sort="echeance")[1] == ["Cantines", "Zonage", "Arbres", "Bancs",
                                          "Taux 100% bio"]
    assert titles(sort="titre")[1][0] == "Arbres"
    assert titles(priority="haute", limit=2) == (3, ["Cantines", "Arbres"])
    assert titles(priority="haute", limit=2, offset=2) == (3, ["Bancs"])
    assert titles(status="abandonnee") == (1, ["Taux 100% bio"])
    assert titles(overdue=True) == (1, ["Cantines"])
    assert titles(q="écoles") == (1, ["Cantines"])
    assert titles(q="%") == (1, ["Taux 100% bio"])  # a character, not a wildcard
    # Another territory's inventory is another list.
    helpers.call_action("odl_inventory_item_create", context=as_user(territory, "other_admin"),
                        territory="roanne", title="Bancs de Roanne")
    assert titles()[0] == 5


def test_summary_counts_statuses_and_overdue(territory):
    past = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
    add(territory, title="Cantines", target_date=past, owner_service="Écoles")
    add(territory, title="Arbres", status="en_cours")
    add(territory, title="Budget", status="publiee", dataset="budget-2025")
    add(territory, title="Vieux fichier", status="abandonnee", target_date=past)
    summary = helpers.call_action("odl_inventory_summary", context=as_user(territory, "member"),
                                  territory="firminy")
    assert summary["by_status"] == {"a_publier": 1, "en_cours": 1, "publiee": 1,
                                    "abandonnee": 1}
    assert summary["overdue"] == 1 and summary["overdue_items"][0]["title"] == "Cantines"
    assert summary["published_share"] == pytest.approx(1 / 3)


def test_rows_for_the_kit_read_the_territory_inventory(territory):
    add(territory, title="Budget", status="publiee", dataset="budget-2025",
        schema_id="scdl/budget", description="note interne")
    add(territory, title="Vieux fichier", status="abandonnee")
    rows = inventory_action.kit_rows_for(territory["territory"]["id"])
    assert [row["title"] for row in rows] == ["Budget"]
    assert rows[0]["dataset_name"] == "budget-2025" and rows[0]["schema_title"] != ""
    assert "description" not in rows[0]


# --- pages ---------------------------------------------------------------------------

def headers(territory, role):
    user = territory["users"][role]
    return {"Authorization": user["token"]} if user else {}


@pytest.mark.parametrize("role", ROLES)
def test_list_page_for_members_only_with_hostile_text_escaped(app, territory, role):
    add(territory, title=HOSTILE, owner_service="=cmd|' /C calc'!A0")
    page = app.get("/territoires/firminy/inventaire", headers=headers(territory, role),
                   follow_redirects=False)
    if role in READERS:
        assert page.status_code == 200
        assert "Inventaire des données de Commune de Firminy" in page.body
        # Stray or huge arguments are no 500.
        assert app.get("/territoires/firminy/inventaire?name=x&page=99999999999999999999&tri=x",
                       headers=headers(territory, role)).status_code == 200
        assert HOSTILE not in page.body
        assert "&lt;script&gt;alert(" in page.body
        assert ("Ajouter une donnée" in page.body) == (role in WRITERS)
    elif role == "anonymous":
        assert page.status_code == 302 and "/user/login" in page.headers["Location"]
    else:
        assert page.status_code == 403
        assert "alert(" not in page.body


def test_csv_export_neutralises_formulas_and_is_for_members(app, territory):
    add(territory, title="=HYPERLINK(\"http://x.example\")", owner_service="@SOMME(A1)",
        priority="haute", target_date="2027-01-31")
    add(territory, title="Arbres", priority="basse")
    url = "/territoires/firminy/inventaire.csv"
    response = app.get(url, headers=headers(territory, "member"))
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [row["titre"] for row in rows] == ["'=HYPERLINK(\"http://x.example\")", "Arbres"]
    assert rows[0]["service_detenteur"] == "'@SOMME(A1)" and rows[0]["priorite"] == "Haute"
    assert rows[0]["date_cible"] == "2027-01-31"
    filtered = app.get(url + "?priorite=basse", headers=headers(territory, "member"))
    assert "HYPERLINK" not in filtered.get_data(as_text=True)
    assert app.get(url, headers=headers(territory, "other_admin")).status_code == 403
    assert app.get(url, follow_redirects=False).status_code == 302


def test_forms_add_change_and_remove_with_csrf(app, territory):
    editor = browser(app, territory["users"]["editor"])
    form = {"title": "Registre des arbres", "priority": "haute", "status": "a_publier",
            "blocker": "", "target_date": "2027-06-30", "schema_id": "", "dataset": "",
            "owner_service": "Espaces verts", "description": "", "blocker_detail": ""}
    assert editor.post("/territoires/firminy/inventaire/nouveau", data=form,
                       follow_redirects=False).status_code == 400
    assert model.Session.query(InventoryItem).count() == 0
    page = editor.get("/territoires/firminy/inventaire/nouveau")
    assert page.status_code == 200 and 'name="schema_id"' in page.body
    assert "Brouillon des subventions" in page.body  # the territory's private dataset
    assert "Bancs" not in page.body  # another territory's

    refused = editor.post("/territoires/firminy/inventaire/nouveau",
                          data=dict(form, target_date="31/02/2027", _csrf_token=token_of(page)))
    assert refused.status_code == 400
    assert "n&#39;existe pas dans le calendrier" in refused.body or \
        "n'existe pas dans le calendrier" in refused.body
    assert model.Session.query(InventoryItem).count() == 0

    created = editor.post("/territoires/firminy/inventaire/nouveau", follow_redirects=False,
                          data=dict(form, _csrf_token=token_of(page)))
    assert created.status_code == 302
    entry = model.Session.query(InventoryItem).one()
    assert entry.target_date == datetime.date(2027, 6, 30) and entry.owner_service == \
        "Espaces verts"

    edit_url = f"/territoires/firminy/inventaire/{entry.id}/modifier"
    page = editor.get(edit_url)
    assert page.status_code == 200 and 'value="Registre des arbres"' in page.body
    changed = editor.post(edit_url, follow_redirects=False, data=dict(
        form, status="publiee", dataset="budget-2025", _csrf_token=token_of(page)))
    assert changed.status_code == 302
    model.Session.expire_all()
    entry = model.Session.get(InventoryItem, entry.id)
    assert entry.status == "publiee" and entry.dataset_id == territory["public"]["id"]
    listing = editor.get("/territoires/firminy/inventaire")
    assert "/dataset/budget-2025" in listing.body

    delete_url = f"/territoires/firminy/inventaire/{entry.id}/supprimer"
    assert editor.post(delete_url, follow_redirects=False).status_code == 400
    assert editor.post(delete_url, follow_redirects=False,
                       data={"_csrf_token": token_of(page)}).status_code == 302
    assert model.Session.query(InventoryItem).count() == 0


def test_members_and_other_territories_cannot_write_through_the_forms(app, territory):
    entry = add(territory)
    member = browser(app, territory["users"]["member"])
    assert member.get("/territoires/firminy/inventaire/nouveau").status_code == 403
    page = member.get("/territoires/firminy/inventaire")
    assert member.post(f"/territoires/firminy/inventaire/{entry['id']}/supprimer",
                       data={"_csrf_token": token_of(page)}).status_code == 403
    outsider = browser(app, territory["users"]["other_admin"])
    # Another territory's entry is not reachable through the outsider's own territory.
    page = outsider.get("/territoires/roanne/inventaire")
    assert outsider.post(f"/territoires/roanne/inventaire/{entry['id']}/supprimer",
                         data={"_csrf_token": token_of(page)}).status_code == 403
    assert outsider.get(f"/territoires/firminy/inventaire/{entry['id']}/modifier"
                        ).status_code == 403
    assert model.Session.get(InventoryItem, entry["id"]) is not None


# --- dashboard and indicators --------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_dashboard_section_for_members_only(app, territory, role):
    past = (datetime.date.today() - datetime.timedelta(days=5)).isoformat()
    add(territory, title="Cantines scolaires", target_date=past, owner_service="Écoles")
    add(territory, title="Budget", status="publiee", dataset="budget-2025")
    page = app.get("/territoires/firminy", headers=headers(territory, role))
    assert page.status_code == 200
    shown = "Inventaire des données à publier" in page.body
    assert shown == (role in READERS)
    assert ("Cantines scolaires" in page.body) == (role in READERS)
    if shown:
        assert "/territoires/firminy/inventaire" in page.body
        section = page.body.split('id="inventaire"', 1)[1].split("</section>", 1)[0]
        assert "En retard : <strong>1</strong>" in section
        assert "Publiée : <strong>1</strong>" in section


def test_phase_criteria_can_read_the_inventory_indicators(territory, ckan_config, monkeypatch,
                                                          tmp_path):
    from ckanext.opendatalocale import territories

    shipped = yaml.safe_load(open(territories.__path__[0] + "/phases.yaml", encoding="utf-8"))
    # The shipped programme shows its values to everyone: it reads no private figure.
    assert "inventory_" not in str(shipped)
    phases_list = shipped["phases"]
    phases_list[2]["criteria"].append({"id": "inventory_started", "indicator": "inventory_items",
                                       "at_least": 3, "required": False,
                                       "label": {"fr": "Un inventaire commencé"}})
    phases_list[3]["criteria"].append({"id": "inventory_half_published",
                                       "indicator": "inventory_published_share",
                                       "at_least": 0.5, "required": False,
                                       "label": {"fr": "La moitié de l'inventaire publiée"}})
    path = tmp_path / "phases.yaml"
    path.write_text(yaml.safe_dump(shipped, allow_unicode=True), encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.opendatalocale.territories.phases_file", str(path))

    add(territory, title="Budget", status="publiee", dataset="budget-2025")
    add(territory, title="Arbres")
    add(territory, title="Cantines")
    add(territory, title="Vieux fichier", status="abandonnee")
    shown = helpers.call_action("odl_territory_progress_show", id="firminy")
    criteria = {c["indicator"]: c for phase in shown["phases"] for c in phase["criteria"]
                if c.get("indicator")}
    assert criteria["inventory_items"]["value"] == 3 and criteria["inventory_items"]["met"]
    assert criteria["inventory_published_share"]["value"] == pytest.approx(1 / 3)
    assert criteria["inventory_published_share"]["met"] is False
    other = helpers.call_action("odl_territory_progress_show", id="roanne")
    values = {c["indicator"]: c for phase in other["phases"] for c in phase["criteria"]
              if c.get("indicator")}
    assert values["inventory_items"]["value"] == 0
    assert values["inventory_published_share"]["value"] is None
