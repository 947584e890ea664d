"""The corpus's hostile values through every form of the suite, as a browser sends
them (a cookie session, the CSRF token taken from the form page): the canteen's
menu entry form, the territory form (CKAN's organization form with the suite's
fields), the milestone form and the data-request form. A refused value gets a
French sentence and nothing is stored, not even in part; an accepted one is shown
as text wherever the suite shows it, and written neutralised into the files it
publishes.
"""
from __future__ import annotations

import csv
import html

from ckan import model
from ckan.tests import helpers

from ckanext.opendatalocale.engagement.model import DataRequest
from ckanext.opendatalocale.menus import sample
from ckanext.opendatalocale.territories.model import TerritoryMilestone
from tests.security.hostile import assert_escaped, assert_no_crash, shows_escaped

from .build import FORMULAS, XSS
from .conftest import CANTEEN, TERRITORY, browser, corpus_file, token_of
from .test_uploads import MENUS, upload

ENTRY = f"/cantine/{CANTEEN}/menus/saisie"
RESTAURANT = sample.DEMO_RESTAURANTS[0].name
# The corpus's identifiers: wrong key, too short, letters, zeros, spaces, signs,
# Arabic-Indic digits, a SIRET where a SIREN is asked, and far too long.
# (« 000000000 » passes the key check and « 42999 » is well formed: the suite checks
# identifiers as Validata does, by their shape and key, not against a register.)
BAD_SIRENS = ["214202187", "21420218", "21420218A", "214 202 18", "-21420218",
              "٢١٤٢٠٢١٨٦", "21420218600018", "9" * 100_000]
BAD_INSEE = ["2C001", "00000", "1234", "ABCDE", "4" * 100_000]
BAD_POPULATIONS = ["-3", "beaucoup", "1e309", "nan", "9" * 5000, "12,5"]
LONG_TEXT = "Très long " * 20_000  # 200,000 characters


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def refusal_problems(what: str, value: str, page, words: str, stored: int) -> list:
    """What is wrong with the answer to a refused value (nothing, when all is well):
    no 500, the French words, the payload escaped, the value not echoed whole
    beyond the field that keeps what was typed, nothing stored."""
    assert_no_crash(page, f"{what}={value[:40]!r}")
    assert_escaped(page.body)
    found = []
    if page.status_code not in (200, 400):
        found.append(f"{what}={value[:40]!r}: answered {page.status_code}")
    elif words.lower() not in page_text(page).lower():
        found.append(f"{what}={value[:40]!r}: « {words} » not in the answer")
    if len(page.body) > len(value) + 250_000:
        found.append(f"{what}={value[:40]!r}: answer of {len(page.body)} characters")
    if stored:
        found.append(f"{what}={value[:40]!r}: {stored} object(s) stored")
    return found


def stored_rows(resource: dict) -> list:
    """The rows of the file the platform publishes for a resource."""
    from ckan.lib import uploader
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def entry_form(week="2025-W36", **dish) -> dict:
    fields = {"restaurant": RESTAURANT, "week": week, "meal": "déjeuner",
              "dishes__0__date": "2025-09-01", "dishes__0__dish_type": "plat principal",
              "dishes__0__name": "Omelette", "dishes__0__allergens_known": "oui",
              "dishes__0__allergens": "oeufs"}
    fields.update({f"dishes__0__{key}": value for key, value in dish.items()})
    return fields


def canteen_resources() -> list:
    return helpers.call_action("package_show", id=CANTEEN)["resources"]


