"""Events through CKAN (issue 15, point 5): announced by the territory's editors and
admins, listed per territory and platform-wide, read back from the iCalendar feeds
with the icalendar library; an internal training kept to members never reaches a
public list or feed; user text escaped in pages and feeds; forms CSRF-protected."""
import datetime
from zoneinfo import ZoneInfo

import icalendar
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.model import Event

from .conftest import ROLES, headers
from .test_pages import REFUSED, browser, token_of

pytestmark = pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", True)

MAY_WRITE = {"editor", "admin", "sysadmin"}
MEMBERS = {"member", "editor", "admin", "sysadmin"}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
NEXT_YEAR = datetime.date.today().year + 1


def announce(app, user, status=200, **values):
    body = dict({"territory_id": "firminy", "title": "Atelier budget participatif",
                 "kind": "atelier", "starts_at": f"{NEXT_YEAR}-03-12T18:00",
                 "ends_at": f"{NEXT_YEAR}-03-12T20:30",
                 "place": "Médiathèque, 2 place du Breuil, Firminy",
                 "audience": "Habitants et associations",
                 "registration_url": "https://inscription.example.org/atelier?id=3,4;5",
                 "description": "Découvrir le budget de la commune."}, **values)
    return app.post("/api/action/odl_event_create", headers=headers(user), json=body,
                    status=status).json


def count():
    from ckan import model
    return model.Session.query(Event).count()


def feed(app, url, user=None):
    response = app.get(url, headers=headers(user))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.get_data()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    # RFC 5545 3.1: lines of 75 octets at most, CRLF everywhere.
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    return calendar


def vevents(calendar):
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("role", ROLES)
def test_auth_matrix(app, territory, role):
    user = territory["users"][role]
    created = announce(app, user, status=200 if role in MAY_WRITE else 403)
    assert created["success"] is (role in MAY_WRITE)
    if role in ("member", "other_admin"):
        assert "éditeurs et administrateurs du territoire" in created["error"]["message"]
    assert count() == (1 if role in MAY_WRITE else 0)
    event = announce(app, territory["users"]["admin"])["result"]
    updated = app.post("/api/action/odl_event_update", headers=headers(user),
                       json={"id": event["id"], "title": "Atelier renommé"},
                       status=200 if role in MAY_WRITE else 403).json
    assert updated["success"] is (role in MAY_WRITE)
    shown = helpers.call_action("odl_event_show", id=event["id"])
    assert shown["title"] == ("Atelier renommé" if role in MAY_WRITE
                              else "Atelier budget participatif")
    deleted = app.post("/api/action/odl_event_delete", headers=headers(user),
                       json={"id": event["id"]}, status=200 if role in MAY_WRITE else 403).json
    assert deleted["success"] is (role in MAY_WRITE)
    assert count() == 1  # the role's own (when it may write) is left, the admin's is not
    form = app.get("/territoires/firminy/evenements/nouveau", headers=headers(user),
                   status=200 if role in MAY_WRITE else 403)
    assert ('name="starts_at"' in form.body) is (role in MAY_WRITE)


@pytest.mark.parametrize("role", ROLES)
def test_internal_training_never_leaks(app, territory, role):
    admin = territory["users"]["admin"]
    public = announce(app, admin)["result"]
    training = announce(app, admin, title="Formation interne des agents à CKAN",
                        kind="formation", visibility="membres", audience="Agents")["result"]
    user = territory["users"][role]
    may_see = role in MEMBERS
    listed = app.get("/api/action/odl_event_list?territory_id=firminy",
                     headers=headers(user)).json["result"]
    assert {e["id"] for e in listed["results"]} == (
        {public["id"], training["id"]} if may_see else {public["id"]})
    everywhere = app.get("/api/action/odl_event_list", headers=headers(user)).json["result"]
    assert (training["id"] in {e["id"] for e in everywhere["results"]}) is may_see
    app.get(f"/api/action/odl_event_show?id={training['id']}", headers=headers(user),
            status=200 if may_see else 403)
    page = app.get(f"/evenements/{training['id']}", headers=headers(user),
                   status=200 if may_see else 403)
    assert ("Formation interne des agents" in page.body) is may_see
    for url in ("/territoires/firminy/evenements", "/evenements", "/territoires/firminy/public"):
        body = app.get(url, headers=headers(user)).body
        assert "Atelier budget participatif" in body, url
        if url == "/territoires/firminy/public" or not may_see:
            assert "Formation interne" not in body and training["id"] not in body, url
        else:
            assert "Réservé aux membres du territoire" in body, url
    # The feeds are public whoever asks: a member's token changes nothing.
    for url in ("/territoires/firminy/evenements.ics", "/evenements.ics"):
        found = vevents(feed(app, url, user))
        assert set(found) == {public["id"]}, url


