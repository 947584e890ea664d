"""The daily digest to each territory's admins (registered through action.py and
auth.py): counts of what the public sent since the last digest and links to the
moderation pages, by CKAN's mailer. Run by the digest job (cron: ``ckan
opendatalocale-engagement digest``)."""
from __future__ import annotations

import datetime
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from .. import digest as digest_text
from .. import question_states, request_states, reuse_kinds
from ..model import DataRequest, DigestSent, Reuse
from ..question_model import Question
from ...logic.navl import validated

log = logging.getLogger(__name__)


def digests_send_auth(context, data_dict):
    # Platform-wide, run by the job: sysadmins only (who pass before this).
    return {"success": False, "msg": tk._("Seuls les administrateurs de la plateforme "
                                          "envoient les résumés quotidiens.")}


def _admins(territory_id: str) -> list:
    return model.Session.query(model.User).join(
        model.Member, model.Member.table_id == model.User.id).filter(
        model.Member.group_id == territory_id, model.Member.table_name == "user",
        model.Member.capacity == "admin", model.Member.state == "active",
        model.User.state == "active", model.User.email.isnot(None),
        model.User.email != "").order_by(model.User.name).all()


def _count(table, territory_id, since, now, state=None, waiting=None) -> int:
    query = model.Session.query(table).filter(table.territory_id == territory_id)
    if since is not None:
        query = query.filter(table.created > since, table.created <= now)
    if waiting is not None:
        query = query.filter(table.state == waiting)
    return query.count()


def _digest(territory, since, now) -> digest_text.Digest:
    return digest_text.Digest(
        territory_title=territory.title or territory.name, since=since,
        requests=_count(DataRequest, territory.id, since, now),
        requests_waiting=_count(DataRequest, territory.id, None, now,
                                waiting=request_states.NEW),
        reuses=_count(Reuse, territory.id, since, now),
        reuses_waiting=_count(Reuse, territory.id, None, now, waiting=reuse_kinds.PROPOSED),
        requests_url=tk.h.url_for("odl_engagement.requests_page", name=territory.name,
                                  _external=True),
        reuses_url=tk.h.url_for("odl_engagement.reuses_page", name=territory.name,
                                _external=True),
        questions=_count(Question, territory.id, since, now),
        questions_waiting=_count(Question, territory.id, None, now,
                                 waiting=question_states.WAITING),
        questions_url=tk.h.url_for("odl_engagement.questions_page", name=territory.name,
                                   _external=True))


def odl_engagement_digests_send(context, data_dict):
    """For each territory that received data requests or reuse proposals since its
    last digest, one mail to each of its admins (counts and links, no requester's
    e-mail or words), once a Paris day at most. A territory none of whose mails
    went out keeps its window for the next run. Returns the mails sent."""
    validated(context, data_dict, {}, auth="odl_engagement_digests_send")
    now = datetime.datetime.utcnow()
    today = digest_text.paris_day(now)
    sent_rows = {row.territory_id: row for row in model.Session.query(DigestSent)}
    site_title = str(tk.config.get("ckan.site_title") or "")
    mails, territories = 0, 0
    for territory in model.Session.query(model.Group).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active"):
        row = sent_rows.get(territory.id)
        if row is not None and row.last_day == today:
            continue
        since = digest_text.window_start(row.last_sent if row else None, now)
        digest = _digest(territory, since, now)
        if digest.empty:
            continue
        delivered = 0
        for admin in _admins(territory.id):
            try:
                mailer.mail_recipient(admin.display_name, admin.email,
                                      digest_text.subject(digest, site_title),
                                      digest_text.body(digest, site_title))
                delivered += 1
            except mailer.MailerException as error:
                log.warning("Résumé de %s non envoyé à %s : %s", territory.name, admin.name,
                            error)
        if not delivered:
            continue
        if row is None:
            row = DigestSent(territory_id=territory.id)
            model.Session.add(row)
        row.last_sent, row.last_day = now, today
        model.Session.commit()
        mails += delivered
        territories += 1
    return {"mails": mails, "territories": territories}