class TestMenuEntryForm:
    # What the form refuses, and the French words of the refusal.
    REFUSED = [
        ("name", "A" * 161, "dépasse 160 caractères"), ("name", LONG_TEXT, "dépasse 160 caractères"),
        ("name", "Omelette\r\n=1+1", "tient sur une ligne"), ("name", "Omelette\x00", "caractère nul"),
        # the SCDL validator's own sentence for a number (issue 17, point 4)
        ("price", "nan", "n'est pas un nombre"), ("price", "inf", "n'est pas un nombre"),
        ("price", "1e309", "n'est pas un nombre"),
        ("price", "-1", "négatif"), ("price", "9" * 5000, "n'est pas un nombre"),
        ("date", "9999-12-31", "hors des années"), ("date", "2025-02-30", "n'est pas une date"),
        ("label", LONG_TEXT, "trop long"), ("label", "Fait maison\x1b[31m", "tient sur une ligne"),
        ("allergens", XSS, "allergène"),
    ]

    def test_refused_values_are_told_in_french_accepted_ones_shown_as_text(
            self, app, corpus_site, run_jobs):
        # One site for both halves: a database reset costs more than the requests.
        client = browser(app, corpus_site["admin"])
        token = token_of(client.get(ENTRY + "?semaine=2025-W36"))
        problems = []
        for field, value, words in self.REFUSED:
            page = client.post(ENTRY, data=dict(entry_form(**{field: value}), _csrf_token=token),
                               follow_redirects=False)
            problems += refusal_problems(field, value, page, words, len(canteen_resources()))
        assert not problems, "\n".join(problems)

        # XSS and formulas saved as typed, published neutralised, shown as text.
        fields = entry_form(name=XSS, label=XSS)
        for number, formula in enumerate(FORMULAS[:4], start=1):
            fields.update({f"dishes__{number}__date": "2025-09-02",
                           f"dishes__{number}__dish_type": "plat principal",
                           f"dishes__{number}__name": formula})
        saved = client.post(ENTRY, data=dict(fields, _csrf_token=token), follow_redirects=False)
        assert saved.status_code == 302, page_text(saved)[-2000:]
        run_jobs()
        (resource,) = canteen_resources()
        names = [row["menuPlatNom"] for row in stored_rows(resource)]
        assert XSS in names  # stored as it was typed: escaping is the pages' business
        for formula in FORMULAS[:4]:
            assert formula not in names and any(name.endswith(formula) for name in names)
        for path in (ENTRY + "?semaine=2025-W36", f"/cantine/{CANTEEN}/menus?semaine=2025-W36",
                     f"/cantine/{CANTEEN}/menus/imprimer?semaine=2025-W36",
                     f"/dataset/{CANTEEN}/resource/{resource['id']}"):
            page = client.get(path)
            assert_no_crash(page, path)
            assert_escaped(page.body)
            assert shows_escaped(page.body), path
        feed = client.get(f"/cantine/{CANTEEN}/menus/ecole-elementaire-jules-ferry.ics")
        assert XSS in feed.get_data(as_text=True) and feed.mimetype == "text/calendar"

    def test_a_week_saved_into_a_hostile_entry_file(self, app, corpus_site, run_jobs):
        """The form's own file replaced by a corpus file: the week is merged into it
        when it can be read, refused in French when not; never half-written."""
        client = browser(app, corpus_site["admin"])
        token = token_of(client.get(ENTRY + "?semaine=2025-W36"))
        outcomes = {}
        for name in ("menus-binary-png.csv", "menus-empty.csv", "menus-utf-16.csv",
                     "menus-long-fields.csv"):
            response = upload(app, corpus_site["admin"], corpus_site["canteen"]["id"],
                              corpus_file(name), name, schema=MENUS, menu_entry="true")
            assert response.status_code == 200, response.body[:500]
            run_jobs()
            (before,) = canteen_resources()
            with open(_path(before), "rb") as handle:
                content_before = handle.read()
            page = client.post(ENTRY, data=dict(entry_form(), _csrf_token=token),
                               follow_redirects=False)
            assert_no_crash(page, name)
            (after,) = canteen_resources()
            if page.status_code == 302:
                outcomes[name] = "merged"
                assert "Omelette" in [row["menuPlatNom"] for row in stored_rows(after)], name
            else:
                outcomes[name] = "refused"
                assert "ne peut pas être relu" in page_text(page), page_text(page)[-2000:]
                with open(_path(after), "rb") as handle:
                    assert handle.read() == content_before, name
                assert after.get("last_modified") == before.get("last_modified"), name
            helpers.call_action("resource_delete", id=after["id"])
        assert outcomes == {"menus-binary-png.csv": "refused", "menus-empty.csv": "refused",
                            "menus-utf-16.csv": "merged", "menus-long-fields.csv": "merged"}


