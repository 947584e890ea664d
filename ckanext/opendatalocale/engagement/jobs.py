"""Background jobs of the engagement plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def erase_expired_emails() -> int:
    """RGPD: anonymous requesters' e-mails go some days after their request closes.
    Queued daily by ``ckan opendatalocale-engagement erase-emails`` (cron)."""
    return tk.get_action("odl_data_request_emails_expire")({"ignore_auth": True}, {})["erased"]


def enqueue_erase_expired_emails():
    return tk.enqueue_job(erase_expired_emails, title="odl: effacement des adresses des demandeurs")