def test_feed_read_back_with_icalendar(app, territory):
    admin = territory["users"]["admin"]
    event = announce(app, admin, starts_at=f"{NEXT_YEAR}-07-01T18:00",
                     ends_at=f"{NEXT_YEAR}-07-01T20:00")["result"]
    online = announce(app, admin, title="Webinaire open data", kind="journee", place="",
                      online_url="https://visio.example.org/salle-12",
                      starts_at=f"{NEXT_YEAR}-01-20T09:00:00+01:00", ends_at="",
                      registration_url="")["result"]
    roanne = announce(app, territory["users"]["other_admin"], territory_id="roanne",
                      title="Hackathon mobilité Roanne", kind="hackathon",
                      starts_at=f"{NEXT_YEAR}-05-15T09:00", ends_at=f"{NEXT_YEAR}-05-16T18:00",
                      place="Campus de Roanne")["result"]
    old = announce(app, admin, title="Atelier de l'an dernier",
                   starts_at=f"{NEXT_YEAR - 2}-03-12T18:00",
                   ends_at=f"{NEXT_YEAR - 2}-03-12T20:00")["result"]

    calendar = feed(app, "/territoires/firminy/evenements.ics")
    assert str(calendar["X-WR-CALNAME"]) == "Événements de Commune de Firminy"
    found = vevents(calendar)
    assert set(found) == {event["id"], online["id"]}  # Roanne's and the old one left out
    entry = found[event["id"]]
    utc = datetime.timezone.utc
    # Paris summer time (UTC+2), written in UTC.
    assert entry.decoded("DTSTART") == datetime.datetime(NEXT_YEAR, 7, 1, 16, 0, tzinfo=utc)
    assert entry.decoded("DTEND") == datetime.datetime(NEXT_YEAR, 7, 1, 18, 0, tzinfo=utc)
    assert entry.decoded("DTSTAMP").tzinfo is not None
    assert str(entry["SUMMARY"]) == "Atelier budget participatif"
    assert str(entry["LOCATION"]) == "Médiathèque, 2 place du Breuil, Firminy"
    assert str(entry["URL"]).startswith("http") and str(entry["URL"]).endswith(
        f"/evenements/{event['id']}")
    description = str(entry["DESCRIPTION"])
    assert description.startswith("Découvrir le budget de la commune.")
    assert "Public : Habitants et associations" in description
    assert "Inscription : https://inscription.example.org/atelier?id=3,4;5" in description
    assert "Organisé par : Commune de Firminy" in description
    assert [str(c) for c in entry["CATEGORIES"].cats] == ["Atelier"]
    assert int(entry["SEQUENCE"]) == 0
    web = found[online["id"]]
    assert web.decoded("DTSTART") == datetime.datetime(NEXT_YEAR, 1, 20, 8, 0, tzinfo=utc)
    assert "DTEND" not in web
    assert str(web["LOCATION"]) == "https://visio.example.org/salle-12"

    everywhere = vevents(feed(app, "/evenements.ics"))
    assert set(everywhere) == {event["id"], online["id"], roanne["id"]}
    assert "Organisé par : Commune de Roanne" in str(everywhere[roanne["id"]]["DESCRIPTION"])
    assert old["id"] not in everywhere

    # An edit keeps the UID (calendar programs recognise the event) and says it changed.
    uid = str(entry["UID"])
    helpers.call_action("odl_event_update", context={"user": admin["name"]},
                        id=event["id"], place="Salle des fêtes")
    again = vevents(feed(app, "/territoires/firminy/evenements.ics"))[event["id"]]
    assert str(again["UID"]) == uid and int(again["SEQUENCE"]) == 1
    assert str(again["LOCATION"]) == "Salle des fêtes"
    assert again.decoded("DTSTAMP") >= entry.decoded("DTSTAMP")
    # The same events give the same bytes: nothing in the feed depends on the hour.
    first = app.get("/territoires/firminy/evenements.ics").get_data()
    assert app.get("/territoires/firminy/evenements.ics").get_data() == first
    app.get("/territoires/nulle-part/evenements.ics", status=404)