def _path(resource) -> str:
    from ckan.lib import uploader
    return uploader.get_resource_uploader(resource).get_path(resource["id"])


def organizations() -> int:
    return model.Session.query(model.Group).filter_by(is_organization=True).count()


def territory_form(**fields) -> dict:
    form = {"title": "Commune de Roche-la-Molière", "name": "roche-la-moliere",
            "kind": "commune", "siren": "214202673", "insee_code": "42189",
            "population": "10000", "save": ""}
    form.update(fields)
    return form


IDENTITY = ("siren", "insee_code", "population", "title", "kind")


class TestTerritoryForm:
    REFUSED = ([("siren", value, "SIREN") for value in BAD_SIRENS]
               + [("insee_code", value, "INSEE") for value in BAD_INSEE]
               + [("population", value, "population") for value in BAD_POPULATIONS]
               + [("name", "a" * 101, "URL"), ("name", XSS, "URL"), ("kind", XSS, "Type")])

    def test_refused_values_are_told_in_french_accepted_ones_shown_as_text(
            self, app, corpus_site):
        self.creating_with_refused_values(app, corpus_site)
        self.editing_with_refused_values(app, corpus_site)
        self.creating_with_xss(app, corpus_site)

    def creating_with_refused_values(self, app, corpus_site):
        client = browser(app, corpus_site["sysadmin"])
        token = token_of(client.get("/organization/new"))
        before = organizations()
        problems = []
        for field, value, words in self.REFUSED:
            page = client.post("/organization/new", follow_redirects=False,
                               data=territory_form(**{field: value}, _csrf_token=token))
            problems += refusal_problems(field, value, page, words, organizations() - before)
        assert not problems, "\n".join(problems)

    def editing_with_refused_values(self, app, corpus_site):
        client = browser(app, corpus_site["sysadmin"])
        helpers.call_action("organization_patch", id=TERRITORY, siren="214202186",
                            insee_code="42095", population="19000")
        before = helpers.call_action("organization_show", id=TERRITORY)
        token = token_of(client.get(f"/organization/edit/{TERRITORY}"))
        problems = []
        for field, value, words in self.REFUSED:
            form = territory_form(name=TERRITORY, title=before["title"], siren=before["siren"],
                                  insee_code=before["insee_code"], population="19000",
                                  _csrf_token=token)
            form[field] = value
            page = client.post(f"/organization/edit/{TERRITORY}", follow_redirects=False,
                               data=form)
            after = helpers.call_action("organization_show", id=TERRITORY)
            changed = [key for key in IDENTITY if after.get(key) != before.get(key)]
            problems += refusal_problems(field, value, page, words, len(changed))
        assert not problems, "\n".join(problems)

    def creating_with_xss(self, app, corpus_site):
        client = browser(app, corpus_site["sysadmin"])
        token = token_of(client.get("/organization/new"))
        created = client.post("/organization/new", follow_redirects=False, data=territory_form(
            title=XSS, notes=XSS, referent_name=XSS, referent_role=XSS, _csrf_token=token))
        assert created.status_code == 302, page_text(created)[-2000:]
        for path in ("/organization/roche-la-moliere", "/territoires/roche-la-moliere",
                     "/territoires", "/territoires/roche-la-moliere/public",
                     "/territoires/roche-la-moliere/demandes", "/"):
            page = app.get(path)
            assert_no_crash(page, path)
            assert_escaped(page.body)
        assert shows_escaped(app.get("/territoires/roche-la-moliere").body)


