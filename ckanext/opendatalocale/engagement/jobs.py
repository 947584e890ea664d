"""Background jobs of the engagement plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def erase_expired_emails() -> int:
    """RGPD: anonymous requesters' e-mails go some days after their request closes.
    Queued daily by ``ckan opendatalocale-engagement erase-emails`` (cron)."""
    return tk.get_action("odl_data_request_emails_expire")({"ignore_auth": True}, {})["erased"]


def enqueue_erase_expired_emails():
    return tk.enqueue_job(erase_expired_emails, title="odl: effacement des adresses des demandeurs")


def send_digests() -> dict:
    """One digest a day to each territory's admins (counts and links). Queued daily by
    ``ckan opendatalocale-engagement digest`` (cron)."""
    return tk.get_action("odl_engagement_digests_send")({"ignore_auth": True}, {})


def enqueue_send_digests():
    return tk.enqueue_job(send_digests, title="odl: résumés quotidiens aux territoires")