def test_hostile_text_escaped_in_pages_and_feed(app, territory):
    admin = territory["users"]["admin"]
    event = announce(app, admin, title="Atelier " + XSS + "\r\nATTENDEE:mailto:x@example.org",
                     description=XSS + "\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged\rSUMMARY:x;y,z\\",
                     place="Salle ; 1, rue " + XSS, audience=XSS)["result"]
    assert "\n" not in event["title"]  # a one-line field stays on one line
    for url in ("/territoires/firminy/public", "/territoires/firminy/evenements", "/evenements",
                f"/evenements/{event['id']}", f"/evenements/{event['id']}/modifier"):
        body = app.get(url, headers=headers(admin)).body
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;alert" in body, url
    for url in ("/territoires/firminy/evenements.ics", "/evenements.ics"):
        calendar = feed(app, url)
        entries = calendar.walk("VEVENT")
        assert len(entries) == 1 and "ATTENDEE" not in entries[0], url
        entry = entries[0]
        assert str(entry["UID"]).startswith(event["id"] + "@")
        assert str(entry["SUMMARY"]) == ("Atelier " + XSS + " ATTENDEE:mailto:x@example.org")
        assert str(entry["DESCRIPTION"]).startswith(
            XSS + "\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged\nSUMMARY:x;y,z\\")
        assert str(entry["LOCATION"]) == "Salle ; 1, rue " + XSS


@pytest.mark.parametrize("values,field,words", [
    ({"registration_url": "javascript:alert(1)"}, "registration_url", "https://"),
    ({"online_url": "ftp://example.org/salle"}, "online_url", "https://"),
    ({"registration_url": "https://user:pass@example.org"}, "registration_url", "identifiant"),
    ({"ends_at": f"{NEXT_YEAR}-03-12T17:00"}, "ends_at", "après le début"),
    ({"ends_at": f"{NEXT_YEAR}-05-12T17:00"}, "ends_at", "31 jours au plus"),
    ({"starts_at": "12/03/2027 18h"}, "starts_at", "illisibles"),
    ({"starts_at": "1900-01-01T10:00"}, "starts_at", "entre 2000 et 2100"),
    ({"place": "", "online_url": ""}, "place", "lieu ou le lien"),
    ({"kind": "fete"}, "kind", "type d'événement"),
    ({"visibility": "secrete"}, "visibility", "publique ou membres"),
    ({"title": "abc"}, "title", "trop court"),
])
def test_bad_values_refused_in_french(app, territory, values, field, words):
    error = announce(app, territory["users"]["editor"], status=409, **values)["error"]
    assert words in " ".join(error[field])
    assert count() == 0