def milestones() -> int:
    return model.Session.query(TerritoryMilestone).count()


class TestMilestoneForm:
    REFUSED = [
        ("note", "N" * 2001, "Note : Ce texte est trop long"),
        ("note", LONG_TEXT, "Note : Ce texte est trop long"),
        ("evidence_url", "javascript:alert(1)", "Lien vers une preuve"),
        ("evidence_url", "https://exemple.fr/" + "a" * 100_000, "Ce texte est trop long"),
        ("achieved_on", "9999-99-99", "Date :"), ("milestone", XSS, "Jalon :"),
    ]

    def declare(self, client, token, **fields):
        form = {"milestone": "council_decision", "achieved_on": "2025-05-12",
                "note": "Délibération du 12 mai", "evidence_url": "", **fields}
        return client.post(f"/territoires/{TERRITORY}/jalons", data=dict(form, _csrf_token=token),
                           follow_redirects=True)

    def test_refused_values_are_told_in_french_accepted_ones_shown_as_text(
            self, app, corpus_site):
        client = browser(app, corpus_site["admin"])
        token = token_of(client.get(f"/territoires/{TERRITORY}"))
        problems = []
        for field, value, words in self.REFUSED:
            page = self.declare(client, token, **{field: value})
            problems += refusal_problems(field, value, page, words, milestones())
        assert not problems, "\n".join(problems)

        page = self.declare(client, token, note=XSS)
        assert "Jalon déclaré" in page_text(page)
        assert milestones() == 1
        for path in (f"/territoires/{TERRITORY}", f"/territoires/{TERRITORY}/public"):
            shown = app.get(path)
            assert_no_crash(shown, path)
            assert_escaped(shown.body)
        assert shows_escaped(app.get(f"/territoires/{TERRITORY}").body)


def data_requests() -> int:
    return model.Session.query(DataRequest).count()


class TestDataRequestForm:
    REFUSED = [
        ("title", "T" * 201, "trop long"), ("title", "abc", "trop court"),
        ("description", LONG_TEXT, "trop long"), ("purpose", "P" * 2001, "trop long"),
        ("requester_kind", XSS, "Dites qui vous êtes"), ("title", "Horaires\x00", "nul"),
    ]

    def ask(self, client, token, **fields):
        form = {"title": "Horaires des bibliothèques", "requester_kind": "habitant",
                "description": "", "purpose": "", **fields}
        return client.post(f"/territoires/{TERRITORY}/demandes", follow_redirects=False,
                           data=dict(form, _csrf_token=token))

    def test_refused_values_are_told_in_french_accepted_ones_shown_as_text(
            self, app, corpus_site):
        client = browser(app, corpus_site["admin"])
        token = token_of(client.get(f"/territoires/{TERRITORY}/demandes"))
        problems = []
        for field, value, words in self.REFUSED:
            page = self.ask(client, token, **{field: value})
            problems += refusal_problems(field, value, page, words, data_requests())
            if page.status_code != 400:
                problems.append(f"{field}={value[:40]!r}: answered {page.status_code}")
        assert not problems, "\n".join(problems)

        sent = self.ask(client, token, title=XSS, description=XSS, purpose=XSS)
        assert sent.status_code == 302
        (request,) = model.Session.query(DataRequest).all()
        helpers.call_action("odl_data_request_update",
                            context={"user": corpus_site["admin"]["name"]},
                            id=request.id, state="acceptee")
        for path in (f"/territoires/{TERRITORY}/demandes", f"/territoires/{TERRITORY}/public", "/"):
            page = app.get(path)
            assert_no_crash(page, path)
            assert_escaped(page.body)
        assert shows_escaped(app.get(f"/territoires/{TERRITORY}/demandes").body)
