"""The daily digest to a territory's admins (issue 15, point 6), sent by CKAN's mailer
to a real SMTP server (aiosmtpd) started by the test on loopback: one mail a day per
admin, counts and links only, never a requester's e-mail or words; a digest that
could not go out keeps its window for the next run."""
import datetime
import email
import email.policy
import socket

import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.engagement import jobs
from ckanext.opendatalocale.engagement.model import DigestSent

from .conftest import PASSWORD, headers
from .test_anonymous_requests import clean_limits  # noqa: F401
from .test_reuses import propose

HOST = "127.0.0.2"
SECRET_EMAIL = "anonyme.tres.secret@example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received: (recipients, parsed message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(
            envelope.content, policy=email.policy.default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(ckan_config, monkeypatch):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname=HOST, port=port)
    controller.start()
    inbox.address = f"{HOST}:{port}"
    monkeypatch.setitem(ckan_config, "smtp.server", inbox.address)
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "portail@example.org")
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    monkeypatch.setitem(ckan_config, "smtp.user", "")
    yield inbox
    controller.stop()


def ask(app, territory, title, anonymous=False):
    user = None if anonymous else territory["users"]["inhabitant"]
    body = {"territory_id": "firminy", "title": title, "requester_kind": "habitant",
            "description": "Écrit par " + SECRET_EMAIL}
    if anonymous:
        body["email"] = SECRET_EMAIL
    return app.post("/api/action/odl_data_request_create", headers=headers(user), json=body,
                    environ_base={"REMOTE_ADDR": "192.0.2.40"}).json["result"]


def send():
    return helpers.call_action("odl_engagement_digests_send")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_one_digest_a_day_with_counts_and_links_only(app, territory, clean_limits, smtp):
    second_admin = factories.User(password=PASSWORD, email="deuxieme.admin@example.org")
    helpers.call_action("organization_member_create", id=territory["territory"]["id"],
                        username=second_admin["name"], role="admin")
    ask(app, territory, "Horaires des piscines municipales")
    ask(app, territory, "Liste des arbres remarquables", anonymous=True)
    propose(app, territory["users"]["inhabitant"])

    assert send() == {"mails": 2, "territories": 1}  # Roanne had nothing: no mail there
    assert sorted(to for to, _ in smtp.messages) == [["admin@example.org"],
                                                     ["deuxieme.admin@example.org"]]
    message = smtp.messages[0][1]
    assert "Commune de Firminy" in message["Subject"]
    body = text_of(message)
    assert "- 2 nouvelles demandes de données" in body
    assert "- 1 réutilisation proposée" in body
    assert "2 demandes attendent votre modération" in body
    assert "1 réutilisation attend votre modération" in body
    assert "/territoires/firminy/demandes" in body and "/territoires/firminy/reutilisations" in body
    # RGPD minimisation: neither the requesters' addresses nor what they wrote.
    whole = message.as_string()
    assert SECRET_EMAIL not in whole and "habitante.secrete" not in whole
    assert "Horaires des piscines" not in whole and "arbres remarquables" not in whole
    assert "@" not in body

    # Once a day: a second run the same day sends nothing, even with news.
    ask(app, territory, "Menus des cantines scolaires")
    assert send() == {"mails": 0, "territories": 0} and len(smtp.messages) == 2

    # The next day, only what came after the last digest is counted.
    from ckan import model
    row = model.Session.query(DigestSent).one()
    row.last_day = row.last_day - datetime.timedelta(days=1)
    model.Session.commit()
    assert jobs.send_digests() == {"mails": 2, "territories": 1}
    body = text_of(smtp.messages[-1][1])
    assert "- 1 nouvelle demande de données" in body
    assert "3 demandes attendent votre modération" in body
    assert "réutilisation proposée" not in body


def test_nothing_new_no_mail(app, territory, smtp):
    assert send() == {"mails": 0, "territories": 0}
    assert smtp.messages == []


def test_smtp_down_keeps_the_window(app, territory, clean_limits, smtp, ckan_config,
                                    monkeypatch):
    ask(app, territory, "Horaires des piscines municipales")
    monkeypatch.setitem(ckan_config, "smtp.server", f"{HOST}:{free_port()}")  # nobody there
    assert send() == {"mails": 0, "territories": 0}
    from ckan import model
    assert model.Session.query(DigestSent).count() == 0
    monkeypatch.setitem(ckan_config, "smtp.server", smtp.address)
    assert send() == {"mails": 1, "territories": 1}
    assert "- 1 nouvelle demande de données" in text_of(smtp.messages[0][1])


@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin"])
def test_only_sysadmins_send_digests(app, territory, smtp, role):
    refused = app.post("/api/action/odl_engagement_digests_send",
                       headers=headers(territory["users"][role]), json={}, status=403).json
    assert refused["success"] is False
    assert app.post("/api/action/odl_engagement_digests_send", json={},
                    headers=headers(territory["users"]["sysadmin"])).json["result"] == {
        "mails": 0, "territories": 0}


def test_cron_command_sends_now(app, territory, clean_limits, smtp, cli):
    from ckan.cli.cli import ckan as ckan_command

    ask(app, territory, "Horaires des piscines municipales")
    # CKAN 2.12's command loads the configuration file again: the SMTP server is given
    # the way a site's cron would give it, through CKAN's environment variables.
    result = cli.invoke(ckan_command, ["opendatalocale-engagement", "digest", "--now"],
                        env={"CKAN_SMTP_SERVER": smtp.address,
                             "CKAN_SMTP_MAIL_FROM": "portail@example.org"},
                        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 courriel(s) envoyé(s) pour 1 territoire(s)." in result.output
    assert [to for to, _ in smtp.messages] == [["admin@example.org"]]