def test_periods_upcoming_soonest_first_past_latest_first(app, territory):
    admin = territory["users"]["admin"]
    now = datetime.datetime.now(ZoneInfo("Europe/Paris")).replace(tzinfo=None)
    moments = {"passe": now - datetime.timedelta(days=3),
               "en-cours": now - datetime.timedelta(hours=1),
               "bientot": now + datetime.timedelta(days=2),
               "plus-tard": now + datetime.timedelta(days=30)}
    ids = {}
    for name, start in moments.items():
        ids[announce(app, admin, title=f"Rendez-vous {name}",
                     starts_at=start.strftime("%Y-%m-%dT%H:%M"),
                     ends_at=(start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                     )["result"]["id"]] = name
    upcoming = app.get("/api/action/odl_event_list?territory_id=firminy").json["result"]
    assert [ids[e["id"]] for e in upcoming["results"]] == ["en-cours", "bientot", "plus-tard"]
    past = app.get("/api/action/odl_event_list?territory_id=firminy&period=passes").json
    assert [ids[e["id"]] for e in past["result"]["results"]] == ["passe"]
    public = app.get("/api/action/odl_territory_public_show?id=firminy").json["result"]
    assert [ids[e["id"]] for e in public["upcoming_events"]] == ["en-cours", "bientot",
                                                                 "plus-tard"]
    page = app.get("/territoires/firminy/evenements?periode=passes").body
    assert "Rendez-vous passe" in page and "Rendez-vous bientot" not in page


def test_forms_need_the_token(app, territory):
    editor = browser(app, territory["users"]["editor"])
    form = {"title": "Journée des données ouvertes", "kind": "journee",
            "starts_at": f"{NEXT_YEAR}-03-05T09:30", "ends_at": f"{NEXT_YEAR}-03-05T17:00",
            "place": "Hôtel de ville", "online_url": "", "audience": "Tout public",
            "registration_url": "", "description": "Une journée pour tous.",
            "visibility": "publique"}
    route = "/territoires/firminy/evenements/nouveau"
    refused = editor.post(route, data=form, follow_redirects=False)
    assert refused.status_code == 400 and REFUSED in refused.body and count() == 0
    page = editor.get(route)
    bad = editor.post(route, follow_redirects=False,
                      data=dict(form, registration_url="javascript:alert(1)",
                                _csrf_token=token_of(page)))
    assert bad.status_code == 400 and "Le lien doit commencer par https://" in bad.body
    assert 'value="Journée des données ouvertes"' in bad.body and count() == 0
    sent = editor.post(route, follow_redirects=False, data=dict(form, _csrf_token=token_of(page)))
    assert sent.status_code == 302 and count() == 1
    event = helpers.call_action("odl_event_list", territory_id="firminy")["results"][0]
    assert event["starts_local"] == f"{NEXT_YEAR}-03-05T09:30"

    edit = f"/evenements/{event['id']}/modifier"
    assert editor.post(edit, data=dict(form, title="Journée renommée"),
                       follow_redirects=False).status_code == 400
    page = editor.get(edit)
    assert f'value="{NEXT_YEAR}-03-05T09:30"' in page.body  # Paris time, as typed
    assert editor.post(edit, follow_redirects=False, data=dict(
        form, title="Journée renommée", _csrf_token=token_of(page))).status_code == 302
    assert helpers.call_action("odl_event_show", id=event["id"])["title"] == "Journée renommée"

    member = browser(app, territory["users"]["member"])
    page = member.get("/territoires/firminy/evenements")
    assert "Annoncer un événement" not in page.body
    assert member.post(edit, follow_redirects=False, data=dict(
        form, title="Piratée", _csrf_token=token_of(page))).status_code == 403
    assert member.post(f"/evenements/{event['id']}/suppression", follow_redirects=False,
                       data={"_csrf_token": token_of(page)}).status_code == 403
    delete = f"/evenements/{event['id']}/suppression"
    assert editor.post(delete, follow_redirects=False).status_code == 400 and count() == 1
    page = editor.get(f"/evenements/{event['id']}")
    assert editor.post(delete, follow_redirects=False,
                       data={"_csrf_token": token_of(page)}).status_code == 302
    assert count() == 0


def test_a_page_number_past_any_offset_is_not_an_error(app, territory):
    announce(app, territory["users"]["admin"], title="Atelier des données")
    for url in ("/evenements", "/territoires/firminy/evenements", "/territoires/firminy/demandes",
                "/territoires/firminy/reutilisations"):
        page = app.get(url + "?page=99999999999999999999999")
        assert page.status_code == 200, url
    # and the action says why in French rather than letting PostgreSQL fail
    with pytest.raises(tk.ValidationError):
        helpers.call_action("odl_event_list", offset=10 ** 20)


def test_a_deleted_territorys_events_go_with_it(app, territory):
    event = announce(app, territory["users"]["admin"])["result"]
    shown = app.get("/api/action/odl_event_show", params={"id": event["id"]})
    assert shown.json["result"]["title"] == "Atelier budget participatif"

    from ckan import model
    # as organization_delete leaves it (refused here: the territory still has datasets)
    model.Group.get("firminy").state = "deleted"
    model.Session.commit()
    for user in (None, territory["users"]["admin"], territory["users"]["sysadmin"]):
        gone = app.get("/api/action/odl_event_show", params={"id": event["id"]},
                       headers=headers(user), status=404)
        assert "Événement introuvable" in gone.json["error"]["message"]
    assert helpers.call_action("odl_event_list")["count"] == 0
